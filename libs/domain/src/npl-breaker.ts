import { invariant } from './domain-error';
import type { Fen } from './money';

export interface NplBreakerInput {
  /** Exposure of the bank's DEFAULTED loans, the new default included. */
  readonly defaultedExposureFen: Fen;
  /** Exposure of all the bank's loans (REGISTERED + DEFAULTED), the new default included. */
  readonly totalExposureFen: Fen;
  /** Procedural term in force on the day of the default. */
  readonly nplBreakerBp: number;
}

export interface NplBreakerDecision {
  /** Suspend the bank and open the claim DEFERRED. */
  readonly trip: boolean;
  /** The ratio rounded down to whole bp, for display only; the decision uses exact arithmetic. */
  readonly nplRatioBpFloor: number;
  readonly nplBreakerBp: number;
}

/**
 * docs/domain.md §6: trips when defaulted ÷ total is above `nplBreakerBp` STRICTLY, compared as
 * `defaulted × 10000 > nplBreakerBp × total` in integers (no division, no rounding). Exactly at the
 * threshold it does not trip. A bank with no exposure has ratio 0.
 */
export function nplBreakerDecision(input: NplBreakerInput): NplBreakerDecision {
  const { defaultedExposureFen, totalExposureFen, nplBreakerBp } = input;
  invariant(defaultedExposureFen >= 0n, 'defaulted exposure is negative');
  invariant(defaultedExposureFen <= totalExposureFen, 'defaulted exposure exceeds total exposure');
  invariant(
    Number.isSafeInteger(nplBreakerBp) && nplBreakerBp >= 0,
    () => `breaker ${nplBreakerBp} bp is invalid`,
  );
  const trip = defaultedExposureFen * 10_000n > BigInt(nplBreakerBp) * totalExposureFen;
  const nplRatioBpFloor =
    totalExposureFen === 0n ? 0 : Number((defaultedExposureFen * 10_000n) / totalExposureFen);
  return { trip, nplRatioBpFloor, nplBreakerBp };
}
