// Creates the project's topics up front (auto topic creation is off on every broker we run).
// Also a CLI, used by deploy/kafka/start.sh (which also gets the services' ACLs from it):
//   KAFKA_BROKERS=127.0.0.1:9092 TS_NODE_PROJECT=tsconfig.spec.json \
//     node -r ./scripts/register-aliases.js -r ts-node/register/transpile-only \
//     libs/testing/src/create-topics.ts
// Env: KAFKA_BROKERS (comma-separated, default 127.0.0.1:${KAFKA_PORT:-9092}),
//      KAFKA_TOPIC_PARTITIONS (default 3), KAFKA_REPLICATION_FACTOR (default 1),
//      KAFKA_SASL_USERS_FILE (the broker's users file, whose `admin` creates the topics).
import { ALL_TOPICS, retentionMsOf } from '@riskpool/contracts';
import { type Admin } from '@riskpool/kafka/client';
import { createAllServiceAcls } from './kafka-acls';
import {
  type KafkaPrincipal,
  kafkaPrincipalFromEnv,
  kafkaPrincipalOf,
  quietAdminOf,
} from './kafka-credentials';
import { sleep, withTimeout } from './process-util';

export const DEFAULT_TOPIC_PARTITIONS = 3;

export interface CreateTopicsOptions {
  brokers: string[];
  /** Default: ALL_TOPICS from @riskpool/contracts (every topic and its `.dlq` twin). */
  topics?: readonly string[];
  /** Partitions of each created topic. Default 3. */
  partitions?: number;
  /** Default 1 (a single local broker). */
  replicationFactor?: number;
  /** Default 2 with replication factor 3 or more, else 1. */
  minInsyncReplicas?: number;
  /** Bound on the whole operation. Default 60 s. */
  timeoutMs?: number;
  /**
   * The super user's credentials (KafkaBroker.credentialsOf('admin')): topics are admin's to make.
   * Default: KAFKA_SASL_USERNAME / KAFKA_SASL_PASSWORD of the environment.
   */
  credentials?: KafkaPrincipal;
}

export interface CreateTopicsResult {
  created: string[];
  existing: string[];
}

/**
 * Creates the topics that do not exist yet, waiting for their partition leaders
 * (`waitForLeaders: true`); topics that exist are left as they are, whatever their partitions.
 */
export async function createTopics(options: CreateTopicsOptions): Promise<CreateTopicsResult> {
  const topics = [...new Set(options.topics ?? ALL_TOPICS)];
  const partitions = options.partitions ?? DEFAULT_TOPIC_PARTITIONS;
  const replicationFactor = options.replicationFactor ?? 1;
  const minInsyncReplicas = options.minInsyncReplicas ?? (replicationFactor >= 3 ? 2 : 1);
  const timeoutMs = options.timeoutMs ?? 60_000;
  const credentials = options.credentials ?? kafkaPrincipalFromEnv();
  if (credentials === undefined)
    throw new Error('createTopics needs the admin credentials (or KAFKA_SASL_USERNAME/_PASSWORD)');
  if (!Number.isInteger(partitions) || partitions < 1) {
    throw new Error(`partitions must be a positive integer, got ${partitions}`);
  }
  const admin = quietAdminOf(credentials, {
    clientId: 'riskpool-create-topics',
    brokers: options.brokers,
    connectionTimeout: 3_000,
    requestTimeout: 30_000,
    retry: { retries: 5 },
  });
  try {
    return await withTimeout(
      (async () => {
        await admin.connect();
        const present = new Set(await admin.listTopics());
        const missing = topics.filter((topic) => !present.has(topic));
        if (missing.length > 0) {
          try {
            await admin.createTopics({
              topics: missing.map((topic) => ({
                topic,
                numPartitions: partitions,
                replicationFactor,
                // As libs/kafka topicConfigEntries: business topics kept for the programme's life.
                configEntries: [
                  { name: 'retention.ms', value: String(retentionMsOf(topic)) },
                  { name: 'retention.bytes', value: '-1' },
                  { name: 'min.insync.replicas', value: String(minInsyncReplicas) },
                ],
              })),
              waitForLeaders: true,
              timeout: timeoutMs,
            });
          } catch (error) {
            // kafkajs waits for leaders by retrying LEADER_NOT_AVAILABLE only; a KRaft broker whose
            // metadata lags the controller for a moment answers UNKNOWN_TOPIC_OR_PARTITION instead.
            if (!isUnknownTopic(error)) {
              throw error;
            }
          }
          await waitForLeaders(admin, missing, Date.now() + timeoutMs);
        }
        const after = new Set(await admin.listTopics());
        const absent = topics.filter((topic) => !after.has(topic));
        if (absent.length > 0) {
          throw new Error(`topics still missing after createTopics: ${absent.join(', ')}`);
        }
        return { created: missing, existing: topics.filter((topic) => present.has(topic)) };
      })(),
      timeoutMs,
      `creating ${topics.length} topics on ${options.brokers.join(',')}`,
    );
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

function isUnknownTopic(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { type?: unknown }).type === 'UNKNOWN_TOPIC_OR_PARTITION'
  );
}

/** Polls the topics' metadata until every partition has a leader. */
async function waitForLeaders(admin: Admin, topics: string[], deadline: number): Promise<void> {
  let last = 'no metadata yet';
  while (Date.now() < deadline) {
    try {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
      const leaderless = metadata.filter(
        (topic) =>
          topic.partitions.length === 0 ||
          topic.partitions.some((partition) => partition.leader < 0),
      );
      if (metadata.length === topics.length && leaderless.length === 0) {
        return;
      }
      last = `no leader yet for ${leaderless.map((topic) => topic.name).join(', ')}`;
    } catch (error) {
      if (!isUnknownTopic(error)) {
        throw error;
      }
      last = 'topics not in the broker metadata yet';
    }
    await sleep(100);
  }
  throw new Error(`timed out waiting for topic leaders: ${last}`);
}

async function main(): Promise<void> {
  const brokers = (process.env['KAFKA_BROKERS'] ?? `127.0.0.1:${process.env['KAFKA_PORT'] ?? 9092}`)
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker.length > 0);
  const partitions = Number(process.env['KAFKA_TOPIC_PARTITIONS'] ?? DEFAULT_TOPIC_PARTITIONS);
  const started = Date.now();
  const replicationFactor = Number(process.env['KAFKA_REPLICATION_FACTOR'] ?? 1);
  const usersFile = process.env['KAFKA_SASL_USERS_FILE'] ?? '';
  if (usersFile === '') throw new Error('KAFKA_SASL_USERS_FILE is not set');
  const credentials = kafkaPrincipalOf(usersFile, 'admin');
  const { created, existing } = await createTopics({
    brokers,
    partitions,
    replicationFactor,
    credentials,
  });
  await createAllServiceAcls(brokers, credentials);
  process.stdout.write(
    `topics: created ${created.length}, already there ${existing.length} ` +
      `(${partitions} partitions each when created), service ACLs in place, in ` +
      `${Date.now() - started} ms\n`,
  );
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(
      `create-topics: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  });
}
