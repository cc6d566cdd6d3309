import type { LoanFlagCode } from '../codes';
import { type BusinessDate, addDays, calendarYearOf, daysBetween } from '../dates';
import { invariant } from '../domain-error';
import { type Fen, maxFen, minFen, roundHalfUpBp } from '../money';
import type { GoverningVersionIds } from '../policy';
import { split } from '../split';
import {
  type SubsidyEconomicTerms,
  type SubsidyProceduralTerms,
  resolveSubsidySplit,
} from './subsidy-terms';

export interface SubsidyAmountInput {
  readonly periodStart: BusinessDate;
  readonly periodEnd: BusinessDate;
  readonly interestPaidFen: Fen;
  readonly outstandingAtStartFen: Fen;
  /** The loan's annual interest rate. */
  readonly annualRateBp: number;
  readonly flags: readonly LoanFlagCode[];
  readonly townCode: string;
  /** The version in force on the loan's registration date. */
  readonly economic: SubsidyEconomicTerms;
  /** The version in force on the day the report is accepted. */
  readonly procedural: SubsidyProceduralTerms;
  /** Σ `requested` of the enterprise's earlier reports whose period's year is this one's. */
  readonly enterpriseRequestedThisYearFen: Fen;
}

export type SubsidyCapReason = 'PER_ENTERPRISE_ANNUAL_CAP';

export interface SubsidyFundRequest {
  readonly fundId: string;
  readonly weightBp: number;
  readonly requestedFen: Fen;
}

export interface SubsidyAmount extends GoverningVersionIds {
  readonly days: number;
  /** The year of the period's last day (`periodEnd` − 1 day). */
  readonly periodYear: number;
  /** min(annualRateBp, subsidyRateCapBp). */
  readonly eligibleRateBp: number;
  readonly interestCapFen: Fen;
  /** min(interestPaid, interestCap). */
  readonly eligibleInterestFen: Fen;
  readonly bonusBp: number;
  /** min(subsidyShareBp + bonuses, maxSubsidyShareBp). */
  readonly shareBp: number;
  readonly uncappedRequestedFen: Fen;
  /** What was left of the enterprise's annual cap before this report (never negative). */
  readonly annualRemainingFen: Fen;
  readonly requestedFen: Fen;
  readonly capReasons: readonly SubsidyCapReason[];
  /** `requestedFen` over the subsidy split, in split order. */
  readonly fundRequests: readonly SubsidyFundRequest[];
}

const DAYS_PER_YEAR = 365n;

/** roundHalfUp(outstanding × rate × days / (10000 × 365)) on non-negative integers. */
export function interestCapFen(outstandingFen: Fen, rateBp: number, days: number): Fen {
  invariant(outstandingFen >= 0n && rateBp >= 0 && days >= 0, 'interest cap of a negative input');
  const divisor = 10_000n * DAYS_PER_YEAR; // 3 650 000
  return (outstandingFen * BigInt(rateBp) * BigInt(days) + divisor / 2n) / divisor;
}

export function subsidyShareBp(
  terms: Pick<SubsidyEconomicTerms, 'subsidyShareBp' | 'subsidyBonusBp' | 'maxSubsidyShareBp'>,
  flags: readonly LoanFlagCode[],
): { readonly bonusBp: number; readonly shareBp: number } {
  const bonusBp = [...new Set(flags)].reduce((sum, f) => sum + (terms.subsidyBonusBp[f] ?? 0), 0);
  return { bonusBp, shareBp: Math.min(terms.subsidyShareBp + bonusBp, terms.maxSubsidyShareBp) };
}

/** The year a period counts in for the annual cap: the year of its last day. */
export function periodYearOf(periodEnd: BusinessDate): number {
  return calendarYearOf(addDays(periodEnd, -1));
}

/** docs/domain.md §9.3: the subsidy requested for one accepted interest report. */
export function computeSubsidy(input: SubsidyAmountInput): SubsidyAmount {
  const days = daysBetween(input.periodStart, input.periodEnd);
  invariant(days > 0, () => `period ${input.periodStart}..${input.periodEnd} has no days`);
  invariant(input.interestPaidFen > 0n, 'interest paid must be positive');
  invariant(input.enterpriseRequestedThisYearFen >= 0n, 'annual use must not be negative');
  const eligibleRateBp = Math.min(input.annualRateBp, input.economic.subsidyRateCapBp);
  const capFen = interestCapFen(input.outstandingAtStartFen, eligibleRateBp, days);
  const eligibleInterestFen = minFen(input.interestPaidFen, capFen);
  const { bonusBp, shareBp } = subsidyShareBp(input.economic, input.flags);
  const uncappedRequestedFen = roundHalfUpBp(eligibleInterestFen, shareBp);
  const annualRemainingFen = maxFen(
    0n,
    input.procedural.subsidyPerEnterpriseAnnualCapFen - input.enterpriseRequestedThisYearFen,
  );
  const requestedFen = minFen(uncappedRequestedFen, annualRemainingFen);
  const capReasons: SubsidyCapReason[] =
    annualRemainingFen < uncappedRequestedFen ? ['PER_ENTERPRISE_ANNUAL_CAP'] : [];
  const weights = resolveSubsidySplit(input.economic, input.townCode);
  const parts = split(
    requestedFen,
    weights.map((w) => ({ label: w.fundId, weight: BigInt(w.weightBp) })),
  );
  return {
    days,
    periodYear: periodYearOf(input.periodEnd),
    eligibleRateBp,
    interestCapFen: capFen,
    eligibleInterestFen,
    bonusBp,
    shareBp,
    uncappedRequestedFen,
    annualRemainingFen,
    requestedFen,
    capReasons,
    fundRequests: parts.map((p) => ({
      fundId: p.label,
      weightBp: Number(p.weight),
      requestedFen: p.amountFen,
    })),
    economicPolicyVersionId: input.economic.versionId,
    proceduralPolicyVersionId: input.procedural.versionId,
  };
}
