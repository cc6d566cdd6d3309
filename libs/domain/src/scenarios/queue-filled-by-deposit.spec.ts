import { deposit, heldFor, settle } from '../index';
import { fundReserving } from './scenario-fixtures';

describe('a deposit fills the queue oldest first', () => {
  it('completes the older part, partly fills the next, and keeps nothing available while parts wait', () => {
    const town = fundReserving('TOWN:XIAOLAN', 0n, ['C1', 35_000_000n], ['C2', 50_000_000n]);
    const first = deposit(town, 60_000_000n);
    expect(first.fills).toEqual([
      { claimId: 'C1', amountFen: 35_000_000n, seq: 1, partCompleted: true },
      { claimId: 'C2', amountFen: 25_000_000n, seq: 2, partCompleted: false },
    ]);
    expect(first.fund.availableFen).toBe(0n);
    const second = deposit(first.fund, 40_000_000n);
    expect(second.fills).toEqual([
      { claimId: 'C2', amountFen: 25_000_000n, seq: 2, partCompleted: true },
    ]);
    expect(second.fund.availableFen).toBe(15_000_000n);
    expect(heldFor(second.fund, 'C2')).toBe(50_000_000n);
  });

  it('pays an approved claim as the queue fills it', () => {
    // C1 approved with 165000000 held and 35000000 queued (the worked example's second default).
    let town = fundReserving('TOWN:XIAOLAN', 165_000_000n, ['C1', 200_000_000n]);
    const firstPayout = settle(town, 'C1');
    expect(firstPayout.paidFen).toBe(165_000_000n);
    town = firstPayout.fund;
    const filled = deposit(town, 50_000_000n);
    expect(filled.fills.map((f) => [f.claimId, f.amountFen])).toEqual([['C1', 35_000_000n]]);
    const secondPayout = settle(filled.fund, 'C1');
    expect(secondPayout.paidFen).toBe(35_000_000n);
    expect(secondPayout.fund.availableFen).toBe(15_000_000n);
    expect(secondPayout.fund.queue).toEqual([]);
  });
});
