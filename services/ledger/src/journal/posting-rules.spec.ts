import { Topics } from '@riskpool/contracts';
import { HoldBook, LedgerInput, planEvent } from './posting-rules';

const T = '2026-03-01T08:00:00.000Z';
const input = (eventId: string, eventType: string, data: unknown): LedgerInput => ({
  eventId,
  eventType,
  time: T,
  subject: 's',
  data,
});
const hold = (eventId: string, amountFen: string) =>
  input(eventId, Topics.holdPlaced, {
    holdId: 'C1:X',
    fundId: 'X',
    claimId: 'C1',
    loanId: 'L1',
    amountFen,
    cause: 'CLAIM_OPENED',
    placedAt: T,
  });

describe('posting rules', () => {
  it('posts a deposit from the fund contributions to available', () => {
    const plan = planEvent(
      input('e1', Topics.fundDeposited, {
        depositId: 'd',
        fundId: 'CITY',
        amountFen: '100',
        depositedBy: 'm',
        depositedAt: T,
        availableAfterFen: '100',
      }),
      { holds: new HoldBook().stage(), claim: () => undefined },
    );
    expect(plan).toMatchObject({
      kind: 'entries',
      entries: [
        {
          kind: 'POST',
          postings: [
            { account: 'fund:CITY:contributions', side: 'DEBIT', amountFen: 100n },
            { account: 'fund:CITY:available', side: 'CREDIT', amountFen: 100n },
          ],
        },
      ],
    });
  });

  it('pays the oldest pending holds first, holding the rest of a partly paid one again', () => {
    const book = new HoldBook();
    const stage = book.stage();
    const ctx = {
      holds: stage,
      claim: () => ({ claimId: 'C1', loanId: 'L1', bankId: 'B1', policyVersion: 'P1' }),
    };
    planEvent(hold('h1', '100'), ctx);
    planEvent(hold('h2', '50'), ctx);
    const plan = planEvent(
      input('p1', Topics.payoutCompleted, {
        payoutId: 'p',
        claimId: 'C1',
        loanId: 'L1',
        defaultId: 'D',
        bankId: 'B1',
        fundId: 'X',
        amountFen: '120',
        rail: 'SIMULATED',
        railReference: 'r',
        attempts: 1,
        completedAt: T,
      }),
      ctx,
    );
    expect(plan.kind).toBe('entries');
    if (plan.kind !== 'entries') return;
    expect(
      plan.entries.map((e) => [e.kind, e.pendingRef?.eventId, e.postings[0]?.amountFen]),
    ).toEqual([
      ['POST_PENDING', 'h1', 100n],
      ['POST_PENDING', 'h2', 20n],
      ['PENDING', undefined, 30n],
      ['POST', undefined, 120n],
    ]);
    expect(plan.entries[3]?.postings.map((p) => p.account)).toEqual([
      'fund:X:held',
      'bank:B1:compensation-received',
    ]);
    expect(stage.get('C1:X').map((p) => [p.eventId, p.entryIndex, p.amountFen])).toEqual([
      ['p1', 2, 30n],
    ]);
    expect(book.get('C1:X')).toEqual([]);
    stage.commit();
    expect(book.get('C1:X')).toHaveLength(1);
  });

  it('parks a hold until its claim is known', () => {
    const ctx = { holds: new HoldBook().stage(), claim: () => undefined };
    expect(planEvent(hold('h1', '100'), ctx)).toMatchObject({ kind: 'park' });
  });

  it('parks a payout or a release larger than what the hold has open', () => {
    const ctx = { holds: new HoldBook().stage(), claim: () => undefined };
    const plan = planEvent(
      input('r1', Topics.holdReleased, {
        holdId: 'C1:X',
        fundId: 'X',
        claimId: 'C1',
        loanId: 'L1',
        amountFen: '5',
        reason: 'CLAIM_DENIED',
        releasedAt: T,
      }),
      ctx,
    );
    expect(plan).toMatchObject({ kind: 'park' });
  });

  it('books a negative recovery change the other way, and keeps non-money events for the audit trail', () => {
    const ctx = { holds: new HoldBook().stage(), claim: () => undefined };
    const plan = planEvent(
      input('s1', Topics.recoveryShared, {
        recoveryId: 'r',
        claimId: 'C1',
        loanId: 'L1',
        bankId: 'B1',
        cumulativeNetFen: '3',
        owed: [
          { fundId: 'CITY', cumulativeOwedFen: '1', changeFen: '-1' },
          { fundId: 'X', cumulativeOwedFen: '1', changeFen: '0' },
        ],
        bankPartFen: '1',
        dueOn: '2026-04-01',
        policyVersionId: 'P1',
      }),
      ctx,
    );
    expect(plan).toMatchObject({
      kind: 'entries',
      entries: [
        {
          postings: [
            { account: 'fund:CITY:recoveries-owed', side: 'DEBIT', amountFen: 1n },
            { account: 'bank:B1:recoveries-owed', side: 'CREDIT' },
          ],
        },
      ],
    });
    expect(planEvent(input('b1', Topics.breakerTripped, {}), ctx)).toEqual({ kind: 'audit' });
  });
});
