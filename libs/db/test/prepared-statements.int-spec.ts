// Prepared statements (prepared-statements.ts): a parameterised data statement is parsed once per
// connection and run by name after that; texts beyond the cap, and statements without parameters,
// run unnamed; a statement whose rows change shape under it fails once, then runs unnamed.
import { Client } from 'pg';
import { DataSource, QueryRunner } from 'typeorm';
import { openServiceDataSource } from '../src/data-source';
import { dropSchemaAfterAll, requiredDatabaseUrl } from './db-test-support';

const databaseUrl = requiredDatabaseUrl();
const SCHEMA = `prepared_${process.pid}`;
const T = `"${SCHEMA}".things`;

let db: DataSource;
let runner: QueryRunner;

beforeAll(async () => {
  db = await openServiceDataSource({
    url: databaseUrl,
    schema: SCHEMA,
    entities: [],
    migrations: [],
    poolSizeMax: 2,
    preparedStatementsMax: 2,
  });
  await db.query(`CREATE TABLE ${T} (id int PRIMARY KEY, label text NOT NULL)`);
  await db.query(`INSERT INTO ${T} VALUES (1, 'one'), (2, 'two'), (3, 'three')`);
  runner = db.createQueryRunner();
  await runner.connect();
});

afterAll(async () => {
  await runner?.release();
  await db?.destroy();
});
dropSchemaAfterAll(databaseUrl, SCHEMA);

/** The statements this connection holds prepared (its own session's view). */
async function preparedTexts(): Promise<string[]> {
  const rows = (await runner.query(
    'SELECT statement FROM pg_prepared_statements WHERE NOT from_sql ORDER BY prepare_time',
  )) as Array<{ statement: string }>;
  return rows.map((r) => r.statement);
}

const byId = `SELECT * FROM ${T} WHERE id = $1`;

it('prepares a parameterised statement once and answers from it every time', async () => {
  expect(await runner.query(byId, [1])).toEqual([{ id: 1, label: 'one' }]);
  expect(await runner.query(byId, [2])).toEqual([{ id: 2, label: 'two' }]);
  await runner.query(`SELECT count(*) FROM ${T}`);
  expect(await preparedTexts()).toEqual([byId]);
});

it('names no more texts than the cap; the others still run', async () => {
  const above = `SELECT label FROM ${T} WHERE id > $1 ORDER BY id`;
  const below = `SELECT label FROM ${T} WHERE id < $1 ORDER BY id`;
  expect(await runner.query(above, [2])).toEqual([{ label: 'three' }]);
  expect(await runner.query(below, [2])).toEqual([{ label: 'one' }]);
  expect(await runner.query(below, [3])).toEqual([{ label: 'one' }, { label: 'two' }]);
  expect(await preparedTexts()).toHaveLength(2);
  expect(await preparedTexts()).not.toContain(below);
});

it('runs a statement unnamed on its connection once its rows changed shape', async () => {
  // Another session (a newer version's migration) adds a column under the prepared `SELECT *`.
  const other = new Client({ connectionString: databaseUrl });
  await other.connect();
  await other.query(`ALTER TABLE ${T} ADD COLUMN note text NOT NULL DEFAULT 'n'`);
  await other.end();

  await expect(runner.query(byId, [3])).rejects.toThrow(/cached plan must not change result type/);
  expect(await runner.query(byId, [3])).toEqual([{ id: 3, label: 'three', note: 'n' }]);
  expect(await runner.query(byId, [1])).toEqual([{ id: 1, label: 'one', note: 'n' }]);
});
