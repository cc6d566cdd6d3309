import { CITY_FUND_ID } from './codes';
import { invariant } from './domain-error';

/** docs/domain.md §5.5: OPEN and DEFERRED are "before payout", APPROVED is "after payout". */
export type ClaimStatus = 'OPEN' | 'DEFERRED' | 'APPROVED' | 'DENIED' | 'WITHDRAWN';

/** Who acts, parsed from a role string of docs/domain.md §1. */
export type Actor =
  | { readonly kind: 'bank'; readonly bankId: string }
  | { readonly kind: 'fund-manager'; readonly fundId: string }
  | { readonly kind: 'regulator' }
  | { readonly kind: 'admin' };

export function parseRole(role: string): Actor | undefined {
  if (role === 'regulator') return { kind: 'regulator' };
  if (role === 'admin') return { kind: 'admin' };
  const bank = /^bank:(.+)$/.exec(role);
  if (bank?.[1] !== undefined) return { kind: 'bank', bankId: bank[1] };
  const manager = /^fund-manager:(.+)$/.exec(role);
  if (manager?.[1] !== undefined) return { kind: 'fund-manager', fundId: manager[1] };
  return undefined;
}

export interface ClaimDecisionState {
  readonly status: ClaimStatus;
  /** Every fund of the claim's split, in order (a fund with a zero share included). */
  readonly fundIds: readonly string[];
  /** Funds that have approved since the last (re)computation. */
  readonly approvedBy: readonly string[];
}

export type DecisionRefusal =
  | 'NOT_A_MANAGER_OF_A_CLAIM_FUND'
  | 'NOT_CITY_FUND_MANAGER'
  | 'ALREADY_APPROVED'
  | 'CLAIM_DEFERRED'
  | 'CLAIM_NOT_DEFERRED'
  | 'CLAIM_CLOSED';

export type DecisionResult =
  | { readonly ok: true; readonly state: ClaimDecisionState; readonly approvedNow: boolean }
  | { readonly ok: false; readonly refusal: DecisionRefusal };

const refuse = (refusal: DecisionRefusal): DecisionResult => ({ ok: false, refusal });

function claimFundOf(state: ClaimDecisionState, actor: Actor): string | undefined {
  return actor.kind === 'fund-manager' && state.fundIds.includes(actor.fundId)
    ? actor.fundId
    : undefined;
}

const beforePayout = (status: ClaimStatus): boolean => status === 'OPEN' || status === 'DEFERRED';

export function openClaimDecision(
  fundIds: readonly string[],
  deferred: boolean,
): ClaimDecisionState {
  invariant(
    fundIds.length > 0 && new Set(fundIds).size === fundIds.length,
    'a claim needs distinct funds',
  );
  return { status: deferred ? 'DEFERRED' : 'OPEN', fundIds, approvedBy: [] };
}

/**
 * docs/domain.md §5.6-5.7: each fund of the split approves once; banks, regulators and admins never
 * decide; a deferred claim cannot be approved. The last approval makes it APPROVED.
 */
export function approveClaim(state: ClaimDecisionState, actor: Actor): DecisionResult {
  const fundId = claimFundOf(state, actor);
  if (fundId === undefined) return refuse('NOT_A_MANAGER_OF_A_CLAIM_FUND');
  if (state.status === 'DEFERRED') return refuse('CLAIM_DEFERRED');
  if (state.status !== 'OPEN') return refuse('CLAIM_CLOSED');
  if (state.approvedBy.includes(fundId)) return refuse('ALREADY_APPROVED');
  const approvedBy = [...state.approvedBy, fundId];
  const approvedNow = state.fundIds.every((f) => approvedBy.includes(f));
  return {
    ok: true,
    state: { ...state, approvedBy, status: approvedNow ? 'APPROVED' : 'OPEN' },
    approvedNow,
  };
}

/** Any fund of the claim may deny before payout (holds are then released by the caller). */
export function denyClaim(state: ClaimDecisionState, actor: Actor): DecisionResult {
  if (claimFundOf(state, actor) === undefined) return refuse('NOT_A_MANAGER_OF_A_CLAIM_FUND');
  if (!beforePayout(state.status)) return refuse('CLAIM_CLOSED');
  return { ok: true, state: { ...state, status: 'DENIED', approvedBy: [] }, approvedNow: false };
}

/** Any fund of the claim may adjust the basis before payout; every approval starts again. */
export function adjustClaimBasis(state: ClaimDecisionState, actor: Actor): DecisionResult {
  if (claimFundOf(state, actor) === undefined) return refuse('NOT_A_MANAGER_OF_A_CLAIM_FUND');
  if (!beforePayout(state.status)) return refuse('CLAIM_CLOSED');
  return { ok: true, state: restartApprovals(state), approvedNow: false };
}

/** Only a `fund-manager:CITY` lifts a breaker deferral (docs/domain.md §6); the claim is then OPEN. */
export function liftDeferral(state: ClaimDecisionState, actor: Actor): DecisionResult {
  if (actor.kind !== 'fund-manager' || actor.fundId !== CITY_FUND_ID)
    return refuse('NOT_CITY_FUND_MANAGER');
  if (state.status !== 'DEFERRED') return refuse('CLAIM_NOT_DEFERRED');
  return { ok: true, state: { ...state, status: 'OPEN' }, approvedNow: false };
}

/** A cure before payout withdraws the claim (docs/domain.md §4.4). */
export function withdrawClaim(state: ClaimDecisionState): DecisionResult {
  if (!beforePayout(state.status)) return refuse('CLAIM_CLOSED');
  return { ok: true, state: { ...state, status: 'WITHDRAWN', approvedBy: [] }, approvedNow: false };
}

/**
 * Any recomputation before payout (a manager's adjusted basis, or a recovery lowering the basis)
 * changes what each fund would approve, so every approval starts again.
 */
export function restartApprovals(state: ClaimDecisionState): ClaimDecisionState {
  invariant(beforePayout(state.status), () => `cannot recompute a ${state.status} claim`);
  return { ...state, approvedBy: [] };
}
