import type { ClaimStatus } from '../claim-decisions';
import { invariant } from '../domain-error';
import type { AccountCounters } from './fund-statement';
import type { BankPeriodPosting } from './bank-statement';

/**
 * Claims and their states on the institution statement (docs/domain.md §10; ADR 0019): the ledger
 * books each claim event that sets a claim's state as a memo entry of the claim's bank, one unit
 * (a count of claims, not money) Dr `bank:<B>:claims-<event>` / Cr `bank:<B>:claims-memo`, with the
 * claim and loan on the entry. A claim's state at a journal position is read from its entries up
 * to it; a month's counts are the memo movements of `(openingSeq, closingSeq]`.
 */
/** A claim's state (pool-allocation's claim status). */
export type ClaimState = ClaimStatus;

/** The memo account each claim event debits; `claims-memo` is the contra of all of them. */
export const CLAIM_MEMO_ROLES = [
  'claims-opened',
  'claims-deferred',
  'claims-lifted',
  'claims-approved',
  'claims-denied',
  'claims-withdrawn',
  'claims-memo',
] as const;
export type ClaimMemoRole = (typeof CLAIM_MEMO_ROLES)[number];
export type ClaimEventRole = Exclude<ClaimMemoRole, 'claims-memo'>;

const CLAIM_MEMO = new RegExp(`^bank:([A-Za-z0-9_-]+):(${CLAIM_MEMO_ROLES.join('|')})$`);

/** Reads a claim memo account's name; undefined for any other account. */
export function claimMemoAccountOf(
  account: string,
): { readonly bankId: string; readonly role: ClaimMemoRole } | undefined {
  const m = CLAIM_MEMO.exec(account);
  return m === null ? undefined : { bankId: m[1] as string, role: m[2] as ClaimMemoRole };
}

export function claimMemoAccount(bankId: string, role: ClaimMemoRole): string {
  const name = `bank:${bankId}:${role}`;
  invariant(claimMemoAccountOf(name) !== undefined, () => `bad claim memo account ${name}`);
  return name;
}

/**
 * The state each event leaves a claim in, and its rank: a claim opens OPEN or DEFERRED, a deferral
 * is lifted to OPEN, and approval, denial and withdrawal end it. The state at a position is the one
 * of its highest-ranked entry up to it (the later on a tie), so it does not depend on the order in
 * which the ledger read the claim's topics.
 */
const EVENT_STATE: Readonly<Record<ClaimEventRole, { state: ClaimState; rank: number }>> = {
  'claims-opened': { state: 'OPEN', rank: 0 },
  'claims-deferred': { state: 'DEFERRED', rank: 0 },
  'claims-lifted': { state: 'OPEN', rank: 1 },
  'claims-approved': { state: 'APPROVED', rank: 2 },
  'claims-denied': { state: 'DENIED', rank: 2 },
  'claims-withdrawn': { state: 'WITHDRAWN', rank: 2 },
};

const ENDED: ReadonlySet<ClaimState> = new Set(['APPROVED', 'DENIED', 'WITHDRAWN']);

/** One claim on the statement: its state at the opening (null: not booked yet) and at closing. */
export interface ClaimStateLine {
  readonly claimId: string;
  readonly loanId: string;
  readonly openingState: ClaimState | null;
  readonly closingState: ClaimState;
}

export interface BankClaimStateFigures {
  /** Claims open or deferred at the opening, or with a state entry in the month, by claim id. */
  readonly claims: readonly ClaimStateLine[];
  /** The month's claim events (memo movements). */
  readonly opened: bigint;
  readonly openedDeferred: bigint;
  readonly deferralsLifted: bigint;
  readonly approved: bigint;
  readonly denied: bigint;
  readonly withdrawn: bigint;
  /** Claims in each state at the closing, among all the bank's booked claims. */
  readonly openAtClosing: bigint;
  readonly deferredAtClosing: bigint;
  readonly openAtOpening: bigint;
  readonly deferredAtOpening: bigint;
}

export interface BankClaimStateInput {
  readonly bankId: string;
  readonly openingSeq: bigint;
  /** The bank's claim memo postings up to the closing (from the journal's start), in seq order. */
  readonly postings: readonly BankPeriodPosting[];
  /** Counters of the bank's accounts at opening and closing (others than claim memos ignored). */
  readonly opening: ReadonlyMap<string, AccountCounters>;
  readonly closing: ReadonlyMap<string, AccountCounters>;
}

const COUNTED: Readonly<Record<ClaimEventRole, keyof BankClaimStateFigures>> = {
  'claims-opened': 'opened',
  'claims-deferred': 'openedDeferred',
  'claims-lifted': 'deferralsLifted',
  'claims-approved': 'approved',
  'claims-denied': 'denied',
  'claims-withdrawn': 'withdrawn',
};

/**
 * The bank's claims and their states from its claim memo entries. Throws (an invariant) unless each
 * claim memo account's opening balance plus the month's movements is its closing balance.
 */
export function bankClaimStateFigures(input: BankClaimStateInput): BankClaimStateFigures {
  type Seen = {
    loanId: string;
    opening?: { state: ClaimState; rank: number };
    closing?: { state: ClaimState; rank: number };
    moved: boolean;
  };
  const claims = new Map<string, Seen>();
  const counts = new Map<ClaimEventRole, bigint>();
  for (const p of input.postings) {
    const memo = claimMemoAccountOf(p.account);
    if (memo === undefined || memo.bankId !== input.bankId || memo.role === 'claims-memo') continue;
    if (p.side !== 'DEBIT' || p.claimId === undefined) continue;
    const at = EVENT_STATE[memo.role];
    const c = claims.get(p.claimId) ?? { loanId: p.loanId ?? '', moved: false };
    const inMonth = p.seq > input.openingSeq;
    if (inMonth) {
      c.moved = true;
      counts.set(memo.role, (counts.get(memo.role) ?? 0n) + 1n);
    } else if (c.opening === undefined || at.rank >= c.opening.rank) c.opening = at;
    if (c.closing === undefined || at.rank >= c.closing.rank) c.closing = at;
    claims.set(p.claimId, c);
  }
  const balance = (all: ReadonlyMap<string, AccountCounters>, role: ClaimEventRole) => {
    const c = all.get(claimMemoAccount(input.bankId, role));
    return c === undefined ? 0n : c.debitsPosted - c.creditsPosted;
  };
  const figures: Record<string, bigint> = {};
  for (const [role, key] of Object.entries(COUNTED) as Array<[ClaimEventRole, string]>) {
    const moved = counts.get(role) ?? 0n;
    invariant(
      balance(input.opening, role) + moved === balance(input.closing, role),
      () => `bank ${input.bankId}: ${role} opening + movements is not the closing`,
    );
    figures[key] = moved;
  }
  const lines: ClaimStateLine[] = [];
  let openAtClosing = 0n;
  let deferredAtClosing = 0n;
  let openAtOpening = 0n;
  let deferredAtOpening = 0n;
  for (const [claimId, c] of claims) {
    const closing = (c.closing as { state: ClaimState }).state;
    const opening = c.opening?.state ?? null;
    if (closing === 'OPEN') openAtClosing += 1n;
    if (closing === 'DEFERRED') deferredAtClosing += 1n;
    if (opening === 'OPEN') openAtOpening += 1n;
    if (opening === 'DEFERRED') deferredAtOpening += 1n;
    if (c.moved || (opening !== null && !ENDED.has(opening)))
      lines.push({ claimId, loanId: c.loanId, openingState: opening, closingState: closing });
  }
  lines.sort((a, b) => (a.claimId < b.claimId ? -1 : a.claimId > b.claimId ? 1 : 0));
  return {
    claims: lines,
    opened: figures['opened'] as bigint,
    openedDeferred: figures['openedDeferred'] as bigint,
    deferralsLifted: figures['deferralsLifted'] as bigint,
    approved: figures['approved'] as bigint,
    denied: figures['denied'] as bigint,
    withdrawn: figures['withdrawn'] as bigint,
    openAtClosing,
    deferredAtClosing,
    openAtOpening,
    deferredAtOpening,
  };
}
