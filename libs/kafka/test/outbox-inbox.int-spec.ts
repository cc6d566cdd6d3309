import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { envelopeToWire, Topics, uuidv7 } from '@riskpool/contracts';
import { runInTransaction } from '@riskpool/db';
import { EventConsumer, EventProducer, OutboxRelay } from '../src';
import { REPO_ROOT, testInfra, tsNodeArgs, tsNodeEnv } from '@riskpool/testing';
import {
  depositConsumer,
  depositEvent,
  startOutboxRig,
  stopOutboxRig,
} from './fixtures/deposit-consumer';

const SCHEMA = 'kafka_plumbing_it';
const infra = testInfra();

let dataSource: DataSource;
let kafka: Kafka;
let producer: EventProducer;
let relay: OutboxRelay;
const consumers: EventConsumer[] = [];

const deposit = (fundCode: string, depositId: string, amountFen?: string) =>
  depositEvent('plumbing-test', fundCode, depositId, amountFen);

/** The effects that this test's consumer group applied for deposits whose id has the prefix. */
async function effectsOf(
  depositIdPrefix: string,
): Promise<Array<{ event_id: string; deposit_id: string }>> {
  const run = depositIdPrefix.slice(0, 36);
  return dataSource.query(
    `SELECT event_id, deposit_id FROM "${SCHEMA}".effects WHERE deposit_id LIKE $1 AND consumer LIKE $2 ORDER BY id`,
    [`${depositIdPrefix}%`, `%-${run}`],
  );
}

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function startConsumer(
  groupId: string,
  extra: Partial<Parameters<typeof depositConsumer>[0]> = {},
): Promise<EventConsumer> {
  const consumer = depositConsumer({
    kafka,
    dataSource,
    schema: SCHEMA,
    groupId,
    producer,
    ...extra,
  });
  consumers.push(consumer);
  await consumer.start();
  return consumer;
}

beforeAll(async () => {
  ({ dataSource, kafka, producer, relay } = await startOutboxRig({
    databaseUrl: infra.databaseUrl,
    brokers: infra.brokers,
    schema: SCHEMA,
    clientId: 'plumbing-test',
    relay: { pollIntervalMs: 100 },
  }));
});

afterEach(async () => {
  for (const consumer of consumers.splice(0)) await consumer.stop();
});

afterAll(() => stopOutboxRig({ dataSource, kafka, producer, relay }));

describe('outbox and inbox over a real broker and database', () => {
  it('applies an event committed through the outbox exactly once, even when it is delivered twice', async () => {
    const run = uuidv7();
    const event = deposit('TWICE', `${run}-a`);
    await runInTransaction(dataSource, SCHEMA, async (uow) => uow.publish(event));
    // A second copy of the very same message, as a producer retry or a relay crash would send it.
    await producer.send([{ topic: Topics.fundDeposited, ...envelopeToWire(event.envelope) }]);
    await runInTransaction(dataSource, SCHEMA, async (uow) =>
      uow.publish(deposit('TWICE', `${run}-sentinel`)),
    );

    await startConsumer(`twice-${run}`);
    await waitFor('the sentinel effect', async () =>
      (await effectsOf(`${run}-sentinel`)).length > 0 ? true : undefined,
    );
    const effects = await effectsOf(`${run}-a`);
    expect(effects).toEqual([{ event_id: event.envelope.id, deposit_id: `${run}-a` }]);
  });

  it('publishes nothing for a transaction that rolled back', async () => {
    const run = uuidv7();
    const doomed = deposit('ROLLBACK', `${run}-doomed`);
    await expect(
      runInTransaction(dataSource, SCHEMA, async (uow) => {
        uow.publish(doomed);
        await uow.manager.query('SELECT 1');
        throw new Error('the state change failed');
      }),
    ).rejects.toThrow('the state change failed');
    const inOutbox = (await dataSource.query(
      `SELECT count(*)::int AS n FROM "${SCHEMA}".outbox WHERE event_id = $1`,
      [doomed.envelope.id],
    )) as Array<{ n: number }>;
    expect(inOutbox[0]?.n).toBe(0);

    await runInTransaction(dataSource, SCHEMA, async (uow) =>
      uow.publish(deposit('ROLLBACK', `${run}-sentinel`)),
    );
    await startConsumer(`rollback-${run}`);
    await waitFor('the sentinel effect', async () =>
      (await effectsOf(`${run}-sentinel`)).length > 0 ? true : undefined,
    );
    expect(await effectsOf(`${run}-doomed`)).toEqual([]);
  });

  it('sends a malformed message to the dead-letter topic with its reason and goes on', async () => {
    const run = uuidv7();
    const valid = deposit('POISON', `${run}-ok`);
    const badPayload = deposit('POISON', `${run}-bad`);
    const badWire = envelopeToWire(badPayload.envelope);
    await producer.send([
      {
        topic: Topics.fundDeposited,
        key: 'TOWN:POISON',
        value: 'not json at all',
        headers: { ...badWire.headers, ce_id: uuidv7() },
      },
      {
        topic: Topics.fundDeposited,
        key: 'TOWN:POISON',
        value: JSON.stringify({ ...badPayload.envelope.data, amountFen: 12.5 }),
        headers: { ...badWire.headers, ce_id: uuidv7() },
      },
      {
        topic: Topics.fundDeposited,
        key: 'TOWN:POISON',
        value: '{}',
        headers: { ce_specversion: '1.0' },
      },
      { topic: Topics.fundDeposited, ...envelopeToWire(valid.envelope) },
    ]);

    const dlqSeen: Array<{ reason: string; group: string }> = [];
    const dlqReader = kafka.consumer({ groupId: `dlq-reader-${run}`, maxWaitTimeInMs: 200 });
    await dlqReader.connect();
    await dlqReader.subscribe({ topic: `${Topics.fundDeposited}.dlq`, fromBeginning: true });
    await dlqReader.run({
      eachMessage: async ({ message }) => {
        dlqSeen.push({
          reason: message.headers?.['dlq_reason']?.toString() ?? '',
          group: message.headers?.['dlq_consumer']?.toString() ?? '',
        });
      },
    });

    await startConsumer(`poison-${run}`);
    await waitFor('the valid event after the poison', async () =>
      (await effectsOf(`${run}-ok`)).length === 1 ? true : undefined,
    );
    const mine = await waitFor('three dead letters', async () => {
      const found = dlqSeen.filter((d) => d.group === `poison-${run}`);
      return found.length >= 3 ? found : undefined;
    });
    await dlqReader.disconnect();
    const reasons = mine.map((d) => d.reason).join('\n');
    expect(reasons).toMatch(/body is not JSON/);
    expect(reasons).toMatch(/amountFen/);
    expect(reasons).toMatch(/missing header\(s\): ce_id/);
    expect(await effectsOf(`${run}-bad`)).toEqual([]);
  });

  it('dead-letters an event whose handler keeps failing and applies the next one', async () => {
    const run = uuidv7();
    await runInTransaction(dataSource, SCHEMA, async (uow) => {
      uow.publish(deposit('FAILING', `${run}-fails`), deposit('FAILING', `${run}-fine`));
    });
    await startConsumer(`failing-${run}`, { failOn: (data) => data.depositId.endsWith('-fails') });
    await waitFor('the next event', async () =>
      (await effectsOf(`${run}-fine`)).length === 1 ? true : undefined,
    );
    expect(await effectsOf(`${run}-fails`)).toEqual([]);
  });

  it('duplicates nothing when the consumer is killed between its DB commit and its offset commit', async () => {
    const run = uuidv7();
    const groupId = `crash-${run}`;
    await runInTransaction(dataSource, SCHEMA, async (uow) =>
      uow.publish(deposit('CRASH', `${run}-1`)),
    );
    await waitFor('the relay', async () => {
      const rows = (await dataSource.query(
        `SELECT count(*)::int AS n FROM "${SCHEMA}".outbox WHERE published_at IS NULL`,
      )) as Array<{ n: number }>;
      return rows[0]?.n === 0 ? true : undefined;
    });

    const child = spawn(
      process.execPath,
      tsNodeArgs(
        path.join(__dirname, 'fixtures/crash-after-commit.ts'),
        infra.brokers.join(','),
        infra.databaseUrl,
        SCHEMA,
        groupId,
      ),
      { cwd: REPO_ROOT, env: tsNodeEnv(), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const signal = await new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, sig) => resolve(sig)),
    );
    expect(signal).toBe('SIGKILL');
    expect(output).toContain('committed');

    // The child applied its first batch in the database, then died before committing any offset.
    const appliedByChild = (await dataSource.query(
      `SELECT count(*)::int AS n FROM "${SCHEMA}".inbox WHERE consumer = $1`,
      [groupId],
    )) as Array<{ n: number }>;
    expect(appliedByChild[0]?.n).toBeGreaterThan(0);
    const admin = kafka.admin();
    await admin.connect();
    const [committed] = await admin.fetchOffsets({ groupId, topics: [Topics.fundDeposited] });
    await admin.disconnect();
    expect(committed?.partitions.every((p) => p.offset === '-1')).toBe(true);

    // So the group's next member gets that batch again: the inbox must drop every copy.
    await runInTransaction(dataSource, SCHEMA, async (uow) =>
      uow.publish(deposit('CRASH', `${run}-2`)),
    );
    await startConsumer(groupId);
    await waitFor('both events', async () =>
      (await effectsOf(`${run}-1`)).length === 1 && (await effectsOf(`${run}-2`)).length === 1
        ? true
        : undefined,
    );
    const doubled = (await dataSource.query(
      `SELECT event_id FROM "${SCHEMA}".effects WHERE consumer = $1 GROUP BY event_id HAVING count(*) > 1`,
      [groupId],
    )) as unknown[];
    expect(doubled).toEqual([]);
    expect(await effectsOf(`${run}-1`)).toHaveLength(1);
  });

  it('loses nothing when the broker stops and restarts mid-stream', async () => {
    const run = uuidv7();
    const total = 150;
    await startConsumer(`restart-${run}`);
    const publish = async (from: number, to: number) => {
      for (let i = from; i < to; i++) {
        await runInTransaction(dataSource, SCHEMA, async (uow) =>
          uow.publish(deposit(`R${i % 5}`, `${run}-${String(i).padStart(4, '0')}`)),
        );
      }
    };
    await publish(0, 50);
    await infra.stopBroker();
    await publish(50, 100); // committed to the outbox while the broker is down
    await infra.startBroker();
    await publish(100, total);
    const effects = await waitFor(
      'every event',
      async () => {
        const rows = await effectsOf(`${run}-`);
        return rows.length >= total ? rows : undefined;
      },
      240_000,
    );
    expect(effects).toHaveLength(total);
    expect(new Set(effects.map((e) => e.deposit_id)).size).toBe(total);
  }, 300_000); // a broker restart on two busy cores: consumers and relay back off and rejoin
});
