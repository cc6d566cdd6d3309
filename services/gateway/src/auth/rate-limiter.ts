export type RateDecision =
  | { readonly allowed: true; readonly remaining: number }
  | { readonly allowed: false; readonly retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedMs: number;
}

/**
 * A token bucket per API key, in memory: `burst` tokens, refilled at `perSecond`. Each gateway
 * instance limits on its own (N instances allow N times the rate), which is enough to stop one
 * key from flooding the system; a shared limiter would cost a round trip per request.
 */
export class TokenBucketLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly maxKeys: number = 100_000,
  ) {}

  take(key: string, nowMs: number = Date.now()): RateDecision {
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      if (this.buckets.size >= this.maxKeys) this.evictFull(nowMs);
      bucket = { tokens: this.burst, updatedMs: nowMs };
      this.buckets.set(key, bucket);
    } else {
      const elapsed = Math.max(0, nowMs - bucket.updatedMs);
      bucket.tokens = Math.min(this.burst, bucket.tokens + (elapsed * this.perSecond) / 1000);
      bucket.updatedMs = nowMs;
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, remaining: Math.floor(bucket.tokens) };
    }
    const waitMs = ((1 - bucket.tokens) * 1000) / this.perSecond;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
  }

  /** Buckets that have refilled completely carry no information; drop them. */
  private evictFull(nowMs: number): void {
    for (const [key, bucket] of this.buckets) {
      const refilled = bucket.tokens + ((nowMs - bucket.updatedMs) * this.perSecond) / 1000;
      if (refilled >= this.burst) this.buckets.delete(key);
    }
    if (this.buckets.size >= this.maxKeys) this.buckets.clear();
  }
}
