// What the integration global setup started, as seen from the tests: read from the JSON state
// file named by RISKPOOL_TEST_INFRA (set by global-setup.ts, inherited by the jest workers).
import * as fs from 'node:fs';
import type { KafkaPrincipal } from './kafka-credentials';
import { kafkaBroker, type KafkaBroker } from './kafka-broker';

export const TEST_INFRA_ENV = 'RISKPOOL_TEST_INFRA';

export interface TestInfraState {
  version: 1;
  /** The jest main process: the broker's watchdog stops the broker when it dies. */
  parentPid: number;
  createdAt: string;
  kafka: { brokers: string[]; runDir: string; port: number; controllerPort: number };
  database: {
    /** The fresh database of this run (also DATABASE_URL). */
    url: string;
    /** The server's admin URL (the `postgres` database), for creating more databases. */
    adminUrl: string;
    name: string;
    embedded: boolean;
  };
}

export interface TestInfra {
  /** kafkajs `brokers` (also KAFKA_BROKERS, comma-separated). */
  brokers: string[];
  /** The fresh database of this run (also DATABASE_URL). */
  databaseUrl: string;
  adminDatabaseUrl: string;
  databaseName: string;
  kafka: { runDir: string; port: number; controllerPort: number };
  /** A principal's credentials on the run's broker (`admin` or a service's name). */
  kafkaCredentialsOf(principal: string): KafkaPrincipal;
  /** KAFKA_SASL_USERNAME / _PASSWORD / _MECHANISM of a principal, for a service's environment. */
  kafkaEnvOf(principal: string): Record<string, string>;
  /** A handle on the run's broker (same run dir and ports). */
  broker: KafkaBroker;
  /** SIGTERM, wait, start again with the same run dir and ports: data and offsets are kept. */
  restartBroker(): Promise<void>;
  stopBroker(): Promise<void>;
  /** SIGKILL: an unclean shutdown. Follow with startBroker(). */
  killBroker(): Promise<void>;
  /** Starts the stopped or killed broker again and waits until it answers. */
  startBroker(): Promise<void>;
}

export function writeTestInfraState(file: string, state: TestInfraState): void {
  fs.writeFileSync(`${file}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
  fs.renameSync(`${file}.tmp`, file);
}

export function readTestInfraState(file: string): TestInfraState {
  const state = JSON.parse(fs.readFileSync(file, 'utf8')) as TestInfraState;
  if (state.version !== 1) {
    throw new Error(`unsupported test infra state version in ${file}`);
  }
  return state;
}

/** The infrastructure of the current integration run (jest `--selectProjects integration`). */
export function testInfra(): TestInfra {
  const file = process.env[TEST_INFRA_ENV];
  if (file === undefined || file === '') {
    throw new Error(
      `${TEST_INFRA_ENV} is not set: run integration tests with ` +
        '`npx jest --selectProjects integration`, whose global setup (libs/testing) starts Kafka ' +
        'and PostgreSQL',
    );
  }
  const state = readTestInfraState(file);
  const broker = kafkaBroker({
    runDir: state.kafka.runDir,
    port: state.kafka.port,
    controllerPort: state.kafka.controllerPort,
    parentPid: state.parentPid,
  });
  return {
    brokers: state.kafka.brokers,
    databaseUrl: state.database.url,
    adminDatabaseUrl: state.database.adminUrl,
    databaseName: state.database.name,
    kafka: {
      runDir: state.kafka.runDir,
      port: state.kafka.port,
      controllerPort: state.kafka.controllerPort,
    },
    broker,
    kafkaCredentialsOf: (principal) => broker.credentialsOf(principal),
    kafkaEnvOf: (principal) => broker.kafkaEnvOf(principal),
    restartBroker: () => broker.restart(),
    stopBroker: () => broker.stop(),
    killBroker: () => broker.kill(),
    startBroker: () => broker.start(),
  };
}
