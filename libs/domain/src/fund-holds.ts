import { invariant } from './domain-error';
import { type Fen, minFen } from './money';

/**
 * A fund's money, docs/domain.md §5.5-5.7: what is `available`, what is held for claims, and the FIFO
 * queue of shares still waiting. Pure functions: each returns a new state plus what happened.
 *
 * Invariants (checked after every step):
 * - nothing is negative; holds and queued parts are positive (empty ones are dropped);
 * - a claim has at most one hold and one queued part per fund;
 * - the queue is in arrival order (`seq` strictly ascending);
 * - a non-empty queue means nothing is available: money that becomes available fills the queue
 *   first, so a new claim can never jump the queue.
 */
export interface Hold {
  readonly claimId: string;
  readonly amountFen: Fen;
}

export interface QueuedPart {
  readonly claimId: string;
  /** Free-form id the caller may attach (e.g. the claim's part on this fund). */
  readonly partId?: string;
  readonly amountFen: Fen;
  /** Arrival order; a claim's later increase joins its existing part and keeps its place. */
  readonly seq: number;
}

export interface FundState {
  readonly fundId: string;
  readonly availableFen: Fen;
  readonly holds: readonly Hold[];
  readonly queue: readonly QueuedPart[];
  readonly nextSeq: number;
}

/** Queued money turned into a hold for a claim. */
export interface Fill {
  readonly claimId: string;
  readonly partId?: string;
  readonly amountFen: Fen;
  readonly seq: number;
  /** The queued part is now fully held and has left the queue. */
  readonly partCompleted: boolean;
}

export function newFund(fundId: string, availableFen: Fen = 0n): FundState {
  const fund: FundState = { fundId, availableFen, holds: [], queue: [], nextSeq: 1 };
  assertFundInvariants(fund);
  return fund;
}

export function heldFor(fund: FundState, claimId: string): Fen {
  return fund.holds.find((h) => h.claimId === claimId)?.amountFen ?? 0n;
}

export function queuedFor(fund: FundState, claimId: string): Fen {
  return fund.queue.find((q) => q.claimId === claimId)?.amountFen ?? 0n;
}

export function totalHeldFen(fund: FundState): Fen {
  return fund.holds.reduce((sum, h) => sum + h.amountFen, 0n);
}

export function totalQueuedFen(fund: FundState): Fen {
  return fund.queue.reduce((sum, q) => sum + q.amountFen, 0n);
}

/** The money the fund actually has: available plus held (queued parts are promises, not money). */
export function balanceFen(fund: FundState): Fen {
  return fund.availableFen + totalHeldFen(fund);
}

export function assertFundInvariants(fund: FundState): void {
  invariant(
    fund.availableFen >= 0n,
    () => `${fund.fundId}: available ${fund.availableFen} is negative`,
  );
  const holders = new Set<string>();
  for (const hold of fund.holds) {
    invariant(hold.amountFen > 0n, () => `${fund.fundId}: hold of ${hold.claimId} is not positive`);
    invariant(!holders.has(hold.claimId), () => `${fund.fundId}: two holds for ${hold.claimId}`);
    holders.add(hold.claimId);
  }
  const queued = new Set<string>();
  let lastSeq = 0;
  for (const part of fund.queue) {
    invariant(
      part.amountFen > 0n,
      () => `${fund.fundId}: queued part of ${part.claimId} is not positive`,
    );
    invariant(
      !queued.has(part.claimId),
      () => `${fund.fundId}: two queued parts for ${part.claimId}`,
    );
    invariant(
      part.seq > lastSeq && part.seq < fund.nextSeq,
      () => `${fund.fundId}: queue out of order at ${part.claimId}`,
    );
    queued.add(part.claimId);
    lastSeq = part.seq;
  }
  invariant(
    fund.queue.length === 0 || fund.availableFen === 0n,
    () => `${fund.fundId}: ${fund.availableFen} available while ${fund.queue.length} parts wait`,
  );
}

function withHold(holds: readonly Hold[], claimId: string, deltaFen: Fen): Hold[] {
  const current = holds.find((h) => h.claimId === claimId)?.amountFen ?? 0n;
  const next = current + deltaFen;
  invariant(next >= 0n, () => `hold of ${claimId} would go negative`);
  const others = holds.filter((h) => h.claimId !== claimId);
  if (next === 0n) return others;
  return current === 0n
    ? [...others, { claimId, amountFen: next }]
    : holds.map((h) => (h.claimId === claimId ? { claimId, amountFen: next } : h));
}

export interface FillResult {
  readonly fund: FundState;
  readonly fills: readonly Fill[];
}

/**
 * Money becomes available (a deposit, a released hold, a remitted recovery): it fills the queue
 * oldest part first, and only what is left stays available.
 */
export function fill(fund: FundState, amountFen: Fen): FillResult {
  invariant(amountFen >= 0n, () => `cannot make ${amountFen} available`);
  let leftFen = fund.availableFen + amountFen;
  let holds: readonly Hold[] = fund.holds;
  const queue: QueuedPart[] = [];
  const fills: Fill[] = [];
  for (const part of fund.queue) {
    if (leftFen === 0n) {
      queue.push(part);
      continue;
    }
    const takenFen = minFen(leftFen, part.amountFen);
    leftFen -= takenFen;
    holds = withHold(holds, part.claimId, takenFen);
    const completed = takenFen === part.amountFen;
    fills.push({
      claimId: part.claimId,
      ...(part.partId === undefined ? {} : { partId: part.partId }),
      amountFen: takenFen,
      seq: part.seq,
      partCompleted: completed,
    });
    if (!completed) queue.push({ ...part, amountFen: part.amountFen - takenFen });
  }
  const next: FundState = { ...fund, availableFen: leftFen, holds, queue };
  assertFundInvariants(next);
  invariant(
    balanceFen(next) === balanceFen(fund) + amountFen,
    'fill changed the balance by other than the amount',
  );
  return { fund: next, fills };
}

/** A deposit is money becoming available. */
export const deposit = fill;

export interface ReserveResult {
  readonly fund: FundState;
  readonly heldFen: Fen;
  readonly queuedFen: Fen;
}

/**
 * Holds a claim's share (docs/domain.md §5.5): what is available now, the rest at the END of the queue.
 * A claim reserves once per fund; later changes go through `changeShare`.
 */
export function reserve(
  fund: FundState,
  claimId: string,
  shareFen: Fen,
  partId?: string,
): ReserveResult {
  invariant(shareFen >= 0n, () => `share ${shareFen} is negative`);
  invariant(
    heldFor(fund, claimId) === 0n && queuedFor(fund, claimId) === 0n,
    () => `${claimId} already reserved on ${fund.fundId}`,
  );
  const heldFen = minFen(fund.availableFen, shareFen);
  const queuedFen = shareFen - heldFen;
  const next: FundState = {
    ...fund,
    availableFen: fund.availableFen - heldFen,
    holds: heldFen > 0n ? [...fund.holds, { claimId, amountFen: heldFen }] : fund.holds,
    queue:
      queuedFen > 0n
        ? [
            ...fund.queue,
            {
              claimId,
              ...(partId === undefined ? {} : { partId }),
              amountFen: queuedFen,
              seq: fund.nextSeq,
            },
          ]
        : fund.queue,
    nextSeq: queuedFen > 0n ? fund.nextSeq + 1 : fund.nextSeq,
  };
  invariant(heldFen <= fund.availableFen, 'held more than was available');
  assertFundInvariants(next);
  return { fund: next, heldFen, queuedFen };
}

export interface ReleaseResult {
  readonly fund: FundState;
  readonly releasedFen: Fen;
  readonly dequeuedFen: Fen;
  /** Other claims' queued parts filled by the released money. */
  readonly fills: readonly Fill[];
}

/**
 * Deny, cure or withdraw (docs/domain.md §4.4, §5.6): the claim's queued part leaves the queue first
 * (so its own released money cannot refill it), then its hold is released and fills the queue.
 */
export function release(fund: FundState, claimId: string): ReleaseResult {
  const releasedFen = heldFor(fund, claimId);
  const dequeuedFen = queuedFor(fund, claimId);
  const without: FundState = {
    ...fund,
    holds: fund.holds.filter((h) => h.claimId !== claimId),
    queue: fund.queue.filter((q) => q.claimId !== claimId),
  };
  const { fund: next, fills } = fill(without, releasedFen);
  return { fund: next, releasedFen, dequeuedFen, fills };
}

export interface ChangeShareResult {
  readonly fund: FundState;
  /** Signed change of the claim's hold from this step (not counting fills of its own part). */
  readonly heldDeltaFen: Fen;
  /** Signed change of the claim's queued part. */
  readonly queuedDeltaFen: Fen;
  /** Money released back from the claim's hold. */
  readonly releasedFen: Fen;
  /** Other claims' queued parts filled by that released money. */
  readonly fills: readonly Fill[];
}

/**
 * An adjusted basis moved this fund's share (docs/domain.md §5.6-5.7).
 * Lower: the queued part shrinks first, then the hold is released (and fills the queue).
 * Higher: hold what is available, and queue the rest behind the claim's existing queued part
 * (it grows in place, keeping its turn) or, if it has none, at the end of the queue.
 */
export function changeShare(fund: FundState, claimId: string, newShareFen: Fen): ChangeShareResult {
  invariant(newShareFen >= 0n, () => `share ${newShareFen} is negative`);
  const heldFen = heldFor(fund, claimId);
  const queuedFen = queuedFor(fund, claimId);
  const currentFen = heldFen + queuedFen;

  if (newShareFen <= currentFen) {
    const cutFen = currentFen - newShareFen;
    const fromQueueFen = minFen(cutFen, queuedFen);
    const fromHoldFen = cutFen - fromQueueFen;
    const queue = fund.queue.flatMap((q) => {
      if (q.claimId !== claimId) return [q];
      const leftFen = q.amountFen - fromQueueFen;
      return leftFen > 0n ? [{ ...q, amountFen: leftFen }] : [];
    });
    const shrunk: FundState = {
      ...fund,
      holds: withHold(fund.holds, claimId, -fromHoldFen),
      queue,
    };
    const { fund: next, fills } = fill(shrunk, fromHoldFen);
    return {
      fund: next,
      heldDeltaFen: -fromHoldFen,
      queuedDeltaFen: -fromQueueFen,
      releasedFen: fromHoldFen,
      fills,
    };
  }

  const riseFen = newShareFen - currentFen;
  const holdFen = minFen(fund.availableFen, riseFen);
  const waitFen = riseFen - holdFen;
  const hasQueuedPart = queuedFen > 0n;
  let queue: readonly QueuedPart[] = fund.queue;
  let nextSeq = fund.nextSeq;
  if (waitFen > 0n && hasQueuedPart) {
    queue = fund.queue.map((q) =>
      q.claimId === claimId ? { ...q, amountFen: q.amountFen + waitFen } : q,
    );
  } else if (waitFen > 0n) {
    queue = [...fund.queue, { claimId, amountFen: waitFen, seq: nextSeq }];
    nextSeq += 1;
  }
  const next: FundState = {
    ...fund,
    availableFen: fund.availableFen - holdFen,
    holds: withHold(fund.holds, claimId, holdFen),
    queue,
    nextSeq,
  };
  assertFundInvariants(next);
  return { fund: next, heldDeltaFen: holdFen, queuedDeltaFen: waitFen, releasedFen: 0n, fills: [] };
}

export interface SettleResult {
  readonly fund: FundState;
  /** Paid from this fund to the bank; the hold is posted and gone. */
  readonly paidFen: Fen;
}

/**
 * Settlement of an approved claim (docs/domain.md §5.7): its held money leaves the fund for the bank.
 * A queued part stays queued and is paid when a later fill turns it into a hold (settle again).
 */
export function settle(fund: FundState, claimId: string): SettleResult {
  const paidFen = heldFor(fund, claimId);
  const next: FundState = { ...fund, holds: fund.holds.filter((h) => h.claimId !== claimId) };
  assertFundInvariants(next);
  return { fund: next, paidFen };
}
