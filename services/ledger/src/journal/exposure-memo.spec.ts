import { Topics } from '@riskpool/contracts';
import { ledgerInputAt } from '../../test/ledger-input';
import { ExposureBook } from './exposure-memo';
import { HoldBook, type LedgerInput, type LedgerPlan, planEvent } from './posting-rules';

const T = '2026-06-01T08:00:00.000Z';
const input = ledgerInputAt(T);
const registered = (loanId: string, principalFen: string, townCode = 'XIAOLAN') =>
  input(`reg-${loanId}`, Topics.loanRegistered, {
    loanId,
    bankId: 'B1',
    enterprise: { townCode },
    principalFen,
    policyVersionId: 'P1',
  });

/** Plans events one after the other, as the writer does within a batch, and commits them. */
function run(book: ExposureBook, ...events: LedgerInput[]): LedgerPlan[] {
  const memo = book.stage();
  const ctx = { holds: new HoldBook().stage(), memo, claim: () => undefined };
  const plans = events.map((e) => {
    const plan = planEvent(e, ctx);
    if (plan.kind === 'entries') memo.applyDrafts(e.eventType, plan.entries);
    return plan;
  });
  memo.commit();
  return plans;
}

/** B1's loan `loanId` reported defaulted (event `eventId`) with `outstandingFen` outstanding. */
const defaultOf = (eventId: string, loanId: string, outstandingFen: string, townCode: string) =>
  input(eventId, Topics.defaultReported, {
    loanId,
    bankId: 'B1',
    townCode,
    outstandingAtDefaultFen: outstandingFen,
  });
const postingsOf = (plan: LedgerPlan | undefined) =>
  plan?.kind === 'entries'
    ? plan.entries.flatMap((e) => e.postings.map((p) => `${p.side} ${p.account} ${p.amountFen}`))
    : plan?.kind;

describe('the loan book in memo entries (ADR 0019)', () => {
  it('books a registration, a repayment, a default and its approval per bank and town', () => {
    const book = new ExposureBook();
    const [reg, repaid, defaulted] = run(
      book,
      registered('L1', '1000'),
      input('rep', Topics.loanRepaid, {
        loanId: 'L1',
        bankId: 'B1',
        repaymentId: 'R1',
        amountFen: '100',
        outstandingFen: '900',
      }),
      defaultOf('def', 'L1', '850', 'XIAOLAN'),
    );
    expect(postingsOf(reg)).toEqual([
      'DEBIT bank:B1:exposure:town:XIAOLAN 1000',
      'CREDIT bank:B1:exposure-memo:town:XIAOLAN 1000',
    ]);
    expect(reg).toMatchObject({ bankId: 'B1', entries: [{ loanId: 'L1', policyVersion: 'P1' }] });
    expect(postingsOf(repaid)).toEqual([
      'CREDIT bank:B1:exposure:town:XIAOLAN 100',
      'DEBIT bank:B1:exposure-memo:town:XIAOLAN 100',
    ]);
    // At default the exposure is the outstanding at default (docs/domain.md §4).
    expect(postingsOf(defaulted)).toEqual([
      'DEBIT bank:B1:defaulted:town:XIAOLAN 850',
      'CREDIT bank:B1:defaulted-memo:town:XIAOLAN 850',
      'CREDIT bank:B1:exposure:town:XIAOLAN 50',
      'DEBIT bank:B1:exposure-memo:town:XIAOLAN 50',
    ]);
    expect(book.loan('L1')).toEqual({
      bankId: 'B1',
      townCode: 'XIAOLAN',
      exposureFen: 850n,
      defaultedFen: 850n,
      ended: false,
    });
    const [approved, lateReport] = run(
      book,
      input('app', Topics.claimApproved, {
        claimId: 'C1',
        loanId: 'L1',
        bankId: 'B1',
        economicPolicyVersionId: 'P1',
        basisFen: '850',
        shares: [{ fundId: 'CITY', shareFen: '340' }],
        bankShareFen: '510',
      }),
      defaultOf('def2', 'L1', '850', 'XIAOLAN'),
    );
    // The compensation entry first, as before; then the memo entry ending the loan's exposure,
    // then the claim's state (claim memo).
    expect(approved?.kind === 'entries' && approved.entries.length).toBe(3);
    expect(approved?.kind === 'entries' && approved.entries[1]?.postings).toEqual([
      { account: 'bank:B1:defaulted:town:XIAOLAN', side: 'CREDIT', amountFen: 850n },
      { account: 'bank:B1:defaulted-memo:town:XIAOLAN', side: 'DEBIT', amountFen: 850n },
      { account: 'bank:B1:exposure:town:XIAOLAN', side: 'CREDIT', amountFen: 850n },
      { account: 'bank:B1:exposure-memo:town:XIAOLAN', side: 'DEBIT', amountFen: 850n },
    ]);
    expect(book.loan('L1')).toMatchObject({ exposureFen: 0n, defaultedFen: 0n, ended: true });
    expect(lateReport?.kind).toBe('audit');
  });

  it('cures back to the outstanding, writes off a denied default, and waits for what it needs', () => {
    const book = new ExposureBook();
    const cure = input('cure', Topics.defaultCured, {
      loanId: 'L2',
      bankId: 'B1',
      curedOn: '2026-06-10',
      outstandingFen: '500',
    });
    const [early] = run(book, cure);
    expect(early).toEqual({ kind: 'park', reason: 'the registration of loan L2 not yet booked' });
    run(book, registered('L2', '500', 'GUZHEN'));
    expect(run(book, cure)[0]).toEqual({
      kind: 'park',
      reason: 'the default of loan L2 not yet booked',
    });
    const [, cured] = run(book, defaultOf('d', 'L2', '400', 'GUZHEN'), cure);
    expect(postingsOf(cured)).toEqual([
      'CREDIT bank:B1:defaulted:town:GUZHEN 400',
      'DEBIT bank:B1:defaulted-memo:town:GUZHEN 400',
      'DEBIT bank:B1:exposure:town:GUZHEN 100',
      'CREDIT bank:B1:exposure-memo:town:GUZHEN 100',
    ]);
    const [, writtenOff] = run(
      book,
      defaultOf('d2', 'L2', '500', 'GUZHEN'),
      input('w', Topics.loanWrittenOff, { loanId: 'L2', bankId: 'B1', defaultId: 'D' }),
    );
    expect(postingsOf(writtenOff)).toEqual([
      'CREDIT bank:B1:defaulted:town:GUZHEN 500',
      'DEBIT bank:B1:defaulted-memo:town:GUZHEN 500',
      'CREDIT bank:B1:exposure:town:GUZHEN 500',
      'DEBIT bank:B1:exposure-memo:town:GUZHEN 500',
    ]);
    expect(book.loan('L2')).toMatchObject({ exposureFen: 0n, defaultedFen: 0n, ended: true });
  });

  it('books a bank’s quota at admission (and a changed one by the difference), kept in the audit trail', () => {
    const book = new ExposureBook();
    const admit = (id: string, quotaFen: string) =>
      input(id, Topics.bankAdmitted, { bankId: 'B1', name: 'B', quotaFen, admittedAt: T });
    const [first, same, lower] = run(
      book,
      admit('a1', '1000'),
      admit('a2', '1000'),
      admit('a3', '600'),
    );
    expect(postingsOf(first)).toEqual([
      'DEBIT bank:B1:quota 1000',
      'CREDIT bank:B1:quota-memo 1000',
    ]);
    expect(first).toMatchObject({ record: true, bankId: 'B1' });
    expect(same?.kind).toBe('audit');
    expect(postingsOf(lower)).toEqual(['CREDIT bank:B1:quota 400', 'DEBIT bank:B1:quota-memo 400']);
    expect(book.quota('B1')).toBe(600n);
  });

  it('is read back from the journal’s entries alone (a restart rebuilds it)', () => {
    const book = new ExposureBook();
    const plans = run(book, registered('L3', '700'));
    const replayed = new ExposureBook();
    for (const plan of plans)
      if (plan.kind === 'entries')
        for (const e of plan.entries) replayed.apply(Topics.loanRegistered, e);
    expect(replayed.loan('L3')).toEqual(book.loan('L3'));
  });

  it('approves a claim of a loan it never booked as before (no memo entry)', () => {
    const plan = run(
      new ExposureBook(),
      input('app', Topics.claimApproved, {
        claimId: 'C9',
        loanId: 'L9',
        bankId: 'B1',
        economicPolicyVersionId: 'P1',
        basisFen: '100',
        shares: [{ fundId: 'CITY', shareFen: '40' }],
        bankShareFen: '60',
      }),
    )[0];
    // The compensation entry and the claim's state, no loan book memo.
    expect(plan?.kind === 'entries' && plan.entries.length).toBe(2);
  });
});
