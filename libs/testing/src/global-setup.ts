// Jest globalSetup of the `integration` project (jest.config.js): one real Kafka broker and one
// fresh PostgreSQL database per test run, shared by all test files.
//
// Tests get them through process.env (inherited by the workers) — KAFKA_BROKERS, DATABASE_URL,
// KAFKA_RUN_DIR, KAFKA_PORT, KAFKA_CONTROLLER_PORT — and through testInfra(), which reads the
// JSON state file named by RISKPOOL_TEST_INFRA and can stop, kill and restart the broker.
import './register-aliases';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ALL_TOPICS } from '@riskpool/contracts';
import { createTopics } from './create-topics';
import { kafkaBroker, startKafkaBroker, type KafkaBroker } from './kafka-broker';
import { WORKSPACE_TMP } from './paths';
import { createDatabase, dropDatabase, ensurePostgres, type PostgresServer } from './postgres';
import { processAlive } from './process-util';
import { readTestInfraState, TEST_INFRA_ENV, writeTestInfraState } from './test-infra';

export const TEST_KAFKA_DIR = path.join(WORKSPACE_TMP, 'test-kafka');
export const TEST_INFRA_DIR = path.join(WORKSPACE_TMP, 'test-infra');
/** Where global-teardown.ts finds the embedded PostgreSQL server, if one was started. */
export const POSTGRES_HANDLE = Symbol.for('riskpool.testing.postgres');

export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  await pruneStaleRuns();

  const id = `${Date.now()}_${process.pid}`;
  const runDir = path.join(TEST_KAFKA_DIR, `run_${id}`);
  const stateFile = path.join(TEST_INFRA_DIR, `run_${id}.json`);
  const databaseName = `riskpool_test_${id}`;
  fs.mkdirSync(TEST_INFRA_DIR, { recursive: true });

  const [brokerResult, postgresResult] = await Promise.allSettled([
    startKafkaBroker({ runDir, parentPid: process.pid }),
    ensurePostgres(),
  ]);
  const broker = brokerResult.status === 'fulfilled' ? brokerResult.value : undefined;
  const postgres = postgresResult.status === 'fulfilled' ? postgresResult.value : undefined;
  const brokerReady = Date.now();
  let databaseUrl: string | undefined;
  try {
    if (brokerResult.status === 'rejected') {
      throw brokerResult.reason;
    }
    if (postgresResult.status === 'rejected') {
      throw postgresResult.reason;
    }
    if (broker === undefined || postgres === undefined) {
      throw new Error('unreachable');
    }
    databaseUrl = await createDatabase(postgres.url, databaseName);
    const topics = await createTopics({
      brokers: broker.brokers,
      topics: ALL_TOPICS,
      credentials: broker.credentialsOf('admin'),
    });

    writeTestInfraState(stateFile, {
      version: 1,
      parentPid: process.pid,
      createdAt: new Date().toISOString(),
      kafka: {
        brokers: broker.brokers,
        runDir,
        port: broker.port,
        controllerPort: broker.controllerPort,
      },
      database: {
        url: databaseUrl,
        adminUrl: postgres.url,
        name: databaseName,
        embedded: postgres.embedded,
      },
    });
    (globalThis as Record<symbol, unknown>)[POSTGRES_HANDLE] = postgres;
    Object.assign(process.env, {
      [TEST_INFRA_ENV]: stateFile,
      KAFKA_BROKERS: broker.brokers.join(','),
      KAFKA_PORT: String(broker.port),
      KAFKA_CONTROLLER_PORT: String(broker.controllerPort),
      KAFKA_RUN_DIR: runDir,
      // The tests' own clients (standing in for other services, reading what a service wrote)
      // are the super user; a service a test starts as a process is given its own principal
      // (testInfra().kafkaEnvOf), and so is every service of the e2e system.
      ...broker.kafkaEnvOf('admin'),
      KAFKA_SASL_USERS_FILE: broker.usersFile,
      DATABASE_URL: databaseUrl,
      KAFKAJS_NO_PARTITIONER_WARNING: process.env['KAFKAJS_NO_PARTITIONER_WARNING'] ?? '1',
    });
    process.stderr.write(
      `\n[riskpool test infra] Kafka ${broker.brokers.join(',')} (ready in ` +
        `${((brokerReady - started) / 1000).toFixed(1)}s, ${topics.created.length} topics created), ` +
        `PostgreSQL ${postgres.embedded ? 'embedded' : 'local'} database ${databaseName}; ` +
        `total ${((Date.now() - started) / 1000).toFixed(1)}s\n`,
    );
  } catch (error) {
    await cleanUp(broker, postgres, databaseUrl === undefined ? undefined : databaseName, runDir);
    fs.rmSync(stateFile, { force: true });
    throw error;
  }
}

async function cleanUp(
  broker: KafkaBroker | undefined,
  postgres: PostgresServer | undefined,
  databaseName: string | undefined,
  runDir: string,
): Promise<void> {
  await broker?.stop().catch(() => broker.kill().catch(() => undefined));
  if (postgres !== undefined && databaseName !== undefined) {
    await dropDatabase(postgres.url, databaseName).catch(() => undefined);
  }
  await postgres?.stop().catch(() => undefined);
  if (process.env['KEEP_TEST_KAFKA'] !== '1') {
    fs.rmSync(runDir, { recursive: true, force: true });
  }
}

/**
 * Removes what earlier runs left when their jest process died before its teardown: their broker
 * (normally already stopped by its watchdog), run dir, database and state file. Runs whose jest
 * process is alive are left alone, so concurrent runs do not disturb each other.
 */
async function pruneStaleRuns(): Promise<void> {
  let files: string[];
  try {
    files = fs.readdirSync(TEST_INFRA_DIR).filter((name) => name.endsWith('.json'));
  } catch {
    return;
  }
  for (const name of files) {
    const file = path.join(TEST_INFRA_DIR, name);
    try {
      const state = readTestInfraState(file);
      if (processAlive(state.parentPid)) {
        continue;
      }
      await kafkaBroker({
        runDir: state.kafka.runDir,
        port: state.kafka.port,
        controllerPort: state.kafka.controllerPort,
      }).kill();
      fs.rmSync(state.kafka.runDir, { recursive: true, force: true });
      if (!state.database.embedded && process.env['KEEP_TEST_DB'] !== '1') {
        await dropDatabase(state.database.adminUrl, state.database.name).catch(() => undefined);
      }
      fs.rmSync(file, { force: true });
    } catch {
      // A half-written or foreign file: leave it.
    }
  }
}
