import type { EntryKind, JournalEntry, Posting } from '../entry/journal-entry';
import { MAX_AMOUNT_FEN } from '../entry/journal-entry';
import type { AccountFlagsResolver } from './chart-of-accounts';

/** TigerBeetle-style counters of one account; all start at zero. */
export interface AccountBalance {
  readonly debitsPending: bigint;
  readonly debitsPosted: bigint;
  readonly creditsPending: bigint;
  readonly creditsPosted: bigint;
}

export const ZERO_BALANCE: AccountBalance = Object.freeze({
  debitsPending: 0n,
  debitsPosted: 0n,
  creditsPending: 0n,
  creditsPosted: 0n,
});

/** An unresolved PENDING entry: its seq and the postings it reserves. */
export interface PendingHold {
  readonly seq: bigint;
  readonly postings: readonly Posting[];
}

/** Read access to accounts and holds (a book, or an overlay of staged changes on one). */
export interface BookView {
  balance(account: string): AccountBalance | undefined;
  openHold(seq: bigint): PendingHold | undefined;
  /** The seq of the entry that resolved the hold `seq`, if it was resolved. */
  holdResolvedBy(seq: bigint): bigint | undefined;
}

/** Write access used to apply effects. */
export interface MutableBook extends BookView {
  setBalance(account: string, balance: AccountBalance): void;
  addHold(hold: PendingHold): void;
  resolveHold(seq: bigint, resolvedBy: bigint): void;
}

/** What applying one valid entry changes. */
export interface EntryEffects {
  readonly seq: bigint;
  /** New counters of every account the entry touches. */
  readonly balances: readonly (readonly [string, AccountBalance])[];
  readonly opensHold?: PendingHold;
  readonly resolvesHold?: bigint;
}

export type RuleCode =
  | 'TOO_FEW_POSTINGS'
  | 'NON_POSITIVE_AMOUNT'
  | 'AMOUNT_TOO_LARGE'
  | 'DUPLICATE_ACCOUNT'
  | 'UNBALANCED'
  | 'UNEXPECTED_PENDING_REFERENCE'
  | 'MISSING_PENDING_REFERENCE'
  | 'PENDING_NOT_FOUND'
  | 'PENDING_ALREADY_RESOLVED'
  | 'PENDING_MISMATCH'
  | 'POST_EXCEEDS_PENDING'
  | 'VOID_AMOUNT_MISMATCH'
  | 'EXCEEDS_CREDITS'
  | 'EXCEEDS_DEBITS'
  | 'ANCHOR_WITH_POSTINGS'
  | 'MISSING_DOCUMENT'
  | 'UNEXPECTED_DOCUMENT';

export interface RuleRejection {
  readonly code: RuleCode;
  readonly message: string;
  readonly account?: string;
}

export type RuleOutcome =
  | { readonly ok: true; readonly effects: EntryEffects }
  | { readonly ok: false; readonly rejection: RuleRejection };

export type EntryForRules = Pick<
  JournalEntry,
  'seq' | 'kind' | 'pendingEntrySeq' | 'postings' | 'documentSha256'
>;

function reject(code: RuleCode, message: string, account?: string): RuleOutcome {
  return {
    ok: false,
    rejection: account === undefined ? { code, message } : { code, message, account },
  };
}

/**
 * The double-entry rules for one entry against the current book, without changing it:
 * - at least two postings, every amount in 1..2^63−1, each account at most once, Σ debits = Σ credits;
 * - POST and PENDING carry no pendingEntrySeq; POST_PENDING and VOID_PENDING name an earlier,
 *   still open PENDING entry and repeat its postings (same accounts and sides, same order):
 *   POST_PENDING with amounts ≤ the held ones (the remainder is released), VOID_PENDING with the
 *   held amounts; a hold is resolved at most once;
 * - after the entry, no flagged account breaks its flag (holds counted);
 * - ANCHOR has no postings, names no pending entry and carries a documentSha256; no other kind
 *   carries one.
 */
export function evaluateEntry(
  view: BookView,
  entry: EntryForRules,
  flagsOf: AccountFlagsResolver,
): RuleOutcome {
  const { postings } = entry;
  if (entry.kind === 'ANCHOR') return evaluateAnchor(entry);
  if (entry.documentSha256 !== undefined) {
    return reject('UNEXPECTED_DOCUMENT', `${entry.kind} must not carry a documentSha256`);
  }
  if (postings.length < 2) {
    return reject('TOO_FEW_POSTINGS', `an entry needs at least 2 postings, got ${postings.length}`);
  }
  let debits = 0n;
  let credits = 0n;
  for (let i = 0; i < postings.length; i++) {
    const p = postings[i] as Posting;
    if (p.amountFen <= 0n) {
      return reject('NON_POSITIVE_AMOUNT', `amount ${p.amountFen} fen is not positive`, p.account);
    }
    if (p.amountFen > MAX_AMOUNT_FEN) {
      return reject('AMOUNT_TOO_LARGE', `amount ${p.amountFen} fen exceeds 2^63-1`, p.account);
    }
    // Entries carry at most MAX_POSTINGS (64) postings: a pairwise scan beats building a set.
    for (let j = 0; j < i; j++) {
      if ((postings[j] as Posting).account === p.account) {
        return reject('DUPLICATE_ACCOUNT', 'an account may appear once per entry', p.account);
      }
    }
    if (p.side === 'DEBIT') {
      debits += p.amountFen;
    } else {
      credits += p.amountFen;
    }
  }
  if (debits !== credits) {
    return reject('UNBALANCED', `debits ${debits} fen != credits ${credits} fen`);
  }
  if (debits > MAX_AMOUNT_FEN) {
    return reject('AMOUNT_TOO_LARGE', `entry total ${debits} fen exceeds 2^63-1`);
  }
  return entry.kind === 'POST' || entry.kind === 'PENDING'
    ? evaluateDirect(view, entry, flagsOf)
    : evaluateResolution(view, entry, flagsOf);
}

/** A document anchor moves no money: no postings, no hold, only the digest. */
function evaluateAnchor(entry: EntryForRules): RuleOutcome {
  if (entry.postings.length !== 0) {
    return reject(
      'ANCHOR_WITH_POSTINGS',
      `ANCHOR must have no postings, got ${entry.postings.length}`,
    );
  }
  if (entry.pendingEntrySeq !== undefined) {
    return reject('UNEXPECTED_PENDING_REFERENCE', 'ANCHOR must not name a pending entry');
  }
  if (entry.documentSha256 === undefined) {
    return reject('MISSING_DOCUMENT', 'ANCHOR must carry a documentSha256');
  }
  return { ok: true as const, effects: { seq: entry.seq, balances: [] } };
}

function evaluateDirect(view: BookView, entry: EntryForRules, flagsOf: AccountFlagsResolver) {
  if (entry.pendingEntrySeq !== undefined) {
    return reject('UNEXPECTED_PENDING_REFERENCE', `${entry.kind} must not name a pending entry`);
  }
  const pending = entry.kind === 'PENDING';
  const balances: (readonly [string, AccountBalance])[] = [];
  for (const p of entry.postings) {
    const b = view.balance(p.account) ?? ZERO_BALANCE;
    const a = p.amountFen;
    const debit = p.side === 'DEBIT';
    const next: AccountBalance = {
      debitsPending: debit && pending ? b.debitsPending + a : b.debitsPending,
      debitsPosted: debit && !pending ? b.debitsPosted + a : b.debitsPosted,
      creditsPending: !debit && pending ? b.creditsPending + a : b.creditsPending,
      creditsPosted: !debit && !pending ? b.creditsPosted + a : b.creditsPosted,
    };
    balances.push([p.account, next]);
  }
  const overdraft = checkFlags(balances, flagsOf);
  if (overdraft !== undefined) {
    return overdraft;
  }
  const effects: EntryEffects = pending
    ? { seq: entry.seq, balances, opensHold: { seq: entry.seq, postings: entry.postings } }
    : { seq: entry.seq, balances };
  return { ok: true as const, effects };
}

function evaluateResolution(
  view: BookView,
  entry: EntryForRules,
  flagsOf: AccountFlagsResolver,
): RuleOutcome {
  const target = entry.pendingEntrySeq;
  if (target === undefined) {
    return reject('MISSING_PENDING_REFERENCE', `${entry.kind} must name the pending entry`);
  }
  if (target >= entry.seq) {
    return reject('PENDING_NOT_FOUND', `pending entry ${target} is not earlier than ${entry.seq}`);
  }
  const resolvedBy = view.holdResolvedBy(target);
  if (resolvedBy !== undefined) {
    return reject(
      'PENDING_ALREADY_RESOLVED',
      `pending entry ${target} was already resolved by entry ${resolvedBy}`,
    );
  }
  const hold = view.openHold(target);
  if (hold === undefined) {
    return reject('PENDING_NOT_FOUND', `entry ${target} is not a pending entry`);
  }
  if (hold.postings.length !== entry.postings.length) {
    return reject(
      'PENDING_MISMATCH',
      `pending entry ${target} has ${hold.postings.length} postings, this entry ${entry.postings.length}`,
    );
  }
  const posting = entry.kind === 'POST_PENDING';
  const balances: (readonly [string, AccountBalance])[] = [];
  for (let i = 0; i < hold.postings.length; i++) {
    const held = hold.postings[i] as Posting;
    const p = entry.postings[i] as Posting;
    if (held.account !== p.account || held.side !== p.side) {
      return reject(
        'PENDING_MISMATCH',
        `posting ${i} must be ${held.side} ${held.account} as in pending entry ${target}`,
        p.account,
      );
    }
    if (posting && p.amountFen > held.amountFen) {
      return reject(
        'POST_EXCEEDS_PENDING',
        `posting ${i} posts ${p.amountFen} fen of a ${held.amountFen} fen hold`,
        p.account,
      );
    }
    if (!posting && p.amountFen !== held.amountFen) {
      return reject(
        'VOID_AMOUNT_MISMATCH',
        `posting ${i} voids ${p.amountFen} fen of a ${held.amountFen} fen hold`,
        p.account,
      );
    }
    const b = view.balance(p.account) ?? ZERO_BALANCE;
    const postedFen = posting ? p.amountFen : 0n;
    const debit = p.side === 'DEBIT';
    const next: AccountBalance = {
      debitsPending: debit ? b.debitsPending - held.amountFen : b.debitsPending,
      debitsPosted: debit ? b.debitsPosted + postedFen : b.debitsPosted,
      creditsPending: debit ? b.creditsPending : b.creditsPending - held.amountFen,
      creditsPosted: debit ? b.creditsPosted : b.creditsPosted + postedFen,
    };
    balances.push([p.account, next]);
  }
  const overdraft = checkFlags(balances, flagsOf);
  if (overdraft !== undefined) {
    return overdraft;
  }
  return { ok: true, effects: { seq: entry.seq, balances, resolvesHold: target } };
}

function checkFlags(
  balances: readonly (readonly [string, AccountBalance])[],
  flagsOf: AccountFlagsResolver,
): RuleOutcome | undefined {
  for (const [account, b] of balances) {
    const flags = flagsOf(account);
    if (flags.debitsMustNotExceedCredits && b.debitsPosted + b.debitsPending > b.creditsPosted) {
      return reject(
        'EXCEEDS_CREDITS',
        `debits ${b.debitsPosted} posted + ${b.debitsPending} pending would exceed credits ${b.creditsPosted} posted`,
        account,
      );
    }
    if (flags.creditsMustNotExceedDebits && b.creditsPosted + b.creditsPending > b.debitsPosted) {
      return reject(
        'EXCEEDS_DEBITS',
        `credits ${b.creditsPosted} posted + ${b.creditsPending} pending would exceed debits ${b.debitsPosted} posted`,
        account,
      );
    }
  }
  return undefined;
}

/** Applies effects computed by {@link evaluateEntry} against the same state. */
export function applyEffects(book: MutableBook, effects: EntryEffects): void {
  for (const [account, balance] of effects.balances) {
    book.setBalance(account, balance);
  }
  if (effects.opensHold !== undefined) {
    book.addHold(effects.opensHold);
  }
  if (effects.resolvesHold !== undefined) {
    book.resolveHold(effects.resolvesHold, effects.seq);
  }
}

export interface BookTotals {
  readonly debitsPending: bigint;
  readonly debitsPosted: bigint;
  readonly creditsPending: bigint;
  readonly creditsPosted: bigint;
}

/** All accounts and holds. */
export class AccountBook implements MutableBook {
  private readonly balances = new Map<string, AccountBalance>();
  private readonly holds = new Map<bigint, PendingHold>();
  private readonly resolved = new Map<bigint, bigint>();

  balance(account: string): AccountBalance | undefined {
    return this.balances.get(account);
  }

  openHold(seq: bigint): PendingHold | undefined {
    return this.holds.get(seq);
  }

  holdResolvedBy(seq: bigint): bigint | undefined {
    return this.resolved.get(seq);
  }

  setBalance(account: string, balance: AccountBalance): void {
    this.balances.set(account, balance);
  }

  addHold(hold: PendingHold): void {
    if (this.holds.has(hold.seq) || this.resolved.has(hold.seq)) {
      throw new Error(`hold ${hold.seq} already exists`);
    }
    this.holds.set(hold.seq, hold);
  }

  resolveHold(seq: bigint, resolvedBy: bigint): void {
    if (!this.holds.delete(seq)) {
      throw new Error(`hold ${seq} is not open`);
    }
    this.resolved.set(seq, resolvedBy);
  }

  /** Every account that an entry has touched, with its counters. */
  accounts(): IterableIterator<[string, AccountBalance]> {
    return this.balances.entries();
  }

  get accountCount(): number {
    return this.balances.size;
  }

  /** Holds not yet posted or voided. */
  openHolds(): IterableIterator<PendingHold> {
    return this.holds.values();
  }

  get resolvedHoldCount(): number {
    return this.resolved.size;
  }

  /** Sums of each counter over all accounts (debits equal credits in a sound book). */
  totals(): BookTotals {
    let debitsPending = 0n;
    let debitsPosted = 0n;
    let creditsPending = 0n;
    let creditsPosted = 0n;
    for (const b of this.balances.values()) {
      debitsPending += b.debitsPending;
      debitsPosted += b.debitsPosted;
      creditsPending += b.creditsPending;
      creditsPosted += b.creditsPosted;
    }
    return { debitsPending, debitsPosted, creditsPending, creditsPosted };
  }

  /**
   * Whole-book invariants, as messages (empty when sound): Σ debits = Σ credits (posted and
   * pending), no counter negative, no flagged account over its limit, pending counters equal to
   * the open holds.
   */
  invariantViolations(flagsOf: AccountFlagsResolver): string[] {
    const problems: string[] = [];
    const t = this.totals();
    if (t.debitsPosted !== t.creditsPosted) {
      problems.push(`posted debits ${t.debitsPosted} != posted credits ${t.creditsPosted}`);
    }
    if (t.debitsPending !== t.creditsPending) {
      problems.push(`pending debits ${t.debitsPending} != pending credits ${t.creditsPending}`);
    }
    const heldByAccount = new Map<string, { debit: bigint; credit: bigint }>();
    for (const hold of this.holds.values()) {
      for (const p of hold.postings) {
        const held = heldByAccount.get(p.account) ?? { debit: 0n, credit: 0n };
        if (p.side === 'DEBIT') {
          held.debit += p.amountFen;
        } else {
          held.credit += p.amountFen;
        }
        heldByAccount.set(p.account, held);
      }
    }
    for (const [account, b] of this.balances) {
      if (
        b.debitsPending < 0n ||
        b.debitsPosted < 0n ||
        b.creditsPending < 0n ||
        b.creditsPosted < 0n
      ) {
        problems.push(`${account} has a negative counter`);
      }
      const flags = flagsOf(account);
      if (flags.debitsMustNotExceedCredits && b.debitsPosted + b.debitsPending > b.creditsPosted) {
        problems.push(`${account} is overdrawn`);
      }
      if (flags.creditsMustNotExceedDebits && b.creditsPosted + b.creditsPending > b.debitsPosted) {
        problems.push(`${account} exceeds its debits`);
      }
      const held = heldByAccount.get(account) ?? { debit: 0n, credit: 0n };
      if (held.debit !== b.debitsPending || held.credit !== b.creditsPending) {
        problems.push(`${account} pending counters differ from its open holds`);
      }
    }
    return problems;
  }
}

/** Staged changes over a book: read-through, written only on {@link BookOverlay.commit}. */
export class BookOverlay implements MutableBook {
  private readonly balances = new Map<string, AccountBalance>();
  private readonly holds = new Map<bigint, PendingHold>();
  private readonly resolved = new Map<bigint, bigint>();

  constructor(private readonly parent: MutableBook) {}

  balance(account: string): AccountBalance | undefined {
    return this.balances.get(account) ?? this.parent.balance(account);
  }

  openHold(seq: bigint): PendingHold | undefined {
    if (this.resolved.has(seq)) {
      return undefined;
    }
    return this.holds.get(seq) ?? this.parent.openHold(seq);
  }

  holdResolvedBy(seq: bigint): bigint | undefined {
    return this.resolved.get(seq) ?? this.parent.holdResolvedBy(seq);
  }

  setBalance(account: string, balance: AccountBalance): void {
    this.balances.set(account, balance);
  }

  addHold(hold: PendingHold): void {
    this.holds.set(hold.seq, hold);
  }

  resolveHold(seq: bigint, resolvedBy: bigint): void {
    this.resolved.set(seq, resolvedBy);
  }

  /** Writes the staged changes into the parent, holds before their resolutions. */
  commit(): void {
    for (const [account, balance] of this.balances) {
      this.parent.setBalance(account, balance);
    }
    for (const hold of this.holds.values()) {
      this.parent.addHold(hold);
    }
    for (const [seq, by] of this.resolved) {
      this.parent.resolveHold(seq, by);
    }
  }
}

/** The kinds that resolve a hold. */
export function resolvesHold(kind: EntryKind): boolean {
  return kind === 'POST_PENDING' || kind === 'VOID_PENDING';
}
