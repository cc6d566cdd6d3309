/** An owed amount that still has something outstanding, in the order it should be settled. */
export interface OpenOwed {
  readonly owedId: string;
  readonly outstandingFen: bigint;
}

export interface Allocation {
  readonly owedId: string;
  readonly amountFen: bigint;
}

/**
 * Matches a remittance to what the bank owes, in the given order (oldest first, or only the
 * named claim's): each owed amount takes what it still needs; what is left over is an
 * overpayment. Whatever is not covered stays outstanding (an underpayment).
 */
export function matchRemittance(
  open: readonly OpenOwed[],
  amountFen: bigint,
): { allocations: Allocation[]; matchedFen: bigint; overpaidFen: bigint } {
  let left = amountFen;
  const allocations: Allocation[] = [];
  for (const owed of open) {
    if (left === 0n) break;
    const take = owed.outstandingFen < left ? owed.outstandingFen : left;
    if (take <= 0n) continue;
    allocations.push({ owedId: owed.owedId, amountFen: take });
    left -= take;
  }
  return { allocations, matchedFen: amountFen - left, overpaidFen: left };
}

/**
 * A claim's cumulative owed figure fell (largest-remainder parts are not monotone: -1 fen).
 * The drop comes off the newest outstanding amounts first; what cannot come off (the bank had
 * already remitted it) becomes a credit on that claim and fund.
 */
export function reduceOwed(
  openNewestFirst: readonly OpenOwed[],
  reductionFen: bigint,
): { reductions: Allocation[]; creditFen: bigint } {
  const { allocations, overpaidFen } = matchRemittance(openNewestFirst, reductionFen);
  return { reductions: allocations, creditFen: overpaidFen };
}

/** What one recovery-shared event newly makes the bank owe a fund: netted on the cumulative figure. */
export function owedChange(previousCumulativeFen: bigint, cumulativeFen: bigint): bigint {
  return cumulativeFen - previousCumulativeFen;
}
