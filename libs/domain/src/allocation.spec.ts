import fc from 'fast-check';
import {
  type ClaimAllocationInput,
  allocateClaim,
  basisAdjustmentProblem,
  compensationRateBp,
  fundShareChanges,
  tierRateBp,
} from './allocation';
import { type PolicyVersion, defaultPolicy, economicTerms } from './policy';
import {
  capOutcome,
  capped,
  exampleClaimInput,
  PROVINCE_SPLIT,
} from './scenarios/scenario-fixtures';

const policy = defaultPolicy('P2026', '2026-01-01');

const claim = (overrides: Partial<ClaimAllocationInput> = {}, p: PolicyVersion = policy) =>
  exampleClaimInput(overrides, p);

describe('rate', () => {
  it('picks the tier by original principal, inclusive bounds', () => {
    const terms = economicTerms(policy);
    expect(tierRateBp(terms, 1n)).toBe(4000);
    expect(tierRateBp(terms, 500_000_000n)).toBe(4000);
    expect(tierRateBp(terms, 500_000_001n)).toBe(3000);
    expect(tierRateBp(terms, 1_500_000_000n)).toBe(3000);
    expect(tierRateBp(terms, 3_000_000_000n)).toBe(2000);
    expect(() => tierRateBp(terms, 3_000_000_001n)).toThrow(
      expect.objectContaining({ code: 'ALLOCATION.NO_RATE_TIER' }),
    );
  });

  it('adds bonuses once per flag and caps at maxRateBp', () => {
    const terms = economicTerms(policy);
    expect(compensationRateBp(terms, 800_000_000n, ['IP_PLEDGE'])).toEqual({
      tierRateBp: 3000,
      bonusBp: 1500,
      rateBp: 4500,
      cappedAtMax: false,
    });
    expect(compensationRateBp(terms, 100_000_000n, ['IP_PLEDGE', 'IP_PLEDGE'])).toEqual({
      tierRateBp: 4000,
      bonusBp: 1500,
      rateBp: 5000,
      cappedAtMax: true,
    });
    expect(compensationRateBp(terms, 100_000_000n, []).rateBp).toBe(4000);
  });
});

describe('allocateClaim', () => {
  it('computes pool, split and bank share, recording both version ids', () => {
    const a = allocateClaim(claim());
    expect(a).toMatchObject({
      basisFen: 600_000_001n,
      rateBp: 4500,
      uncappedPoolFen: 270_000_000n,
      poolFen: 270_000_000n,
      capReasons: [],
      fundShares: [
        { fundId: 'CITY', weightBp: 5000, shareFen: 135_000_000n },
        { fundId: 'TOWN:XIAOLAN', weightBp: 5000, shareFen: 135_000_000n },
      ],
      bankShareFen: 330_000_001n,
      economicPolicyVersionId: 'P2026',
      proceduralPolicyVersionId: 'P2026',
    });
  });

  it('gives an odd fen of the pool to the fund listed first', () => {
    // 3 x 4000 bp = 1.2 -> 1 fen... use a basis whose pool is odd: 7 x 5000 / 10000 = 3.5 -> 4
    const a = allocateClaim(claim({ basisFen: 7n, originalPrincipalFen: 100n }));
    expect(a.poolFen).toBe(4n);
    expect(a.fundShares.map((s) => s.shareFen)).toEqual([2n, 2n]);
    const b = allocateClaim(claim({ basisFen: 6n, originalPrincipalFen: 100n }));
    expect(b.poolFen).toBe(3n);
    expect(b.fundShares.map((s) => s.shareFen)).toEqual([2n, 1n]);
  });

  it('records both caps when both bite at the same amount, neither when a cap equals the uncapped pool', () => {
    const both = allocateClaim(
      claim({ basisFen: 2_000_000_000n, bankPoolUsedThisYearFen: 500_000_000n }),
    );
    expect(both.poolFen).toBe(500_000_000n);
    expect(both.capReasons).toEqual(['PER_LOAN_CAP', 'PER_BANK_ANNUAL_CAP']);
    // 1111111111 x 4500 bp = 500000000 exactly: equal to the per-loan cap, which therefore does not bite.
    const exact = allocateClaim(claim({ basisFen: 1_111_111_111n }));
    expect(exact.uncappedPoolFen).toBe(500_000_000n);
    expect(exact.capReasons).toEqual([]);
  });

  it('leaves nothing of the annual cap when usage already passed it (a later version lowered it)', () => {
    const a = allocateClaim(claim({ bankPoolUsedThisYearFen: 1_200_000_000n }));
    expect(a.annualRemainingFen).toBe(0n);
    expect(capOutcome(a)).toEqual(capped(0n, ['PER_BANK_ANNUAL_CAP'], [0n, 0n], 600_000_001n));
  });

  it('splits over further funds and per-town overrides in policy order', () => {
    const p: PolicyVersion = {
      ...policy,
      ...PROVINCE_SPLIT,
    };
    expect(allocateClaim(claim({ basisFen: 100_000_001n }, p)).fundShares).toEqual([
      { fundId: 'PROVINCE', weightBp: 2000, shareFen: 9_000_000n },
      { fundId: 'CITY', weightBp: 4000, shareFen: 18_000_000n },
      { fundId: 'TOWN:XIAOLAN', weightBp: 4000, shareFen: 18_000_000n },
    ]);
    expect(
      allocateClaim(claim({ basisFen: 100_000_001n, townCode: 'TORCH' }, p)).fundShares,
    ).toEqual([
      { fundId: 'CITY', weightBp: 3000, shareFen: 13_500_000n },
      { fundId: 'TOWN:TORCH', weightBp: 7000, shareFen: 31_500_000n },
    ]);
  });

  it('handles a zero basis (fully recovered before payout)', () => {
    const a = allocateClaim(claim({ basisFen: 0n }));
    expect([a.poolFen, a.bankShareFen]).toEqual([0n, 0n]);
  });

  it('refuses a negative basis', () => {
    expect(() => allocateClaim(claim({ basisFen: -1n }))).toThrow(/negative/);
  });

  it('reports how a recomputation moved each fund share', () => {
    const before = allocateClaim(claim());
    const after = allocateClaim(claim({ basisFen: 400_000_000n }));
    expect(fundShareChanges(before, after)).toEqual([
      { fundId: 'CITY', fromFen: 135_000_000n, toFen: 90_000_000n, deltaFen: -45_000_000n },
      { fundId: 'TOWN:XIAOLAN', fromFen: 135_000_000n, toFen: 90_000_000n, deltaFen: -45_000_000n },
    ]);
    expect(() => fundShareChanges(before, allocateClaim(claim({ townCode: 'GUZHEN' })))).toThrow(
      /changed the funds/,
    );
  });

  it('bounds an adjusted basis between one fen and the outstanding at default', () => {
    expect(basisAdjustmentProblem(0n, 10n)).toBe('BELOW_ONE_FEN');
    expect(basisAdjustmentProblem(11n, 10n)).toBe('ABOVE_OUTSTANDING_AT_DEFAULT');
    expect(basisAdjustmentProblem(1n, 10n)).toBeUndefined();
    expect(basisAdjustmentProblem(10n, 10n)).toBeUndefined();
  });
});

describe('allocateClaim properties', () => {
  it('never passes a cap, shares sum to the pool, nothing negative, bank share = basis - pool', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 3_000_000_000n }),
        fc.bigInt({ min: 1n, max: 3_000_000_000n }),
        fc.boolean(),
        fc.bigInt({ min: 0n, max: 1_500_000_000n }),
        fc.integer({ min: 0, max: 10_000 }),
        (basisFen, principalFen, pledged, usedFen, cityWeightBp) => {
          const p: PolicyVersion = {
            ...policy,
            split: [
              { fund: 'CITY', weightBp: cityWeightBp },
              { fund: 'TOWN', weightBp: 10_000 - cityWeightBp },
            ],
          };
          const a = allocateClaim(
            claim(
              {
                basisFen,
                originalPrincipalFen: principalFen,
                flags: pledged ? ['IP_PLEDGE'] : [],
                bankPoolUsedThisYearFen: usedFen,
              },
              p,
            ),
          );
          const remainingFen = usedFen >= 1_000_000_000n ? 0n : 1_000_000_000n - usedFen;
          const sharesFen = a.fundShares.reduce((s, f) => s + f.shareFen, 0n);
          return (
            a.poolFen <= 500_000_000n &&
            a.poolFen <= remainingFen &&
            a.poolFen <= (basisFen * 5000n + 5000n) / 10_000n &&
            sharesFen === a.poolFen &&
            a.fundShares.every((f) => f.shareFen >= 0n) &&
            a.bankShareFen === basisFen - a.poolFen &&
            a.bankShareFen >= 0n &&
            a.capReasons.every((r) =>
              r === 'PER_LOAN_CAP' ? a.poolFen === 500_000_000n : a.poolFen === remainingFen,
            )
          );
        },
      ),
      { numRuns: 2000 },
    );
  });
});
