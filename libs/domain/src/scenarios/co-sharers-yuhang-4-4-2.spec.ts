// docs/domain.md §8.4: Hangzhou Yuhang shares a loss 4:4:2 between the pool, a guarantor and the bank.
import { type CoSharer, allocateClaim, coSharerIssues } from '../index';
import { exampleClaimInput, firstRecoveryAfterPayout } from './scenario-fixtures';

const GUARANTOR: CoSharer = { partyId: 'G-YHGUAR', kind: 'GUARANTOR', shareBp: 4_000 };

describe('a Yuhang 4:4:2 loan with a guarantor', () => {
  // Default policy: 3,000,000.00 yuan principal is in the ≤500万 tier, 4000 bp; no IP pledge.
  const claim = allocateClaim(
    exampleClaimInput({
      basisFen: 250_000_003n,
      originalPrincipalFen: 300_000_000n,
      flags: [],
      townCode: 'GUZHEN',
      coSharers: [GUARANTOR],
    }),
  );

  it('registers: 4000 + 4000 = 8000 = 10000 − 2000 (the default minLenderShareBp)', () => {
    expect(
      coSharerIssues({ coSharers: [GUARANTOR], rateBp: 4_000, minLenderShareBp: 2_000 }),
    ).toEqual([]);
    expect(
      coSharerIssues({
        coSharers: [{ ...GUARANTOR, shareBp: 4_001 }],
        rateBp: 4_000,
        minLenderShareBp: 2_000,
      }).map((i) => i.code),
    ).toEqual(['LENDER_BELOW_MINIMUM_SHARE']);
  });

  it('gives the pool 100000001, the guarantor 100000001 and the bank 50000001', () => {
    // pool (250000003 × 4000 + 5000) div 10000 = 100000001 (exact 100000001.2)
    expect(claim.poolFen).toBe(100_000_001n);
    // 100000001 over CITY 5000 / GUZHEN 5000: 50000000 each, the odd fen to CITY (listed first).
    expect(claim.fundShares.map((s) => s.shareFen)).toEqual([50_000_001n, 50_000_000n]);
    // guarantor (250000003 × 4000 + 5000) div 10000 = 100000001; lender minimum 50000001 (.6 up)
    expect(claim.coSharerShares[0]?.shareFen).toBe(100_000_001n);
    expect(claim.lenderMinimumFen).toBe(50_000_001n);
    expect(claim.lenderShareFen).toBe(50_000_001n);
  });

  it('shares a recovery of 50000000 after payout 2:2:4:2', () => {
    const shared = firstRecoveryAfterPayout(claim, 50_000_000n);
    // 50000000 × [50000001, 50000000, 100000001, 50000001] / 250000003:
    // floors 10000000, 9999999, 19999999, 10000000 (sum 49999998); remainders 20000000,
    // 220000003, 240000003, 20000000: the two fen left go to the guarantor, then GUZHEN.
    expect(shared.funds.map((f) => f.owedFen)).toEqual([10_000_000n, 10_000_000n]);
    expect(shared.coSharers.map((c) => c.owedFen)).toEqual([20_000_000n]);
    expect(shared.bankPartFen).toBe(10_000_000n);
  });
});
