import { ClaimStatus } from '@riskpool/domain';
import { ClaimPartRow } from './persistence/claim.repository';

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

export function isBeforePayout(status: ClaimStatus): boolean {
  return status === 'OPEN' || status === 'DEFERRED';
}

/** Outcome of applying a consumed event. */
export type EventOutcome =
  | { readonly kind: 'applied' }
  | { readonly kind: 'parked'; readonly reason: string }
  | { readonly kind: 'recorded'; readonly note: string };

export const APPLIED: EventOutcome = { kind: 'applied' };
