// Two (here three) instances of a service starting at once against one database: the schema and
// its migrations are applied once, under the per-schema advisory lock, and every instance opens.
import { MigrationInterface, QueryRunner } from 'typeorm';
import { openServiceDataSource } from '../src/data-source';
import { dropSchemaAfterAll, requiredDatabaseUrl } from './db-test-support';

const databaseUrl = requiredDatabaseUrl();
const SCHEMA = `migration_lock_${process.pid}`;

// Slow on purpose: without the lock a second instance would create the same table meanwhile.
class CreateThings1700000000000 implements MigrationInterface {
  name = 'CreateThings1700000000000';
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE "${SCHEMA}".things (id int PRIMARY KEY)`);
    await runner.query('SELECT pg_sleep(0.5)');
    await runner.query(`INSERT INTO "${SCHEMA}".things VALUES (1)`);
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "${SCHEMA}".things`);
  }
}

dropSchemaAfterAll(databaseUrl, SCHEMA);

it('applies a schema and its migrations once when instances start together', async () => {
  const open = () =>
    openServiceDataSource({
      url: databaseUrl,
      schema: SCHEMA,
      entities: [],
      migrations: [CreateThings1700000000000],
      poolSizeMax: 2,
    });
  const results = await Promise.allSettled([open(), open(), open()]);
  const failures = results
    .filter((r): r is PromiseRejectedResult => r.status === 'rejected')
    .map((r) => String(r.reason));
  expect(failures).toEqual([]);
  const sources = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  try {
    const [source] = sources;
    const applied = (await source?.query(`SELECT name FROM "${SCHEMA}".migrations`)) as unknown[];
    expect(applied).toEqual([{ name: 'CreateThings1700000000000' }]);
    expect(await source?.query(`SELECT id FROM "${SCHEMA}".things`)).toEqual([{ id: 1 }]);
  } finally {
    await Promise.all(sources.map((s) => s.destroy()));
  }
}, 60_000);
