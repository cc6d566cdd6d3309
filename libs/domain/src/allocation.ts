import type { ClaimStatus } from './claim-decisions';
import type { LoanFlagCode } from './codes';
import { type BusinessDate, calendarYearOf } from './dates';
import { DomainError, invariant } from './domain-error';
import { type Fen, minFen, roundHalfUpBp } from './money';
import { type EconomicTerms, type ProceduralTerms, resolveSplit } from './policy';
import { split } from './split';

export type CapReason = 'PER_LOAN_CAP' | 'PER_BANK_ANNUAL_CAP';

export interface ClaimAllocationInput {
  /** Outstanding at default less net recoveries before payout, or a manager's adjusted basis. */
  readonly basisFen: Fen;
  /** Chooses the rate tier (docs/domain.md §5.2). */
  readonly originalPrincipalFen: Fen;
  readonly flags: readonly LoanFlagCode[];
  /** The borrower's town: `TOWN` in the split becomes `TOWN:<townCode>`. */
  readonly townCode: string;
  /** The version in force on the loan's registration date. */
  readonly economic: EconomicTerms;
  /** The version in force on the day the claim is opened (or adjusted). */
  readonly procedural: ProceduralTerms;
  /**
   * Σ `pool` of this bank's OTHER claims opened in the same calendar year that are not denied or
   * withdrawn. Exclude this claim itself, so an adjustment recomputes against the caps as they
   * stand without counting its own old pool.
   */
  readonly bankPoolUsedThisYearFen: Fen;
}

export interface FundShare {
  readonly fundId: string;
  readonly weightBp: number;
  readonly shareFen: Fen;
}

export interface ClaimAllocation {
  readonly basisFen: Fen;
  readonly tierRateBp: number;
  /** Sum of the bonuses of the loan's flags. */
  readonly bonusBp: number;
  /** min(tier + bonuses, maxRateBp). */
  readonly rateBp: number;
  readonly rateCappedAtMax: boolean;
  /** roundHalfUp(basis × rate / 10000), before caps. */
  readonly uncappedPoolFen: Fen;
  readonly perLoanCapFen: Fen;
  /** What was left of the bank's annual cap before this claim (never negative). */
  readonly annualRemainingFen: Fen;
  readonly poolFen: Fen;
  /** Caps that set `poolFen` (each strictly below the uncapped pool and equal to the result). */
  readonly capReasons: readonly CapReason[];
  /** In the policy's split order. */
  readonly fundShares: readonly FundShare[];
  readonly bankShareFen: Fen;
  readonly economicPolicyVersionId: string;
  readonly proceduralPolicyVersionId: string;
}

export const NO_RATE_TIER = 'ALLOCATION.NO_RATE_TIER';

/** The rate of the first tier whose bound covers the original principal. */
export function tierRateBp(
  terms: Pick<EconomicTerms, 'rateTiers'>,
  originalPrincipalFen: Fen,
): number {
  const tier = terms.rateTiers.find((t) => originalPrincipalFen <= t.upToFen);
  if (tier === undefined) {
    throw new DomainError(
      NO_RATE_TIER,
      `no rate tier covers a principal of ${originalPrincipalFen} fen`,
    );
  }
  return tier.rateBp;
}

/** docs/domain.md §5.2: min(tier rate + bonuses, maxRateBp). A flag without a bonus adds nothing. */
export function compensationRateBp(
  terms: Pick<EconomicTerms, 'rateTiers' | 'bonusBp' | 'maxRateBp'>,
  originalPrincipalFen: Fen,
  flags: readonly LoanFlagCode[],
): {
  readonly tierRateBp: number;
  readonly bonusBp: number;
  readonly rateBp: number;
  readonly cappedAtMax: boolean;
} {
  const tier = tierRateBp(terms, originalPrincipalFen);
  const uniqueFlags = [...new Set(flags)];
  const bonus = uniqueFlags.reduce((sum, flag) => sum + (terms.bonusBp[flag] ?? 0), 0);
  const uncapped = tier + bonus;
  const rate = Math.min(uncapped, terms.maxRateBp);
  invariant(
    Number.isSafeInteger(rate) && rate >= 0 && rate <= 10_000,
    () => `rate ${rate} bp out of range`,
  );
  return {
    tierRateBp: tier,
    bonusBp: bonus,
    rateBp: rate,
    cappedAtMax: uncapped > terms.maxRateBp,
  };
}

/**
 * Opens (or recomputes) a claim, docs/domain.md §5.1-5.4: rate, pool under both caps, the pool split
 * over the borrower's funds, and the bank's share. Pure: the caller supplies this bank's usage of
 * the annual cap. Records both policy version ids used.
 */
export function allocateClaim(input: ClaimAllocationInput): ClaimAllocation {
  const { basisFen, economic, procedural } = input;
  invariant(basisFen >= 0n, () => `basis ${basisFen} is negative`);
  invariant(input.bankPoolUsedThisYearFen >= 0n, 'annual usage is negative');

  const rate = compensationRateBp(economic, input.originalPrincipalFen, input.flags);
  const uncappedPoolFen = roundHalfUpBp(basisFen, rate.rateBp);
  const perLoanCapFen = economic.perLoanCapFen;
  const usedFen = input.bankPoolUsedThisYearFen;
  // Usage can pass the cap if a later version lowered it; what is left is then zero, not negative.
  const annualRemainingFen =
    usedFen >= procedural.perBankAnnualCapFen ? 0n : procedural.perBankAnnualCapFen - usedFen;
  const poolFen = minFen(uncappedPoolFen, perLoanCapFen, annualRemainingFen);

  const capReasons: CapReason[] = [];
  if (perLoanCapFen < uncappedPoolFen && perLoanCapFen === poolFen) capReasons.push('PER_LOAN_CAP');
  if (annualRemainingFen < uncappedPoolFen && annualRemainingFen === poolFen)
    capReasons.push('PER_BANK_ANNUAL_CAP');

  const entries = resolveSplit(economic, input.townCode);
  const parts = split(
    poolFen,
    entries.map((entry) => ({ label: entry.fundId, weight: BigInt(entry.weightBp) })),
  );
  const fundShares = parts.map((part, index) => ({
    fundId: part.label,
    weightBp: entries[index]?.weightBp ?? 0,
    shareFen: part.amountFen,
  }));
  const bankShareFen = basisFen - poolFen;

  const allocation: ClaimAllocation = {
    basisFen,
    tierRateBp: rate.tierRateBp,
    bonusBp: rate.bonusBp,
    rateBp: rate.rateBp,
    rateCappedAtMax: rate.cappedAtMax,
    uncappedPoolFen,
    perLoanCapFen,
    annualRemainingFen,
    poolFen,
    capReasons,
    fundShares,
    bankShareFen,
    economicPolicyVersionId: economic.versionId,
    proceduralPolicyVersionId: procedural.versionId,
  };
  assertAllocationInvariants(allocation);
  return allocation;
}

export function assertAllocationInvariants(a: ClaimAllocation): void {
  invariant(
    a.poolFen >= 0n && a.poolFen <= a.basisFen,
    () => `pool ${a.poolFen} outside 0..basis ${a.basisFen}`,
  );
  invariant(
    a.poolFen <= a.perLoanCapFen,
    () => `pool ${a.poolFen} over the per-loan cap ${a.perLoanCapFen}`,
  );
  invariant(
    a.poolFen <= a.annualRemainingFen,
    () => `pool ${a.poolFen} over the annual remainder ${a.annualRemainingFen}`,
  );
  invariant(a.poolFen <= a.uncappedPoolFen, 'pool above basis x rate');
  let sharesFen = 0n;
  for (const share of a.fundShares) {
    invariant(share.shareFen >= 0n, () => `negative share for ${share.fundId}`);
    sharesFen += share.shareFen;
  }
  invariant(sharesFen === a.poolFen, () => `fund shares sum to ${sharesFen}, pool is ${a.poolFen}`);
  invariant(
    a.bankShareFen >= 0n && a.bankShareFen + a.poolFen === a.basisFen,
    'bank share + pool must equal basis',
  );
}

export type BasisAdjustmentProblem = 'BELOW_ONE_FEN' | 'ABOVE_OUTSTANDING_AT_DEFAULT';

/** docs/domain.md §5.6: an adjusted basis is at least one fen and at most the outstanding at default. */
export function basisAdjustmentProblem(
  newBasisFen: Fen,
  outstandingAtDefaultFen: Fen,
): BasisAdjustmentProblem | undefined {
  if (newBasisFen < 1n) return 'BELOW_ONE_FEN';
  if (newBasisFen > outstandingAtDefaultFen) return 'ABOVE_OUTSTANDING_AT_DEFAULT';
  return undefined;
}

export interface FundShareChange {
  readonly fundId: string;
  readonly fromFen: Fen;
  readonly toFen: Fen;
  readonly deltaFen: Fen;
}

/**
 * Per fund, how a recomputation moved its share (feed each into `changeShare`). Funds are matched
 * by id, so a claim keeps its funds across a recomputation (the economic version is fixed).
 */
export function fundShareChanges(
  before: ClaimAllocation,
  after: ClaimAllocation,
): FundShareChange[] {
  const beforeIds = before.fundShares.map((s) => s.fundId).join(',');
  const afterIds = after.fundShares.map((s) => s.fundId).join(',');
  invariant(
    beforeIds === afterIds,
    () => `a recomputation changed the funds: ${beforeIds} -> ${afterIds}`,
  );
  return after.fundShares.map((share, index) => {
    const fromFen = before.fundShares[index]?.shareFen ?? 0n;
    return {
      fundId: share.fundId,
      fromFen,
      toFen: share.shareFen,
      deltaFen: share.shareFen - fromFen,
    };
  });
}

/** What `annualPoolUsedFen` needs to know of each claim. */
export interface ClaimForAnnualCap {
  readonly claimId: string;
  readonly bankId: string;
  readonly openedOn: BusinessDate;
  readonly status: ClaimStatus;
  readonly poolFen: Fen;
}

/**
 * docs/domain.md §5.3: "this year" counts the `pool` of every claim of the bank opened in the same
 * calendar year that is not denied or withdrawn. `exceptClaimId` leaves out the claim being
 * (re)computed.
 */
export function annualPoolUsedFen(
  claims: Iterable<ClaimForAnnualCap>,
  bankId: string,
  year: number,
  exceptClaimId?: string,
): Fen {
  let usedFen = 0n;
  for (const claim of claims) {
    if (claim.bankId !== bankId || claim.claimId === exceptClaimId) continue;
    if (claim.status === 'DENIED' || claim.status === 'WITHDRAWN') continue;
    if (calendarYearOf(claim.openedOn) !== year) continue;
    usedFen += claim.poolFen;
  }
  return usedFen;
}
