// docs/domain.md §8.4: a loan names co-sharers at registration (single and bulk); shares that
// would leave the lender less than minLenderShareBp are refused (400, the field named), and
// nothing changes.
import { Topics, uuidv7 } from '@riskpool/contracts';
import { freePorts, identityKeyEnv, testInfra } from '@riskpool/testing';
import { RunningService, startService } from '@riskpool/service-kit';
import { LoanRegistryConfig } from '../../src/config/loan-registry.config';
import { loanRegistryDefinition } from '../../src/loan-registry.service-definition';
import {
  bankIdentity,
  call,
  loanBody,
  testPolicies,
  TopicReader,
  type UpstreamEvents,
  upstreamEvents,
  waitFor,
} from '../support';

const infra = testInfra();
const run = uuidv7().slice(-8);
const BANK = `lrc-${run}-b1`;

let service: RunningService<LoanRegistryConfig>;
let upstream: UpstreamEvents;
let reader: TopicReader;
const bank = () => call(service.url, bankIdentity(BANK));

async function state(): Promise<{ outbox: number; loans: number }> {
  const rows = (await service.dataSource.query(
    `SELECT (SELECT count(*) FROM "loan_registry".outbox)::int AS outbox,
            (SELECT count(*) FROM "loan_registry".loans WHERE bank_id = $1)::int AS loans`,
    [BANK],
  )) as Array<{ outbox: number; loans: number }>;
  return rows[0] ?? { outbox: -1, loans: -1 };
}

beforeAll(async () => {
  const [port] = await freePorts(1);
  service = await startService(loanRegistryDefinition, {
    DATABASE_URL: infra.databaseUrl,
    KAFKA_BROKERS: infra.brokers.join(','),
    PORT: String(port),
    ...identityKeyEnv(),
    RISKPOOL_MODE: 'test',
    LOG_LEVEL: 'error',
  });
  upstream = upstreamEvents(infra.brokers);
  reader = new TopicReader(upstream.kafka, [Topics.loanRegistered]);
  await reader.start();
  for (const policy of testPolicies())
    await upstream.send(Topics.policyPublished, policy.policy.policyVersionId, policy);
  await upstream.fund('CITY', 'CITY');
  await upstream.fund('TOWN:XIAOLAN', 'TOWN', 'XIAOLAN');
  await upstream.admitBank(BANK, '100000000000');
  await waitFor('projections', async () => {
    const rows = (await service.dataSource.query(
      `SELECT (SELECT count(*) FROM "loan_registry".banks WHERE bank_id = $1)::int AS banks,
              (SELECT count(*) FROM "loan_registry".policies)::int AS policies,
              (SELECT count(*) FROM "loan_registry".funds)::int AS funds`,
      [BANK],
    )) as Array<{ banks: number; policies: number; funds: number }>;
    const r = rows[0];
    return r !== undefined && r.banks === 1 && r.policies >= 2 && r.funds >= 2 ? true : undefined;
  });
});

afterAll(async () => {
  await reader?.stop();
  await upstream?.disconnect();
  await service?.stop();
});

// loanBody: 1,000,000.00 yuan (tier 4000) with IP_PLEDGE (+1500), capped at maxRateBp 5000; the
// default minLenderShareBp 2000 leaves co-sharers at most 10000 − 2000 − 5000 = 3000 bp.
const GUARANTOR = { partyId: 'G-YHGUAR', kind: 'GUARANTOR', shareBp: 2000 };
const INSURER = { partyId: 'I-ZSINS', kind: 'INSURER', shareBp: 1000 };

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
    const before = await state();
    const refused = await bank()
      .post('/loans', loanBody({ coSharers: [GUARANTOR, { ...INSURER, shareBp: 1001 }] }))
      .expect(400);
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ field: 'coSharers', code: 'LENDER_BELOW_MINIMUM_SHARE' }),
    ]);
    expect(await state()).toEqual(before);
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
    const lines = [
      JSON.stringify(loanBody({ coSharers: [GUARANTOR] })),
      JSON.stringify(loanBody({ coSharers: [{ ...GUARANTOR, shareBp: 3001 }] })),
    ].join('\n');
    const response = await bank()
      .post('/loans/bulk', lines, uuidv7(), 'application/x-ndjson')
      .expect(200);
    expect(response.body.results.map((r: { status: string }) => r.status)).toEqual([
      'REGISTERED',
      'REFUSED',
    ]);
    expect(response.body.results[1].code).toBe('REQUEST.INVALID');
  });
});
