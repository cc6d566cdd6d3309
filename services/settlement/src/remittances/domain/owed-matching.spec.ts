import { matchRemittance, owedChange, reduceOwed } from './owed-matching';

const owed = (owedId: string, outstandingFen: bigint) => ({ owedId, outstandingFen });

describe('matching remittances to owed amounts', () => {
  it('settles the oldest first and leaves the rest outstanding (underpayment)', () => {
    expect(matchRemittance([owed('1', 100n), owed('2', 50n)], 120n)).toEqual({
      allocations: [
        { owedId: '1', amountFen: 100n },
        { owedId: '2', amountFen: 20n },
      ],
      matchedFen: 120n,
      overpaidFen: 0n,
    });
  });

  it('makes what is left after everything owed an overpayment', () => {
    expect(matchRemittance([owed('1', 100n)], 130n)).toEqual({
      allocations: [{ owedId: '1', amountFen: 100n }],
      matchedFen: 100n,
      overpaidFen: 30n,
    });
    expect(matchRemittance([], 5n)).toEqual({ allocations: [], matchedFen: 0n, overpaidFen: 5n });
  });

  it('nets a -1 fen change against the cumulative figure; a drop past what is open is a credit', () => {
    expect(owedChange(20250000n, 20249999n)).toBe(-1n);
    expect(owedChange(0n, 20250000n)).toBe(20250000n);
    expect(reduceOwed([owed('2', 10n)], 1n)).toEqual({
      reductions: [{ owedId: '2', amountFen: 1n }],
      creditFen: 0n,
    });
    expect(reduceOwed([], 1n)).toEqual({ reductions: [], creditFen: 1n });
  });
});
