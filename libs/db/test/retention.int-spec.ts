// The retention sweep (ADR 0018): old published outbox rows, old inbox rows and old answered
// idempotency records go; everything else stays; and an inbox row pruned behind its partition's
// low-water mark still makes a redelivery of that message a duplicate.
import { DataSource } from 'typeorm';
import { uuidv7 } from '@riskpool/contracts';
import { openServiceDataSource } from '../src/data-source';
import { claimInbox } from '../src/inbox';
import {
  pruneServiceTables,
  serviceRetentionMigration,
  tryTakeRetentionLock,
} from '../src/retention';
import { serviceBaseMigration } from '../src/service-base.migration';
import { requiredDatabaseUrl } from './db-test-support';

const databaseUrl = requiredDatabaseUrl();
const SCHEMA = `retention_${process.pid}`;
const HOURS = { outboxHours: 10, inboxHours: 20, idempotencyHours: 30 };

let db: DataSource;
const q = <T>(sql: string, params: unknown[] = []) => db.query(sql, params) as Promise<T[]>;
const table = (name: string) => `"${SCHEMA}".${name}`;

beforeAll(async () => {
  db = await openServiceDataSource({
    url: databaseUrl,
    schema: SCHEMA,
    entities: [],
    migrations: [serviceBaseMigration(SCHEMA), serviceRetentionMigration(SCHEMA)],
    poolSizeMax: 2,
  });
});

afterAll(async () => {
  await db?.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
  await db?.destroy();
});

async function outboxRow(key: string, publishedHoursAgo: number | null): Promise<void> {
  await q(
    `INSERT INTO ${table('outbox')} (event_id, topic, message_key, headers, payload, published_at)
     VALUES ($1, 't', $2, '{}', '{}', CASE WHEN $3::int IS NULL THEN NULL ELSE now() - make_interval(hours => $3::int) END)`,
    [uuidv7(), key, publishedHoursAgo],
  );
}

const inboxRecord = (partition: number, offset: number) => ({
  eventId: uuidv7(),
  topic: 'loans.loan-registered.v1',
  partition,
  offset: String(offset),
});

async function claim(records: ReturnType<typeof inboxRecord>[]): Promise<Set<string>> {
  return db.transaction((m) => claimInbox(m, SCHEMA, 'group-a', records));
}

it('prunes only what is old enough, and a pruned inbox row still stops its redelivery', async () => {
  await outboxRow('old-published', 11);
  await outboxRow('new-published', 9);
  await outboxRow('old-unpublished', null);
  await q(`UPDATE ${table('outbox')} SET created_at = now() - interval '100 hours'`);

  // Partition 0: offsets 1..3 processed long ago, 4 recently. Partition 1: only recent.
  const old0 = [1, 2, 3].map((o) => inboxRecord(0, o));
  const new0 = inboxRecord(0, 4);
  const new1 = inboxRecord(1, 1);
  expect((await claim([...old0, new0, new1])).size).toBe(5);
  await q(
    `UPDATE ${table('inbox')} SET processed_at = now() - interval '21 hours'
     WHERE kafka_partition = 0 AND kafka_offset <= 3`,
  );

  await q(
    `INSERT INTO ${table('idempotency_keys')} (principal, idempotency_key, request_hash, response_status, response_body, created_at)
     VALUES ('bank:B1', 'old-answered', 'h', 201, '{}', now() - interval '31 hours'),
            ('bank:B1', 'new-answered', 'h', 201, '{}', now() - interval '29 hours'),
            ('bank:B1', 'old-unanswered', 'h', NULL, NULL, now() - interval '31 hours')`,
  );

  const pruned = await db.transaction((m) => pruneServiceTables(m, SCHEMA, HOURS));
  expect(pruned).toEqual({ outbox: 1, inbox: 3, idempotency: 1 });
  expect(
    (
      await q<{ message_key: string }>(`SELECT message_key FROM ${table('outbox')} ORDER BY seq`)
    ).map((r) => r.message_key),
  ).toEqual(['new-published', 'old-unpublished']);
  expect(
    (
      await q<{ idempotency_key: string }>(
        `SELECT idempotency_key FROM ${table('idempotency_keys')} ORDER BY idempotency_key`,
      )
    ).map((r) => r.idempotency_key),
  ).toEqual(['new-answered', 'old-unanswered']);
  expect(
    await q(
      `SELECT topic, kafka_partition, below_offset::int AS below FROM ${table('inbox_watermarks')}`,
    ),
  ).toEqual([{ topic: 'loans.loan-registered.v1', kafka_partition: 0, below: 4 }]);

  // A redelivery of a pruned message (same id, same offset) is not new; nor is one still listed.
  const pruned1 = old0[1];
  if (pruned1 === undefined) throw new Error('no record');
  const again = await claim([pruned1, new0, inboxRecord(0, 5), inboxRecord(1, 0)]);
  expect(again.size).toBe(2);
  expect(again.has(pruned1.eventId)).toBe(false);
  expect(again.has(new0.eventId)).toBe(false);

  // A second sweep finds nothing more, and the mark never moves back.
  expect(await db.transaction((m) => pruneServiceTables(m, SCHEMA, HOURS))).toEqual({
    outbox: 0,
    inbox: 0,
    idempotency: 0,
  });
});

it('lets one instance sweep a round while another holds it', async () => {
  const runner = db.createQueryRunner();
  await runner.startTransaction();
  try {
    expect(await tryTakeRetentionLock(runner.manager, SCHEMA)).toBe(true);
    expect(await db.transaction((m) => tryTakeRetentionLock(m, SCHEMA))).toBe(false);
  } finally {
    await runner.rollbackTransaction();
    await runner.release();
  }
  expect(await db.transaction((m) => tryTakeRetentionLock(m, SCHEMA))).toBe(true);
});

it('takes fractions of an hour: 0.1 h prunes what was published seven minutes ago, not five', async () => {
  await q(`DELETE FROM ${table('outbox')}`);
  for (const [key, minutesAgo] of [
    ['seven-minutes', 7],
    ['five-minutes', 5],
  ] as const)
    await q(
      `INSERT INTO ${table('outbox')} (event_id, topic, message_key, headers, payload, published_at)
       VALUES ($1, 't', $2, '{}', '{}', now() - make_interval(mins => $3))`,
      [uuidv7(), key, minutesAgo],
    );
  const tenth = { outboxHours: 0.1, inboxHours: 0.1, idempotencyHours: 0.1 };
  expect((await db.transaction((m) => pruneServiceTables(m, SCHEMA, tenth))).outbox).toBe(1);
  expect(
    (await q<{ message_key: string }>(`SELECT message_key FROM ${table('outbox')}`)).map(
      (r) => r.message_key,
    ),
  ).toEqual(['five-minutes']);
});
