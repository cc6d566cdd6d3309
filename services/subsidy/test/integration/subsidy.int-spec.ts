import request from 'supertest';
import { Identity, signIdentity, Topics, uuidv7 } from '@riskpool/contracts';
import {
  eventually as waitFor,
  newUscc,
  testLedgerKeys,
  TopicReader,
  UpstreamEvents,
} from '@riskpool/testing';
import { call, identityOf, startSubsidy, type SubsidySuite } from '../support';

const run = uuidv7().slice(-8);
const BANK = `sb-${run}-b1`;
const OTHER_BANK = `sb-${run}-b2`;
const loan = (name: string) => `sb-${run}-${name}`;
const CITY = 'SUBSIDY:CITY';
const XIAOLAN = 'SUBSIDY:TOWN:XIAOLAN';
const TORCH = 'SUBSIDY:TOWN:TORCH';

let suite: SubsidySuite;
let service: SubsidySuite['service'];
let upstream: UpstreamEvents;
let reader: TopicReader;

const as = (identity: Identity) => call(service.url, identity);
const bank = () => as(identityOf('bank', BANK));
const otherBank = () => as(identityOf('bank', OTHER_BANK));
const manager = (fundId: string) => as(identityOf('fund-manager', fundId));
const regulator = () => as(identityOf('regulator', null));
const admin = () => as(identityOf('admin', null));

const q1 = (loanId: string, overrides: Record<string, unknown> = {}) => ({
  loanId,
  periodStart: '2026-01-01',
  periodEnd: '2026-04-01',
  interestPaidFen: '11835616',
  outstandingAtStartFen: '800000000',
  payeeAccountNo: '6222020200112233',
  payeeAccountName: 'Xiaolan Optics Co., Ltd.',
  ...overrides,
});

async function registered(
  loanId: string,
  o: { bankId?: string; town: string; principalFen: string; rateBp: number; flags?: 'IP_PLEDGE'[] },
): Promise<void> {
  await upstream.send(Topics.loanRegistered, loanId, {
    loanId,
    bankId: o.bankId ?? BANK,
    bankReference: `REF-${loanId}`,
    enterprise: {
      uscc: newUscc(),
      name: `Enterprise ${loanId}`,
      townCode: o.town,
      qualifications: ['HNTE'],
    },
    principalFen: o.principalFen,
    annualRateBp: o.rateBp,
    disbursementDate: '2025-12-15',
    maturityDate: '2027-12-15',
    termMonths: 24,
    flags: o.flags ?? [],
    registrationDate: '2026-01-05',
    policyVersionId: 'IT-POLICY-2026',
    registeredAt: new Date().toISOString(),
  });
}

async function outboxCount(): Promise<number> {
  const rows = (await service.dataSource.query(
    `SELECT count(*)::int AS n FROM "subsidy".outbox`,
  )) as Array<{ n: number }>;
  return rows[0]?.n ?? -1;
}

/** A refusal leaves no outbox row and no report: nothing changed. */
async function refused<T>(work: () => Promise<T>): Promise<T> {
  const count = async () =>
    (
      (await service.dataSource.query(
        `SELECT count(*)::int AS n FROM "subsidy".reports`,
      )) as Array<{
        n: number;
      }>
    )[0]?.n;
  const [outbox, reports] = [await outboxCount(), await count()];
  const result = await work();
  expect([await outboxCount(), await count()]).toEqual([outbox, reports]);
  return result;
}

const fieldsOf = (body: { errors?: Array<{ field: string }> }) =>
  (body.errors ?? []).map((e) => e.field);

beforeAll(async () => {
  suite = await startSubsidy([
    Topics.interestReported,
    Topics.subsidyRoundClosed,
    Topics.subsidyRoundDecided,
    Topics.subsidyRoundApproved,
    Topics.subsidyFundCreated,
  ]);
  ({ service, upstream, reader } = suite);
  await registered(loan('A'), {
    town: 'XIAOLAN',
    principalFen: '800000000',
    rateBp: 600,
    flags: ['IP_PLEDGE'],
  });
  await registered(loan('B'), { town: 'XIAOLAN', principalFen: '300000000', rateBp: 400 });
  await registered(loan('C'), { town: 'TORCH', principalFen: '100000000', rateBp: 450 });
  await registered(loan('D'), { town: 'TORCH', principalFen: '100000000', rateBp: 450 });
  await registered(loan('G'), { town: 'GUZHEN', principalFen: '100000000', rateBp: 450 });
  await registered(loan('X'), {
    bankId: OTHER_BANK,
    town: 'TORCH',
    principalFen: '100000000',
    rateBp: 450,
  });
  // D was DEFAULTED from 2026-02-10 to its cure on 2026-02-20: no subsidy for a period over those days.
  const defaultId = uuidv7();
  await upstream.send(Topics.defaultReported, loan('D'), {
    defaultId,
    loanId: loan('D'),
    bankId: BANK,
    townCode: 'TORCH',
    outstandingAtDefaultFen: '100000000',
    daysPastDue: 95,
    reachedMinDaysPastDueOn: '2026-02-05',
    reportedOn: '2026-02-10',
  });
  await upstream.send(Topics.defaultCured, loan('D'), {
    defaultId,
    loanId: loan('D'),
    bankId: BANK,
    curedOn: '2026-02-20',
    outstandingFen: '100000000',
  });
  await waitFor(
    'loans, the cure and policies projected',
    async () => {
      const rows = (await service.dataSource.query(
        `SELECT (SELECT count(*) FROM "subsidy".loans WHERE loan_id LIKE $1 AND status = 'REGISTERED')::int AS loans,
              (SELECT count(*) FROM "subsidy".default_episodes WHERE cured_on IS NOT NULL)::int AS cured,
              (SELECT count(*) FROM "subsidy".policies)::int AS policies`,
        [`sb-${run}-%`],
      )) as Array<{ loans: number; cured: number; policies: number }>;
      const r = rows[0];
      if (r !== undefined && r.loans === 6 && r.cured === 1 && r.policies >= 2) return true;
      throw new Error(`projected so far: ${JSON.stringify(r)}`);
    },
    180_000,
  );
  for (const [fundId, name] of [
    [CITY, 'City interest subsidy fund'],
    [XIAOLAN, 'Xiaolan interest subsidy fund'],
    [TORCH, 'Torch interest subsidy fund'],
  ] as const)
    await admin().post('/subsidy/funds', { fundId, name }).expect(201);
  for (const [fundId, amountFen] of [
    [CITY, '100000000'],
    [TORCH, '1000000'],
    [XIAOLAN, '3000000'],
  ] as const)
    await manager(fundId).post(`/subsidy/funds/${fundId}/deposits`, { amountFen }).expect(201);
}, 300_000);

afterAll(() => suite?.stop());

describe('subsidy funds', () => {
  it('refuses a deposit into another fund (403 naming fundId) and a fund id outside SUBSIDY:*', async () => {
    const other = await manager(TORCH)
      .post(`/subsidy/funds/${XIAOLAN}/deposits`, { amountFen: '1' })
      .expect(403);
    expect(fieldsOf(other.body)).toEqual(['fundId']);
    const bad = await admin()
      .post('/subsidy/funds', { fundId: 'TOWN:XIAOLAN', name: 'x' })
      .expect(400);
    expect(fieldsOf(bad.body)).toEqual(['fundId']);
    const mine = await manager(TORCH).get('/subsidy/funds').expect(200);
    expect(mine.body.items.map((f: { fundId: string }) => f.fundId)).toEqual([TORCH]);
  });
});

describe('interest reports (docs/domain.md §9.2, §9.3)', () => {
  let reportA: string;

  it('accepts a quarter at a rate above the cap with the IP-pledge bonus: 6213698 fen, split 3106849 / 3106849', async () => {
    const response = await bank()
      .post('/subsidy/interest-reports', q1(loan('A')))
      .expect(201);
    reportA = response.body.reportId;
    expect(response.body).toMatchObject({
      days: 90,
      eligibleRateBp: 450,
      interestCapFen: '8876712',
      eligibleInterestFen: '8876712',
      shareBp: 7000,
      requestedFen: '6213698',
      periodYear: 2026,
      economicPolicyVersionId: 'IT-POLICY-2026',
      shares: [
        { fundId: CITY, requestedFen: '3106849', grantedFen: null },
        { fundId: XIAOLAN, requestedFen: '3106849', grantedFen: null },
      ],
    });
    const [event] = await reader.waitForEvent(loan('A'), Topics.interestReported);
    expect(event?.data).toMatchObject({ reportId: reportA, requestedFen: '6213698' });
    const b = await bank()
      .post(
        '/subsidy/interest-reports',
        q1(loan('B'), { interestPaidFen: '2958904', outstandingAtStartFen: '300000000' }),
      )
      .expect(201);
    expect(b.body.requestedFen).toBe('1479452');
  });

  it('refuses, naming the field and changing nothing: overlap, future, outside the term, zero interest, a default in the period, a bad account', async () => {
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [q1(loan('A'), { periodStart: '2026-03-01', periodEnd: '2026-03-31' }), 422, 'periodStart'],
      [
        q1(loan('C'), {
          periodStart: '2026-04-01',
          periodEnd: '2026-04-11',
          outstandingAtStartFen: '100000000',
        }),
        422,
        'periodEnd',
      ],
      [
        q1(loan('C'), {
          periodStart: '2025-12-01',
          periodEnd: '2026-01-01',
          outstandingAtStartFen: '100000000',
        }),
        422,
        'periodStart',
      ],
      [
        q1(loan('C'), { interestPaidFen: '0', outstandingAtStartFen: '100000000' }),
        422,
        'interestPaidFen',
      ],
      [q1(loan('D'), { outstandingAtStartFen: '100000000' }), 422, 'loanId'],
      [
        q1(loan('C'), { payeeAccountNo: '12345', outstandingAtStartFen: '100000000' }),
        400,
        'payeeAccountNo',
      ],
    ];
    for (const [body, status, field] of cases) {
      const response = await refused(() =>
        bank().post('/subsidy/interest-reports', body).expect(status),
      );
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(fieldsOf(response.body)).toEqual([field]);
    }
    // Another bank's loan is unknown to this bank.
    await refused(() =>
      bank()
        .post('/subsidy/interest-reports', q1(loan('X')))
        .expect(404),
    );
  });

  it('takes bulk CSV with a result per row; a refused row changes nothing', async () => {
    const csv = [
      'loanId,periodStart,periodEnd,interestPaidFen,outstandingAtStartFen,payeeAccountNo,payeeAccountName',
      `${loan('C')},2026-01-01,2026-04-01,1109589,100000000,6222020200445566,"Torch Lasers Co., Ltd."`,
      `${loan('G')},2026-01-01,2026-04-01,1109589,100000000,6222020200778899,Guzhen Lighting`,
      `${loan('C')},2026-04-01,2026-04-05,1000,100000000,12AB,Torch Lasers`,
    ].join('\n');
    const response = await bank()
      .post('/subsidy/interest-reports/bulk', csv, uuidv7(), 'text/csv')
      .expect(200);
    expect(response.body).toMatchObject({ rows: 3, accepted: 1, refused: 2 });
    expect(response.body.results[0]).toMatchObject({
      row: 1,
      status: 'ACCEPTED',
      requestedFen: '554795',
    });
    expect(response.body.results[1]).toMatchObject({
      row: 2,
      status: 'REFUSED',
      code: 'SUBSIDY.REPORT_REFUSED',
    });
    expect(fieldsOf(response.body.results[1])).toEqual(['loanId']);
    expect(fieldsOf(response.body.results[2])).toEqual(['payeeAccountNo']);
    const guzhen = await regulator()
      .get(`/subsidy/interest-reports?loanId=${loan('G')}`)
      .expect(200);
    expect(guzhen.body.items).toEqual([]);
  });

  it('shows each reader its scope: a bank its loans, a town manager its fund, the regulator all', async () => {
    const mine = await bank().get('/subsidy/interest-reports').expect(200);
    expect(mine.body.items).toHaveLength(3);
    expect((await otherBank().get('/subsidy/interest-reports').expect(200)).body.items).toEqual([]);
    await otherBank().get(`/subsidy/interest-reports/${reportA}`).expect(404);
    const torch = await manager(TORCH).get('/subsidy/interest-reports').expect(200);
    expect(torch.body.items.map((r: { loanId: string }) => r.loanId)).toEqual([loan('C')]);
    const all = await regulator().get('/subsidy/interest-reports?limit=2').expect(200);
    expect(all.body.items).toHaveLength(2);
    const rest = await regulator()
      .get(`/subsidy/interest-reports?limit=2&cursor=${all.body.nextCursor}`)
      .expect(200);
    expect(rest.body.items).toHaveLength(1);
    await regulator()
      .post('/subsidy/interest-reports', q1(loan('C')))
      .expect(403);
  });
});

describe('a round with one town fund short (docs/domain.md §9.4)', () => {
  let roundId: string;
  /** A manager's decision on the round for `fundId`'s fund. */
  const decide = (fundId: string, body: Record<string, unknown>) =>
    manager(fundId).post(`/subsidy/rounds/${roundId}/decisions`, body);

  it('only the city subsidy manager opens; ranges never overlap', async () => {
    await manager(XIAOLAN)
      .post('/subsidy/rounds', { from: '2026-01-01', to: '2026-04-02' })
      .expect(403);
    await bank().post('/subsidy/rounds', { from: '2026-01-01', to: '2026-04-02' }).expect(403);
    const opened = await manager(CITY)
      .post('/subsidy/rounds', { from: '2026-01-01', to: '2026-04-02' })
      .expect(201);
    roundId = opened.body.roundId;
    const overlap = await manager(CITY)
      .post('/subsidy/rounds', { from: '2026-03-01', to: '2026-07-01' })
      .expect(409);
    expect(fieldsOf(overlap.body)).toEqual(['from']);
  });

  async function expectClosedNumbers(): Promise<void> {
    const round = await regulator().get(`/subsidy/rounds/${roundId}`).expect(200);
    expect(round.body.status).toBe('CLOSED');
    expect(
      round.body.funds.map((f: Record<string, unknown>) => [
        f.fundId,
        f.requestedFen,
        f.grantedFen,
        f.lapsedFen,
        f.proRata,
      ]),
    ).toEqual([
      [CITY, '4123973', '4123973', '0', false],
      [TORCH, '277397', '277397', '0', false],
      [XIAOLAN, '3846575', '3000000', '846575', true],
    ]);
    const grants = await manager(XIAOLAN).get(`/subsidy/grants?roundId=${roundId}`).expect(200);
    expect(
      grants.body.items.map((g: Record<string, unknown>) => [
        g.loanId,
        g.fundId,
        g.grantedFen,
        g.lapsedFen,
      ]),
    ).toEqual([
      [loan('A'), XIAOLAN, '2423077', '683772'],
      [loan('B'), XIAOLAN, '576923', '162803'],
    ]);
    const funds = await regulator().get('/subsidy/funds').expect(200);
    expect(
      funds.body.items.map((f: Record<string, unknown>) => [f.fundId, f.availableFen, f.heldFen]),
    ).toEqual([
      [CITY, String(100_000_000 - 4_123_973), '4123973'],
      [TORCH, String(1_000_000 - 277_397), '277397'],
      [XIAOLAN, '0', '3000000'],
    ]);
  }

  it('closing grants CITY and TORCH in full and cuts XIAOLAN pro rata; the rest lapses', async () => {
    await manager(TORCH).post(`/subsidy/rounds/${roundId}/close`, {}).expect(403);
    await manager(CITY).post(`/subsidy/rounds/${roundId}/close`, {}).expect(200);
    await expectClosedNumbers();
  });

  it('refuses a report into the closed round and a manager deciding for another fund', async () => {
    const late = await refused(() =>
      bank()
        .post(
          '/subsidy/interest-reports',
          q1(loan('C'), {
            periodStart: '2026-04-01',
            periodEnd: '2026-04-02',
            interestPaidFen: '100',
            roundId,
          }),
        )
        .expect(409),
    );
    expect(fieldsOf(late.body)).toEqual(['roundId']);
    const other = await decide(TORCH, { decision: 'APPROVE', fundId: XIAOLAN }).expect(403);
    expect(fieldsOf(other.body)).toEqual(['fundId']);
    const noReason = await decide(XIAOLAN, { decision: 'RETURN' }).expect(400);
    expect(fieldsOf(noReason.body)).toEqual(['reason']);
  });

  it('a return releases the holds and reopens the round; closing again recomputes', async () => {
    await decide(CITY, { decision: 'APPROVE' }).expect(200);
    const returned = await decide(XIAOLAN, {
      decision: 'RETURN',
      reason: 'payee name to check',
    }).expect(200);
    expect(returned.body).toMatchObject({ status: 'OPEN', funds: [] });
    const funds = await regulator().get('/subsidy/funds').expect(200);
    expect(
      funds.body.items.map((f: Record<string, unknown>) => [f.availableFen, f.heldFen]),
    ).toEqual([
      ['100000000', '0'],
      ['1000000', '0'],
      ['3000000', '0'],
    ]);
    await manager(CITY).post(`/subsidy/rounds/${roundId}/close`, {}).expect(200);
    await expectClosedNumbers();
  });

  it('when every fund approved, subsidy.round-approved.v1 carries the grants for settlement', async () => {
    for (const fundId of [CITY, TORCH]) await decide(fundId, { decision: 'APPROVE' }).expect(200);
    await decide(CITY, { decision: 'APPROVE' }).expect(409);
    const done = await decide(XIAOLAN, { decision: 'APPROVE' }).expect(200);
    expect(done.body.status).toBe('APPROVED');
    const [approved] = await reader.waitForEvent(roundId, Topics.subsidyRoundApproved);
    const grants = approved?.data.grants as Array<Record<string, string>>;
    expect(grants.map((g) => [g.loanId, g.fundId, g.grantedFen])).toEqual(
      expect.arrayContaining([
        [loan('A'), CITY, '3106849'],
        [loan('A'), XIAOLAN, '2423077'],
        [loan('B'), XIAOLAN, '576923'],
        [loan('C'), TORCH, '277397'],
      ]),
    );
    expect(grants).toHaveLength(6);
    const forBank = await bank().get(`/subsidy/rounds/${roundId}`).expect(200);
    expect(forBank.body.funds).toEqual([]);
  });

  it('moves a fund from held to paid when settlement pays, once per payment however often it comes', async () => {
    const [approved] = await reader.waitForEvent(roundId, Topics.subsidyRoundApproved);
    const grants = approved?.data.grants as Array<Record<string, string>>;
    const ofA = grants.filter((g) => g['loanId'] === loan('A'));
    expect(ofA.map((g) => [g['fundId'], g['grantedFen']])).toEqual([
      [CITY, '3106849'],
      [XIAOLAN, '2423077'],
    ]);
    const paymentId = uuidv7();
    const payment = {
      paymentId,
      roundId,
      closing: approved?.data.closing as number,
      uscc: ofA[0]?.['uscc'] as string,
      payeeAccountNo: '6222020200112233',
      payeeAccountName: 'Xiaolan Optics Co., Ltd.',
      amountFen: '5529926',
      parts: ofA.map((g) => ({
        reportId: g['reportId'] as string,
        loanId: g['loanId'] as string,
        bankId: g['bankId'] as string,
        fundId: g['fundId'] as string,
        amountFen: g['grantedFen'] as string,
      })),
      rail: 'SIMULATED' as const,
      railReference: `SIM-${paymentId}`,
      attempts: 1,
      completedAt: new Date().toISOString(),
    };
    const paidLines = async () =>
      (await regulator().get('/subsidy/funds').expect(200)).body.items.map(
        (f: Record<string, unknown>) => [f.fundId, f.availableFen, f.heldFen, f.paidFen],
      );
    // The same payment twice (two deliveries the inbox cannot tell apart: new event ids).
    const deliveries = [
      await upstream.send(Topics.subsidyPaymentCompleted, payment.uscc, payment),
      await upstream.send(Topics.subsidyPaymentCompleted, payment.uscc, payment),
    ];
    const want = [
      [CITY, String(100_000_000 - 4_123_973), String(4_123_973 - 3_106_849), '3106849'],
      [TORCH, String(1_000_000 - 277_397), '277397', '0'],
      [XIAOLAN, '0', String(3_000_000 - 2_423_077), '2423077'],
    ];
    await waitFor('the payment applied', async () => {
      const lines = await paidLines();
      if (JSON.stringify(lines) === JSON.stringify(want)) return true;
      throw new Error(`funds: ${JSON.stringify(lines)}`);
    });
    // Both deliveries were consumed; the second changed nothing.
    const rows = async () =>
      (await service.dataSource.query(
        `SELECT payment_id, amount_fen::text FROM "subsidy".payments WHERE round_id = $1`,
        [roundId],
      )) as Array<{ payment_id: string; amount_fen: string }>;
    await waitFor('both deliveries consumed', async () => {
      const inbox = (await service.dataSource.query(
        `SELECT count(*)::int AS n FROM "subsidy".inbox WHERE event_id = ANY($1::uuid[])`,
        [deliveries],
      )) as Array<{ n: number }>;
      if (inbox[0]?.n === 2) return true;
      throw new Error(`inbox: ${JSON.stringify(inbox)}`);
    });
    expect(await rows()).toEqual([{ payment_id: paymentId, amount_fen: '5529926' }]);
    expect(await paidLines()).toEqual(want);
  });

  it('answers the ledger’s reconciliation (service:ledger only) with the approved round’s totals', async () => {
    const path = '/reconciliation/funds?limit=500';
    const ledger: Identity = {
      role: 'service:ledger',
      scope: null,
      keyId: 'service:ledger',
      businessDate: '2026-04-10',
      requestId: uuidv7(),
    };
    const headers = signIdentity(
      ledger,
      { target: 'subsidy', method: 'GET', path },
      { issuer: 'ledger', privateKey: testLedgerKeys.privateKey },
    );
    const res = await request(service.url).get(path).set(headers).expect(200);
    expect(
      (res.body.items as Array<Record<string, string>>).map((f) => [
        f['fundId'],
        f['depositedFen'],
        f['grantedFen'],
        f['lapsedFen'],
        f['unGrantedFen'],
      ]),
    ).toEqual([
      [CITY, '100000000', '4123973', '0', String(100_000_000 - 4_123_973)],
      [TORCH, '1000000', '277397', '0', String(1_000_000 - 277_397)],
      [XIAOLAN, '3000000', '3000000', '846575', '0'],
    ]);
    await regulator().get(path).expect(403);
  });
});
