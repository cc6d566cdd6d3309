import { Topics, uuidv7 } from '@riskpool/contracts';
import {
  bankIdentity,
  eventually as waitFor,
  newUscc,
  testClaimComputation,
  TopicReader,
  type UpstreamEvents,
  waitForRow,
} from '@riskpool/testing';
import {
  call,
  createFunds,
  loanBody,
  type LoanRegistrySuite,
  outboxCount as outboxOf,
  startLoanRegistry,
} from '../support';

const run = uuidv7().slice(-8);
const B1 = `lr-${run}-b1`;
const B2 = `lr-${run}-b2`;
const SMALL = `lr-${run}-small`;
const SUSP = `lr-${run}-susp`;
const EXP = `lr-${run}-exp`;
const NEVER = `lr-${run}-never`;

let suite: LoanRegistrySuite;
let service: LoanRegistrySuite['service'];
let upstream: UpstreamEvents;
let reader: TopicReader;

const b1 = () => call(service.url, bankIdentity(B1));
const b2 = () => call(service.url, bankIdentity(B2));

const outboxCount = () => outboxOf(service);

/** The status and exposure of a bank (`banks`, by bank_id) or a loan (`loans`, by loan_id). */
async function statusAndExposure(table: 'banks' | 'loans', id: string) {
  const key = table === 'banks' ? 'bank_id' : 'loan_id';
  const rows = (await service.dataSource.query(
    `SELECT status, exposure_fen::text AS exposure FROM "loan_registry".${table} WHERE ${key} = $1`,
    [id],
  )) as Array<{ status: string; exposure: string }>;
  return rows[0];
}
const bankRow = (bankId: string) => statusAndExposure('banks', bankId);
const loanStatus = (loanId: string) => statusAndExposure('loans', loanId);

/** Refused requests leave no outbox row, so no event can ever be published for them. */
async function expectNoEvent<T>(work: () => Promise<T>): Promise<T> {
  const before = await outboxCount();
  const result = await work();
  expect(await outboxCount()).toBe(before);
  return result;
}

beforeAll(async () => {
  suite = await startLoanRegistry([Topics.loanRegistered, Topics.loanRepaid, Topics.loanClosed]);
  ({ service, upstream, reader } = suite);
  await createFunds(upstream);
  await upstream.admitBank(B1, '100000000000');
  await upstream.admitBank(B2, '100000000000');
  await upstream.admitBank(SMALL, '1000');
  await upstream.admitBank(SUSP, '100000000000');
  await upstream.admitBank(EXP, '1000');
  await waitForRow<{ banks: number; policies: number; funds: number }>(
    service,
    'projections',
    `SELECT (SELECT count(*) FROM "loan_registry".banks WHERE bank_id LIKE $1)::int AS banks,
              (SELECT count(*) FROM "loan_registry".policies)::int AS policies,
              (SELECT count(*) FROM "loan_registry".funds)::int AS funds`,
    [`lr-${run}-%`],
    (r) => r.banks === 5 && r.policies >= 2 && r.funds >= 2,
  );
});

afterAll(() => suite?.stop());

describe('loan-registry: registration', () => {
  it('registers an eligible loan, stores the policy in force, and publishes loans.loan-registered.v1', async () => {
    const body = loanBody();
    const response = await b1().post('/loans', body).expect(201);
    expect(response.body).toMatchObject({
      bankId: B1,
      bankReference: body.bankReference,
      status: 'REGISTERED',
      principalFen: '100000000',
      outstandingFen: '100000000',
      termMonths: 36,
      registrationDate: '2026-03-01',
      policyVersionId: 'IT-POLICY-2026',
    });
    const [event] = await reader.waitForEvent(response.body.loanId, Topics.loanRegistered);
    expect(event?.data).toMatchObject({
      loanId: response.body.loanId,
      bankId: B1,
      principalFen: '100000000',
      policyVersionId: 'IT-POLICY-2026',
      flags: ['IP_PLEDGE'],
    });
  });

  it('stores the economic policy version in force on the registration date', async () => {
    const later = call(service.url, bankIdentity(B1, '2027-02-01'));
    const ok = await later.post('/loans', loanBody()).expect(201);
    expect(ok.body.policyVersionId).toBe('IT-POLICY-2027');
    await reader.waitForEvent(ok.body.loanId, Topics.loanRegistered);
    // 2027's most per loan is 2,000,000,000 fen: a loan 2026 allows is ineligible in 2027.
    const refused = await expectNoEvent(() =>
      later.post('/loans', loanBody({ principalFen: '2500000000' })).expect(422),
    );
    expect(refused.body.code).toBe('LOAN.INELIGIBLE');
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ field: 'principalFen', code: 'PRINCIPAL_OVER_MAX' }),
    ]);
    const before = call(service.url, bankIdentity(B1, '2025-06-01'));
    const none = await expectNoEvent(() => before.post('/loans', loanBody()).expect(422));
    expect(none.body.code).toBe('LOAN.NO_POLICY_IN_FORCE');
  });

  it('answers the same registration repeated with the same loan, and a reused reference with other content with 409', async () => {
    const body = loanBody();
    const first = await b1().post('/loans', body).expect(201);
    const again = await expectNoEvent(() => b1().post('/loans', body).expect(200));
    expect(again.body.loanId).toBe(first.body.loanId);
    const conflict = await expectNoEvent(() =>
      b1()
        .post('/loans', { ...body, principalFen: '100000001' })
        .expect(409),
    );
    expect(conflict.body.code).toBe('LOAN.REFERENCE_CONFLICT');
    expect(conflict.headers['content-type']).toContain('application/problem+json');
    // Another bank may use the same reference for its own loan.
    await b2().post('/loans', body).expect(201);
    await reader.waitForEvent(first.body.loanId, Topics.loanRegistered);
    expect(reader.of(first.body.loanId, Topics.loanRegistered)).toHaveLength(1);
  });

  it('replays an Idempotency-Key with the first answer and refuses it with another body', async () => {
    const key = `idem-${uuidv7()}`;
    const body = loanBody();
    const first = await b1().post('/loans', body, key).expect(201);
    const replay = await expectNoEvent(() => b1().post('/loans', body, key).expect(201));
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(first.body);
    const other = await b1().post('/loans', loanBody(), key).expect(409);
    expect(other.body.code).toBe('REQUEST.IDEMPOTENCY_KEY_REUSED');
    const missing = await b1().post('/loans', loanBody(), null).expect(400);
    expect(missing.body.code).toBe('REQUEST.IDEMPOTENCY_KEY_REQUIRED');
  });

  it('refuses an ineligible loan with every reason, and publishes nothing', async () => {
    const response = await expectNoEvent(() =>
      b1()
        .post(
          '/loans',
          loanBody(
            { principalFen: '3000000001', maturityDate: '2029-01-11' },
            { qualifications: [] },
          ),
        )
        .expect(422),
    );
    expect(response.body.code).toBe('LOAN.INELIGIBLE');
    expect(response.body.errors.map((e: { code: string }) => e.code).sort()).toEqual([
      'ENTERPRISE_LIMIT_EXCEEDED',
      'NO_ELIGIBLE_QUALIFICATION',
      'PRINCIPAL_OVER_MAX',
      'TERM_OVER_MAX',
    ]);
    const backwards = await expectNoEvent(() =>
      b1()
        .post('/loans', loanBody({ maturityDate: '2026-01-10' }))
        .expect(422),
    );
    expect(backwards.body.errors[0].code).toBe('MATURITY_NOT_AFTER_DISBURSEMENT');
  });

  it('refuses a town without a fund', async () => {
    const response = await expectNoEvent(() =>
      b1()
        .post('/loans', loanBody({}, { townCode: 'NOWHERE' }))
        .expect(422),
    );
    expect(response.body.code).toBe('LOAN.TOWN_HAS_NO_FUND');
  });

  it('refuses an enterprise registered in another town', async () => {
    const uscc = newUscc();
    await b1().post('/loans', loanBody({}, { uscc })).expect(201);
    const response = await expectNoEvent(() =>
      b1()
        .post('/loans', loanBody({}, { uscc, townCode: 'GUZHEN' }))
        .expect(422),
    );
    expect(response.body.errors.map((e: { code: string }) => e.code)).toContain(
      'ENTERPRISE_TOWN_MISMATCH',
    );
  });

  it.each([
    ['a JSON number', { principalFen: 100000000 }, 'principalFen'],
    ['a float', { principalFen: '1000.5' }, 'principalFen'],
    ['a negative', { principalFen: '-5' }, 'principalFen'],
    ['zero', { principalFen: '0' }, 'principalFen'],
    ['an over-long string', { principalFen: '1'.repeat(19) }, 'principalFen'],
    ['an unknown flag', { flags: ['GOLD'] }, 'flags'],
    ['a non-date', { disbursementDate: '2026-02-30' }, 'disbursementDate'],
    ['an unknown field', { colour: 'red' }, 'colour'],
  ])('answers money or input given as %s with 400 naming the field', async (_l, extra, field) => {
    const response = await expectNoEvent(() => b1().post('/loans', loanBody(extra)).expect(400));
    expect(response.body.code).toBe('REQUEST.INVALID');
    expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('treats an unknown qualification or a bad USCC check character as invalid input (400)', async () => {
    const uscc = newUscc();
    const wrong = `${uscc.slice(0, 17)}${uscc.endsWith('0') ? '1' : '0'}`;
    const response = await expectNoEvent(() =>
      b1()
        .post('/loans', loanBody({}, { uscc: wrong, qualifications: ['HNTE', 'NOBEL'] }))
        .expect(400),
    );
    expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['enterprise.uscc', 'enterprise.qualifications']),
    );
  });

  it('needs the gateway identity (401) and the bank role (403)', async () => {
    await call(service.url, undefined).post('/loans', loanBody()).expect(401);
    const manager = call(service.url, {
      role: 'fund-manager',
      scope: 'CITY',
      keyId: 'k',
      businessDate: '2026-03-01',
      requestId: 'r',
    });
    const response = await manager.post('/loans', loanBody()).expect(403);
    expect(response.body.code).toBe('AUTH.FORBIDDEN');
  });
});

describe('loan-registry: bank status, quota and limits', () => {
  it('refuses a bank that was never admitted', async () => {
    const response = await expectNoEvent(() =>
      call(service.url, bankIdentity(NEVER)).post('/loans', loanBody()).expect(422),
    );
    expect(response.body.code).toBe('LOAN.BANK_NOT_ACTIVE');
  });

  it('follows suspension, the NPL breaker and reinstatement', async () => {
    const susp = () => call(service.url, bankIdentity(SUSP));
    await susp().post('/loans', loanBody()).expect(201);
    await upstream.bankStatus(Topics.bankSuspended, SUSP);
    await waitFor('suspension', async () =>
      (await bankRow(SUSP))?.status === 'SUSPENDED' ? true : undefined,
    );
    const refused = await expectNoEvent(() => susp().post('/loans', loanBody()).expect(422));
    expect(refused.body.code).toBe('LOAN.BANK_NOT_ACTIVE');
    await upstream.bankStatus(Topics.bankReinstated, SUSP);
    await waitFor('reinstatement', async () =>
      (await bankRow(SUSP))?.status === 'ACTIVE' ? true : undefined,
    );
    await susp().post('/loans', loanBody()).expect(201);
    await upstream.send(Topics.breakerTripped, SUSP, {
      bankId: SUSP,
      claimId: uuidv7(),
      defaultedExposureFen: '400',
      totalExposureFen: '1000',
      thresholdBp: 300,
      policyVersionId: 'IT-POLICY-2026',
      trippedOn: '2026-03-01',
    });
    await waitFor('breaker', async () =>
      (await bankRow(SUSP))?.status === 'SUSPENDED' ? true : undefined,
    );
    const tripped = await susp().post('/loans', loanBody()).expect(422);
    expect(tripped.body.code).toBe('LOAN.BANK_NOT_ACTIVE');
  });

  it('lets only one of two racing registrations squeeze under a quota that fits one', async () => {
    const small = () => call(service.url, bankIdentity(SMALL));
    const answers = await Promise.all([
      small().post('/loans', loanBody({ principalFen: '600' })),
      small().post('/loans', loanBody({ principalFen: '600' })),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 422]);
    const refused = answers.find((a) => a.status === 422);
    expect(refused?.body.code).toBe('LOAN.QUOTA_EXCEEDED');
    expect((await bankRow(SMALL))?.exposure).toBe('600');
  });

  it("lets only one of two banks' racing loans squeeze under an enterprise's limit", async () => {
    const uscc = newUscc();
    const answers = await Promise.all([
      b1().post('/loans', loanBody({ principalFen: '2000000000' }, { uscc })),
      b2().post('/loans', loanBody({ principalFen: '2000000000' }, { uscc })),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 422]);
    expect(answers.find((a) => a.status === 422)?.body.code).toBe('LOAN.ENTERPRISE_LIMIT_EXCEEDED');
    // 1,000,000,000 more still fits exactly (limit 3,000,000,000).
    await b2()
      .post('/loans', loanBody({ principalFen: '1000000000' }, { uscc }))
      .expect(201);
  });

  it('moves exposure with defaults, cures, approvals and write-offs', async () => {
    const exp = () => call(service.url, bankIdentity(EXP));
    const loan = (
      await exp()
        .post('/loans', loanBody({ principalFen: '1000' }))
        .expect(201)
    ).body;
    expect(
      (
        await exp()
          .post('/loans', loanBody({ principalFen: '1' }))
          .expect(422)
      ).body.code,
    ).toBe('LOAN.QUOTA_EXCEEDED');
    const defaultId = uuidv7();
    await upstream.send(Topics.defaultReported, loan.loanId, {
      defaultId,
      loanId: loan.loanId,
      bankId: EXP,
      townCode: 'XIAOLAN',
      outstandingAtDefaultFen: '700',
      daysPastDue: 95,
      reachedMinDaysPastDueOn: '2026-02-20',
      reportedOn: '2026-03-01',
    });
    await waitFor('default', async () =>
      (await loanStatus(loan.loanId))?.status === 'DEFAULTED' ? true : undefined,
    );
    expect(await loanStatus(loan.loanId)).toEqual({ status: 'DEFAULTED', exposure: '700' });
    expect((await bankRow(EXP))?.exposure).toBe('700');
    const got = await exp().get(`/loans/${loan.loanId}`).expect(200);
    expect(got.body).toMatchObject({ status: 'DEFAULTED', outstandingAtDefaultFen: '700' });
    await expectNoEvent(() =>
      exp().post(`/loans/${loan.loanId}/repayments`, { amountFen: '1' }).expect(409),
    );

    await upstream.send(Topics.defaultCured, loan.loanId, {
      defaultId,
      loanId: loan.loanId,
      bankId: EXP,
      curedOn: '2026-03-02',
      outstandingFen: '1000',
    });
    await waitFor('cure', async () =>
      (await loanStatus(loan.loanId))?.status === 'REGISTERED' ? true : undefined,
    );
    expect((await bankRow(EXP))?.exposure).toBe('1000');

    const second = uuidv7();
    const claimId = uuidv7();
    // Pool 450 of a basis of 900 at 5000 bp; the bank bears 450.
    const computation = testClaimComputation('900', 5000, [['CITY', '450']]);
    // The claim's opening may arrive before its default's report (another topic): the loan shows
    // the claim id once both are in.
    await upstream.send(Topics.claimOpened, loan.loanId, {
      claimId,
      loanId: loan.loanId,
      bankId: EXP,
      defaultId: second,
      townCode: 'XIAOLAN',
      status: 'OPEN',
      openedOn: '2026-03-03',
      ...computation,
    });
    await upstream.send(Topics.defaultReported, loan.loanId, {
      defaultId: second,
      loanId: loan.loanId,
      bankId: EXP,
      townCode: 'XIAOLAN',
      outstandingAtDefaultFen: '900',
      daysPastDue: 95,
      reachedMinDaysPastDueOn: '2026-02-20',
      reportedOn: '2026-03-03',
    });
    await upstream.send(Topics.claimApproved, loan.loanId, {
      claimId: uuidv7(),
      loanId: loan.loanId,
      bankId: EXP,
      defaultId: second,
      approvedOn: '2026-03-05',
      ...computation,
    });
    await waitFor('approval', async () =>
      (await loanStatus(loan.loanId))?.status === 'COMPENSATED' ? true : undefined,
    );
    expect((await bankRow(EXP))?.exposure).toBe('0');
    const followed = await exp().get(`/loans/${loan.loanId}`).expect(200);
    expect(followed.body).toMatchObject({ defaultId: second, claimId });
    // The quota is free again.
    await exp()
      .post('/loans', loanBody({ principalFen: '1000' }))
      .expect(201);

    await upstream.send(Topics.loanWrittenOff, loan.loanId, {
      loanId: loan.loanId,
      bankId: EXP,
      defaultId: second,
      writtenOffOn: '2026-04-01',
    });
    await waitFor('write-off', async () =>
      (await loanStatus(loan.loanId))?.status === 'WRITTEN_OFF' ? true : undefined,
    );
  });
});

describe('loan-registry: repayments, reads and scope', () => {
  it('repays, closes at zero (freeing quota) and publishes loan-repaid and loan-closed', async () => {
    const loan = (
      await b1()
        .post('/loans', loanBody({ principalFen: '5000' }))
        .expect(201)
    ).body;
    const part = await b1()
      .post(`/loans/${loan.loanId}/repayments`, { amountFen: '2000' })
      .expect(201);
    expect(part.body).toMatchObject({ outstandingFen: '3000', status: 'REGISTERED' });
    const over = await expectNoEvent(() =>
      b1().post(`/loans/${loan.loanId}/repayments`, { amountFen: '3001' }).expect(422),
    );
    expect(over.body.code).toBe('LOAN.REPAYMENT_ABOVE_OUTSTANDING');
    await expectNoEvent(() =>
      b1().post(`/loans/${loan.loanId}/repayments`, { amountFen: 5 }).expect(400),
    );
    const rest = await b1()
      .post(`/loans/${loan.loanId}/repayments`, { amountFen: '3000' })
      .expect(201);
    expect(rest.body).toMatchObject({ outstandingFen: '0', status: 'CLOSED' });
    const repaid = await reader.waitForEvent(loan.loanId, Topics.loanRepaid, 2);
    expect(repaid.map((e) => e.data['outstandingFen'])).toEqual(['3000', '0']);
    await reader.waitForEvent(loan.loanId, Topics.loanClosed);
    const closed = await expectNoEvent(() =>
      b1().post(`/loans/${loan.loanId}/repayments`, { amountFen: '1' }).expect(409),
    );
    expect(closed.body.code).toBe('LOAN.NOT_REGISTERED');
  });

  it("hides another bank's loan on every route (404, as if it did not exist)", async () => {
    const loan = (await b1().post('/loans', loanBody()).expect(201)).body;
    const seen = await b2().get(`/loans/${loan.loanId}`).expect(404);
    expect(seen.body.code).toBe('RESOURCE.NOT_FOUND');
    const unknown = await b2().get(`/loans/${uuidv7()}`).expect(404);
    expect({ ...unknown.body, detail: '', requestId: '' }).toEqual({
      ...seen.body,
      detail: '',
      requestId: '',
    });
    await expectNoEvent(() =>
      b2().post(`/loans/${loan.loanId}/repayments`, { amountFen: '1' }).expect(404),
    );
    const list = await b2().get('/loans?limit=500').expect(200);
    expect(list.body.items.every((l: { bankId: string }) => l.bankId === B2)).toBe(true);
    expect(list.body.items.map((l: { loanId: string }) => l.loanId)).not.toContain(loan.loanId);
    // The loan is untouched.
    expect((await b1().get(`/loans/${loan.loanId}`).expect(200)).body.outstandingFen).toBe(
      loan.outstandingFen,
    );
  });

  it('lists own loans with cursor paging and filters by status and town', async () => {
    const pages: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/loans?limit=3${cursor === null ? '' : `&cursor=${cursor}`}`;
      const page = await b1().get(query).expect(200);
      pages.push(...page.body.items.map((l: { loanId: string }) => l.loanId));
      cursor = page.body.nextCursor;
    } while (cursor !== null);
    expect(new Set(pages).size).toBe(pages.length);
    expect(pages).toEqual([...pages].sort());
    const all = await b1().get('/loans?limit=500').expect(200);
    expect(pages).toEqual(all.body.items.map((l: { loanId: string }) => l.loanId));
    const closed = await b1().get('/loans?status=CLOSED').expect(200);
    expect(closed.body.items.length).toBeGreaterThan(0);
    expect(closed.body.items.every((l: { status: string }) => l.status === 'CLOSED')).toBe(true);
    const town = await b1().get('/loans?town=GUZHEN').expect(200);
    expect(town.body.items).toEqual([]);
    const bad = await b1().get('/loans?status=LOST&limit=0').expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['status', 'limit']),
    );
  });
});

describe('loan-registry: bulk registration', () => {
  it('registers JSON lines row by row: a bad row does not sink the good ones', async () => {
    const good = [loanBody(), loanBody(), loanBody()];
    const lines = [
      JSON.stringify(good[0]),
      JSON.stringify(loanBody({ principalFen: 12.5 })),
      JSON.stringify(good[1]),
      JSON.stringify(loanBody({}, { townCode: 'NOWHERE' })),
      '{broken',
      JSON.stringify(good[2]),
      JSON.stringify(good[0]),
    ].join('\n');
    const response = await b1()
      .post('/loans/bulk', lines, uuidv7(), 'application/x-ndjson')
      .expect(200);
    expect(response.body).toMatchObject({ rows: 7, registered: 3, existing: 1, refused: 3 });
    expect(response.body.results.map((r: { status: string }) => r.status)).toEqual([
      'REGISTERED',
      'REFUSED',
      'REGISTERED',
      'REFUSED',
      'REFUSED',
      'REGISTERED',
      'EXISTING',
    ]);
    expect(response.body.results[3].code).toBe('LOAN.TOWN_HAS_NO_FUND');
    expect(response.body.results[6].loanId).toBe(response.body.results[0].loanId);
    for (const row of response.body.results.filter(
      (r: { status: string }) => r.status === 'REGISTERED',
    ))
      await reader.waitForEvent(row.loanId, Topics.loanRegistered);
  });

  it('registers CSV rows and refuses more rows than the limit or a bad header', async () => {
    const a = loanBody();
    const csv =
      'bankReference,uscc,enterpriseName,townCode,qualifications,principalFen,annualRateBp,disbursementDate,maturityDate,flags\n' +
      `${a.bankReference},${a.enterprise.uscc},"Acme, Ltd",XIAOLAN,HNTE|SRDI,250000,380,2026-01-10,2028-01-10,IP_PLEDGE\n` +
      `CSV-${uuidv7()},${newUscc()},Acme,XIAOLAN,HNTE,250000,380,2026-01-10,2030-01-10,\n`;
    const response = await b1().post('/loans/bulk', csv, uuidv7(), 'text/csv').expect(200);
    expect(response.body).toMatchObject({ rows: 2, registered: 1, refused: 1 });
    expect(response.body.results[1].errors[0].code).toBe('TERM_OVER_MAX');
    await reader.waitForEvent(response.body.results[0].loanId, Topics.loanRegistered);
    const header = await expectNoEvent(() =>
      b1().post('/loans/bulk', 'ref,colour\n1,red\n', uuidv7(), 'text/csv').expect(400),
    );
    expect(header.body.code).toBe('LOAN.BULK_INVALID');
    // Not one readable row: refused as a whole, each row's fields named, nothing recorded.
    const noneKey = uuidv7();
    const none = await expectNoEvent(() =>
      b1()
        .post(
          '/loans/bulk',
          `{broken\n${JSON.stringify(loanBody({ principalFen: 1.5 }))}`,
          noneKey,
          'application/x-ndjson',
        )
        .expect(400),
    );
    expect(none.body.code).toBe('LOAN.BULK_INVALID');
    expect([...new Set(none.body.errors.map((e: { field: string }) => e.field))]).toEqual([
      'rows[1].(row)',
      'rows[2].principalFen',
    ]);
    const kept = (await service.dataSource.query(
      `SELECT count(*)::int AS n FROM loan_registry.idempotency_keys WHERE idempotency_key = $1`,
      [noneKey],
    )) as Array<{ n: number }>;
    expect(kept[0]?.n).toBe(0);
    const tooMany = Array.from({ length: 10001 }, () => '{}').join('\n');
    const large = await b1()
      .post('/loans/bulk', tooMany, uuidv7(), 'application/x-ndjson')
      .expect(413);
    expect(large.body.code).toBe('LOAN.BULK_TOO_LARGE');
  });
});

describe('loan-registry: health and metrics', () => {
  it('serves /health, /health/ready and /metrics without identity', async () => {
    const open = call(service.url, undefined);
    await open.get('/health').expect(200);
    await open.get('/health/ready').expect(200);
    expect((await open.get('/metrics').expect(200)).text).toContain('riskpool_http_request');
  });
});
