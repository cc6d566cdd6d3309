// Proves the integration harness: a real broker that answers, consumer groups (so the offsets
// topic works on one node), restarts that keep data and committed offsets, and a fresh database.
//
// Stopping and killing happen on a broker of this file's own (startKafkaBroker, free ports): the
// run's shared broker serves the other test files, which may run at the same time in other workers.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ALL_TOPICS } from '@riskpool/contracts';
import {
  createTopics,
  kafkaBroker,
  REPO_ROOT,
  saslOf,
  startKafkaBroker,
  testInfra,
  type KafkaBroker,
} from '@riskpool/testing';
import {
  Kafka,
  logLevel,
  Partitioners,
  type Consumer,
  type KafkaMessage,
  runConsumerUntil,
} from '@riskpool/kafka/client';
import { Client } from 'pg';

const infra = testInfra();
const run = `${Date.now()}-${process.pid}`;
const topic = `riskpool-testing.harness.${run}`;
/** The broker of this file's own (below), once started. */
let ownBroker: KafkaBroker | undefined;

/** The super user on `brokers`: the run's broker, or this file's own (its users file). */
function kafka(brokers: string[] = infra.brokers): Kafka {
  const own = ownBroker !== undefined && brokers === ownBroker.brokers;
  return new Kafka({
    clientId: `infra-int-spec-${run}`,
    brokers,
    sasl: saslOf(
      own ? (ownBroker as KafkaBroker).credentialsOf('admin') : infra.kafkaCredentialsOf('admin'),
    ),
    logLevel: logLevel.NOTHING,
    retry: { retries: 8, initialRetryTime: 200 },
  });
}

async function produce(values: string[], brokers = infra.brokers): Promise<void> {
  const producer = kafka(brokers).producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    await producer.send({
      topic,
      acks: -1,
      messages: values.map((value) => ({ key: 'harness', value })),
    });
  } finally {
    await producer.disconnect();
  }
}

/** Consumes with group `groupId` until `count` messages arrived; commits them; stops. */
async function consume(
  groupId: string,
  count: number,
  brokers = infra.brokers,
  timeoutMs = 60_000,
): Promise<string[]> {
  const consumer: Consumer = kafka(brokers).consumer({
    groupId,
    sessionTimeout: 6_000,
    heartbeatInterval: 1_000,
    maxWaitTimeInMs: 200,
  });
  const received: string[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await runConsumerUntil(
      consumer,
      (done) => ({
        eachMessage: async ({ message }: { message: KafkaMessage }) => {
          received.push(message.value?.toString('utf8') ?? '');
          if (received.length >= count) done();
        },
      }),
      {
        timeoutMs,
        timeoutMessage: () => `group ${groupId} got ${received.length}/${count} messages`,
      },
    );
  } finally {
    // disconnect() commits the offsets of the processed messages (autoCommit).
    await consumer.disconnect();
  }
  return received;
}

async function committedOffset(groupId: string, brokers = infra.brokers): Promise<number> {
  const admin = kafka(brokers).admin();
  await admin.connect();
  try {
    const [entry] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return (entry?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
  } finally {
    await admin.disconnect();
  }
}

describe('integration test infrastructure', () => {
  beforeAll(async () => {
    // One partition: the committed offset then equals the number of consumed messages.
    await createTopics({
      brokers: infra.brokers,
      topics: [topic],
      partitions: 1,
      credentials: infra.kafkaCredentialsOf('admin'),
    });
  });

  it('runs one broker that answers and has every project topic', async () => {
    expect(process.env['KAFKA_BROKERS']).toBe(infra.brokers.join(','));
    expect(infra.broker.isRunning()).toBe(true);
    const admin = kafka().admin();
    await admin.connect();
    try {
      const cluster = await admin.describeCluster();
      expect(cluster.brokers).toHaveLength(1);
      expect(cluster.brokers[0]?.port).toBe(infra.kafka.port);
      const topics = new Set(await admin.listTopics());
      expect(ALL_TOPICS.filter((name) => !topics.has(name))).toEqual([]);
    } finally {
      await admin.disconnect();
    }
  });

  it('delivers a produced message to a consumer group and commits its offset', async () => {
    await produce(['first']);
    const groupId = `harness-a-${run}`;
    expect(await consume(groupId, 1)).toEqual(['first']);
    expect(await committedOffset(groupId)).toBe(1);
  });

  it('provides a fresh, reachable database of its own', async () => {
    expect(process.env['DATABASE_URL']).toBe(infra.databaseUrl);
    // riskpool_test_<ms timestamp>_<pid of the jest process that ran the global setup>
    const match = /^riskpool_test_(\d+)_(\d+)$/.exec(infra.databaseName);
    expect(match).not.toBeNull();
    expect(Date.now() - Number(match?.[1])).toBeLessThan(3 * 60 * 60 * 1000);
    expect([process.pid, process.ppid]).toContain(Number(match?.[2]));
    expect(new URL(infra.adminDatabaseUrl).pathname).not.toBe(`/${infra.databaseName}`);

    const client = new Client({ connectionString: infra.databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ db: string }>('select current_database() as db');
      expect(rows[0]?.db).toBe(infra.databaseName);
      const schema = `harness_${run.replace(/-/g, '_')}`;
      await client.query(`create schema "${schema}"`);
      await client.query(`create table "${schema}".t (id int primary key)`);
      await client.query(`insert into "${schema}".t values (1)`);
      await client.query(`drop schema "${schema}" cascade`);
    } finally {
      await client.end();
    }
  });
});

describe('a broker of its own: stop, restart and SIGKILL keep the data', () => {
  const runDir = path.join(REPO_ROOT, 'tmp', 'test-kafka', `harness_${run}`);
  let broker: KafkaBroker;

  beforeAll(async () => {
    broker = await startKafkaBroker({ runDir });
    ownBroker = broker;
    await createTopics({
      brokers: broker.brokers,
      topics: [topic],
      partitions: 1,
      credentials: broker.credentialsOf('admin'),
    });
  });

  afterAll(async () => {
    await broker?.stop();
    fs.rmSync(runDir, { recursive: true, force: true });
  });

  it('starts on free ports of its own', () => {
    expect(broker.port).not.toBe(infra.kafka.port);
    expect(broker.brokers).toEqual([`127.0.0.1:${broker.port}`]);
    expect(broker.isRunning()).toBe(true);
  });

  it('keeps messages and committed offsets across a restart', async () => {
    await produce(['first'], broker.brokers);
    expect(await consume(`own-a-${run}`, 1, broker.brokers)).toEqual(['first']);
    await produce(['second'], broker.brokers);

    const pidBefore = broker.pid();
    await broker.restart();
    expect(broker.pid()).toBeDefined();
    expect(broker.pid()).not.toBe(pidBefore);

    expect(await committedOffset(`own-a-${run}`, broker.brokers)).toBe(1);
    // The old group resumes after its committed offset; a new group reads everything.
    expect(await consume(`own-a-${run}`, 1, broker.brokers)).toEqual(['second']);
    expect(await consume(`own-b-${run}`, 2, broker.brokers)).toEqual(['first', 'second']);
  });

  it('is stopped and started through a second handle, as testInfra() does from a worker', async () => {
    const handle = kafkaBroker({
      runDir,
      port: broker.port,
      controllerPort: broker.controllerPort,
    });
    expect(handle.pid()).toBe(broker.pid());
    await handle.stop();
    expect(broker.isRunning()).toBe(false);
    await handle.start();
    expect(broker.isRunning()).toBe(true);
    expect(await consume(`own-c-${run}`, 2, broker.brokers)).toEqual(['first', 'second']);
  });

  it('recovers from SIGKILL with acknowledged messages kept', async () => {
    await produce(['third'], broker.brokers);
    await broker.kill();
    expect(broker.isRunning()).toBe(false);
    await broker.start();
    expect(await consume(`own-d-${run}`, 3, broker.brokers)).toEqual(['first', 'second', 'third']);
  });
});
