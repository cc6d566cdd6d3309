import { Client } from 'pg';
import { uuidv7 } from '@riskpool/contracts';
import { serviceRoleNames } from '@riskpool/db';
import {
  closeAll,
  provisionTestServiceRoles,
  type ServiceDatabaseUrls,
  testInfra,
} from '@riskpool/testing';
import { LedgerWriter } from '../../src/journal/ledger-writer';
import { fundDeposit, sendAndWaitBooked, useLedger } from '../support';

// Least privilege against the real server (libs/db service-roles.ts): the ledger migrates as its
// schema's owner and runs as a role that may only read and append its journal, has no DDL, and
// cannot see another service's schema.
const SCHEMA = 'ledger_priv_it';
const OTHER = 'other_priv_it';
const run = uuidv7().slice(-8);
const t = (table: string) => `"${SCHEMA}"."${table}"`;

let urls: Map<string, ServiceDatabaseUrls>;
let runtime: Client;
let owner: Client;

async function connect(url: string): Promise<Client> {
  const client = new Client({ connectionString: url });
  await client.connect();
  return client;
}

/** The ledger's role URLs (provisioned with another service's schema before it starts). */
const ledgerUrls = () => urls.get(SCHEMA) as ServiceDatabaseUrls;

const ledger = useLedger(SCHEMA, `ledger-priv-${run}`, async () => {
  urls = await provisionTestServiceRoles(testInfra().databaseUrl, [SCHEMA, OTHER]);
  // Another service's schema, with a row in it.
  const other = await connect((urls.get(OTHER) as ServiceDatabaseUrls).DATABASE_MIGRATION_URL);
  await other.query(`CREATE TABLE IF NOT EXISTS "${OTHER}".secrets (v text)`);
  await other.query(`INSERT INTO "${OTHER}".secrets VALUES ('theirs')`);
  await other.end();
  return { ...ledgerUrls(), LEDGER_RECONCILE_SECONDS: '0' };
});

beforeAll(async () => {
  runtime = await connect(ledgerUrls().DATABASE_URL);
  owner = await connect(ledgerUrls().DATABASE_MIGRATION_URL);
});

afterAll(() => closeAll(runtime, owner));

it('runs as the runtime role, which books events into the journal', async () => {
  const names = serviceRoleNames(SCHEMA);
  expect(await ledger.service.dataSource.query('SELECT current_user AS u')).toEqual([
    { u: names.runtime },
  ]);
  const schemaOwner = await owner.query<{ o: string }>(
    `SELECT nspowner::regrole::text AS o FROM pg_namespace WHERE nspname = $1`,
    [SCHEMA],
  );
  expect(schemaOwner.rows).toEqual([{ o: names.owner }]);
  await sendAndWaitBooked(ledger.producer, ledger.service, fundDeposit('CITY', '100'));
  const writer = ledger.service.app.get(LedgerWriter);
  await writer.checkpointNow();
  const rows = await runtime.query(`SELECT count(*)::int AS n FROM ${t('entries')}`);
  expect(rows.rows[0].n).toBeGreaterThanOrEqual(1);
});

describe('the ledger runtime role is refused', () => {
  const refused: Array<[string, string, RegExp]> = [
    ['UPDATE of an entry', `UPDATE ${t('entries')} SET event_type = 'x'`, /permission denied/],
    ['DELETE of postings', `DELETE FROM ${t('postings')}`, /permission denied/],
    ['TRUNCATE of checkpoints', `TRUNCATE ${t('checkpoints')}`, /permission denied/],
    [
      'UPDATE of a key rotation',
      `UPDATE ${t('key_rotations')} SET key_id = 'x'`,
      /permission denied/,
    ],
    ['DELETE of the audit trail', `DELETE FROM ${t('audit_trail')}`, /permission denied/],
    [
      'disabling the append-only trigger',
      `ALTER TABLE ${t('entries')} DISABLE TRIGGER append_only_row`,
      /must be owner/,
    ],
    ['dropping the trigger', `DROP TRIGGER append_only_row ON ${t('entries')}`, /must be owner/],
    ['creating a table (DDL)', `CREATE TABLE ${t('mine')} (x int)`, /permission denied/],
    ['altering a read model (DDL)', `ALTER TABLE ${t('claims')} ADD COLUMN x int`, /must be owner/],
    ['creating a schema', `CREATE SCHEMA sneaky_${run}`, /permission denied/],
    ['reading another service’s schema', `SELECT * FROM "${OTHER}".secrets`, /permission denied/],
    ['becoming the owner', `SET ROLE "${serviceRoleNames(SCHEMA).owner}"`, /permission denied/],
  ];
  it.each(refused)('%s', async (_what, sql, error) => {
    await expect(runtime.query(sql)).rejects.toThrow(error);
  });

  it('while it may still append to the journal and keep its read models', async () => {
    await runtime.query('BEGIN');
    try {
      await runtime.query(
        `INSERT INTO ${t('audit_trail')} (event_id, event_type, subject, occurred_at, payload)
         VALUES ($1, 'x', 'x', 'x', '{}')`,
        [`priv-${run}`],
      );
      await runtime.query(`UPDATE ${t('account_balances')} SET debits_posted = debits_posted`);
    } finally {
      await runtime.query('ROLLBACK');
    }
  });
});

it('the owner of one service’s schema cannot read another’s', async () => {
  await expect(owner.query(`SELECT * FROM "${OTHER}".secrets`)).rejects.toThrow(
    /permission denied/,
  );
  const other = await connect((urls.get(OTHER) as ServiceDatabaseUrls).DATABASE_URL);
  try {
    await expect(other.query(`SELECT * FROM ${t('entries')}`)).rejects.toThrow(/permission denied/);
  } finally {
    await other.end();
  }
});
