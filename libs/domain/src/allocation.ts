import type { ClaimStatus } from './claim-decisions';
import { type CoSharer, type CoSharerShare, splitAmongCoSharers } from './co-sharers';
import { DEFAULT_INSTITUTION_KIND, type InstitutionKind, type LoanFlagCode } from './codes';
import { type BusinessDate, calendarYearOf } from './dates';
import { DomainError, invariant } from './domain-error';
import { type Fen, minFen, roundHalfUpBp } from './money';
import {
  type EconomicTerms,
  type GoverningVersionIds,
  type ProceduralTerms,
  programmeTerms,
  resolveSplit,
} from './policy';
import { split } from './split';

export type CapReason = 'PER_LOAN_CAP' | 'PER_BANK_ANNUAL_CAP' | 'PORTFOLIO_CAP';

/** What the portfolio cap (docs/domain.md §8.2) needs to know of the bank. */
export interface BankPortfolio {
  /** Σ original principal of every loan the bank ever registered. */
  readonly registeredPrincipalFen: Fen;
  /** Σ `pool` of every OTHER claim of the bank that is not denied or withdrawn (any year). */
  readonly otherClaimsPoolFen: Fen;
}

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
  /** The lender's kind: chooses `rateTiersByKind` (docs/domain.md §8.1). Default `BANK`. */
  readonly institutionKind?: InstitutionKind;
  /** Needed when the procedural terms set `portfolioCapBp` (docs/domain.md §8.2). */
  readonly portfolio?: BankPortfolio;
  /** Named on the loan at registration, in its order (docs/domain.md §8.4). */
  readonly coSharers?: readonly CoSharer[];
}

export interface FundShare {
  readonly fundId: string;
  readonly weightBp: number;
  readonly shareFen: Fen;
}

export interface ClaimAllocation extends GoverningVersionIds {
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
  /** roundHalfUp(registered principal × portfolioCapBp / 10000); absent without a portfolio cap. */
  readonly portfolioCapFen?: Fen;
  /** What was left of the portfolio cap before this claim (never negative). */
  readonly portfolioRemainingFen?: Fen;
  readonly poolFen: Fen;
  /** Caps that set `poolFen` (each strictly below the uncapped pool and equal to the result). */
  readonly capReasons: readonly CapReason[];
  /** In the policy's split order. */
  readonly fundShares: readonly FundShare[];
  /** basis − pool: what the funds do not bear (the lender's and its co-sharers'). */
  readonly bankShareFen: Fen;
  readonly institutionKind: InstitutionKind;
  /** Each co-sharer's part of the bank share, in the loan's order (empty without co-sharers). */
  readonly coSharerShares: readonly CoSharerShare[];
  /** roundHalfUp(basis × minLenderShareBp / 10000). */
  readonly lenderMinimumFen: Fen;
  /** bank share − Σ co-sharer shares. Equals `bankShareFen` without co-sharers. */
  readonly lenderShareFen: Fen;
}

export const NO_RATE_TIER = 'ALLOCATION.NO_RATE_TIER';

/** The tiers that rate a lender of this kind: its own (docs/domain.md §8.1), else `rateTiers`. */
export function rateTiersFor(
  terms: Pick<EconomicTerms, 'rateTiers'> & Partial<Pick<EconomicTerms, 'rateTiersByKind'>>,
  kind: InstitutionKind = DEFAULT_INSTITUTION_KIND,
): EconomicTerms['rateTiers'] {
  return terms.rateTiersByKind?.[kind] ?? terms.rateTiers;
}

/** The rate of the first tier (of the lender's kind) whose bound covers the original principal. */
export function tierRateBp(
  terms: Pick<EconomicTerms, 'rateTiers'> & Partial<Pick<EconomicTerms, 'rateTiersByKind'>>,
  originalPrincipalFen: Fen,
  kind: InstitutionKind = DEFAULT_INSTITUTION_KIND,
): number {
  const tier = rateTiersFor(terms, kind).find((t) => originalPrincipalFen <= t.upToFen);
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
  terms: Pick<EconomicTerms, 'rateTiers' | 'bonusBp' | 'maxRateBp'> &
    Partial<Pick<EconomicTerms, 'rateTiersByKind'>>,
  originalPrincipalFen: Fen,
  flags: readonly LoanFlagCode[],
  kind: InstitutionKind = DEFAULT_INSTITUTION_KIND,
): {
  readonly tierRateBp: number;
  readonly bonusBp: number;
  readonly rateBp: number;
  readonly cappedAtMax: boolean;
} {
  const tier = tierRateBp(terms, originalPrincipalFen, kind);
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

  const institutionKind = input.institutionKind ?? DEFAULT_INSTITUTION_KIND;
  const rate = compensationRateBp(
    economic,
    input.originalPrincipalFen,
    input.flags,
    institutionKind,
  );
  const uncappedPoolFen = roundHalfUpBp(basisFen, rate.rateBp);
  const perLoanCapFen = economic.perLoanCapFen;
  const usedFen = input.bankPoolUsedThisYearFen;
  // Usage can pass the cap if a later version lowered it; what is left is then zero, not negative.
  const annualRemainingFen =
    usedFen >= procedural.perBankAnnualCapFen ? 0n : procedural.perBankAnnualCapFen - usedFen;
  const portfolio = portfolioRemaining(procedural.portfolioCapBp, input.portfolio);
  const poolFen = minFen(
    uncappedPoolFen,
    perLoanCapFen,
    annualRemainingFen,
    ...(portfolio === undefined ? [] : [portfolio.remainingFen]),
  );

  // Every cap that sets the pool is named (docs/domain.md §5.3), in this fixed order.
  const capReasons: CapReason[] = [];
  const bites = (capFen: Fen): boolean => capFen < uncappedPoolFen && capFen === poolFen;
  if (bites(perLoanCapFen)) capReasons.push('PER_LOAN_CAP');
  if (bites(annualRemainingFen)) capReasons.push('PER_BANK_ANNUAL_CAP');
  if (portfolio !== undefined && bites(portfolio.remainingFen)) capReasons.push('PORTFOLIO_CAP');

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
  const coSharing = splitAmongCoSharers({
    basisFen,
    bankShareFen,
    coSharers: input.coSharers ?? [],
    minLenderShareBp: programmeTerms(economic).minLenderShareBp,
  });

  const allocation: ClaimAllocation = {
    basisFen,
    tierRateBp: rate.tierRateBp,
    bonusBp: rate.bonusBp,
    rateBp: rate.rateBp,
    rateCappedAtMax: rate.cappedAtMax,
    uncappedPoolFen,
    perLoanCapFen,
    annualRemainingFen,
    ...(portfolio === undefined
      ? {}
      : { portfolioCapFen: portfolio.capFen, portfolioRemainingFen: portfolio.remainingFen }),
    poolFen,
    capReasons,
    fundShares,
    bankShareFen,
    institutionKind,
    coSharerShares: coSharing.coSharerShares,
    lenderMinimumFen: coSharing.lenderMinimumFen,
    lenderShareFen: coSharing.lenderShareFen,
    economicPolicyVersionId: economic.versionId,
    proceduralPolicyVersionId: procedural.versionId,
  };
  assertAllocationInvariants(allocation);
  return allocation;
}

export const PORTFOLIO_UNKNOWN = 'ALLOCATION.PORTFOLIO_UNKNOWN';

/** docs/domain.md §8.2: the portfolio cap and what is left of it (zero, not negative, once used up). */
function portfolioRemaining(
  portfolioCapBp: number | undefined,
  portfolio: BankPortfolio | undefined,
): { readonly capFen: Fen; readonly remainingFen: Fen } | undefined {
  if (portfolioCapBp === undefined) return undefined;
  if (portfolio === undefined) {
    throw new DomainError(
      PORTFOLIO_UNKNOWN,
      'the policy sets portfolioCapBp: the bank portfolio must be given',
    );
  }
  invariant(
    portfolio.registeredPrincipalFen >= 0n && portfolio.otherClaimsPoolFen >= 0n,
    'portfolio amounts cannot be negative',
  );
  const capFen = roundHalfUpBp(portfolio.registeredPrincipalFen, portfolioCapBp);
  const remainingFen =
    portfolio.otherClaimsPoolFen >= capFen ? 0n : capFen - portfolio.otherClaimsPoolFen;
  return { capFen, remainingFen };
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
  invariant(
    a.portfolioRemainingFen === undefined || a.poolFen <= a.portfolioRemainingFen,
    'pool over the portfolio remainder',
  );
  const coSharedFen = a.coSharerShares.reduce((sum, c) => sum + c.shareFen, 0n);
  invariant(
    a.poolFen + coSharedFen + a.lenderShareFen === a.basisFen,
    'pool + co-sharer shares + lender share must equal basis',
  );
}

export type BasisAdjustmentProblem = 'BELOW_ONE_FEN' | 'ABOVE_OUTSTANDING_AT_DEFAULT';

/**
 * docs/domain.md §5.6: an adjusted basis is at least one fen and at most the outstanding at default.
 * Under a net-loss policy (§8.3) pass `lossAtDefaultFen` (outstanding + interest + costs) as the
 * ceiling.
 */
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

/**
 * docs/domain.md §8.2: Σ `pool` of every claim of the bank, any year, that is not denied or withdrawn;
 * `exceptClaimId` leaves out the claim being (re)computed.
 */
export function portfolioPoolUsedFen(
  claims: Iterable<Omit<ClaimForAnnualCap, 'openedOn'>>,
  bankId: string,
  exceptClaimId?: string,
): Fen {
  let usedFen = 0n;
  for (const claim of claims) {
    if (claim.bankId !== bankId || claim.claimId === exceptClaimId) continue;
    if (claim.status === 'DENIED' || claim.status === 'WITHDRAWN') continue;
    usedFen += claim.poolFen;
  }
  return usedFen;
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
  const ofYear = [...claims].filter((claim) => calendarYearOf(claim.openedOn) === year);
  return portfolioPoolUsedFen(ofYear, bankId, exceptClaimId);
}
