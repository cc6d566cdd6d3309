import { allocateClaim, heldFor, newFund, queuedFor, reserve } from '../index';
import { exampleClaimInput, fundReserving } from './scenario-fixtures';

describe('a town fund short of money holds what it has and queues the rest', () => {
  it('holds all of CITY share, but only 100000000 of XIAOLAN share with 35000000 queued', () => {
    const claim = allocateClaim(exampleClaimInput());
    const city = reserve(
      newFund('CITY', 10_000_000_000n),
      'C1',
      claim.fundShares[0]?.shareFen ?? -1n,
    );
    const town = reserve(
      newFund('TOWN:XIAOLAN', 100_000_000n),
      'C1',
      claim.fundShares[1]?.shareFen ?? -1n,
    );
    expect([city.heldFen, city.queuedFen]).toEqual([135_000_000n, 0n]);
    expect([town.heldFen, town.queuedFen]).toEqual([100_000_000n, 35_000_000n]);
    expect(town.fund.availableFen).toBe(0n);
  });

  it('queues a later claim behind an earlier one even when it is smaller', () => {
    const town = fundReserving('TOWN:XIAOLAN', 100_000_000n, ['C1', 135_000_000n], ['C2', 1n]);
    expect(heldFor(town, 'C2')).toBe(0n);
    expect(town.queue.map((q) => [q.claimId, q.amountFen])).toEqual([
      ['C1', 35_000_000n],
      ['C2', 1n],
    ]);
    expect(queuedFor(town, 'C2')).toBe(1n);
  });
});
