import fc from 'fast-check';
import { nplBreakerDecision } from './npl-breaker';

describe('nplBreakerDecision', () => {
  it('does not trip for the worked example (600000001 of 100600000001 fen defaulted)', () => {
    expect(
      nplBreakerDecision({
        defaultedExposureFen: 600_000_001n,
        totalExposureFen: 100_600_000_001n,
        nplBreakerBp: 300,
      }),
    ).toEqual({
      trip: false,
      nplRatioBpFloor: 59,
      nplBreakerBp: 300,
    });
  });

  it('trips strictly above the threshold, not at it', () => {
    expect(
      nplBreakerDecision({
        defaultedExposureFen: 300n,
        totalExposureFen: 10_000n,
        nplBreakerBp: 300,
      }).trip,
    ).toBe(false);
    expect(
      nplBreakerDecision({
        defaultedExposureFen: 301n,
        totalExposureFen: 10_000n,
        nplBreakerBp: 300,
      }).trip,
    ).toBe(true);
  });

  it('decides exactly where a rounded ratio would not', () => {
    // 3000000001 / 100000000000 = 300.00000001 bp: above, although it rounds to 300.
    const above = nplBreakerDecision({
      defaultedExposureFen: 3_000_000_001n,
      totalExposureFen: 100_000_000_000n,
      nplBreakerBp: 300,
    });
    expect(above).toEqual({ trip: true, nplRatioBpFloor: 300, nplBreakerBp: 300 });
  });

  it('treats a bank with no exposure as ratio 0 and refuses impossible inputs', () => {
    expect(
      nplBreakerDecision({ defaultedExposureFen: 0n, totalExposureFen: 0n, nplBreakerBp: 0 }).trip,
    ).toBe(false);
    expect(() =>
      nplBreakerDecision({ defaultedExposureFen: 2n, totalExposureFen: 1n, nplBreakerBp: 300 }),
    ).toThrow();
    expect(() =>
      nplBreakerDecision({ defaultedExposureFen: -1n, totalExposureFen: 1n, nplBreakerBp: 300 }),
    ).toThrow();
  });

  it('agrees with exact rational comparison', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 14n }),
        fc.bigInt({ min: 1n, max: 10n ** 14n }),
        fc.integer({ min: 0, max: 10_000 }),
        (a, b, bp) => {
          const [defaulted, total] = a <= b ? [a, b] : [b, a];
          fc.pre(total > 0n);
          const { trip } = nplBreakerDecision({
            defaultedExposureFen: defaulted,
            totalExposureFen: total,
            nplBreakerBp: bp,
          });
          // defaulted/total > bp/10000, cross-multiplied with a different grouping
          return trip === defaulted * 10_000n - BigInt(bp) * total > 0n;
        },
      ),
      { numRuns: 2000 },
    );
  });
});
