import fc from 'fast-check';
import { split } from './split';
import {
  basisAtDefault,
  lowerBasisByRecovery,
  netRecoveryFen,
  recoveryTreatment,
  shareRecovery,
} from './recovery';

/** A claim's basis, each fund's share (by fund id) and the bank's share. */
const sharesOf = (basisFen: bigint, funds: Record<string, bigint>, bankShareFen: bigint) => ({
  basisFen,
  fundShares: Object.entries(funds).map(([fundId, shareFen]) => ({ fundId, shareFen })),
  bankShareFen,
});
const exampleShares = sharesOf(
  600_000_001n,
  { CITY: 135_000_000n, 'TOWN:XIAOLAN': 135_000_000n },
  330_000_001n,
);

describe('netRecoveryFen', () => {
  it('is amount less costs, not below 0', () => {
    expect(netRecoveryFen(100_000_000n, 10_000_000n)).toBe(90_000_000n);
    expect(netRecoveryFen(5n, 9n)).toBe(0n);
    expect(() => netRecoveryFen(-1n, 0n)).toThrow();
  });
});

describe('recovery before payout lowers the basis', () => {
  it('lowers the basis and stops at 0, the excess staying with the bank', () => {
    expect(lowerBasisByRecovery(600_000_001n, 90_000_000n)).toEqual({
      basisFen: 510_000_001n,
      appliedFen: 90_000_000n,
      excessFen: 0n,
    });
    expect(lowerBasisByRecovery(10n, 15n)).toEqual({
      basisFen: 0n,
      appliedFen: 10n,
      excessFen: 5n,
    });
    expect(basisAtDefault(600_000_001n, 1n)).toBe(600_000_000n);
  });
});

describe('shareRecovery', () => {
  it('shares the worked example recovery: 20250000 / 20250000 / 49500000', () => {
    const r = shareRecovery({
      ...exampleShares,
      previousCumulativeNetFen: 0n,
      netFen: 90_000_000n,
    });
    expect(r.funds).toEqual([
      { fundId: 'CITY', cumulativePartFen: 20_250_000n, owedFen: 20_250_000n },
      { fundId: 'TOWN:XIAOLAN', cumulativePartFen: 20_250_000n, owedFen: 20_250_000n },
    ]);
    expect([r.bankPartFen, r.totalOwedToFundsFen, r.excessOverBasisFen]).toEqual([
      49_500_000n,
      40_500_000n,
      0n,
    ]);
  });

  it('caps the cumulative recovery at the basis; beyond it the bank keeps everything', () => {
    const first = shareRecovery({
      ...exampleShares,
      previousCumulativeNetFen: 0n,
      netFen: 600_000_000n,
    });
    const second = shareRecovery({
      ...exampleShares,
      previousCumulativeNetFen: 600_000_000n,
      netFen: 10n,
    });
    expect(second.cappedCumulativeFen).toBe(600_000_001n);
    expect(second.excessOverBasisFen).toBe(9n);
    expect((first.funds[0]?.cumulativePartFen ?? 0n) + (second.funds[0]?.owedFen ?? 0n)).toBe(
      135_000_000n,
    );
    const third = shareRecovery({
      ...exampleShares,
      previousCumulativeNetFen: 600_000_010n,
      netFen: 50n,
    });
    expect(third.funds.map((f) => f.owedFen)).toEqual([0n, 0n]);
    expect([third.bankPartFen, third.excessOverBasisFen]).toEqual([0n, 50n]);
  });

  it('can ask a fund to give back one fen (the Alabama paradox of largest remainder)', () => {
    // Shares [2, 6] and bank 6 (basis 14): R = 10 -> [2, 4, 4]; R = 11 -> [1, 5, 5].
    const shares = sharesOf(14n, { A: 2n, B: 6n }, 6n);
    const r = shareRecovery({ ...shares, previousCumulativeNetFen: 10n, netFen: 1n });
    expect(r.funds.map((f) => f.owedFen)).toEqual([-1n, 1n]);
    expect(r.bankPartFen).toBe(1n);
  });

  it('refuses shares that do not sum to the basis', () => {
    expect(() =>
      shareRecovery({
        ...exampleShares,
        basisFen: 600_000_002n,
        previousCumulativeNetFen: 0n,
        netFen: 1n,
      }),
    ).toThrow(/basis/);
  });

  it('decides what a recovery does from the claim status', () => {
    expect(recoveryTreatment('OPEN')).toBe('LOWER_BASIS');
    expect(recoveryTreatment('DEFERRED')).toBe('LOWER_BASIS');
    expect(recoveryTreatment('APPROVED')).toBe('SHARE');
    expect(recoveryTreatment('DENIED')).toBe('RECORD_ONLY');
    expect(recoveryTreatment('WITHDRAWN')).toBe('RECORD_ONLY');
    expect(recoveryTreatment(undefined)).toBe('RECORD_ONLY');
  });
});

describe('shareRecovery properties', () => {
  it('over any sequence of recoveries equals the split of their total, never more than a party bore', () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 9n }), { minLength: 1, maxLength: 4 }),
        fc.bigInt({ min: 0n, max: 10n ** 9n }),
        fc.array(fc.bigInt({ min: 0n, max: 4n * 10n ** 8n }), { minLength: 1, maxLength: 8 }),
        (fundSharesFen, bankShareFen, recoveries) => {
          const fundShares = fundSharesFen.map((shareFen, i) => ({ fundId: `F${i}`, shareFen }));
          const basisFen = fundSharesFen.reduce((a, b) => a + b, 0n) + bankShareFen;
          const owed = fundShares.map(() => 0n);
          let bankFen = 0n;
          let excessFen = 0n;
          let cumulativeFen = 0n;
          for (const netFen of recoveries) {
            const r = shareRecovery({
              basisFen,
              fundShares,
              bankShareFen,
              previousCumulativeNetFen: cumulativeFen,
              netFen,
            });
            r.funds.forEach((f, i) => {
              owed[i] = (owed[i] ?? 0n) + f.owedFen;
              if (f.owedFen < -1n || f.cumulativePartFen > (fundSharesFen[i] ?? 0n))
                throw new Error('bound broken');
            });
            bankFen += r.bankPartFen;
            excessFen += r.excessOverBasisFen;
            cumulativeFen += netFen;
          }
          const cappedFen = cumulativeFen < basisFen ? cumulativeFen : basisFen;
          const parties = [
            ...fundShares.map((f) => ({ label: f.fundId, weight: f.shareFen })),
            { label: 'BANK', weight: bankShareFen },
          ];
          const expected =
            basisFen === 0n
              ? parties.map(() => 0n)
              : split(cappedFen, parties).map((p) => p.amountFen);
          return (
            [...owed, bankFen].every((v, i) => v === expected[i]) &&
            owed.every((v, i) => v <= (fundSharesFen[i] ?? 0n)) &&
            bankFen <= bankShareFen &&
            excessFen === cumulativeFen - cappedFen
          );
        },
      ),
      { numRuns: 2000 },
    );
  });
});
