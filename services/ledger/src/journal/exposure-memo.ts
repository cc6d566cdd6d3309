import { EventData, Topics } from '@riskpool/contracts';
import type { EntryDraft, Posting } from '@riskpool/ledger-core';
import { memoAccountOf } from '@riskpool/domain';
import { accounts } from './chart';
import { credit, debit, transfer } from './postings';

/**
 * The loan book in memo entries (ADR 0019, docs/domain.md §4 and §10): the ledger books each loan's
 * exposure, per bank and borrower's town, from the loan and credit events, so that an institution's
 * loans, exposure, quota use and defaults, and the programme's exposure, leverage and NPL ratio, are
 * journal balances a statement reads and anyone can recompute from an export. No money moves:
 * every memo entry is balanced against the memo's contra account.
 */

/** What the ledger knows of one loan, read back from its memo entries. */
export interface LoanMemo {
  readonly bankId: string;
  readonly townCode: string;
  /** Its exposure (docs/domain.md §4): outstanding while REGISTERED, at default while DEFAULTED. */
  readonly exposureFen: bigint;
  /** Its exposure while DEFAULTED, else 0. */
  readonly defaultedFen: bigint;
  /** Compensated or written off: exposure 0 for good; a late default report changes nothing. */
  readonly ended: boolean;
}

/** Events whose memo entries end a loan's exposure for good. */
const ENDING: ReadonlySet<string> = new Set([Topics.claimApproved, Topics.loanWrittenOff]);

interface MemoView {
  loan(loanId: string): LoanMemo | undefined;
  quota(bankId: string): bigint;
}

interface EntryLike {
  readonly loanId?: string | undefined;
  readonly postings: readonly Posting[];
}

/**
 * The change an entry makes to the loans and quotas it names, or undefined when it posts no memo
 * account (every money entry). Used on replay, on commit and while a batch is planned.
 */
function memoChanges(
  view: MemoView,
  eventType: string,
  entry: EntryLike,
):
  | { loan?: { loanId: string; memo: LoanMemo }; quota?: { bankId: string; quotaFen: bigint } }
  | undefined {
  let loan: LoanMemo | undefined;
  let quota: { bankId: string; quotaFen: bigint } | undefined;
  for (const p of entry.postings) {
    if (!p.account.startsWith('bank:')) continue;
    const memo = memoAccountOf(p.account);
    if (memo === undefined) continue;
    const signed = p.side === 'DEBIT' ? p.amountFen : -p.amountFen;
    if (memo.role === 'quota') {
      const bankId = memo.bankId;
      quota = { bankId, quotaFen: (quota?.quotaFen ?? view.quota(bankId)) + signed };
      continue;
    }
    if (memo.townCode === undefined || entry.loanId === undefined) continue;
    if (memo.role !== 'exposure' && memo.role !== 'defaulted') continue;
    const current = loan ??
      view.loan(entry.loanId) ?? {
        bankId: memo.bankId,
        townCode: memo.townCode,
        exposureFen: 0n,
        defaultedFen: 0n,
        ended: false,
      };
    loan =
      memo.role === 'exposure'
        ? { ...current, exposureFen: current.exposureFen + signed }
        : { ...current, defaultedFen: current.defaultedFen + signed };
  }
  if (loan === undefined && quota === undefined) return undefined;
  return {
    ...(loan !== undefined && entry.loanId !== undefined
      ? {
          loan: {
            loanId: entry.loanId,
            memo: ENDING.has(eventType) ? { ...loan, ended: true } : loan,
          },
        }
      : {}),
    ...(quota !== undefined ? { quota } : {}),
  };
}

/** The loans and quotas the journal's memo entries describe; staged per batch like the holds. */
export class ExposureBook implements MemoView {
  private readonly loans = new Map<string, LoanMemo>();
  private readonly quotas = new Map<string, bigint>();

  loan(loanId: string): LoanMemo | undefined {
    return this.loans.get(loanId);
  }

  quota(bankId: string): bigint {
    return this.quotas.get(bankId) ?? 0n;
  }

  get loanCount(): number {
    return this.loans.size;
  }

  /** One journal entry (rebuild from the journal, or a committed batch). */
  apply(eventType: string, entry: EntryLike): void {
    const change = memoChanges(this, eventType, entry);
    if (change?.loan !== undefined) this.loans.set(change.loan.loanId, change.loan.memo);
    if (change?.quota !== undefined) this.quotas.set(change.quota.bankId, change.quota.quotaFen);
  }

  set(loans: ReadonlyMap<string, LoanMemo>, quotas: ReadonlyMap<string, bigint>): void {
    for (const [id, memo] of loans) this.loans.set(id, memo);
    for (const [id, fen] of quotas) this.quotas.set(id, fen);
  }

  stage(): ExposureStage {
    return new ExposureStage(this);
  }
}

export class ExposureStage implements MemoView {
  private readonly loans = new Map<string, LoanMemo>();
  private readonly quotas = new Map<string, bigint>();

  constructor(private readonly book: ExposureBook) {}

  loan(loanId: string): LoanMemo | undefined {
    return this.loans.get(loanId) ?? this.book.loan(loanId);
  }

  quota(bankId: string): bigint {
    return this.quotas.get(bankId) ?? this.book.quota(bankId);
  }

  /** The entries an event was planned to append, as if appended (the next event sees them). */
  applyDrafts(eventType: string, drafts: readonly EntryLike[]): void {
    for (const draft of drafts) {
      const change = memoChanges(this, eventType, draft);
      if (change?.loan !== undefined) this.loans.set(change.loan.loanId, change.loan.memo);
      if (change?.quota !== undefined) this.quotas.set(change.quota.bankId, change.quota.quotaFen);
    }
  }

  commit(): void {
    this.book.set(this.loans, this.quotas);
  }
}

export type MemoPlan =
  | { readonly kind: 'entries'; readonly entries: EntryDraft[]; readonly bankId: string }
  | { readonly kind: 'audit' }
  | { readonly kind: 'park'; readonly reason: string };

/** Moves a memo account by `change` (a debit raises it) against its contra; nothing for 0. */
function move(account: string, contra: string, change: bigint): Posting[] {
  if (change > 0n) return transfer(account, contra, change);
  if (change < 0n) return [credit(account, -change), debit(contra, -change)];
  return [];
}

function exposureMove(loan: LoanMemo, change: bigint): Posting[] {
  return move(
    accounts.bankTownMemo(loan.bankId, 'exposure', loan.townCode),
    accounts.bankTownMemo(loan.bankId, 'exposure-memo', loan.townCode),
    change,
  );
}

function defaultedMove(loan: LoanMemo, change: bigint): Posting[] {
  return move(
    accounts.bankTownMemo(loan.bankId, 'defaulted', loan.townCode),
    accounts.bankTownMemo(loan.bankId, 'defaulted-memo', loan.townCode),
    change,
  );
}

function memoEntry(loanId: string, bankId: string, postings: Posting[]): MemoPlan {
  if (postings.length === 0) return { kind: 'audit' };
  return { kind: 'entries', entries: [{ kind: 'POST', postings, loanId }], bankId };
}

interface MemoData {
  registered: EventData<typeof Topics.loanRegistered>;
  repaid: EventData<typeof Topics.loanRepaid>;
  defaulted: EventData<typeof Topics.defaultReported>;
  cured: EventData<typeof Topics.defaultCured>;
  writtenOff: EventData<typeof Topics.loanWrittenOff>;
  admitted: EventData<typeof Topics.bankAdmitted>;
}

const notYet = (loanId: string, what: string): MemoPlan => ({
  kind: 'park',
  reason: `${what} of loan ${loanId} not yet booked`,
});

/**
 * The memo entry of a loan or credit event, or of a bank's admission (its quota). Events on a
 * loan the ledger has not booked yet wait (topics are not ordered among each other: a repayment
 * may arrive before its registration); an event that changes nothing is kept in the audit trail.
 */
export function planMemoEvent(
  eventType: string,
  data: unknown,
  view: MemoView,
): MemoPlan | undefined {
  switch (eventType) {
    case Topics.loanRegistered: {
      const d = data as MemoData['registered'];
      if (view.loan(d.loanId) !== undefined) return { kind: 'audit' };
      const principal = BigInt(d.principalFen);
      const loan: LoanMemo = {
        bankId: d.bankId,
        townCode: d.enterprise.townCode,
        exposureFen: 0n,
        defaultedFen: 0n,
        ended: false,
      };
      const plan = memoEntry(d.loanId, d.bankId, exposureMove(loan, principal));
      return plan.kind === 'entries'
        ? {
            ...plan,
            entries: plan.entries.map((e) => ({ ...e, policyVersion: d.policyVersionId })),
          }
        : plan;
    }
    case Topics.loanRepaid: {
      const d = data as MemoData['repaid'];
      const loan = view.loan(d.loanId);
      if (loan === undefined) return notYet(d.loanId, 'the registration');
      if (loan.ended) return { kind: 'audit' };
      return memoEntry(d.loanId, loan.bankId, exposureMove(loan, -BigInt(d.amountFen)));
    }
    case Topics.defaultReported: {
      const d = data as MemoData['defaulted'];
      const loan = view.loan(d.loanId);
      if (loan === undefined) return notYet(d.loanId, 'the registration');
      if (loan.ended || loan.defaultedFen > 0n) return { kind: 'audit' };
      const atDefault = BigInt(d.outstandingAtDefaultFen);
      return memoEntry(d.loanId, loan.bankId, [
        ...defaultedMove(loan, atDefault),
        ...exposureMove(loan, atDefault - loan.exposureFen),
      ]);
    }
    case Topics.defaultCured: {
      const d = data as MemoData['cured'];
      const loan = view.loan(d.loanId);
      if (loan === undefined) return notYet(d.loanId, 'the registration');
      if (loan.ended) return { kind: 'audit' };
      if (loan.defaultedFen === 0n) return notYet(d.loanId, 'the default');
      return memoEntry(d.loanId, loan.bankId, [
        ...defaultedMove(loan, -loan.defaultedFen),
        ...exposureMove(loan, BigInt(d.outstandingFen) - loan.exposureFen),
      ]);
    }
    case Topics.loanWrittenOff: {
      const d = data as MemoData['writtenOff'];
      const loan = view.loan(d.loanId);
      if (loan === undefined) return notYet(d.loanId, 'the registration');
      if (loan.ended) return { kind: 'audit' };
      return memoEntry(d.loanId, loan.bankId, endPostings(loan));
    }
    case Topics.bankAdmitted: {
      const d = data as MemoData['admitted'];
      const change = BigInt(d.quotaFen) - view.quota(d.bankId);
      const postings = move(
        accounts.bankQuotaMemo(d.bankId, 'quota'),
        accounts.bankQuotaMemo(d.bankId, 'quota-memo'),
        change,
      );
      if (postings.length === 0) return { kind: 'audit' };
      return { kind: 'entries', entries: [{ kind: 'POST', postings }], bankId: d.bankId };
    }
    default:
      return undefined;
  }
}

/** Exposure and defaulted exposure to zero: compensated (approved) or written off. */
function endPostings(loan: LoanMemo): Posting[] {
  return [...defaultedMove(loan, -loan.defaultedFen), ...exposureMove(loan, -loan.exposureFen)];
}

/**
 * The memo entry a claim's approval adds after its compensation entry: the loan is COMPENSATED,
 * its exposure 0 (docs/domain.md §4). None for a loan the ledger never booked (registered before
 * the ledger read the loan topics) or one already ended.
 */
export function approvalMemoEntry(loanId: string, view: MemoView): EntryDraft | undefined {
  const loan = view.loan(loanId);
  if (loan === undefined || loan.ended) return undefined;
  const postings = endPostings(loan);
  return postings.length === 0 ? undefined : { kind: 'POST', postings, loanId };
}
