import { type EventData, roundFundOutcomeOf, type Topics } from '@riskpool/contracts';
import {
  type PolicyVersion,
  closeRound,
  computeSubsidy,
  subsidyEconomicTerms,
  subsidyProceduralTerms,
} from '@riskpool/domain';

// Test builders (unit and integration tests of the subsidy postings and their verify check):
// reports and approved rounds as the subsidy service computes them, with libs/domain.

export type InterestReported = EventData<typeof Topics.interestReported>;
export type RoundApproved = EventData<typeof Topics.subsidyRoundApproved>;

export interface ReportSpec {
  readonly reportId: string;
  readonly loanId: string;
  readonly uscc: string;
  readonly flags: ReadonlyArray<'IP_PLEDGE'>;
  readonly annualRateBp: number;
  readonly reportedAt: string;
  readonly bankId?: string;
}

/** A Q1 2026 report on 10,000,000.00 yuan outstanding, 150,000.00 yuan interest paid, Xiaolan. */
export function interestReport(spec: ReportSpec, policy: PolicyVersion): InterestReported {
  const amount = computeSubsidy({
    periodStart: '2026-01-01',
    periodEnd: '2026-04-01',
    interestPaidFen: 15_000_000n,
    outstandingAtStartFen: 1_000_000_000n,
    annualRateBp: spec.annualRateBp,
    flags: [...spec.flags],
    townCode: 'XIAOLAN',
    economic: subsidyEconomicTerms(policy),
    procedural: subsidyProceduralTerms(policy),
    enterpriseRequestedThisYearFen: 0n,
  });
  return {
    reportId: spec.reportId,
    loanId: spec.loanId,
    bankId: spec.bankId ?? 'B1',
    uscc: spec.uscc,
    townCode: 'XIAOLAN',
    periodStart: '2026-01-01',
    periodEnd: '2026-04-01',
    periodYear: amount.periodYear,
    days: amount.days,
    interestPaidFen: '15000000',
    outstandingAtStartFen: '1000000000',
    annualRateBp: spec.annualRateBp,
    eligibleRateBp: amount.eligibleRateBp,
    interestCapFen: amount.interestCapFen.toString(),
    eligibleInterestFen: amount.eligibleInterestFen.toString(),
    shareBp: amount.shareBp,
    requestedFen: amount.requestedFen.toString(),
    capReasons: [],
    fundRequests: amount.fundRequests.map((f) => ({
      fundId: f.fundId,
      weightBp: f.weightBp,
      requestedFen: f.requestedFen.toString(),
    })),
    economicPolicyVersionId: policy.versionId,
    proceduralPolicyVersionId: policy.versionId,
    reportedOn: '2026-04-02',
    reportedAt: spec.reportedAt,
  };
}

/** The round closed over these reports with this money per fund, as approved. */
export function approvedRound(
  roundId: string,
  reports: readonly InterestReported[],
  available: ReadonlyMap<string, bigint>,
): RoundApproved {
  const closing = closeRound(
    reports.flatMap((r) =>
      r.fundRequests.map((f) => ({
        reportId: r.reportId,
        fundId: f.fundId,
        requestedFen: BigInt(f.requestedFen),
        reportedAt: r.reportedAt,
      })),
    ),
    available,
  );
  const byId = new Map(reports.map((r) => [r.reportId, r]));
  return {
    roundId,
    closing: 1,
    approvedOn: '2026-06-01',
    funds: closing.funds.map(roundFundOutcomeOf),
    grants: closing.grants.map((g) => {
      const r = byId.get(g.reportId) as InterestReported;
      return {
        reportId: g.reportId,
        loanId: r.loanId,
        bankId: r.bankId,
        uscc: r.uscc,
        townCode: r.townCode,
        fundId: g.fundId,
        requestedFen: g.requestedFen.toString(),
        grantedFen: g.grantedFen.toString(),
        lapsedFen: g.lapsedFen.toString(),
        payeeAccountNo: '6222000011112222',
        payeeAccountName: 'Payee',
        periodStart: r.periodStart,
        periodEnd: r.periodEnd,
        economicPolicyVersionId: r.economicPolicyVersionId,
      };
    }),
  };
}
