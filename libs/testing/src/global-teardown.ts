// Jest globalTeardown of the `integration` project: stops the run's broker, drops its database
// (kept with KEEP_TEST_DB=1), stops an embedded PostgreSQL and removes the broker's run dir (kept
// with KEEP_TEST_KAFKA=1).
import * as fs from 'node:fs';
import { kafkaBroker } from './kafka-broker';
import { dropDatabase, type PostgresServer } from './postgres';
import { readTestInfraState, TEST_INFRA_ENV } from './test-infra';

const POSTGRES_HANDLE = Symbol.for('riskpool.testing.postgres');

export default async function globalTeardown(): Promise<void> {
  const file = process.env[TEST_INFRA_ENV];
  if (file === undefined || file === '' || !fs.existsSync(file)) {
    return;
  }
  const state = readTestInfraState(file);
  const errors: unknown[] = [];
  const attempt = async (work: () => Promise<void>): Promise<void> => {
    try {
      await work();
    } catch (error) {
      errors.push(error);
    }
  };

  const broker = kafkaBroker({
    runDir: state.kafka.runDir,
    port: state.kafka.port,
    controllerPort: state.kafka.controllerPort,
  });
  await attempt(async () => {
    try {
      await broker.stop();
    } finally {
      if (broker.isRunning()) {
        await broker.kill();
      }
    }
  });

  if (process.env['KEEP_TEST_DB'] === '1') {
    process.stderr.write(`[riskpool test infra] kept database ${state.database.name}\n`);
  } else {
    await attempt(() => dropDatabase(state.database.adminUrl, state.database.name));
  }

  const handles = globalThis as Record<symbol, unknown>;
  const postgres = handles[POSTGRES_HANDLE] as PostgresServer | undefined;
  if (postgres !== undefined) {
    delete handles[POSTGRES_HANDLE];
    await attempt(() => postgres.stop());
  }

  if (process.env['KEEP_TEST_KAFKA'] === '1') {
    process.stderr.write(`[riskpool test infra] kept Kafka run dir ${state.kafka.runDir}\n`);
  } else {
    fs.rmSync(state.kafka.runDir, { recursive: true, force: true });
  }
  fs.rmSync(file, { force: true });

  if (errors.length > 0) {
    throw new AggregateError(errors, 'integration test teardown failed');
  }
}
