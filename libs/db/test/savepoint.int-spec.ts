// inSavepoint: an item of a bulk request keeps its writes and events when it succeeds and leaves
// nothing behind when it throws, whatever it had written before it threw.
import { DataSource } from 'typeorm';
import { OutgoingEvent, uuidv7 } from '@riskpool/contracts';
import { inSavepoint, runInTransaction, UnitOfWork } from '../src/unit-of-work';
import { requiredDatabaseUrl } from './db-test-support';

const databaseUrl = requiredDatabaseUrl();
const SCHEMA = `savepoint_${process.pid}`;

let dataSource: DataSource;

beforeAll(async () => {
  dataSource = new DataSource({ type: 'postgres', url: databaseUrl, poolSize: 2 });
  await dataSource.initialize();
  await dataSource.query(`CREATE SCHEMA "${SCHEMA}"`);
  await dataSource.query(`CREATE TABLE "${SCHEMA}".things (id int PRIMARY KEY)`);
  await dataSource.query(
    `CREATE TABLE "${SCHEMA}".outbox (seq bigserial PRIMARY KEY, event_id uuid NOT NULL, topic text NOT NULL,
       message_key text NOT NULL, headers jsonb NOT NULL, payload text NOT NULL, published_at timestamptz)`,
  );
});

afterAll(async () => {
  await dataSource?.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
  await dataSource?.destroy();
});

// Only the outbox's handling matters here, not the payload's schema.
const event = (n: number): OutgoingEvent => ({
  topic: 'loans.loan-registered.v1',
  envelope: {
    id: uuidv7(),
    type: 'loans.loan-registered.v1',
    source: 'test',
    time: new Date().toISOString(),
    subject: `thing-${n}`,
    correlationId: uuidv7(),
    data: { n },
  } as unknown as OutgoingEvent['envelope'],
});

async function insertThenMaybeFail(item: UnitOfWork, n: number, fail: boolean): Promise<number> {
  await item.manager.query(`INSERT INTO "${SCHEMA}".things VALUES ($1)`, [n]);
  item.publish(event(n));
  if (fail) throw new Error(`item ${n} refused after its write`);
  return n;
}

it('keeps the items that succeed and undoes, writes and events, the ones that throw', async () => {
  const outcomes = await runInTransaction(dataSource, SCHEMA, async (uow) => {
    const results: string[] = [];
    for (const [n, fail] of [
      [1, false],
      [2, true],
      [3, false],
      [1, false], // a duplicate key: the database refuses it, and only it
    ] as const) {
      try {
        results.push(`ok ${await inSavepoint(uow, (item) => insertThenMaybeFail(item, n, fail))}`);
      } catch (error) {
        results.push(`refused ${n}`);
        expect(String(error)).toMatch(fail ? /refused after its write/ : /duplicate key/);
      }
    }
    return results;
  });
  expect(outcomes).toEqual(['ok 1', 'refused 2', 'ok 3', 'refused 1']);
  const things = (await dataSource.query(
    `SELECT id FROM "${SCHEMA}".things ORDER BY id`,
  )) as Array<{
    id: number;
  }>;
  expect(things.map((t) => t.id)).toEqual([1, 3]);
  const events = (await dataSource.query(
    `SELECT message_key FROM "${SCHEMA}".outbox ORDER BY seq`,
  )) as Array<{ message_key: string }>;
  expect(events.map((e) => e.message_key)).toEqual(['thing-1', 'thing-3']);
});
