import { type Allocation, type OpenOwed, owedChange, reduceOwed } from './owed-matching';

/** Where one creditor's owed amounts on one claim are kept (a fund's, or a co-sharer's). */
export interface CumulativeOwedStore {
  /** The position held so far (locked), or undefined before the first recovery. */
  position(): Promise<
    { cumulativeOwedFen: bigint; cumulativeNetFen: bigint; creditFen: bigint } | undefined
  >;
  /** A new owed amount; `settledFen` of it came out of the credit. */
  insertOwed(amountFen: bigint, settledFen: bigint): Promise<void>;
  /** The outstanding owed amounts of this claim and creditor, newest first, locked. */
  openNewestFirst(): Promise<OpenOwed[]>;
  reduceOwed(reduction: Allocation): Promise<void>;
  savePosition(
    cumulativeOwedFen: bigint,
    cumulativeNetFen: bigint,
    creditFen: bigint,
  ): Promise<void>;
}

/**
 * Applies a creditor's new cumulative part of a claim's recoveries (docs/domain.md §5.8, §8.4):
 * the change is always taken against the figure held (an event's own change may be -1 fen). A
 * rise is a new owed amount (paid first out of any credit); a fall comes off the newest outstanding
 * amounts, or, where those were already paid, becomes a credit. An event older than the cumulative
 * net already applied changes nothing (`skipped`). Answers the change netted.
 */
export async function applyCumulativeOwed(
  store: CumulativeOwedStore,
  cumulativeNetFen: bigint,
  cumulativeOwedFen: bigint,
): Promise<{ skipped: true } | { skipped: false; changeFen: bigint }> {
  const position = await store.position();
  if (position !== undefined && cumulativeNetFen < position.cumulativeNetFen)
    return { skipped: true };
  const change = owedChange(position?.cumulativeOwedFen ?? 0n, cumulativeOwedFen);
  let credit = position?.creditFen ?? 0n;
  if (change > 0n) {
    const fromCredit = credit < change ? credit : change;
    credit -= fromCredit;
    await store.insertOwed(change, fromCredit);
  } else if (change < 0n) {
    const { reductions, creditFen } = reduceOwed(await store.openNewestFirst(), -change);
    for (const r of reductions) await store.reduceOwed(r);
    credit += creditFen;
  }
  await store.savePosition(cumulativeOwedFen, cumulativeNetFen, credit);
  return { skipped: false, changeFen: change };
}
