import { Topics, uuidv7 } from '@riskpool/contracts';
import {
  bankIdentity,
  eventually as waitFor,
  testClaimComputation,
  waitForRow,
} from '@riskpool/testing';
import { call, outboxCount as outboxOf, reportBody as report, useDefaultEvents } from '../support';

const run = uuidv7().slice(-8);
const D1 = `de-${run}-d1`;
const D2 = `de-${run}-d2`;
const loan = (n: number) => `de-${run}-loan-${n}`;

const suite = useDefaultEvents([
  Topics.defaultReported,
  Topics.defaultCured,
  Topics.recoveryReported,
  Topics.loanWrittenOff,
]);

const d1 = (date = '2026-03-01') => call(suite.service.url, bankIdentity(D1, date));
const d2 = () => call(suite.service.url, bankIdentity(D2));

const outboxCount = () => outboxOf(suite.service);

/** Refused requests leave no outbox row, so no event can ever be published for them. */
async function expectNoEvent<T>(work: () => Promise<T>): Promise<T> {
  const before = await outboxCount();
  const result = await work();
  expect(await outboxCount()).toBe(before);
  return result;
}

/** d1's POST to `path` is refused with 409 `code`, and no event can follow. */
async function expectConflict(path: string, body: unknown, code: string): Promise<void> {
  const refused = await expectNoEvent(() => d1().post(path, body).expect(409));
  expect(refused.body.code).toBe(code);
}

async function projected(loanId: string) {
  const rows = (await suite.service.dataSource.query(
    `SELECT status, outstanding_fen::text AS outstanding FROM "default_events".loans WHERE loan_id = $1`,
    [loanId],
  )) as Array<{ status: string; outstanding: string }>;
  return rows[0];
}

async function claimStatus(defaultId: string) {
  const rows = (await suite.service.dataSource.query(
    `SELECT claim_status FROM "default_events".episodes WHERE default_id = $1`,
    [defaultId],
  )) as Array<{ claim_status: string }>;
  return rows[0]?.claim_status;
}

const approve = (loanId: string, defaultId: string) =>
  suite.upstream.send(Topics.claimApproved, loanId, {
    claimId: uuidv7(),
    loanId,
    bankId: D1,
    defaultId,
    approvedOn: '2026-03-10',
    basisFen: '800000',
    rateBp: 4000,
    poolFen: '320000',
    capsApplied: [],
    shares: [{ fundId: 'CITY', shareFen: '320000', heldFen: '320000', queuedFen: '0' }],
    bankShareFen: '480000',
    economicPolicyVersionId: 'IT-POLICY-2026',
    proceduralPolicyVersionId: 'IT-POLICY-2026',
  });

beforeAll(async () => {
  // Loan 9's repayment arrives before its registration: it must be parked, then applied.
  await suite.upstream.send(Topics.loanRepaid, loan(9), {
    loanId: loan(9),
    bankId: D1,
    repaymentId: uuidv7(),
    amountFen: '400000',
    outstandingFen: '600000',
    repaidOn: '2026-02-01',
  });
  for (let n = 1; n <= 9; n++) await suite.upstream.loanRegistered(loan(n), D1, '1000000');
  await suite.upstream.send(Topics.loanRepaid, loan(2), {
    loanId: loan(2),
    bankId: D1,
    repaymentId: uuidv7(),
    amountFen: '500000',
    outstandingFen: '500000',
    repaidOn: '2026-02-01',
  });
  await suite.upstream.send(Topics.loanClosed, loan(3), {
    loanId: loan(3),
    bankId: D1,
    closedOn: '2026-02-01',
  });
  await waitForRow<{ loans: number; policies: number }>(
    suite.service,
    'projections',
    `SELECT (SELECT count(*) FROM "default_events".loans WHERE loan_id LIKE $1)::int AS loans,
              (SELECT count(*) FROM "default_events".policies)::int AS policies`,
    [`de-${run}-%`],
    (r) => r.loans === 9 && r.policies >= 2,
  );
  await waitFor('repayment and closure', async () =>
    (await projected(loan(2)))?.outstanding === '500000' &&
    (await projected(loan(3)))?.status === 'CLOSED'
      ? true
      : undefined,
  );
});

describe('default-events: default reports', () => {
  it('accepts a report within the deadlines and publishes credit.default-reported.v1; the same report repeated answers the first result; another is 409', async () => {
    const first = await d1()
      .post(`/loans/${loan(1)}/defaults`, report())
      .expect(201);
    expect(first.body).toMatchObject({
      loanId: loan(1),
      status: 'OPEN',
      outstandingAtDefaultFen: '800000',
      reportedOn: '2026-03-01',
      policyVersionId: 'IT-POLICY-2026',
    });
    const [event] = await suite.reader.waitForEvent(loan(1), Topics.defaultReported);
    expect(event?.data).toMatchObject({
      defaultId: first.body.defaultId,
      bankId: D1,
      townCode: 'GUZHEN',
      outstandingAtDefaultFen: '800000',
      daysPastDue: 95,
    });
    const again = await expectNoEvent(() =>
      d1()
        .post(`/loans/${loan(1)}/defaults`, report())
        .expect(200),
    );
    expect(again.body).toEqual(first.body);
    await expectConflict(
      `/loans/${loan(1)}/defaults`,
      report({ outstandingAtDefaultFen: '700000' }),
      'CREDIT.DEFAULT_ALREADY_OPEN',
    );
    expect((await projected(loan(1)))?.status).toBe('DEFAULTED');
  });

  it.each([
    ['days past due below the minimum', { daysPastDue: 89 }, 'CREDIT.DAYS_PAST_DUE_BELOW_MINIMUM'],
    ['a date in the future', { reachedMinDaysPastDueOn: '2026-03-02' }, 'CREDIT.DATE_IN_FUTURE'],
    ['a report too late', { reachedMinDaysPastDueOn: '2025-12-30' }, 'CREDIT.REPORT_TOO_LATE'],
    [
      'more than is outstanding',
      { outstandingAtDefaultFen: '500001' },
      'CREDIT.OUTSTANDING_AT_DEFAULT_INVALID',
    ],
    [
      'several reasons at once',
      { daysPastDue: 10, reachedMinDaysPastDueOn: '2025-01-01' },
      'CREDIT.DEFAULT_REFUSED',
    ],
  ])('refuses %s with its reason (422) and publishes nothing', async (_label, extra, code) => {
    const response = await expectNoEvent(() =>
      d1()
        .post(`/loans/${loan(2)}/defaults`, report({ outstandingAtDefaultFen: '500000', ...extra }))
        .expect(422),
    );
    expect(response.body.code).toBe(code);
    expect(response.body.errors.length).toBeGreaterThan(0);
  });

  it('accepts the last day of the reporting window (60 days) and the full outstanding', async () => {
    // Loan 2 was repaid down to 500000: that is the most that can be outstanding at default.
    const ok = await d1()
      .post(
        `/loans/${loan(2)}/defaults`,
        report({ outstandingAtDefaultFen: '500000', reachedMinDaysPastDueOn: '2025-12-31' }),
      )
      .expect(201);
    await suite.reader.waitForEvent(loan(2), Topics.defaultReported);
    expect(ok.body.outstandingAtDefaultFen).toBe('500000');
  });

  it('refuses a closed loan, a day without policy, and bad input', async () => {
    await expectConflict(`/loans/${loan(3)}/defaults`, report(), 'CREDIT.LOAN_NOT_REGISTERED');
    const none = await expectNoEvent(() =>
      d1('2025-06-01')
        .post(`/loans/${loan(4)}/defaults`, report({ reachedMinDaysPastDueOn: '2025-05-20' }))
        .expect(422),
    );
    expect(none.body.code).toBe('CREDIT.NO_POLICY_IN_FORCE');
    for (const bad of [
      { outstandingAtDefaultFen: 800000 },
      { outstandingAtDefaultFen: '0' },
      { outstandingAtDefaultFen: '8.5' },
      { daysPastDue: '95' },
    ]) {
      const response = await expectNoEvent(() =>
        d1()
          .post(`/loans/${loan(4)}/defaults`, report(bad))
          .expect(400),
      );
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(
        Object.keys(bad)[0],
      );
    }
    const unknown = await d1().post(`/loans/de-${run}-nope/defaults`, report()).expect(404);
    expect(unknown.body.code).toBe('RESOURCE.NOT_FOUND');
  });

  it('applies a repayment that arrived before its loan (parked, not lost)', async () => {
    expect(await projected(loan(9))).toEqual({ status: 'REGISTERED', outstanding: '600000' });
    const over = await expectNoEvent(() =>
      d1()
        .post(`/loans/${loan(9)}/defaults`, report({ outstandingAtDefaultFen: '600001' }))
        .expect(422),
    );
    expect(over.body.code).toBe('CREDIT.OUTSTANDING_AT_DEFAULT_INVALID');
  });
});

describe('default-events: cures, recoveries, write-offs', () => {
  it('cures before payout (back to REGISTERED with its outstanding), not twice, and not after payout', async () => {
    const first = await d1()
      .post(`/loans/${loan(5)}/defaults`, report())
      .expect(201);
    const cured = await d1()
      .post(`/loans/${loan(5)}/cures`, {})
      .expect(201);
    expect(cured.body).toMatchObject({
      defaultId: first.body.defaultId,
      loanStatus: 'REGISTERED',
      outstandingFen: '1000000',
    });
    const [event] = await suite.reader.waitForEvent(loan(5), Topics.defaultCured);
    expect(event?.data).toMatchObject({
      defaultId: first.body.defaultId,
      outstandingFen: '1000000',
    });
    await expectConflict(`/loans/${loan(5)}/cures`, {}, 'CREDIT.NO_OPEN_DEFAULT');

    // A new episode after the cure; the claim on it is approved (paid out): no cure any more.
    const second = await d1()
      .post(`/loans/${loan(5)}/defaults`, report())
      .expect(201);
    expect(second.body.defaultId).not.toBe(first.body.defaultId);
    await approve(loan(5), second.body.defaultId);
    await waitFor('approval', async () =>
      (await claimStatus(second.body.defaultId)) === 'APPROVED' ? true : undefined,
    );
    await expectConflict(`/loans/${loan(5)}/cures`, {}, 'CREDIT.CURE_AFTER_PAYOUT');

    // After payout: write-off, then a recovery is still recorded.
    const off = await d1()
      .post(`/loans/${loan(5)}/write-off`, {})
      .expect(201);
    expect(off.body).toMatchObject({ defaultId: second.body.defaultId, loanStatus: 'WRITTEN_OFF' });
    await suite.reader.waitForEvent(loan(5), Topics.loanWrittenOff);
    expect((await projected(loan(5)))?.status).toBe('WRITTEN_OFF');
    await expectConflict(`/loans/${loan(5)}/write-off`, {}, 'CREDIT.NO_OPEN_DEFAULT');
    const recovery = await d1()
      .post(`/loans/${loan(5)}/recoveries`, { amountFen: '100000', costsFen: '10000' })
      .expect(201);
    expect(recovery.body).toMatchObject({ defaultId: second.body.defaultId, netFen: '90000' });
    const [shared] = await suite.reader.waitForEvent(loan(5), Topics.recoveryReported);
    expect(shared?.data).toMatchObject({ amountFen: '100000', costsFen: '10000', netFen: '90000' });
  });

  it('writes off only after payout or denial, and refuses a cure after denial', async () => {
    const opened = await d1()
      .post(`/loans/${loan(6)}/defaults`, report())
      .expect(201);
    await expectConflict(`/loans/${loan(6)}/write-off`, {}, 'CREDIT.WRITE_OFF_BEFORE_DECISION');
    await suite.upstream.send(Topics.claimDenied, loan(6), {
      claimId: uuidv7(),
      loanId: loan(6),
      bankId: D1,
      fundId: 'CITY',
      reason: 'documents missing',
      deniedBy: 'fund-manager:CITY',
      deniedOn: '2026-03-05',
    });
    await waitFor('denial', async () =>
      (await claimStatus(opened.body.defaultId)) === 'DENIED' ? true : undefined,
    );
    await expectConflict(`/loans/${loan(6)}/cures`, {}, 'CREDIT.CURE_AFTER_DENIAL');
    await d1()
      .post(`/loans/${loan(6)}/write-off`, {})
      .expect(201);
    const [event] = await suite.reader.waitForEvent(loan(6), Topics.loanWrittenOff);
    expect(event?.data).toMatchObject({ defaultId: opened.body.defaultId, bankId: D1 });
  });

  it('records recoveries with net = amount − costs, never below zero; none without a default', async () => {
    await expectConflict(
      `/loans/${loan(7)}/recoveries`,
      { amountFen: '1000', costsFen: '0' },
      'CREDIT.NO_DEFAULT',
    );
    await d1()
      .post(`/loans/${loan(7)}/defaults`, report())
      .expect(201);
    const costly = await d1()
      .post(`/loans/${loan(7)}/recoveries`, { amountFen: '1000', costsFen: '1500' })
      .expect(201);
    expect(costly.body.netFen).toBe('0');
    await suite.reader.waitForEvent(loan(7), Topics.recoveryReported);
    for (const bad of [
      { amountFen: 10.5, costsFen: '0' },
      { amountFen: '100', costsFen: '-1' },
      { amountFen: '100' },
    ]) {
      await expectNoEvent(() =>
        d1()
          .post(`/loans/${loan(7)}/recoveries`, bad)
          .expect(400),
      );
    }
  });
});

describe('default-events: scope and access', () => {
  it("answers another bank's loan with 404 on every route and changes nothing", async () => {
    await d1()
      .post(`/loans/${loan(8)}/defaults`, report())
      .expect(201);
    for (const [route, body] of [
      ['defaults', report()],
      ['cures', {}],
      ['recoveries', { amountFen: '1', costsFen: '0' }],
      ['write-off', {}],
    ] as const) {
      const response = await expectNoEvent(() =>
        d2()
          .post(`/loans/${loan(8)}/${route}`, body)
          .expect(404),
      );
      expect(response.body.code).toBe('RESOURCE.NOT_FOUND');
    }
    expect((await projected(loan(8)))?.status).toBe('DEFAULTED');
  });

  it('needs the gateway identity, the bank role and an Idempotency-Key', async () => {
    await call(suite.service.url, undefined)
      .post(`/loans/${loan(4)}/defaults`, report())
      .expect(401);
    const regulator = call(suite.service.url, {
      role: 'regulator',
      scope: null,
      keyId: 'k',
      businessDate: '2026-03-01',
      requestId: 'r',
    });
    await regulator.post(`/loans/${loan(4)}/defaults`, report()).expect(403);
    const missing = await d1()
      .post(`/loans/${loan(4)}/defaults`, report(), null)
      .expect(400);
    expect(missing.body.code).toBe('REQUEST.IDEMPOTENCY_KEY_REQUIRED');
  });

  it('serves /health and /metrics', async () => {
    await call(suite.service.url, undefined).get('/health/ready').expect(200);
    await call(suite.service.url, undefined).get('/metrics').expect(200);
  });
});

describe('default-events: following a default', () => {
  const asOther = (role: 'regulator' | 'fund-manager', scope: string | null) =>
    call(suite.service.url, {
      role,
      scope,
      keyId: `key-${role}`,
      businessDate: '2026-03-01',
      requestId: uuidv7(),
    });

  it('learns the claim id from pool.claim-opened.v1: the repeated report and the loan history carry it; the history lists cures, recoveries and the write-off, scoped', async () => {
    const L = loan(10);
    await suite.upstream.loanRegistered(L, D1, '1000000');
    await waitFor('the loan', async () => ((await projected(L)) !== undefined ? true : undefined));

    // A first episode, cured before any claim.
    const cured = await d1().post(`/loans/${L}/defaults`, report()).expect(201);
    expect(cured.body.claimId).toBeNull();
    await d1().post(`/loans/${L}/cures`, {}).expect(201);

    // A second one: its claim opens (shares in CITY and TOWN:XIAOLAN) and is approved.
    const opened = await d1().post(`/loans/${L}/defaults`, report()).expect(201);
    const claimId = uuidv7();
    // Pool 320000 of a basis of 800000 at 4000 bp; the bank bears 480000.
    const computation = testClaimComputation('800000', 4000, [
      ['CITY', '160000'],
      ['TOWN:XIAOLAN', '160000'],
    ]);
    await suite.upstream.send(Topics.claimOpened, L, {
      claimId,
      loanId: L,
      bankId: D1,
      defaultId: opened.body.defaultId,
      townCode: 'XIAOLAN',
      status: 'OPEN',
      openedOn: '2026-03-01',
      ...computation,
    });
    const repeated = await waitFor('the claim id on the default', async () => {
      const answer = await d1().post(`/loans/${L}/defaults`, report()).expect(200);
      return answer.body.claimId === claimId ? answer.body : undefined;
    });
    expect(repeated).toMatchObject({ defaultId: opened.body.defaultId, claimId });
    await suite.upstream.send(Topics.claimApproved, L, {
      claimId,
      loanId: L,
      bankId: D1,
      defaultId: opened.body.defaultId,
      approvedOn: '2026-03-10',
      ...computation,
    });
    await waitFor('approval', async () =>
      (await claimStatus(opened.body.defaultId)) === 'APPROVED' ? true : undefined,
    );
    await d1()
      .post(`/loans/${L}/recoveries`, { amountFen: '100000', costsFen: '10000' })
      .expect(201);
    await d1().post(`/loans/${L}/write-off`, {}).expect(201);

    const history = await d1().get(`/loans/${L}/defaults`).expect(200);
    expect(history.body.nextCursor).toBeNull();
    expect(history.body.items).toEqual([
      expect.objectContaining({
        defaultId: cured.body.defaultId,
        status: 'CURED',
        closedOn: '2026-03-01',
        claimId: null,
        recoveries: [],
      }),
      expect.objectContaining({
        defaultId: opened.body.defaultId,
        status: 'WRITTEN_OFF',
        closedOn: '2026-03-01',
        claimId,
        claimStatus: 'APPROVED',
        recoveries: [
          expect.objectContaining({ amountFen: '100000', costsFen: '10000', netFen: '90000' }),
        ],
      }),
    ]);

    // Paged like every list.
    const first = await d1().get(`/loans/${L}/defaults?limit=1`).expect(200);
    expect(first.body.items).toHaveLength(1);
    const second = await d1()
      .get(`/loans/${L}/defaults?limit=1&cursor=${first.body.nextCursor as string}`)
      .expect(200);
    expect(second.body.items[0].defaultId).toBe(opened.body.defaultId);
    expect(second.body.nextCursor).toBeNull();
    await d1().get(`/loans/${L}/defaults?limit=0`).expect(400);

    // The regulator and the managers of the claim's funds read it; others answer 404.
    await asOther('regulator', null).get(`/loans/${L}/defaults`).expect(200);
    await asOther('fund-manager', 'TOWN:XIAOLAN').get(`/loans/${L}/defaults`).expect(200);
    await asOther('fund-manager', 'TOWN:TORCH').get(`/loans/${L}/defaults`).expect(404);
    await d2().get(`/loans/${L}/defaults`).expect(404);
    await d1()
      .get(`/loans/${loan(99)}/defaults`)
      .expect(404);
  });
});
