import { Client } from 'pg';
import { Topics, uuidv7 } from '@riskpool/contracts';
import {
  bankIdentity,
  createDatabase,
  dropDatabase,
  eventually as waitFor,
  freePorts,
  killAll,
  publishTestPolicies,
  type ServiceProcess,
  spawnServiceProcess,
  testInfra,
  testServiceEnv,
  TopicReader,
  type UpstreamEvents,
  waitForReady,
} from '@riskpool/testing';
import { call, createFunds, loanBody, upstreamEvents } from '../support';

// The service runs as a child process on its own database and consumer group, so it can be
// SIGKILLed at the worst moment: after it committed a registration (and its outbox row), before
// the relay published the event.
const infra = testInfra();
const run = uuidv7().slice(-8);
const BANK = `lr-${run}-crash`;
const GROUP = `loan-registry-crash-${run}`;

let databaseUrl: string;
let db: Client;
let upstream: UpstreamEvents;
let reader: TopicReader;
const children: ServiceProcess[] = [];

async function startChild(port: number, extraEnv: Record<string, string>) {
  const child = spawnServiceProcess(
    'services/loan-registry/src/main.ts',
    await testServiceEnv({
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      KAFKA_GROUP_ID: GROUP,
      LOG_LEVEL: 'warn',
      ...extraEnv,
    }),
  );
  children.push(child);
  return child;
}

async function outbox(loanId: string): Promise<Array<{ published: boolean }>> {
  const result = await db.query<{ published: boolean }>(
    `SELECT published_at IS NOT NULL AS published FROM "loan_registry".outbox WHERE message_key = $1`,
    [loanId],
  );
  return result.rows;
}

beforeAll(async () => {
  databaseUrl = await createDatabase(infra.adminDatabaseUrl, `lr_crash_${run}`);
  db = new Client({ connectionString: databaseUrl });
  await db.connect();
  upstream = upstreamEvents();
  reader = new TopicReader(upstream.kafka, [Topics.loanRegistered]);
  await reader.start();
});

afterAll(async () => {
  killAll(children);
  await reader?.stop();
  await upstream?.disconnect();
  await db?.end();
  await dropDatabase(infra.adminDatabaseUrl, `lr_crash_${run}`).catch(() => undefined);
});

it('publishes an accepted registration exactly once when the service dies before publishing it', async () => {
  const [port] = await freePorts(1);
  const url = `http://127.0.0.1:${port}`;
  const first = await startChild(port as number, { OUTBOX_RELAY: 'disabled' });
  await waitForReady(first, url);

  await publishTestPolicies(upstream);
  await createFunds(upstream);
  await upstream.admitBank(BANK, '100000000000');
  await waitFor('the projections in the child', async () => {
    // Each counted on its own: other files publish further policy versions on the same topic.
    const result = await db.query<{ banks: number; funds: number; policies: number }>(
      `SELECT (SELECT count(*) FROM "loan_registry".banks WHERE bank_id = $1)::int AS banks,
              (SELECT count(*) FROM "loan_registry".funds)::int AS funds,
              (SELECT count(*) FROM "loan_registry".policies)::int AS policies`,
      [BANK],
    );
    const r = result.rows[0];
    return r !== undefined && r.banks === 1 && r.funds >= 2 && r.policies >= 2 ? true : undefined;
  });

  const key = `crash-${uuidv7()}`;
  const body = loanBody();
  const accepted = await call(url, bankIdentity(BANK)).post('/loans', body, key).expect(201);
  const loanId = accepted.body.loanId as string;
  expect(await outbox(loanId)).toEqual([{ published: false }]);

  first.child.kill('SIGKILL');
  expect(await first.exited).toBe('SIGKILL');
  expect(reader.of(loanId)).toEqual([]);

  const second = await startChild(port as number, {});
  await waitForReady(second, url);
  const [event] = await reader.waitForEvent(loanId, Topics.loanRegistered);
  expect(event?.data).toMatchObject({ loanId, bankId: BANK, bankReference: body.bankReference });
  await waitFor('the outbox row marked published', async () =>
    (await outbox(loanId)).every((r) => r.published) ? true : undefined,
  );

  // The bank retries after the crash: same key, same answer, and still one event; the same
  // registration under a new key answers the same loan, also without a new event.
  const replay = await call(url, bankIdentity(BANK)).post('/loans', body, key).expect(201);
  expect(replay.body.loanId).toBe(loanId);
  const again = await call(url, bankIdentity(BANK)).post('/loans', body).expect(200);
  expect(again.body.loanId).toBe(loanId);
  // A sentinel registered after the retries: once its event is on the topic, anything the
  // retries might have published would be too.
  const sentinel = await call(url, bankIdentity(BANK)).post('/loans', loanBody()).expect(201);
  await reader.waitForEvent(sentinel.body.loanId, Topics.loanRegistered);
  expect(reader.of(loanId, Topics.loanRegistered)).toHaveLength(1);
  expect(await outbox(loanId)).toHaveLength(1);

  // A clean stop once main() has installed its signal handlers (after the consumer joined).
  await waitFor('the listening line', async () =>
    second.output().includes('listening on') ? true : undefined,
  );
  second.child.kill('SIGTERM');
  expect(await second.exited).toBe(0);
});
