import fc from 'fast-check';
import { lossAtDefaultFen, maxAccruedInterestFen, maxCostsFen, netLossIssues } from './net-loss';
import { defaultPolicy, economicTerms } from './policy';

/** Outstanding amounts up to 30,000,000.00 yuan, and annual rates up to 24 %. */
const anyOutstanding = (min: bigint) => fc.bigInt({ min, max: 3_000_000_000n });
const anyRateBp = fc.integer({ min: 0, max: 2_400 });

/** maxAccruedInterestFen of outstanding `o` at `r` bp, `d` days past due, counting at most `max`. */
const interest = (o: bigint, r: number, d: number, max: number) =>
  maxAccruedInterestFen({
    outstandingAtDefaultFen: o,
    annualRateBp: r,
    daysPastDue: d,
    maxInterestDays: max,
  });

describe('maxAccruedInterestFen', () => {
  it('rounds half up, and only from one half', () => {
    // 1 fen × 3650 bp × 50 days = 182500 → 0.05 fen → 0.
    expect(interest(1n, 3_650, 50, 120)).toBe(0n);
    // 100 fen × 3650 bp × 5 days = 1825000 → exactly 0.5 fen → 1.
    expect(interest(100n, 3_650, 5, 120)).toBe(1n);
  });

  it('is the half-up rounding of o × r × min(d, max) / 3650000 and never counts days past the max', () => {
    fc.assert(
      fc.property(
        anyOutstanding(0n),
        anyRateBp,
        fc.integer({ min: 0, max: 1_000 }),
        fc.integer({ min: 1, max: 400 }),
        (o, r, d, max) => {
          const got = interest(o, r, d, max);
          const exact = o * BigInt(r) * BigInt(Math.min(d, max));
          // got − ½ ≤ exact / 3650000 < got + ½
          expect(2n * exact >= (2n * got - 1n) * 3_650_000n).toBe(true);
          expect(2n * exact < (2n * got + 1n) * 3_650_000n).toBe(true);
          if (d > max) expect(got).toBe(interest(o, r, max, max));
        },
      ),
    );
  });
});

describe('netLossIssues', () => {
  const netLoss = economicTerms({
    ...defaultPolicy('N', '2026-01-01'),
    shareBasis: 'PRINCIPAL_INTEREST_COSTS',
    maxInterestDays: 90,
    maxCostsBp: 100,
  });

  it('accepts exactly the limits and refuses anything above, for any loan', () => {
    fc.assert(
      fc.property(anyOutstanding(1n), anyRateBp, fc.integer({ min: 90, max: 400 }), (o, r, d) => {
        const interestFen = interest(o, r, d, 90);
        const costsFen = maxCostsFen(o, 100);
        const check = (i: bigint, c: bigint) =>
          netLossIssues({
            terms: netLoss,
            outstandingAtDefaultFen: o,
            annualRateBp: r,
            daysPastDue: d,
            accruedInterestFen: i,
            costsFen: c,
          }).map((x) => x.path);
        expect(check(interestFen, costsFen)).toEqual([]);
        expect(check(interestFen + 1n, costsFen + 1n)).toEqual(['accruedInterestFen', 'costsFen']);
      }),
    );
  });

  it('treats absent as zero and refuses negatives', () => {
    // A loan of 1 fen at 0 bp, 90 days past due: nothing is owed beyond what it reports.
    const issues = (reported: { costsFen?: bigint }) =>
      netLossIssues({
        terms: netLoss,
        outstandingAtDefaultFen: 1n,
        annualRateBp: 0,
        daysPastDue: 90,
        ...reported,
      }).map((i) => i.code);
    expect(issues({})).toEqual([]);
    expect(issues({ costsFen: -1n })).toEqual(['NEGATIVE']);
  });

  it('adds the parts of the loss', () => {
    expect(
      lossAtDefaultFen({ outstandingAtDefaultFen: 5n, accruedInterestFen: 2n, costsFen: 1n }),
    ).toBe(8n);
  });
});
