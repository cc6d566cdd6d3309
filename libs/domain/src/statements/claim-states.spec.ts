import type { BankPeriodPosting } from './bank-statement';
import {
  bankClaimStateFigures,
  claimMemoAccount,
  claimMemoAccountOf,
  type ClaimEventRole,
} from './claim-states';
import { AccountCounters, ZERO_COUNTERS } from './fund-statement';
import { memoAccountOf } from './loan-book-statement';
import { periodPosting } from './statement-fixtures';

/** The two postings of one claim memo entry at `seq`. */
const entry = (seq: number, claimId: string, role: ClaimEventRole): BankPeriodPosting[] => {
  const ofClaim = { claimId, loanId: `L-${claimId}` };
  return [
    { ...periodPosting(seq, 'x', `bank:B1:${role}`, 'DEBIT', 1n), ...ofClaim },
    { ...periodPosting(seq, 'x', 'bank:B1:claims-memo', 'CREDIT', 1n), ...ofClaim },
  ];
};

/** The counters of the claim memo accounts after the postings up to `seq`. */
function countersAt(postings: readonly BankPeriodPosting[], seq: number) {
  const all = new Map<string, AccountCounters>();
  for (const p of postings) {
    if (p.seq > BigInt(seq)) continue;
    const c = all.get(p.account) ?? ZERO_COUNTERS;
    all.set(
      p.account,
      p.side === 'DEBIT'
        ? { ...c, debitsPosted: c.debitsPosted + p.postedDeltaFen }
        : { ...c, creditsPosted: c.creditsPosted + p.postedDeltaFen },
    );
  }
  return all;
}

describe('claims and their states on the institution statement', () => {
  const postings = [
    // Before the month: C1 opened and approved (ended, not listed), C2 opened, C3 deferred.
    ...entry(1, 'C1', 'claims-opened'),
    ...entry(2, 'C1', 'claims-approved'),
    ...entry(3, 'C2', 'claims-opened'),
    ...entry(4, 'C3', 'claims-deferred'),
    // The month (4, 20]: C3's deferral lifted, C2 denied, C4 opened, C5 deferred, C6 opened and
    // withdrawn; C7 approved before its opening was read (another topic): still APPROVED.
    ...entry(5, 'C3', 'claims-lifted'),
    ...entry(6, 'C2', 'claims-denied'),
    ...entry(7, 'C4', 'claims-opened'),
    ...entry(8, 'C5', 'claims-deferred'),
    ...entry(9, 'C6', 'claims-opened'),
    ...entry(10, 'C6', 'claims-withdrawn'),
    ...entry(11, 'C7', 'claims-approved'),
    ...entry(12, 'C7', 'claims-opened'),
    // After the closing: not on the statement.
    ...entry(21, 'C4', 'claims-approved'),
  ];
  const figures = bankClaimStateFigures({
    bankId: 'B1',
    openingSeq: 4n,
    postings: postings.filter((p) => p.seq <= 20n),
    opening: countersAt(postings, 4),
    closing: countersAt(postings, 20),
  });

  it('lists each claim open at the opening or with an event in the month, with both states', () => {
    expect(figures.claims).toEqual([
      { claimId: 'C2', loanId: 'L-C2', openingState: 'OPEN', closingState: 'DENIED' },
      { claimId: 'C3', loanId: 'L-C3', openingState: 'DEFERRED', closingState: 'OPEN' },
      { claimId: 'C4', loanId: 'L-C4', openingState: null, closingState: 'OPEN' },
      { claimId: 'C5', loanId: 'L-C5', openingState: null, closingState: 'DEFERRED' },
      { claimId: 'C6', loanId: 'L-C6', openingState: null, closingState: 'WITHDRAWN' },
      { claimId: 'C7', loanId: 'L-C7', openingState: null, closingState: 'APPROVED' },
    ]);
  });

  it("counts the month's events and the claims open and deferred at each end", () => {
    expect(figures).toMatchObject({
      opened: 3n,
      openedDeferred: 1n,
      deferralsLifted: 1n,
      approved: 1n,
      denied: 1n,
      withdrawn: 1n,
      openAtOpening: 1n,
      deferredAtOpening: 1n,
      openAtClosing: 2n,
      deferredAtClosing: 1n,
    });
  });

  it('refuses a statement whose claim memo balances do not add up', () => {
    expect(() =>
      bankClaimStateFigures({
        bankId: 'B1',
        openingSeq: 4n,
        postings: postings.filter((p) => p.seq <= 20n && p.seq !== 6n),
        opening: countersAt(postings, 4),
        closing: countersAt(postings, 20),
      }),
    ).toThrow(/claims-denied/);
  });

  it('names the claim memo accounts, which are memo accounts of the bank', () => {
    expect(claimMemoAccount('B1', 'claims-opened')).toBe('bank:B1:claims-opened');
    expect(claimMemoAccountOf('bank:B1:claims-memo')).toEqual({
      bankId: 'B1',
      role: 'claims-memo',
    });
    expect(claimMemoAccountOf('bank:B1:loss-borne')).toBeUndefined();
    expect(memoAccountOf('bank:B1:claims-withdrawn')).toEqual({
      bankId: 'B1',
      role: 'claims-withdrawn',
    });
  });
});
