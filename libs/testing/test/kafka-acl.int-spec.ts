// Kafka authentication and ACLs against a real broker (docs/adr/0011-kafka-sasl-scram-and-acls.md):
// a broker of its own, started as every broker of the project is (deploy/kafka makes the users file,
// SASL/SCRAM-SHA-512 and the StandardAuthorizer; libs/testing creates each service's ACLs from
// libs/contracts topic-access.ts). Every service may write exactly the topics it produces (and the
// DLQs of those it reads) and read exactly those it consumes, in consumer groups named after it;
// an anonymous (plaintext) client and a wrong password are refused.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from '@riskpool/kafka/client';
import {
  ALL_TOPICS,
  deadLetterTopicOf,
  KAFKA_SERVICES,
  type KafkaService,
  SERVICE_CONSUMES,
  TOPIC_PRODUCER,
  type TopicName,
  Topics,
} from '@riskpool/contracts';
import {
  createTopics,
  KAFKA_DEPLOY_DIR,
  type KafkaBroker,
  type KafkaPrincipal,
  saslOf,
  startKafkaBroker,
} from '@riskpool/testing';

const TOPICS = Object.keys(TOPIC_PRODUCER) as TopicName[];
let broker: KafkaBroker;

// kafkajs itself (@riskpool/kafka/client: libs/kafka's tests use libs/testing, so this library's
// may not use libs/kafka),
// with the SASL settings libs/kafka createKafka gives a service.
const clientAs = (credentials: KafkaPrincipal | undefined): Kafka =>
  new Kafka({
    brokers: broker.brokers,
    clientId: `acl-it-${credentials?.username ?? 'anonymous'}`,
    ...(credentials !== undefined ? { sasl: saslOf(credentials) } : {}),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3000,
    retry: { initialRetryTime: 200, maxRetryTime: 5000, retries: 10 },
  });
const as = (service: string): Kafka => clientAs(broker.credentialsOf(service));
// No SASL at all: a plaintext, anonymous client.
const anonymous = (): Kafka => clientAs(undefined);

/** The Kafka error type (e.g. TOPIC_AUTHORIZATION_FAILED) somewhere in a kafkajs error's causes. */
function kafkaErrorType(error: unknown): string {
  const seen: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth += 1) {
    const e = current as {
      type?: unknown;
      message?: unknown;
      cause?: unknown;
      originalError?: unknown;
    };
    if (typeof e.type === 'string') return e.type;
    seen.push(String(e.message));
    current = e.originalError ?? e.cause;
  }
  return seen.join(' / ');
}

async function sendAll(kafka: Kafka, topics: readonly string[]): Promise<Record<string, string>> {
  // Retries cover a leader moving just after the start; an authorization failure is not retried.
  const producer = kafka.producer({ idempotent: true, retry: { retries: 5 } });
  await producer.connect();
  const outcome: Record<string, string> = {};
  try {
    for (const topic of topics) {
      try {
        await producer.send({ topic, acks: -1, messages: [{ value: 'acl-it' }] });
        outcome[topic] = 'OK';
      } catch (error) {
        outcome[topic] = kafkaErrorType(error);
      }
    }
  } finally {
    await producer.disconnect().catch(() => undefined);
  }
  return outcome;
}

/** Reads from `topics` as a consumer group until a message of each arrived; the topics seen. */
async function readEach(
  kafka: Kafka,
  groupId: string,
  topics: readonly string[],
  timeoutMs = 60_000,
): Promise<Set<string>> {
  const consumer = kafka.consumer({ groupId, retry: { retries: 1 } });
  const seen = new Set<string>();
  let crashed: unknown;
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    crashed = payload.error;
  });
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    let done: () => void = () => undefined;
    const all = new Promise<void>((resolve) => (done = resolve));
    await consumer.run({
      eachMessage: async ({ topic }) => {
        seen.add(topic);
        if (seen.size === topics.length) done();
      },
    });
    const deadline = Date.now() + timeoutMs;
    while (seen.size < topics.length && crashed === undefined && Date.now() < deadline)
      await Promise.race([all, new Promise((resolve) => setTimeout(resolve, 100))]);
    if (crashed !== undefined) throw crashed;
    return seen;
  } finally {
    await consumer.disconnect().catch(() => undefined);
  }
}

beforeAll(async () => {
  broker = await startKafkaBroker({ runDir: fs.mkdtempSync(join(tmpdir(), 'kafka-acl-it-')) });
  await createTopics({ brokers: broker.brokers, credentials: broker.credentialsOf('admin') });
}, 180_000);

afterAll(async () => {
  await broker?.stop();
  if (broker !== undefined) fs.rmSync(broker.runDir, { recursive: true, force: true });
});

describe('the credentials the broker scripts make', () => {
  it('are random, one principal per service and admin, in a file only its owner reads', () => {
    expect(fs.statSync(broker.usersFile).mode & 0o777).toBe(0o600);
    const names = fs
      .readFileSync(broker.usersFile, 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.split('=')[0]);
    expect(names.sort()).toEqual(['admin', ...KAFKA_SERVICES].sort());
    const passwords = names.map((name) => broker.credentialsOf(name as string).password);
    expect(new Set(passwords).size).toBe(passwords.length);
    for (const password of passwords) expect(password).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });

  it('name the services of topic-access.ts (deploy/kafka reads that list itself)', () => {
    const listed = execFileSync(
      'bash',
      ['-c', 'source "$1/lib.sh" && kafka_service_principals', 'bash', KAFKA_DEPLOY_DIR],
      { encoding: 'utf8' },
    );
    expect(listed.trim().split('\n')).toEqual([...KAFKA_SERVICES]);
  });
});

describe('authentication', () => {
  it('refuses an anonymous (plaintext) client', async () => {
    const admin = anonymous().admin();
    await expect(admin.connect().then(() => admin.listTopics())).rejects.toThrow();
    await admin.disconnect().catch(() => undefined);
    await expect(sendAll(anonymous(), [Topics.payoutCompleted])).rejects.toThrow();
  });

  it('refuses a wrong password, and the right password of another principal', async () => {
    const wrong = {
      username: 'settlement',
      password: 'not-the-password-at-all',
      mechanism: 'scram-sha-512' as const,
    };
    await expect(sendAll(clientAs(wrong), [Topics.payoutCompleted])).rejects.toThrow(
      /authentication failed/i,
    );
    const borrowed = { ...broker.credentialsOf('ledger'), username: 'settlement' };
    await expect(sendAll(clientAs(borrowed), [Topics.payoutCompleted])).rejects.toThrow(
      /authentication failed/i,
    );
  });
});

describe.each(KAFKA_SERVICES.map((service) => [service]))('the principal %s', (service) => {
  const name = service as KafkaService;
  const consumes = SERVICE_CONSUMES[name];

  it('writes exactly the topics it produces and the DLQs of those it consumes', async () => {
    const topics = [...TOPICS, ...consumes.map(deadLetterTopicOf)];
    const outcome = await sendAll(as(name), topics);
    const expected = Object.fromEntries(
      topics.map((topic) => [
        topic,
        TOPIC_PRODUCER[topic as TopicName] === name || topic.endsWith('.dlq')
          ? 'OK'
          : 'TOPIC_AUTHORIZATION_FAILED',
      ]),
    );
    expect(outcome).toEqual(expected);
    // A DLQ of a topic it does not read is not its to write.
    const foreignDlq = deadLetterTopicOf(TOPICS.find((t) => !consumes.includes(t)) as string);
    expect(await sendAll(as(name), [foreignDlq])).toEqual({
      [foreignDlq]: 'TOPIC_AUTHORIZATION_FAILED',
    });
  }, 60_000);

  it('reads every topic it consumes, in a consumer group named after it', async () => {
    // Every topic has a message: its producer's principal wrote one (the test above, or here).
    const producers = new Set(consumes.map((topic) => TOPIC_PRODUCER[topic]));
    for (const producer of producers)
      await sendAll(
        as(producer),
        consumes.filter((topic) => TOPIC_PRODUCER[topic] === producer),
      );
    const seen = await readEach(as(name), `${name}-acl-it`, consumes);
    expect([...seen].sort()).toEqual([...consumes].sort());
  }, 90_000);

  it('cannot read a topic it does not consume, nor in another service’s group', async () => {
    const foreign = TOPICS.find((topic) => !consumes.includes(topic)) as string;
    await expect(readEach(as(name), `${name}-acl-it-foreign`, [foreign], 20_000)).rejects.toThrow(
      /authoriz/i,
    );
    // kafkajs reports a refused FindCoordinator as "Failed to find group coordinator"; the
    // broker's answer (GROUP_AUTHORIZATION_FAILED) is in its debug log.
    const other = KAFKA_SERVICES.find((s) => s !== name && !s.startsWith(name)) as string;
    const answers: string[] = [];
    const watched = new Kafka({
      brokers: broker.brokers,
      clientId: 'acl-it-group',
      sasl: saslOf(broker.credentialsOf(name)),
      logLevel: logLevel.DEBUG,
      logCreator:
        () =>
        ({ log }) => {
          const error = (log as { error?: { type?: string } }).error;
          if (log.message === 'Tried to find group coordinator' && error?.type)
            answers.push(error.type);
        },
    });
    await expect(
      readEach(watched, `${other}-acl-it`, [consumes[0] as string], 20_000),
    ).rejects.toThrow(/group coordinator/i);
    expect(answers).toContain('GROUP_AUTHORIZATION_FAILED');
  }, 60_000);
});

it('has every topic and its DLQ on the broker (what the ACLs were checked against)', async () => {
  const admin = as('admin').admin();
  await admin.connect();
  try {
    expect(await admin.listTopics()).toEqual(expect.arrayContaining([...ALL_TOPICS]));
  } finally {
    await admin.disconnect();
  }
});
