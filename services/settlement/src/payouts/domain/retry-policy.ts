/** Exponential backoff with bounded attempts; after the last attempt an instruction is parked. */
export interface RetryPolicy {
  readonly attemptsMax: number;
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
}

/** Delay before the attempt after failed attempt `attempt` (1-based): min(base × 2^(n-1), max). */
export function backoffMs(policy: RetryPolicy, attempt: number): number {
  const exponent = Math.max(0, Math.min(attempt - 1, 40));
  return Math.min(policy.backoffBaseMs * 2 ** exponent, policy.backoffMaxMs);
}

export type AfterFailure =
  { readonly kind: 'RETRY'; readonly delayMs: number } | { readonly kind: 'PARK' };

export function afterFailure(policy: RetryPolicy, attempt: number): AfterFailure {
  return attempt >= policy.attemptsMax
    ? { kind: 'PARK' }
    : { kind: 'RETRY', delayMs: backoffMs(policy, attempt) };
}
