import fc from 'fast-check';
import { DomainError } from './domain-error';
import { SPLIT_ZERO_WEIGHT, split, splitToMap } from './split';

const amounts = (parts: readonly { amountFen: bigint }[]): bigint[] =>
  parts.map((p) => p.amountFen);
/** Parties A, B, C, ... with these weights, in this order. */
const lettered = (weights: readonly bigint[]) =>
  weights.map((weight, i) => ({ label: String.fromCharCode(65 + i), weight }));
/** Parties labelled by their index, with these weights. */
const indexed = (weights: readonly bigint[]) => weights.map((weight, label) => ({ label, weight }));

describe('split (largest remainder, ties to the party listed first)', () => {
  it('splits the worked example recovery 90000000 over [135000000, 135000000, 330000001]', () => {
    const parts = split(90_000_000n, [
      { label: 'CITY', weight: 135_000_000n },
      { label: 'TOWN:XIAOLAN', weight: 135_000_000n },
      { label: 'BANK', weight: 330_000_001n },
    ]);
    expect(amounts(parts)).toEqual([20_250_000n, 20_250_000n, 49_500_000n]);
    expect(parts.map((p) => p.label)).toEqual(['CITY', 'TOWN:XIAOLAN', 'BANK']);
  });

  it.each([
    ['an odd pool 5000/5000: the odd fen to the first party', 3n, [5000n, 5000n], [2n, 1n]],
    // 10 x (1, 1, 5) / 7 = 1.43, 1.43, 7.14 -> floors 1, 1, 7 = 9; leftover 1 to a .43 (first listed)
    ['leftover fen to the largest remainders first', 10n, [1n, 1n, 5n], [2n, 1n, 7n]],
    // 10 x (1, 3) / 4 = 2.5, 7.5: equal remainders -> first listed
    ['equal remainders (1, 3): the first listed', 10n, [1n, 3n], [3n, 7n]],
    // 10 x (3, 1) / 4 = 7.5, 2.5: equal remainders -> first listed
    ['equal remainders (3, 1): the first listed', 10n, [3n, 1n], [8n, 2n]],
    ['a zero-weight party gets nothing', 7n, [0n, 3n, 0n], [0n, 7n, 0n]],
  ])('splits %s', (_case, total: bigint, weights: bigint[], expected: bigint[]) => {
    expect(amounts(split(total, lettered(weights)))).toEqual(expected);
  });

  it('splits 0 over zero weight into zeros, and refuses any other total', () => {
    expect(amounts(split(0n, [{ label: 'A', weight: 0n }]))).toEqual([0n]);
    expect(split(0n, [])).toEqual([]);
    expect(() => split(1n, [{ label: 'A', weight: 0n }])).toThrow(DomainError);
    expect(() => split(1n, [])).toThrow(expect.objectContaining({ code: SPLIT_ZERO_WEIGHT }));
  });

  it('refuses negative totals and weights as invariant violations', () => {
    expect(() => split(-1n, [{ label: 'A', weight: 1n }])).toThrow(/negative total/);
    expect(() => split(1n, lettered([-1n, 2n]))).toThrow(/negative/);
  });

  it('returns a map by label and refuses duplicate labels', () => {
    expect(splitToMap(3n, lettered([1n, 2n]))).toEqual(
      new Map([
        ['A', 1n],
        ['B', 2n],
      ]),
    );
    expect(() =>
      splitToMap(3n, [
        { label: 'A', weight: 1n },
        { label: 'A', weight: 2n },
      ]),
    ).toThrow(/twice/);
  });
});

describe('split properties', () => {
  const weights = fc.array(fc.bigInt({ min: 0n, max: 10n ** 12n }), { minLength: 1, maxLength: 8 });
  const total = fc.bigInt({ min: 0n, max: 10n ** 15n });

  it('sums exactly to the total, nothing negative, each part within one fen of its exact quota', () => {
    fc.assert(
      fc.property(total, weights, (totalFen, ws) => {
        fc.pre(ws.some((w) => w > 0n));
        const sumWeight = ws.reduce((a, b) => a + b, 0n);
        const parts = split(totalFen, indexed(ws));
        expect(parts.reduce((a, p) => a + p.amountFen, 0n)).toBe(totalFen);
        parts.forEach((part, index) => {
          const w = ws[index] ?? 0n;
          const floor = (totalFen * w) / sumWeight;
          expect(part.amountFen >= 0n).toBe(true);
          expect(part.amountFen === floor || part.amountFen === floor + 1n).toBe(true);
          if (w === 0n) expect(part.amountFen).toBe(0n);
        });
      }),
      { numRuns: 3000 },
    );
  });

  it('matches a brute-force reference that hands out one fen at a time', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 500n }),
        fc.array(fc.bigInt({ min: 0n, max: 50n }), { minLength: 1, maxLength: 6 }),
        (totalFen, ws) => {
          fc.pre(ws.some((w) => w > 0n));
          const sumWeight = ws.reduce((a, b) => a + b, 0n);
          const reference = ws.map((w) => (totalFen * w) / sumWeight);
          let left = totalFen - reference.reduce((a, b) => a + b, 0n);
          const order = ws
            .map((w, index) => ({ index, remainder: (totalFen * w) % sumWeight }))
            .sort((a, b) =>
              a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1,
            );
          for (const { index } of order) {
            if (left === 0n) break;
            reference[index] = (reference[index] ?? 0n) + 1n;
            left -= 1n;
          }
          expect(amounts(split(totalFen, indexed(ws)))).toEqual(reference);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('never gives a party more than its weight when the total is at most the total weight', () => {
    fc.assert(
      fc.property(weights, fc.bigInt({ min: 0n, max: 10n ** 13n }), (ws, seed) => {
        const sumWeight = ws.reduce((a, b) => a + b, 0n);
        fc.pre(sumWeight > 0n);
        const totalFen = seed % (sumWeight + 1n);
        split(totalFen, indexed(ws)).forEach((part, index) => {
          expect(part.amountFen <= (ws[index] ?? 0n)).toBe(true);
        });
      }),
      { numRuns: 2000 },
    );
  });
});
