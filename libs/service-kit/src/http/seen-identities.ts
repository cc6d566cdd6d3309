import { LRUCache } from 'lru-cache';
import { IDENTITY_MAX_AGE_MS, IDENTITY_MAX_SKEW_MS } from '@riskpool/contracts';

/**
 * The unique ids of the identities this instance accepted within the validity window, so the same
 * signed header is refused the second time. Bounded: past `capacity` ids inside one window the
 * oldest are forgotten first (ADR 0013 says what that and several instances imply).
 */
export class SeenIdentities {
  private readonly seen: LRUCache<string, true>;

  constructor(capacity = 200_000) {
    this.seen = new LRUCache<string, true>({
      max: capacity,
      ttl: IDENTITY_MAX_AGE_MS + IDENTITY_MAX_SKEW_MS,
      ttlAutopurge: false,
    });
  }

  /** True the first time an id is offered within the window, false for a replay. */
  firstSight(nonce: string): boolean {
    if (this.seen.has(nonce)) return false;
    this.seen.set(nonce, true);
    return true;
  }

  get size(): number {
    return this.seen.size;
  }
}
