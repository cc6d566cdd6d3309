import { ClaimAllocation, ClaimStatus } from '@riskpool/domain';
import { Topics } from '@riskpool/contracts';
import { PoolContext, publish } from '../shared/pool-context';
import { ClaimPartRow, ClaimRow, coSharerShareOf } from './persistence/claim.repository';

/** A claim's fund shares as the pool.* events carry them, in the split's order. */
export function sharesOf(parts: readonly ClaimPartRow[]): Array<{
  fundId: string;
  shareFen: string;
  heldFen: string;
  queuedFen: string;
  filledFen: string;
}> {
  return [...parts]
    .sort((a, b) => a.position - b.position)
    .map((p) => ({
      fundId: p.fundId,
      shareFen: p.shareFen.toString(),
      heldFen: p.heldFen.toString(),
      queuedFen: p.queuedFen.toString(),
      filledFen: p.filledFen.toString(),
    }));
}

/**
 * A computed allocation as every pool.claim-* event carries it: the basis, the pool and its caps,
 * the fund shares (`parts`), the bank's share, the policy versions and the §8 fields.
 */
export function allocationFieldsOf(
  allocation: ClaimAllocation,
  parts: readonly ClaimPartRow[],
  accruedInterestFen: bigint,
  costsFen: bigint,
) {
  return {
    basisFen: allocation.basisFen.toString(),
    rateBp: allocation.rateBp,
    poolFen: allocation.poolFen.toString(),
    capsApplied: [...allocation.capReasons],
    shares: sharesOf(parts),
    bankShareFen: allocation.bankShareFen.toString(),
    economicPolicyVersionId: allocation.economicPolicyVersionId,
    proceduralPolicyVersionId: allocation.proceduralPolicyVersionId,
    ...programmeFieldsOf(allocation, accruedInterestFen, costsFen),
  };
}

/** Publishes `pool.claim-adjusted.v1` for a claim recomputed on a new basis, and why. */
export function publishClaimAdjusted(
  ctx: PoolContext,
  claim: ClaimRow,
  recomputed: { allocation: ClaimAllocation; parts: readonly ClaimPartRow[] },
  reason: string,
): void {
  publish(ctx, Topics.claimAdjusted, claim.loanId, {
    claimId: claim.claimId,
    loanId: claim.loanId,
    bankId: claim.bankId,
    reason,
    adjustedBy: ctx.actor,
    previousBasisFen: claim.basisFen.toString(),
    ...allocationFieldsOf(
      recomputed.allocation,
      recomputed.parts,
      claim.accruedInterestFen,
      claim.costsFen,
    ),
  });
}

/**
 * The additive §8 fields of a claim event (docs/domain.md §8.3, §8.4): each only when it applies,
 * so a claim of the §3-§7 rules carries exactly what it did before.
 */
export function programmeFieldsOf(
  a: ClaimAllocation,
  accruedInterestFen: bigint,
  costsFen: bigint,
): {
  coSharerShares?: Array<{
    partyId: string;
    kind: 'GUARANTOR' | 'INSURER' | 'VALUER';
    shareBp: number;
    shareFen: string;
    cutBackFen: string;
  }>;
  lenderShareFen?: string;
  accruedInterestFen?: string;
  costsFen?: string;
} {
  return {
    ...(a.coSharerShares.length === 0
      ? {}
      : {
          coSharerShares: a.coSharerShares.map(coSharerShareOf),
          lenderShareFen: a.lenderShareFen.toString(),
        }),
    ...(accruedInterestFen === 0n ? {} : { accruedInterestFen: accruedInterestFen.toString() }),
    ...(costsFen === 0n ? {} : { costsFen: costsFen.toString() }),
  };
}

/** The same fields for a stored claim (its computation keeps the co-sharer shares). */
export function programmeFieldsOfClaim(claim: ClaimRow): ReturnType<typeof programmeFieldsOf> {
  const shares = claim.computation.coSharerShares ?? [];
  return {
    ...(shares.length === 0
      ? {}
      : {
          coSharerShares: shares.map((c) => ({
            partyId: c.partyId,
            kind: c.kind as 'GUARANTOR' | 'INSURER' | 'VALUER',
            shareBp: c.shareBp,
            shareFen: c.shareFen,
            cutBackFen: c.cutBackFen,
          })),
          lenderShareFen: claim.computation.lenderShareFen ?? claim.bankShareFen.toString(),
        }),
    ...(claim.accruedInterestFen === 0n
      ? {}
      : { accruedInterestFen: claim.accruedInterestFen.toString() }),
    ...(claim.costsFen === 0n ? {} : { costsFen: claim.costsFen.toString() }),
  };
}

/**
 * What a stored claim was last computed from besides the policy (the approval's
 * `allocationInputs`), so that the ledger's `verify` can recompute it.
 */
export function allocationInputsOf(claim: ClaimRow): {
  tierRateBp: number;
  bonusBp: number;
  institutionKind: 'BANK' | 'MICROLOAN' | 'LEASING';
  outstandingAtDefaultFen: string;
  annualRemainingFen: string;
  portfolioCapFen?: string;
  portfolioRemainingFen?: string;
} {
  const c = claim.computation;
  return {
    tierRateBp: c.tierRateBp,
    bonusBp: c.bonusBp,
    institutionKind: (c.institutionKind ?? 'BANK') as 'BANK' | 'MICROLOAN' | 'LEASING',
    outstandingAtDefaultFen: claim.outstandingAtDefaultFen.toString(),
    annualRemainingFen: c.annualRemainingFen,
    ...(c.portfolioCapFen !== undefined ? { portfolioCapFen: c.portfolioCapFen } : {}),
    ...(c.portfolioRemainingFen !== undefined
      ? { portfolioRemainingFen: c.portfolioRemainingFen }
      : {}),
  };
}

/** What each co-sharer bore of an approved claim, in the loan's order (docs/domain.md §8.4). */
export function coSharerSharesOf(claim: ClaimRow): Array<{ partyId: string; shareFen: bigint }> {
  return (claim.computation.coSharerShares ?? []).map((c) => ({
    partyId: c.partyId,
    shareFen: BigInt(c.shareFen),
  }));
}

export function isBeforePayout(status: ClaimStatus): boolean {
  return status === 'OPEN' || status === 'DEFERRED';
}

/** Outcome of applying a consumed event. */
export type EventOutcome =
  | { readonly kind: 'applied' }
  | { readonly kind: 'parked'; readonly reason: string }
  | { readonly kind: 'recorded'; readonly note: string };

export const APPLIED: EventOutcome = { kind: 'applied' };
