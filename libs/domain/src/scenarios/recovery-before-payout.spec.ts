import {
  allocateClaim,
  changeShare,
  fundShareChanges,
  lowerBasisByRecovery,
  netRecoveryFen,
  recoveryTreatment,
  restartApprovals,
} from '../index';
import {
  approvedByFunds,
  exampleClaimInput,
  fundReserving,
  openExampleClaim,
} from './scenario-fixtures';

describe('a recovery before payout lowers the basis instead of being shared', () => {
  it('recomputes the claim from the lower basis and releases the difference', () => {
    const before = allocateClaim(exampleClaimInput());
    let town = fundReserving('TOWN:XIAOLAN', 300_000_000n, ['C1', 135_000_000n]);
    const decision = approvedByFunds(openExampleClaim(), 'CITY');

    expect(recoveryTreatment('OPEN')).toBe('LOWER_BASIS');
    const lowered = lowerBasisByRecovery(
      before.basisFen,
      netRecoveryFen(100_000_000n, 10_000_000n),
    );
    expect(lowered).toEqual({ basisFen: 510_000_001n, appliedFen: 90_000_000n, excessFen: 0n });

    const after = allocateClaim(exampleClaimInput({ basisFen: lowered.basisFen }));
    // 510000001 x 4500 bp = 229500000.45 -> 229500000
    expect(after.poolFen).toBe(229_500_000n);
    expect(after.fundShares.map((s) => s.shareFen)).toEqual([114_750_000n, 114_750_000n]);
    expect(after.bankShareFen).toBe(280_500_001n);

    const [, townChange] = fundShareChanges(before, after);
    expect(townChange).toEqual({
      fundId: 'TOWN:XIAOLAN',
      fromFen: 135_000_000n,
      toFen: 114_750_000n,
      deltaFen: -20_250_000n,
    });
    const changed = changeShare(town, 'C1', townChange?.toFen ?? -1n);
    expect(changed.releasedFen).toBe(20_250_000n);
    town = changed.fund;
    expect(town.availableFen).toBe(185_250_000n);

    // The amounts changed, so the approvals given so far start again.
    expect(restartApprovals(decision).approvedBy).toEqual([]);
  });

  it('stops the basis at 0 when the recovery covers everything', () => {
    const lowered = lowerBasisByRecovery(600_000_001n, 700_000_000n);
    expect(lowered).toEqual({ basisFen: 0n, appliedFen: 600_000_001n, excessFen: 99_999_999n });
    const claim = allocateClaim(exampleClaimInput({ basisFen: lowered.basisFen }));
    expect([claim.poolFen, claim.bankShareFen]).toEqual([0n, 0n]);
  });
});
