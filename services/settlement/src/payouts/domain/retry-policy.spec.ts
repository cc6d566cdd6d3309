import { afterFailure, backoffMs } from './retry-policy';

const policy = { attemptsMax: 4, backoffBaseMs: 1000, backoffMaxMs: 5000 };

describe('retry policy', () => {
  it('doubles the delay after each failed attempt, up to the maximum', () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffMs(policy, n))).toEqual([
      1000, 2000, 4000, 5000, 5000,
    ]);
  });

  it('retries until the last attempt, then parks', () => {
    expect(afterFailure(policy, 1)).toEqual({ kind: 'RETRY', delayMs: 1000 });
    expect(afterFailure(policy, 3)).toEqual({ kind: 'RETRY', delayMs: 4000 });
    expect(afterFailure(policy, 4)).toEqual({ kind: 'PARK' });
  });
});
