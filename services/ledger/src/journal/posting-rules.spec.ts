import { Topics } from '@riskpool/contracts';
import { ledgerInputAt } from '../../test/ledger-input';
import { HoldBook, planEvent } from './posting-rules';

const T = '2026-03-01T08:00:00.000Z';
const input = ledgerInputAt(T);
// One posting each side; `move` is an entry of one debit and one credit of the same amount.
const dr = (account: string, amountFen: bigint) => ({ account, side: 'DEBIT', amountFen });
const cr = (account: string, amountFen: bigint) => ({ account, side: 'CREDIT', amountFen });
const move = (from: string, to: string, amountFen: bigint) => ({
  postings: [dr(from, amountFen), cr(to, amountFen)],
});
/** The claim most cases book: C1 on loan L1 of bank B1. */
const claimC1 = { claimId: 'C1', loanId: 'L1', bankId: 'B1' };
/** A deposit of `amountFen` into `fundId` (fund or subsidy fund), the balance after equal to it. */
const deposited = (amountFen: string, fundId: string) => ({
  depositId: 'd',
  fundId,
  amountFen,
  depositedBy: 'm',
  depositedAt: T,
  availableAfterFen: amountFen,
});
/** Claim C1's hold on fund X. */
const holdOnX = (amountFen: string) => ({
  holdId: 'C1:X',
  fundId: 'X',
  claimId: 'C1',
  loanId: 'L1',
  amountFen,
});
/** A planning context with no hold booked and no claim known. */
const unknownClaims = () => ({ holds: new HoldBook().stage(), claim: () => undefined });
/** A fund's (or subsidy fund's) deposit posts one entry: its contributions to its available. */
const expectDepositPosted = (
  topic: typeof Topics.fundDeposited | typeof Topics.subsidyFundDeposited,
  fundId: string,
  amountFen: bigint,
) =>
  expect(
    planEvent(input('e1', topic, deposited(amountFen.toString(), fundId)), unknownClaims()),
  ).toMatchObject({
    kind: 'entries',
    entries: [
      {
        kind: 'POST',
        ...move(`fund:${fundId}:contributions`, `fund:${fundId}:available`, amountFen),
      },
    ],
  });
const hold = (eventId: string, amountFen: string) =>
  input(eventId, Topics.holdPlaced, { ...holdOnX(amountFen), cause: 'CLAIM_OPENED', placedAt: T });

describe('posting rules', () => {
  it('posts a deposit from the fund contributions to available', () => {
    expectDepositPosted(Topics.fundDeposited, 'CITY', 100n);
  });

  it('pays the oldest pending holds first, holding the rest of a partly paid one again', () => {
    const book = new HoldBook();
    const stage = book.stage();
    const ctx = {
      holds: stage,
      claim: () => ({ ...claimC1, policyVersion: 'P1' }),
    };
    planEvent(hold('h1', '100'), ctx);
    planEvent(hold('h2', '50'), ctx);
    const plan = planEvent(
      input('p1', Topics.payoutCompleted, {
        payoutId: 'p',
        ...claimC1,
        defaultId: 'D',
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
    const ctx = unknownClaims();
    expect(planEvent(hold('h1', '100'), ctx)).toMatchObject({ kind: 'park' });
  });

  it('parks a payout or a release larger than what the hold has open', () => {
    const ctx = unknownClaims();
    const plan = planEvent(
      input('r1', Topics.holdReleased, {
        ...holdOnX('5'),
        reason: 'CLAIM_DENIED',
        releasedAt: T,
      }),
      ctx,
    );
    expect(plan).toMatchObject({ kind: 'park' });
  });

  it('books a negative recovery change the other way, and keeps non-money events for the audit trail', () => {
    const ctx = unknownClaims();
    const plan = planEvent(
      input('s1', Topics.recoveryShared, {
        recoveryId: 'r',
        ...claimC1,
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
            dr('fund:CITY:recoveries-owed', 1n),
            { account: 'bank:B1:recoveries-owed', side: 'CREDIT' },
          ],
        },
      ],
    });
    expect(planEvent(input('b1', Topics.breakerTripped, {}), ctx)).toEqual({ kind: 'audit' });
  });

  it("books each claim event that sets a claim's state as one unit on the bank's claim memo accounts", () => {
    const ctx = unknownClaims();
    const claim = claimC1;
    const memo = (role: string) => ({
      kind: 'entries',
      bankId: 'B1',
      record: true,
      entries: [
        {
          kind: 'POST',
          claimId: 'C1',
          loanId: 'L1',
          postings: [dr(`bank:B1:${role}`, 1n), cr('bank:B1:claims-memo', 1n)],
        },
      ],
    });
    const opened = (status: string) =>
      input('o1', Topics.claimOpened, {
        ...claim,
        status,
        economicPolicyVersionId: 'P1',
        basisFen: '100',
      });
    expect(planEvent(opened('OPEN'), ctx)).toMatchObject({
      ...memo('claims-opened'),
      claim: { ...claim, policyVersion: 'P1' },
    });
    expect(planEvent(opened('DEFERRED'), ctx)).toMatchObject(memo('claims-deferred'));
    const event = (type: string) => planEvent(input('x', type, { ...claim, reason: 'r' }), ctx);
    expect(event(Topics.claimDeferralLifted)).toMatchObject(memo('claims-lifted'));
    expect(event(Topics.claimDenied)).toMatchObject(memo('claims-denied'));
    expect(event(Topics.claimWithdrawn)).toMatchObject(memo('claims-withdrawn'));
    // A fund's decision changes no state (the approval or the denial does): the audit trail only.
    expect(event(Topics.claimDecided)).toEqual({ kind: 'audit' });
    expect(event(Topics.claimAdjusted)).toMatchObject({ kind: 'audit' });
  });
});

describe('interest subsidy posting rules', () => {
  const grant = (over: Record<string, unknown>) => ({
    reportId: 'R1',
    loanId: 'L1',
    bankId: 'B1',
    uscc: '91350100M000100Y43',
    townCode: 'XIAOLAN',
    fundId: 'SUBSIDY:CITY',
    requestedFen: '1000',
    grantedFen: '1000',
    lapsedFen: '0',
    payeeAccountNo: '6222000011112222',
    payeeAccountName: 'Walkthrough Tech',
    periodStart: '2026-01-01',
    periodEnd: '2026-04-01',
    economicPolicyVersionId: 'P1',
    ...over,
  });

  it('posts a subsidy deposit on the subsidy fund accounts', () => {
    expectDepositPosted(Topics.subsidyFundDeposited, 'SUBSIDY:TOWN:XIAOLAN', 500n);
  });

  it('posts each grant and its lapse per loan and fund, skipping grants that asked nothing', () => {
    const plan = planEvent(
      input('a1', Topics.subsidyRoundApproved, {
        roundId: 'RD1',
        closing: 1,
        approvedOn: '2026-06-01',
        funds: [],
        grants: [
          grant({}),
          grant({ reportId: 'R2', requestedFen: '0', grantedFen: '0' }),
          grant({
            reportId: 'R3',
            loanId: 'L2',
            bankId: 'B2',
            fundId: 'SUBSIDY:TOWN:XIAOLAN',
            requestedFen: '900',
            grantedFen: '600',
            lapsedFen: '300',
          }),
        ],
      }),
      unknownClaims(),
    );
    expect(plan.kind).toBe('entries');
    if (plan.kind !== 'entries') return;
    expect(plan.record).toBe(true);
    expect(plan.entryBankIds).toEqual(['B1', 'B2']);
    // One POST entry per loan, under the round's policy version.
    const onLoan = (loanId: string, ...postings: ReturnType<typeof dr>[]) => ({
      kind: 'POST',
      loanId,
      policyVersion: 'P1',
      postings,
    });
    expect(plan.entries).toEqual([
      onLoan(
        'L1',
        dr('fund:SUBSIDY:CITY:available', 1000n),
        cr('loan:L1:subsidy-payable:fund:SUBSIDY:CITY', 1000n),
      ),
      onLoan(
        'L2',
        dr('fund:SUBSIDY:TOWN:XIAOLAN:available', 600n),
        cr('loan:L2:subsidy-payable:fund:SUBSIDY:TOWN:XIAOLAN', 600n),
        dr('fund:SUBSIDY:TOWN:XIAOLAN:lapsed', 300n),
        cr('loan:L2:subsidy-lapsed:fund:SUBSIDY:TOWN:XIAOLAN', 300n),
      ),
    ]);
  });

  it('pays each part of a subsidy payment from the loan payable to the fund paid account', () => {
    const plan = planEvent(
      input('p1', Topics.subsidyPaymentCompleted, {
        paymentId: 'pay1',
        roundId: 'RD1',
        closing: 1,
        uscc: '91350100M000100Y43',
        payeeAccountNo: '6222000011112222',
        payeeAccountName: 'Walkthrough Tech',
        amountFen: '1600',
        parts: [
          { reportId: 'R1', loanId: 'L1', bankId: 'B1', fundId: 'SUBSIDY:CITY', amountFen: '1000' },
          {
            reportId: 'R3',
            loanId: 'L2',
            bankId: 'B2',
            fundId: 'SUBSIDY:TOWN:XIAOLAN',
            amountFen: '600',
          },
        ],
        rail: 'PAIN001_FILE',
        railReference: 'ref',
        attempts: 1,
        completedAt: T,
      }),
      unknownClaims(),
    );
    expect(plan).toMatchObject({
      kind: 'entries',
      entryBankIds: ['B1', 'B2'],
      entries: [
        {
          loanId: 'L1',
          postings: [
            dr('loan:L1:subsidy-payable:fund:SUBSIDY:CITY', 1000n),
            cr('fund:SUBSIDY:CITY:subsidies-paid', 1000n),
          ],
        },
        {
          loanId: 'L2',
          postings: [
            dr('loan:L2:subsidy-payable:fund:SUBSIDY:TOWN:XIAOLAN', 600n),
            cr('fund:SUBSIDY:TOWN:XIAOLAN:subsidies-paid', 600n),
          ],
        },
      ],
    });
  });

  describe('co-sharers (docs/domain.md §8.4)', () => {
    const ctx = {
      holds: new HoldBook().stage(),
      claim: () => ({ ...claimC1, policyVersion: 'P1' }),
    };

    it('books the lender and each co-sharer its part of the loss, and what each co-sharer owes the lender', () => {
      const plan = planEvent(
        input('a1', Topics.claimApproved, {
          ...claimC1,
          defaultId: 'D1',
          approvedOn: '2026-03-01',
          basisFen: '1000',
          rateBp: 5400,
          poolFen: '540',
          capsApplied: [],
          shares: [{ fundId: 'CITY', shareFen: '540', heldFen: '540', queuedFen: '0' }],
          bankShareFen: '460',
          economicPolicyVersionId: 'P1',
          proceduralPolicyVersionId: 'P1',
          coSharerShares: [
            { partyId: 'INS', kind: 'INSURER', shareBp: 1600, shareFen: '160', cutBackFen: '0' },
            { partyId: 'VAL', kind: 'VALUER', shareBp: 400, shareFen: '40', cutBackFen: '0' },
          ],
          lenderShareFen: '260',
        }),
        ctx,
      );
      expect(plan).toMatchObject({
        kind: 'entries',
        record: true,
        entries: [
          {
            postings: [
              dr('loan:L1:exposure', 1000n),
              cr('loan:L1:share:fund:CITY', 540n),
              cr('bank:B1:loss-borne', 260n),
              cr('cosharer:INS:loss-borne', 160n),
              cr('cosharer:VAL:loss-borne', 40n),
            ],
          },
          {
            postings: [
              dr('cosharer:INS:share-owed', 160n),
              dr('cosharer:VAL:share-owed', 40n),
              cr('bank:B1:cosharer-shares-due', 200n),
            ],
          },
          move('bank:B1:claims-approved', 'bank:B1:claims-memo', 1n),
        ],
      });
    });

    it('books what the lender owes a co-sharer of a recovery apart from the funds, and its settlements both ways', () => {
      const recovery = planEvent(
        input('r1', Topics.recoveryShared, {
          recoveryId: 'R1',
          ...claimC1,
          cumulativeNetFen: '100',
          owed: [{ fundId: 'CITY', cumulativeOwedFen: '54', changeFen: '54' }],
          bankPartFen: '26',
          dueOn: '2026-04-01',
          policyVersionId: 'P1',
          coSharerOwed: [{ partyId: 'INS', cumulativeOwedFen: '16', changeFen: '16' }],
        }),
        ctx,
      );
      expect(recovery).toMatchObject({
        entries: [
          move('bank:B1:recoveries-owed', 'fund:CITY:recoveries-owed', 54n),
          move('bank:B1:cosharer-recoveries-owed', 'cosharer:INS:recoveries-owed', 16n),
        ],
      });
      const settled = (payer: 'COSHARER' | 'LENDER', source: string, amount: string) =>
        planEvent(
          input(`s-${payer}`, Topics.cosharerSettlementReported, {
            settlementId: `S-${payer}`,
            ...claimC1,
            partyId: 'INS',
            payer,
            amountFen: amount,
            matched: [{ source, sourceRef: 'C1', amountFen: amount }],
            reportedBy: 'k',
            receivedOn: '2026-03-05',
          }),
          ctx,
        );
      expect(settled('COSHARER', 'CLAIM_SHARE', '160')).toMatchObject({
        entries: [
          move('bank:B1:cosharer-shares-due', 'cosharer:INS:share-owed', 160n),
          move('cosharer:INS:share-paid', 'bank:B1:cosharer-shares-received', 160n),
        ],
      });
      expect(settled('LENDER', 'RECOVERY', '16')).toMatchObject({
        entries: [
          move('cosharer:INS:recoveries-owed', 'bank:B1:cosharer-recoveries-owed', 16n),
          move('bank:B1:cosharer-recoveries-paid', 'cosharer:INS:recoveries-received', 16n),
        ],
      });
    });
  });
});
