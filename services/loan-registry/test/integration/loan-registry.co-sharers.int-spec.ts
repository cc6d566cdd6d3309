// docs/domain.md §8.4: a loan names co-sharers at registration (single and bulk); shares that
// would leave the lender less than minLenderShareBp, and parties an admin did not admit (or admitted
// as another kind), are refused (400, the field named), and nothing changes. §8.1: a partner's
// institution kind chooses its rate tiers and must be admitted by the policy in force.
import { Topics, uuidv7 } from '@riskpool/contracts';
import {
  bankIdentity,
  testPolicyVariant,
  TopicReader,
  type UpstreamEvents,
  waitForRow,
} from '@riskpool/testing';
import { call, createFunds, loanBody, type LoanRegistrySuite, startLoanRegistry } from '../support';

// loanBody: 1,000,000.00 yuan (tier 4000) with IP_PLEDGE (+1500), capped at maxRateBp 5000; the
// default minLenderShareBp 2000 leaves co-sharers at most 10000 − 2000 − 5000 = 3000 bp.
const GUARANTOR = { partyId: 'G-YHGUAR', kind: 'GUARANTOR', shareBp: 2000 };
const INSURER = { partyId: 'I-ZSINS', kind: 'INSURER', shareBp: 1000 };

const run = uuidv7().slice(-8);
const BANK = `lrc-${run}-b1`;
const MICRO = `lrc-${run}-m1`;
const LEASE = `lrc-${run}-l1`;
// A version from 2031 admitting micro-loan companies with tiers of their own (docs/domain.md §8.1):
// up to 2,000,000.00 yuan at 3000 bp (4500 with IP_PLEDGE, under maxRateBp 5000).
const KINDS_FROM = '2031-01-01';
function kindsPolicy() {
  return testPolicyVariant('IT-POLICY-KINDS-2031', KINDS_FROM, {
    institutionKinds: ['BANK' as const, 'MICROLOAN' as const],
    rateTiersByKind: { MICROLOAN: [{ upToFen: '200000000', rateBp: 3000 }] },
  });
}
const in2031 = {
  disbursementDate: '2031-01-10',
  maturityDate: '2033-01-10',
};

let suite: LoanRegistrySuite;
let service: LoanRegistrySuite['service'];
let upstream: UpstreamEvents;
let reader: TopicReader;
const bank = () => call(service.url, bankIdentity(BANK));
const partner = (bankId: string, date = '2031-03-01') =>
  call(service.url, bankIdentity(bankId, date));

async function state(): Promise<{ outbox: number; loans: number }> {
  const rows = (await service.dataSource.query(
    `SELECT (SELECT count(*) FROM "loan_registry".outbox)::int AS outbox,
            (SELECT count(*) FROM "loan_registry".loans WHERE bank_id = ANY($1))::int AS loans`,
    [[BANK, MICRO, LEASE]],
  )) as Array<{ outbox: number; loans: number }>;
  return rows[0] ?? { outbox: -1, loans: -1 };
}

/** Registering `body` is refused with 400 naming `field` with `code`, and nothing changes. */
async function expectRefused(body: unknown, field: string, code: string): Promise<void> {
  const before = await state();
  const refused = await bank().post('/loans', body).expect(400);
  expect(refused.body.errors).toEqual([expect.objectContaining({ field, code })]);
  expect(await state()).toEqual(before);
}

/** The status of each row of a bulk registration of `bodies` (as JSON lines). */
async function bulkStatuses(bodies: unknown[]) {
  const lines = bodies.map((b) => JSON.stringify(b)).join('\n');
  const response = await bank()
    .post('/loans/bulk', lines, uuidv7(), 'application/x-ndjson')
    .expect(200);
  const results = response.body.results as Array<{ status: string } & Record<string, unknown>>;
  return { statuses: results.map((r) => r.status), results };
}

beforeAll(async () => {
  suite = await startLoanRegistry([Topics.loanRegistered]);
  ({ service, upstream, reader } = suite);
  await createFunds(upstream);
  await upstream.send(Topics.policyPublished, 'IT-POLICY-KINDS-2031', kindsPolicy());
  await upstream.admitBank(BANK, '100000000000');
  await upstream.admitBank(MICRO, '100000000000', 'MICROLOAN');
  await upstream.admitBank(LEASE, '100000000000', 'LEASING');
  await upstream.admitCoSharer(GUARANTOR.partyId, 'GUARANTOR');
  await upstream.admitCoSharer(INSURER.partyId, 'INSURER');
  await waitForRow<{ banks: number; policies: number; funds: number; parties: number }>(
    service,
    'projections',
    `SELECT (SELECT count(*) FROM "loan_registry".banks WHERE bank_id = ANY($1))::int AS banks,
              (SELECT count(*) FROM "loan_registry".policies)::int AS policies,
              (SELECT count(*) FROM "loan_registry".funds)::int AS funds,
              (SELECT count(*) FROM "loan_registry".cosharers WHERE party_id = ANY($2))::int AS parties`,
    [
      [BANK, MICRO, LEASE],
      [GUARANTOR.partyId, INSURER.partyId],
    ],
    (r) => r.banks === 3 && r.policies >= 3 && r.funds >= 2 && r.parties === 2,
  );
});

afterAll(() => suite?.stop());

describe('loan-registry: co-sharers', () => {
  it('registers a loan naming co-sharers up to the limit and carries them on the event', async () => {
    const response = await bank()
      .post('/loans', loanBody({ coSharers: [GUARANTOR, INSURER] }))
      .expect(201);
    expect(response.body.coSharers).toEqual([GUARANTOR, INSURER]);
    const [event] = await reader.waitForEvent(response.body.loanId, Topics.loanRegistered);
    expect(event?.data['coSharers']).toEqual([GUARANTOR, INSURER]);
    const read = await bank().get(`/loans/${response.body.loanId}`).expect(200);
    expect(read.body.coSharers).toEqual([GUARANTOR, INSURER]);
  });

  it('refuses shares that take the lender below its minimum with 400 naming coSharers; nothing changes', async () => {
    await expectRefused(
      loanBody({ coSharers: [GUARANTOR, { ...INSURER, shareBp: 1001 }] }),
      'coSharers',
      'LENDER_BELOW_MINIMUM_SHARE',
    );
  });

  it('refuses a malformed co-sharer with 400 naming its field', async () => {
    const before = await state();
    const refused = await bank()
      .post('/loans', loanBody({ coSharers: [{ partyId: 'G-1', kind: 'BROKER', shareBp: 0 }] }))
      .expect(400);
    const fields = (refused.body.errors as Array<{ field: string }>).map((e) => e.field);
    expect(fields.some((f) => f.startsWith('coSharers'))).toBe(true);
    expect(await state()).toEqual(before);
  });

  it('refuses the same in bulk row by row', async () => {
    const { statuses, results } = await bulkStatuses([
      loanBody({ coSharers: [GUARANTOR] }),
      loanBody({ coSharers: [{ ...GUARANTOR, shareBp: 3001 }] }),
    ]);
    expect(statuses).toEqual(['REGISTERED', 'REFUSED']);
    expect(results[1]?.['code']).toBe('REQUEST.INVALID');
  });

  it('refuses a party no admin admitted with 400 naming coSharers[i].partyId; nothing changes', async () => {
    await expectRefused(
      loanBody({
        coSharers: [GUARANTOR, { partyId: 'G-NOBODY', kind: 'GUARANTOR', shareBp: 500 }],
      }),
      'coSharers[1].partyId',
      'UNKNOWN_PARTY',
    );
  });

  it('refuses an admitted party named as another kind with 400 naming coSharers[i].kind', async () => {
    await expectRefused(
      loanBody({ coSharers: [{ ...INSURER, kind: 'GUARANTOR' }] }),
      'coSharers[0].kind',
      'KIND_MISMATCH',
    );
  });

  it('refuses an unknown party in bulk on its row only', async () => {
    const before = await state();
    const { statuses, results } = await bulkStatuses([
      loanBody({ coSharers: [INSURER] }),
      loanBody({ coSharers: [{ partyId: 'I-NOBODY', kind: 'INSURER', shareBp: 100 }] }),
    ]);
    expect(statuses).toEqual(['REGISTERED', 'REFUSED']);
    expect(results[1]).toMatchObject({ code: 'REQUEST.INVALID' });
    expect(JSON.stringify(results[1])).toContain('coSharers[0].partyId');
    expect((await state()).loans).toBe(before.loans + 1);
  });

  it('rates a micro-loan company by its own tiers and announces its kind on the loan', async () => {
    // 3000 + 1500 (IP_PLEDGE) = 4500 bp: co-sharers may take up to 10000 − 2000 − 4500 = 3500 bp,
    // which a bank's 5000 bp rate would refuse.
    const shares = [GUARANTOR, { ...INSURER, shareBp: 1500 }];
    const registered = await partner(MICRO)
      .post('/loans', loanBody({ ...in2031, coSharers: shares }))
      .expect(201);
    const [event] = await reader.waitForEvent(registered.body.loanId, Topics.loanRegistered);
    expect(event?.data).toMatchObject({ institutionKind: 'MICROLOAN', coSharers: shares });
    const before = await state();
    await partner(BANK)
      .post('/loans', loanBody({ ...in2031, coSharers: shares }))
      .expect(400);
    expect(await state()).toEqual(before);
  });

  it('refuses a kind the policy in force does not admit (422 naming the bank), nothing changed', async () => {
    const before = await state();
    // LEASING is admitted by no version; MICROLOAN not by the 2026 one.
    const leasing = await partner(LEASE).post('/loans', loanBody(in2031)).expect(422);
    expect(leasing.body.errors).toEqual([
      expect.objectContaining({ field: '(bank)', code: 'INSTITUTION_KIND_NOT_ADMITTED' }),
    ]);
    await partner(MICRO, '2026-03-01').post('/loans', loanBody()).expect(422);
    expect(await state()).toEqual(before);
  });

  it('announces a bank loan without a kind, as before', async () => {
    const registered = await bank().post('/loans', loanBody()).expect(201);
    const [event] = await reader.waitForEvent(registered.body.loanId, Topics.loanRegistered);
    expect(event?.data).not.toHaveProperty('institutionKind');
  });
});
