// The outbox relay publishes on PostgreSQL's NOTIFY, not on a timer: with the safety poll set to
// ten minutes, every committed row still goes out at once, rows committed while a publish is under
// way included; a lost LISTEN connection falls back to the short poll. Real broker and database.
import { uuidv7 } from '@riskpool/contracts';
import { runInTransaction } from '@riskpool/db';
import { testInfra } from '@riskpool/testing';
import {
  depositEvent,
  type OutboxRig,
  startOutboxRig,
  stopOutboxRig,
} from './fixtures/deposit-consumer';

const SCHEMA = 'kafka_relay_wakeup_it';
const infra = testInfra();
const TEN_MINUTES = 600_000;

let rig: OutboxRig;

const deposit = (depositId: string) => depositEvent('relay-wakeup-test', 'WAKE', depositId);

async function unpublished(): Promise<number> {
  const rows = (await rig.dataSource.query(
    `SELECT count(*)::int AS n FROM "${SCHEMA}".outbox WHERE published_at IS NULL`,
  )) as Array<{ n: number }>;
  return rows[0]?.n ?? -1;
}

/** Resolves once the outbox is empty of unpublished rows; fails after `ms`. */
async function allPublishedWithin(ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while ((await unpublished()) > 0) {
    if (Date.now() > deadline) throw new Error(`${await unpublished()} rows unpublished`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function commitDeposits(n: number): Promise<void> {
  const run = uuidv7();
  for (let i = 0; i < n; i += 1)
    await runInTransaction(rig.dataSource, SCHEMA, async (uow) =>
      uow.publish(deposit(`${run}-${i}`)),
    );
}

beforeAll(async () => {
  rig = await startOutboxRig({
    databaseUrl: infra.databaseUrl,
    brokers: infra.brokers,
    schema: SCHEMA,
    clientId: 'relay-wakeup',
    // Without LISTEN: a short poll. With it: no poll a test could wait for.
    relay: { pollIntervalMs: 100, listeningPollIntervalMs: TEN_MINUTES },
  });
  // The relay's first look, right after LISTEN, has nothing to do; from here on only a
  // notification (or the loss of the LISTEN connection) wakes it.
  await allPublishedWithin(10_000);
});

afterAll(() => stopOutboxRig(rig));

describe('the outbox relay, woken by NOTIFY', () => {
  it('publishes a committed row at once, though its safety poll is ten minutes away', async () => {
    await commitDeposits(1);
    await allPublishedWithin(10_000);
  });

  it('publishes rows committed while it is publishing (no wake-up is lost)', async () => {
    // Sixty commits one after another: many land while the relay sends the previous ones.
    await commitDeposits(60);
    await allPublishedWithin(15_000);
  });

  it('falls back to polling when its LISTEN connection is lost, and still publishes', async () => {
    const ended = (await rig.dataSource.query(
      `SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity
       WHERE datname = current_database() AND query ILIKE 'LISTEN "${SCHEMA}_outbox"%'`,
    )) as Array<{ ended: boolean }>;
    expect(ended).toEqual([{ ended: true }]);
    // Let the relay see its connection end before the next commit.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await commitDeposits(3);
    await allPublishedWithin(10_000);
  });
});
