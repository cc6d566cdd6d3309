import { TokenBucketLimiter } from './rate-limiter';

describe('token bucket rate limiter', () => {
  it('allows the burst at once, then refuses with the seconds to wait', () => {
    const limiter = new TokenBucketLimiter(1, 3);
    const t = 1_000_000;
    expect([1, 2, 3].map(() => limiter.take('k', t).allowed)).toEqual([true, true, true]);
    expect(limiter.take('k', t)).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it('refills at the configured rate, never above the burst', () => {
    const limiter = new TokenBucketLimiter(10, 2);
    const t = 5_000;
    limiter.take('k', t);
    limiter.take('k', t);
    expect(limiter.take('k', t).allowed).toBe(false);
    expect(limiter.take('k', t + 100).allowed).toBe(true); // 0.1 s at 10/s is one token
    expect(limiter.take('k', t + 100).allowed).toBe(false);
    const later = t + 60_000;
    expect(limiter.take('k', later)).toEqual({ allowed: true, remaining: 1 });
    expect(limiter.take('k', later).allowed).toBe(true);
    expect(limiter.take('k', later).allowed).toBe(false);
  });

  it('keeps one bucket per key', () => {
    const limiter = new TokenBucketLimiter(1, 1);
    expect(limiter.take('a', 0).allowed).toBe(true);
    expect(limiter.take('a', 0).allowed).toBe(false);
    expect(limiter.take('b', 0).allowed).toBe(true);
  });

  it('says how long to wait when the rate is slow', () => {
    const limiter = new TokenBucketLimiter(0.1 as number, 1);
    limiter.take('k', 0);
    expect(limiter.take('k', 0)).toEqual({ allowed: false, retryAfterSeconds: 10 });
  });

  it('stays bounded in memory', () => {
    const limiter = new TokenBucketLimiter(1000, 1, 10);
    for (let i = 0; i < 100; i++) limiter.take(`k${i}`, i * 10);
    expect(limiter.take('k99', 990).allowed).toBe(false);
  });
});
