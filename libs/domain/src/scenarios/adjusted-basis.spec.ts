import {
  adjustClaimBasis,
  allocateClaim,
  annualPoolUsedFen,
  basisAdjustmentProblem,
  changeShare,
  fundShareChanges,
  heldFor,
  queuedFor,
} from '../index';
import { exampleClaimInput, fundReserving, openExampleClaim } from './scenario-fixtures';

describe('a fund manager adjusts the basis', () => {
  const outstandingAtDefaultFen = 600_000_001n;
  const original = allocateClaim(exampleClaimInput());

  it('down: the queued part shrinks first, then the hold is released and fills the queue', () => {
    // XIAOLAN had 100000000: C1 holds 100000000 and queues 35000000; C2 queues 20000000 behind it.
    const town = fundReserving(
      'TOWN:XIAOLAN',
      100_000_000n,
      ['C1', 135_000_000n],
      ['C2', 20_000_000n],
    );

    const newBasisFen = 400_000_000n;
    expect(basisAdjustmentProblem(newBasisFen, outstandingAtDefaultFen)).toBeUndefined();
    const adjusted = allocateClaim(exampleClaimInput({ basisFen: newBasisFen }));
    expect(adjusted.poolFen).toBe(180_000_000n);
    const [, townChange] = fundShareChanges(original, adjusted);
    expect(townChange?.toFen).toBe(90_000_000n);

    // cut 45000000: 35000000 from C1's queued part, then 10000000 from its hold
    const result = changeShare(town, 'C1', 90_000_000n);
    expect([result.queuedDeltaFen, result.heldDeltaFen, result.releasedFen]).toEqual([
      -35_000_000n,
      -10_000_000n,
      10_000_000n,
    ]);
    expect(result.fills).toEqual([
      { claimId: 'C2', amountFen: 10_000_000n, seq: 2, partCompleted: false },
    ]);
    expect([heldFor(result.fund, 'C1'), queuedFor(result.fund, 'C1')]).toEqual([90_000_000n, 0n]);
    expect(queuedFor(result.fund, 'C2')).toBe(10_000_000n);
  });

  it('up: holds what is available and queues the rest behind its existing queued part', () => {
    const lowerClaim = allocateClaim(exampleClaimInput({ basisFen: 400_000_000n })); // 90000000 a fund
    const town = fundReserving(
      'TOWN:XIAOLAN',
      80_000_000n,
      ['C1', 90_000_000n], // 80 held, 10 queued
      ['C2', 5_000_000n], // queued behind
    );
    const higher = allocateClaim(exampleClaimInput({ basisFen: outstandingAtDefaultFen }));
    const [, townChange] = fundShareChanges(lowerClaim, higher);
    expect(townChange?.deltaFen).toBe(45_000_000n);
    const result = changeShare(town, 'C1', townChange?.toFen ?? -1n);
    expect([result.heldDeltaFen, result.queuedDeltaFen]).toEqual([0n, 45_000_000n]);
    expect(result.fund.queue.map((q) => [q.claimId, q.amountFen])).toEqual([
      ['C1', 55_000_000n],
      ['C2', 5_000_000n],
    ]);
  });

  it('up without a queued part: holds what is available, the rest at the end of the queue', () => {
    let town = fundReserving('TOWN:XIAOLAN', 100_000_000n, ['C1', 90_000_000n]); // 10000000 left
    const result = changeShare(town, 'C1', 135_000_000n);
    expect([result.heldDeltaFen, result.queuedDeltaFen]).toEqual([10_000_000n, 35_000_000n]);
    town = result.fund;
    expect(town.queue).toEqual([{ claimId: 'C1', amountFen: 35_000_000n, seq: 1 }]);
  });

  it('recomputes against the caps as they stand, leaving the claim itself out of the annual usage', () => {
    const claims = [
      {
        claimId: 'C0',
        bankId: 'B1',
        openedOn: '2026-01-05',
        status: 'APPROVED' as const,
        poolFen: 800_000_000n,
      },
      {
        claimId: 'C1',
        bankId: 'B1',
        openedOn: '2026-02-05',
        status: 'OPEN' as const,
        poolFen: 200_000_000n,
      },
    ];
    const used = annualPoolUsedFen(claims, 'B1', 2026, 'C1');
    expect(used).toBe(800_000_000n);
    const recomputed = allocateClaim(
      exampleClaimInput({ basisFen: outstandingAtDefaultFen, bankPoolUsedThisYearFen: used }),
    );
    expect(recomputed.poolFen).toBe(200_000_000n);
    expect(recomputed.capReasons).toEqual(['PER_BANK_ANNUAL_CAP']);
  });

  it('refuses a basis below one fen or above the outstanding at default, and restarts approvals', () => {
    expect(basisAdjustmentProblem(0n, outstandingAtDefaultFen)).toBe('BELOW_ONE_FEN');
    expect(basisAdjustmentProblem(600_000_002n, outstandingAtDefaultFen)).toBe(
      'ABOVE_OUTSTANDING_AT_DEFAULT',
    );
    const state = { ...openExampleClaim(), approvedBy: ['CITY'] };
    const result = adjustClaimBasis(state, { kind: 'fund-manager', fundId: 'TOWN:XIAOLAN' });
    expect(result.ok && result.state.approvedBy).toEqual([]);
  });
});
