import type { ClaimStatus } from './claim-decisions';
import { invariant } from './domain-error';
import { type Fen, minFen } from './money';
import { split } from './split';

/** docs/domain.md §4.5: net = amount − collection costs, not below 0. */
export function netRecoveryFen(amountFen: Fen, costsFen: Fen): Fen {
  invariant(amountFen >= 0n && costsFen >= 0n, 'recovery amount and costs cannot be negative');
  return amountFen > costsFen ? amountFen - costsFen : 0n;
}

export interface BasisAfterRecovery {
  readonly basisFen: Fen;
  /** How much of the recovery lowered the basis. */
  readonly appliedFen: Fen;
  /** Recovered beyond the basis: the bank's, since the pool can owe nothing below zero. */
  readonly excessFen: Fen;
}

/**
 * Before payout a recovery lowers the basis instead of being shared (docs/domain.md §5.1, §5.8). The
 * basis stops at 0: the loan is then fully recovered and the claim's pool is 0.
 */
export function lowerBasisByRecovery(basisFen: Fen, netFen: Fen): BasisAfterRecovery {
  invariant(basisFen >= 0n && netFen >= 0n, 'basis and net recovery cannot be negative');
  const appliedFen = minFen(basisFen, netFen);
  return { basisFen: basisFen - appliedFen, appliedFen, excessFen: netFen - appliedFen };
}

/** `basis` = outstanding at default − net recoveries before payout, not below 0. */
export function basisAtDefault(
  outstandingAtDefaultFen: Fen,
  netRecoveriesBeforePayoutFen: Fen,
): Fen {
  return lowerBasisByRecovery(outstandingAtDefaultFen, netRecoveriesBeforePayoutFen).basisFen;
}

export const BANK_PARTY = 'BANK';

export interface RecoveryShareInput {
  /** The approved claim's basis: Σ fund shares + bank share. */
  readonly basisFen: Fen;
  /** Each fund's approved share, in the policy's split order. */
  readonly fundShares: readonly { readonly fundId: string; readonly shareFen: Fen }[];
  /** The lender's own share: with co-sharers, the bank share less what they bore. */
  readonly bankShareFen: Fen;
  /** docs/domain.md §8.4: each co-sharer's approved part, in the loan's order (shared before the lender). */
  readonly coSharerShares?: readonly { readonly partyId: string; readonly shareFen: Fen }[];
  /** Σ net recoveries after payout before this one (uncapped). */
  readonly previousCumulativeNetFen: Fen;
  readonly netFen: Fen;
}

export interface FundRecoveryPart {
  readonly fundId: string;
  /** The fund's part of the capped cumulative recovery. */
  readonly cumulativePartFen: Fen;
  /**
   * Newly owed by the bank to the fund: part(R_now) − part(R_prev). Largest remainder is not
   * monotone in the total (the Alabama paradox), so this can be −1 fen: the fund then owes that
   * fen back, or the caller nets it against the next remittance. It is never below −1.
   */
  readonly owedFen: Fen;
}

export interface RecoveryShareResult {
  readonly cumulativeNetFen: Fen;
  /** R_now = min(cumulative, basis). */
  readonly cappedCumulativeFen: Fen;
  readonly funds: readonly FundRecoveryPart[];
  /** Like `funds`: what the lender newly owes each co-sharer (never netted with the funds'). */
  readonly coSharers: readonly CoSharerRecoveryPart[];
  readonly bankCumulativePartFen: Fen;
  /** The bank's own part of this recovery (may be −1 for the same reason as `owedFen`). */
  readonly bankPartFen: Fen;
  /** Recovered beyond the basis: everyone has been made whole, so it stays with the bank. */
  readonly excessOverBasisFen: Fen;
  /** Σ owed by the bank to the funds for this recovery. */
  readonly totalOwedToFundsFen: Fen;
  /** Σ owed by the lender to its co-sharers for this recovery. */
  readonly totalOwedToCoSharersFen: Fen;
}

export interface CoSharerRecoveryPart {
  readonly partyId: string;
  readonly cumulativePartFen: Fen;
  readonly owedFen: Fen;
}

/**
 * docs/domain.md §5.8: the cumulative net recovery R (capped at the basis) is split over
 * [each fund's approved share ..., bank share] (ties: policy split order, then the bank); what each
 * fund is newly owed is its part of R less its part of the previous R. Because each step is a
 * difference of two splits of cumulative totals, any sequence of recoveries telescopes to the
 * split of their total: no fen drifts.
 */
export function shareRecovery(input: RecoveryShareInput): RecoveryShareResult {
  const { basisFen, fundShares, bankShareFen, previousCumulativeNetFen, netFen } = input;
  const coSharerShares = input.coSharerShares ?? [];
  invariant(netFen >= 0n && previousCumulativeNetFen >= 0n, 'recoveries cannot be negative');
  invariant(
    bankShareFen >= 0n &&
      fundShares.every((f) => f.shareFen >= 0n) &&
      coSharerShares.every((c) => c.shareFen >= 0n),
    'shares cannot be negative',
  );
  const sharesFen =
    fundShares.reduce((sum, f) => sum + f.shareFen, 0n) +
    coSharerShares.reduce((sum, c) => sum + c.shareFen, 0n) +
    bankShareFen;
  invariant(sharesFen === basisFen, () => `shares sum to ${sharesFen}, basis is ${basisFen}`);

  // docs/domain.md §8.4: [funds..., co-sharers..., lender], ties in that order.
  const parties = [
    ...fundShares.map((f) => ({ label: f.fundId, weight: f.shareFen })),
    ...coSharerShares.map((c) => ({ label: c.partyId, weight: c.shareFen })),
    { label: BANK_PARTY, weight: bankShareFen },
  ];
  const cumulativeNetFen = previousCumulativeNetFen + netFen;
  const previousCappedFen = minFen(previousCumulativeNetFen, basisFen);
  const cappedCumulativeFen = minFen(cumulativeNetFen, basisFen);
  const before = split(previousCappedFen, parties);
  const after = split(cappedCumulativeFen, parties);

  const deltaAt = (index: number): Fen =>
    (after[index]?.amountFen ?? 0n) - (before[index]?.amountFen ?? 0n);
  const funds = fundShares.map((f, index) => {
    const cumulativePartFen = after[index]?.amountFen ?? 0n;
    invariant(cumulativePartFen <= f.shareFen, () => `${f.fundId} would recover more than it bore`);
    const owedFen = deltaAt(index);
    invariant(owedFen >= -1n, () => `${f.fundId}: part fell by more than one fen`);
    return { fundId: f.fundId, cumulativePartFen, owedFen };
  });
  const coSharers = coSharerShares.map((c, offset) => {
    const index = fundShares.length + offset;
    const cumulativePartFen = after[index]?.amountFen ?? 0n;
    invariant(
      cumulativePartFen <= c.shareFen,
      () => `${c.partyId} would recover more than it bore`,
    );
    const owedFen = deltaAt(index);
    invariant(owedFen >= -1n, () => `${c.partyId}: part fell by more than one fen`);
    return { partyId: c.partyId, cumulativePartFen, owedFen };
  });
  const bankIndex = fundShares.length + coSharerShares.length;
  const bankCumulativePartFen = after[bankIndex]?.amountFen ?? 0n;
  invariant(bankCumulativePartFen <= bankShareFen, 'bank would recover more than it bore');
  const bankPartFen = deltaAt(bankIndex);
  const totalOwedToFundsFen = funds.reduce((sum, f) => sum + f.owedFen, 0n);
  const totalOwedToCoSharersFen = coSharers.reduce((sum, c) => sum + c.owedFen, 0n);
  const excessOverBasisFen =
    cumulativeNetFen - cappedCumulativeFen - (previousCumulativeNetFen - previousCappedFen);
  invariant(
    totalOwedToFundsFen + totalOwedToCoSharersFen + bankPartFen + excessOverBasisFen === netFen,
    'recovery parts must sum to the net recovery',
  );
  return {
    cumulativeNetFen,
    cappedCumulativeFen,
    funds,
    coSharers,
    bankCumulativePartFen,
    bankPartFen,
    excessOverBasisFen,
    totalOwedToFundsFen,
    totalOwedToCoSharersFen,
  };
}

/** What a recovery does (docs/domain.md §4.5): lower the basis, be shared, or just be recorded. */
export type RecoveryTreatment = 'LOWER_BASIS' | 'SHARE' | 'RECORD_ONLY';

/**
 * Before payout (OPEN, DEFERRED) it lowers the basis; after payout (APPROVED) it is shared; on a
 * denied claim, or with no live claim (none, or withdrawn by a cure), it is recorded and moves no
 * money.
 */
export function recoveryTreatment(
  claimStatus: ClaimStatus | undefined,
  /** docs/domain.md §8.5: defaulted under AFTER_RECOVERY, claim not yet opened. */
  awaitingRecoveryClose = false,
): RecoveryTreatment {
  if (claimStatus === undefined && awaitingRecoveryClose) return 'LOWER_BASIS';
  switch (claimStatus) {
    case 'OPEN':
    case 'DEFERRED':
      return 'LOWER_BASIS';
    case 'APPROVED':
      return 'SHARE';
    case 'DENIED':
    case 'WITHDRAWN':
    case undefined:
      return 'RECORD_ONLY';
  }
}
