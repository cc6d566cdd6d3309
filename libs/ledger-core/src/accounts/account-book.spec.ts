import type { EntryKind, Posting } from '../entry/journal-entry';
import { credit, debit, holdPostings } from '../test-support/ledger-fixtures';
import {
  AccountBook,
  BookOverlay,
  type EntryForRules,
  type RuleOutcome,
  ZERO_BALANCE,
  applyEffects,
  evaluateEntry,
} from './account-book';
import { chartAccountFlags } from './chart-of-accounts';

const AVAILABLE = 'fund:CITY:available';
const CONTRIB = 'fund:CITY:contributions';
const BANK = 'bank:B1:compensation-received';

function entry(
  seq: bigint,
  kind: EntryKind,
  postings: Posting[],
  pendingEntrySeq?: bigint,
): EntryForRules {
  return pendingEntrySeq === undefined
    ? { seq, kind, postings }
    : { seq, kind, postings, pendingEntrySeq };
}

function apply(book: AccountBook, e: EntryForRules): RuleOutcome {
  const outcome = evaluateEntry(book, e, chartAccountFlags);
  if (outcome.ok) {
    applyEffects(book, outcome.effects);
  }
  return outcome;
}

function code(outcome: RuleOutcome): string {
  return outcome.ok ? 'OK' : outcome.rejection.code;
}

/** A book with 1000 fen deposited in CITY (seq 1) and a 600 fen hold (seq 2). */
function bookWithHold(): AccountBook {
  const book = new AccountBook();
  expect(
    code(apply(book, entry(1n, 'POST', [debit(CONTRIB, 1000n), credit(AVAILABLE, 1000n)]))),
  ).toBe('OK');
  expect(code(apply(book, entry(2n, 'PENDING', holdPostings('CITY', 'B1', 600n))))).toBe('OK');
  return book;
}

describe('double-entry rules', () => {
  it('posts balanced entries into the posted counters', () => {
    const book = new AccountBook();
    expect(
      code(apply(book, entry(1n, 'POST', [debit(CONTRIB, 1000n), credit(AVAILABLE, 1000n)]))),
    ).toBe('OK');
    expect(book.balance(AVAILABLE)).toEqual({ ...ZERO_BALANCE, creditsPosted: 1000n });
    expect(book.balance(CONTRIB)).toEqual({ ...ZERO_BALANCE, debitsPosted: 1000n });
    expect(book.totals()).toEqual({
      debitsPending: 0n,
      debitsPosted: 1000n,
      creditsPending: 0n,
      creditsPosted: 1000n,
    });
  });

  it.each([
    ['TOO_FEW_POSTINGS', [credit(AVAILABLE, 5n)]],
    ['TOO_FEW_POSTINGS', []],
    ['NON_POSITIVE_AMOUNT', [debit(CONTRIB, 0n), credit(AVAILABLE, 0n)]],
    ['NON_POSITIVE_AMOUNT', [debit(CONTRIB, -5n), credit(AVAILABLE, -5n)]],
    ['AMOUNT_TOO_LARGE', [debit(CONTRIB, 2n ** 63n), credit(AVAILABLE, 2n ** 63n)]],
    [
      'AMOUNT_TOO_LARGE',
      [
        debit(CONTRIB, 2n ** 62n),
        debit('fund:X:contributions', 2n ** 62n),
        credit(AVAILABLE, 2n ** 63n - 1n),
        credit('fund:X:available', 1n),
      ],
    ],
    ['DUPLICATE_ACCOUNT', [debit(CONTRIB, 5n), credit(CONTRIB, 5n)]],
    ['UNBALANCED', [debit(CONTRIB, 5n), credit(AVAILABLE, 4n)]],
    ['UNBALANCED', [debit(CONTRIB, 5n), debit(AVAILABLE, 5n)]],
  ])('rejects %s', (expected, postings) => {
    const book = new AccountBook();
    const outcome = apply(book, entry(1n, 'POST', postings));
    expect(code(outcome)).toBe(expected);
    expect([...book.accounts()]).toEqual([]);
  });

  it('refuses an overdraft of a fund, counting holds', () => {
    const book = bookWithHold();
    expect(book.balance(AVAILABLE)).toEqual({
      ...ZERO_BALANCE,
      creditsPosted: 1000n,
      debitsPending: 600n,
    });
    const overdraft = apply(book, entry(3n, 'PENDING', holdPostings('CITY', 'B1', 401n)));
    expect(overdraft).toMatchObject({
      ok: false,
      rejection: { code: 'EXCEEDS_CREDITS', account: AVAILABLE },
    });
    expect(code(apply(book, entry(3n, 'POST', holdPostings('CITY', 'B1', 401n))))).toBe(
      'EXCEEDS_CREDITS',
    );
    expect(code(apply(book, entry(3n, 'PENDING', holdPostings('CITY', 'B1', 400n))))).toBe('OK');
    expect(book.invariantViolations(chartAccountFlags)).toEqual([]);
  });

  it('honours creditsMustNotExceedDebits when a resolver sets it', () => {
    const book = new AccountBook();
    const flags = (account: string) => ({
      debitsMustNotExceedCredits: false,
      creditsMustNotExceedDebits: account === 'bank:B1:recoveries-owed',
    });
    const outcome = evaluateEntry(
      book,
      entry(1n, 'POST', [debit(AVAILABLE, 1n), credit('bank:B1:recoveries-owed', 1n)]),
      flags,
    );
    expect(code(outcome)).toBe('EXCEEDS_DEBITS');
  });

  it('posts a hold in part and releases the rest', () => {
    const book = bookWithHold();
    expect(code(apply(book, entry(3n, 'POST_PENDING', holdPostings('CITY', 'B1', 250n), 2n)))).toBe(
      'OK',
    );
    expect(book.balance(AVAILABLE)).toEqual({
      ...ZERO_BALANCE,
      creditsPosted: 1000n,
      debitsPosted: 250n,
    });
    expect(book.balance(BANK)).toEqual({ ...ZERO_BALANCE, creditsPosted: 250n });
    expect(book.holdResolvedBy(2n)).toBe(3n);
    expect([...book.openHolds()]).toEqual([]);
    expect(book.invariantViolations(chartAccountFlags)).toEqual([]);
  });

  it('voids a hold in full', () => {
    const book = bookWithHold();
    expect(code(apply(book, entry(3n, 'VOID_PENDING', holdPostings('CITY', 'B1', 600n), 2n)))).toBe(
      'OK',
    );
    expect(book.balance(AVAILABLE)).toEqual({ ...ZERO_BALANCE, creditsPosted: 1000n });
    expect(book.balance(BANK)).toEqual(ZERO_BALANCE);
  });

  it('resolves a hold at most once', () => {
    const book = bookWithHold();
    expect(code(apply(book, entry(3n, 'POST_PENDING', holdPostings('CITY', 'B1', 600n), 2n)))).toBe(
      'OK',
    );
    const again = apply(book, entry(4n, 'VOID_PENDING', holdPostings('CITY', 'B1', 600n), 2n));
    expect(again).toMatchObject({ ok: false, rejection: { code: 'PENDING_ALREADY_RESOLVED' } });
    expect(code(apply(book, entry(4n, 'POST_PENDING', holdPostings('CITY', 'B1', 1n), 2n)))).toBe(
      'PENDING_ALREADY_RESOLVED',
    );
  });

  it.each([
    ['MISSING_PENDING_REFERENCE', entry(3n, 'POST_PENDING', holdPostings('CITY', 'B1', 600n))],
    [
      'UNEXPECTED_PENDING_REFERENCE',
      entry(3n, 'POST', [debit(CONTRIB, 1n), credit(AVAILABLE, 1n)], 2n),
    ],
    ['UNEXPECTED_PENDING_REFERENCE', entry(3n, 'PENDING', holdPostings('CITY', 'B1', 1n), 2n)],
    ['PENDING_NOT_FOUND', entry(3n, 'VOID_PENDING', holdPostings('CITY', 'B1', 600n), 1n)],
    ['PENDING_NOT_FOUND', entry(3n, 'VOID_PENDING', holdPostings('CITY', 'B1', 600n), 3n)],
    ['PENDING_NOT_FOUND', entry(3n, 'VOID_PENDING', holdPostings('CITY', 'B1', 600n), 9n)],
    ['PENDING_MISMATCH', entry(3n, 'POST_PENDING', holdPostings('CITY', 'B2', 600n), 2n)],
    [
      'PENDING_MISMATCH',
      entry(3n, 'POST_PENDING', [credit(BANK, 600n), debit(AVAILABLE, 600n)], 2n),
    ],
    [
      'PENDING_MISMATCH',
      entry(
        3n,
        'POST_PENDING',
        [debit(AVAILABLE, 600n), credit(BANK, 300n), credit('bank:B2:compensation-received', 300n)],
        2n,
      ),
    ],
    ['POST_EXCEEDS_PENDING', entry(3n, 'POST_PENDING', holdPostings('CITY', 'B1', 601n), 2n)],
    ['VOID_AMOUNT_MISMATCH', entry(3n, 'VOID_PENDING', holdPostings('CITY', 'B1', 599n), 2n)],
  ])('rejects %s and leaves the hold open', (expected, e) => {
    const book = bookWithHold();
    expect(code(apply(book, e))).toBe(expected);
    expect(book.openHold(2n)?.seq).toBe(2n);
    expect(book.balance(AVAILABLE)?.debitsPending).toBe(600n);
  });

  it('stages changes in an overlay until commit', () => {
    const book = bookWithHold();
    const overlay = new BookOverlay(book);
    const outcome = evaluateEntry(
      overlay,
      entry(3n, 'VOID_PENDING', holdPostings('CITY', 'B1', 600n), 2n),
      chartAccountFlags,
    );
    expect(outcome.ok).toBe(true);
    if (outcome.ok) {
      applyEffects(overlay, outcome.effects);
    }
    expect(overlay.openHold(2n)).toBeUndefined();
    expect(overlay.holdResolvedBy(2n)).toBe(3n);
    expect(book.openHold(2n)).toBeDefined();
    expect(book.balance(AVAILABLE)?.debitsPending).toBe(600n);
    const nested = new BookOverlay(overlay);
    nested.addHold({ seq: 4n, postings: holdPostings('CITY', 'B1', 10n) });
    nested.commit();
    overlay.commit();
    expect(book.openHold(2n)).toBeUndefined();
    expect(book.openHold(4n)).toBeDefined();
    expect(book.balance(AVAILABLE)?.debitsPending).toBe(0n);
  });

  it('reports broken invariants', () => {
    const book = new AccountBook();
    book.setBalance(AVAILABLE, { ...ZERO_BALANCE, debitsPosted: 5n, debitsPending: 1n });
    expect(book.invariantViolations(chartAccountFlags)).toEqual([
      'posted debits 5 != posted credits 0',
      'pending debits 1 != pending credits 0',
      `${AVAILABLE} is overdrawn`,
      `${AVAILABLE} pending counters differ from its open holds`,
    ]);
    expect(() => book.resolveHold(9n, 10n)).toThrow();
    book.addHold({ seq: 1n, postings: [] });
    expect(() => book.addHold({ seq: 1n, postings: [] })).toThrow();
  });
});
