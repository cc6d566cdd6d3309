import { allocateClaim } from '../index';
import { exampleClaimInput } from './scenario-fixtures';

describe('a large default is capped at the per-loan cap', () => {
  it('pays 500000000 instead of 675000000 and records PER_LOAN_CAP', () => {
    // Principal 15,000,000.00 yuan (tier 3000) + IP pledge 1500 = 4500 bp on 1500000000 = 675000000.
    const claim = allocateClaim(
      exampleClaimInput({ basisFen: 1_500_000_000n, originalPrincipalFen: 1_500_000_000n }),
    );
    expect(claim.rateBp).toBe(4500);
    expect(claim.uncappedPoolFen).toBe(675_000_000n);
    expect(claim.poolFen).toBe(500_000_000n);
    expect(claim.capReasons).toEqual(['PER_LOAN_CAP']);
    expect(claim.fundShares.map((s) => s.shareFen)).toEqual([250_000_000n, 250_000_000n]);
    expect(claim.bankShareFen).toBe(1_000_000_000n);
  });
});
