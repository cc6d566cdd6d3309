import { uuidv7 } from '@riskpool/contracts';
import { RunningService } from '@riskpool/service-kit';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureLedgerKeyFile, closeAll } from '@riskpool/testing';
import { LedgerConfig } from '../../src/config/ledger.config';
import { LedgerWriter } from '../../src/journal/ledger-writer';
import { fundDeposit, startLedger, useLedgerClients, waitFor } from '../support';

// Two ledger processes on one schema: the second waits for the single-writer advisory lock and
// takes over, from the stored journal, when the first one's database session dies.
const SCHEMA = 'ledger_lock_it';
const run = uuidv7().slice(-8);
const LOCK_KEY = `riskpool.ledger.writer.${SCHEMA}`;
// Both instances sign with the one key of this ledger.
const signingKey = ensureLedgerKeyFile(mkdtempSync(join(tmpdir(), 'ledger-lock-it-')));

const clients = useLedgerClients(`ledger-lock-${run}`);
let first: RunningService<LedgerConfig> | undefined;
let second: RunningService<LedgerConfig> | undefined;

async function start(name: string): Promise<RunningService<LedgerConfig>> {
  // Both instances in one consumer group.
  return startLedger(SCHEMA, `${name}-${run}`, signingKey.file, {
    LEDGER_CONSUMER_GROUP: `ledger-lock-it-${run}`,
    LEDGER_WRITER_LOCK_WAIT_MS: '120000',
  });
}

/** Sends a deposit; returns its event id. */
async function deposit(fundId: string, amountFen: string): Promise<string> {
  const e = fundDeposit(fundId, amountFen);
  await clients.send(e);
  return e.envelope.id;
}

/** The backend holding the writer lock: ending it is what a crash of that process does. */
async function lockHolderPid(): Promise<number | undefined> {
  const rows = await clients.admin.query<{ pid: number }>(
    // A bigint key shows its low 32 bits in objid (the writer's key is hashtext, an int4).
    `SELECT l.pid FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted
       AND l.objid::bigint = (hashtext($1)::bigint & 4294967295)`,
    [LOCK_KEY],
  );
  return rows.rows[0]?.pid;
}

afterAll(() => closeAll(second, first));

it('a second writer waits for the lock and takes over when the first dies', async () => {
  first = await start('ledger-lock-a');
  const a = first.app.get(LedgerWriter);
  // The group's other files share the broker: this writer books their events too, so the test
  // follows its own deposits by event id.
  const before: string[] = [];
  for (let i = 0; i < 3; i++) before.push(await deposit('CITY', '100'));
  await waitFor('the first writer books its deposits', async () =>
    before.every((id) => a.ledgerState.event(id) !== undefined) ? true : undefined,
  );
  const firstPid = await lockHolderPid();
  expect(firstPid).toBeDefined();

  // The second process starts but cannot become the writer while the first holds the lock.
  let secondUp = false;
  const starting = start('ledger-lock-b').then((s) => {
    secondUp = true;
    second = s;
    return s;
  });
  await new Promise((resolve) => setTimeout(resolve, 4_000));
  expect(secondUp).toBe(false);
  expect(await lockHolderPid()).toBe(firstPid);

  // The first one dies: its session (and so its lock) ends, as when its process is killed.
  await clients.admin.query('SELECT pg_terminate_backend($1)', [firstPid]);
  await waitFor('the first writer to notice', async () => (a.holdsLock ? undefined : true), 10_000);
  await expect(a.applyBatch([])).rejects.toThrow(/lost its lock/);
  const sizeAtDeath = a.ledgerState.size;

  const b = (await starting).app.get(LedgerWriter);
  expect(b.holdsLock).toBe(true);
  expect(await lockHolderPid()).not.toBe(firstPid);
  // It rebuilt the journal the first one wrote (nothing more: the first could not write), with
  // the same root, and books on from there.
  expect(b.ledgerState.size).toBe(sizeAtDeath);
  expect(b.ledgerState.rootHash().equals(a.ledgerState.rootHash())).toBe(true);
  for (const id of before) expect(b.ledgerState.event(id)).toBeDefined();
  await first.stop();
  first = undefined;
  const next = await deposit('CITY', '100');
  await waitFor('the second writer books the next deposit', async () =>
    b.ledgerState.event(next) !== undefined ? true : undefined,
  );
  expect(b.ledgerState.size).toBeGreaterThan(sizeAtDeath);
  expect(b.ledgerState.invariantViolations()).toEqual([]);
}, 180_000);
