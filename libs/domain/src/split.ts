import { DomainError, invariant } from './domain-error';
import type { Fen } from './money';

/** A party to a split: any label (a fund id, "BANK", ...) and a non-negative integer weight. */
export interface SplitParty<L> {
  readonly label: L;
  readonly weight: bigint;
}

export interface SplitPart<L> {
  readonly label: L;
  readonly weight: bigint;
  readonly amountFen: Fen;
}

export const SPLIT_ZERO_WEIGHT = 'SPLIT.ZERO_TOTAL_WEIGHT';

/**
 * THE split of the system (docs/domain.md §2, largest remainder / Hamilton). Each party gets
 * `floor(T × w / Σw)`; the fen left over go one each to the largest remainders `(T × w) mod Σw`,
 * ties to the party listed first. Parts come back in the order given.
 *
 * Zero total weight (no parties, or every weight 0): a total of 0 splits into zeros; any other
 * total throws `SPLIT.ZERO_TOTAL_WEIGHT`, because there is nobody to give the money to and
 * silently dropping it would break "parts sum to the total".
 *
 * A zero-weight party never receives a leftover fen: the leftover count is below the number of
 * parties with a non-zero remainder, and a zero weight has remainder 0.
 */
export function split<L>(totalFen: Fen, parties: readonly SplitParty<L>[]): SplitPart<L>[] {
  invariant(totalFen >= 0n, () => `split of a negative total ${totalFen}`);
  let totalWeight = 0n;
  for (const party of parties) {
    invariant(party.weight >= 0n, () => `split weight of ${String(party.label)} is negative`);
    totalWeight += party.weight;
  }
  if (totalWeight === 0n) {
    if (totalFen === 0n)
      return parties.map((p) => ({ label: p.label, weight: p.weight, amountFen: 0n }));
    throw new DomainError(
      SPLIT_ZERO_WEIGHT,
      `cannot split ${totalFen} fen over zero total weight`,
      {
        totalFen: totalFen.toString(),
      },
    );
  }

  const floors: bigint[] = [];
  const remainders: bigint[] = [];
  let allocatedFen = 0n;
  for (const party of parties) {
    const product = totalFen * party.weight;
    const floor = product / totalWeight;
    floors.push(floor);
    remainders.push(product % totalWeight);
    allocatedFen += floor;
  }

  const leftoverFen = totalFen - allocatedFen;
  invariant(
    leftoverFen >= 0n && leftoverFen < BigInt(parties.length),
    () => `split leftover ${leftoverFen} out of range for ${parties.length} parties`,
  );
  const amounts = [...floors];
  if (leftoverFen > 0n) {
    // Stable order: larger remainder first, then the party listed first.
    const order = parties.map((_, index) => index);
    order.sort((a, b) => {
      const ra = remainders[a] ?? 0n;
      const rb = remainders[b] ?? 0n;
      if (ra !== rb) return ra > rb ? -1 : 1;
      return a - b;
    });
    for (let k = 0; k < Number(leftoverFen); k += 1) {
      const index = order[k];
      invariant(
        index !== undefined && (remainders[index] ?? 0n) > 0n,
        'leftover fen to a zero remainder',
      );
      amounts[index] = (amounts[index] ?? 0n) + 1n;
    }
  }

  const parts = parties.map((party, index) => ({
    label: party.label,
    weight: party.weight,
    amountFen: amounts[index] ?? 0n,
  }));
  assertSplitPostconditions(totalFen, parts);
  return parts;
}

function assertSplitPostconditions<L>(totalFen: Fen, parts: readonly SplitPart<L>[]): void {
  let sumFen = 0n;
  for (const part of parts) {
    invariant(part.amountFen >= 0n, () => `split part of ${String(part.label)} is negative`);
    sumFen += part.amountFen;
  }
  invariant(sumFen === totalFen, () => `split parts sum to ${sumFen}, not ${totalFen}`);
}

/** Splits by the given labels and weights, returning `Map<label, amountFen>`. Labels must be unique. */
export function splitToMap<L>(totalFen: Fen, parties: readonly SplitParty<L>[]): Map<L, Fen> {
  const result = new Map<L, Fen>();
  for (const part of split(totalFen, parties)) {
    invariant(!result.has(part.label), () => `split label ${String(part.label)} appears twice`);
    result.set(part.label, part.amountFen);
  }
  return result;
}
