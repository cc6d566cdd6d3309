import * as fs from 'node:fs';
import { Kafka, logLevel, LogEntry, type SASLOptions } from 'kafkajs';
import { PlumbingLogger, jsonLogger } from './logger';
// Before any client exists: the idle-timer fix of kafkajs's request queue, and the look-up of a
// group coordinator that moved.
import './request-queue-fix';
import './coordinator-fix';

/** The client createKafka makes (kafkajs's), for the code that is handed one. */
export type { Kafka };

/** The SASL mechanisms a client may use; the brokers we run take SCRAM-SHA-512 (ADR 0011). */
export const KAFKA_SASL_MECHANISMS = ['scram-sha-512', 'scram-sha-256', 'plain'] as const;
export type KafkaSaslMechanism = (typeof KAFKA_SASL_MECHANISMS)[number];

/** A principal's SASL credentials (docs/adr/0011-kafka-sasl-scram-and-acls.md). */
export interface KafkaCredentials {
  readonly username: string;
  readonly password: string;
  /** Default `scram-sha-512`. */
  readonly mechanism?: KafkaSaslMechanism;
}

export interface KafkaSettings {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly logger?: PlumbingLogger;
  /**
   * Default: KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD (and KAFKA_SASL_MECHANISM) from the
   * environment. An empty user name is an anonymous client, which our brokers refuse.
   */
  readonly credentials?: KafkaCredentials;
  /**
   * The CA certificate (PEM file) of a TLS listener (deploy/k8s: Strimzi's cluster CA). Default:
   * KAFKA_SSL_CA_FILE from the environment; empty: no TLS (the loopback brokers of deploy/kafka).
   */
  readonly tlsCaFile?: string;
}

function mechanismOf(value: string | undefined): KafkaSaslMechanism {
  const mechanism = (value ?? '').trim().toLowerCase();
  if (mechanism === '') return 'scram-sha-512';
  if ((KAFKA_SASL_MECHANISMS as readonly string[]).includes(mechanism))
    return mechanism as KafkaSaslMechanism;
  throw new Error(`KAFKA_SASL_MECHANISM must be one of ${KAFKA_SASL_MECHANISMS.join(', ')}`);
}

/** The credentials of the environment (a service's settings), or none: an anonymous client. */
export function credentialsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): KafkaCredentials | undefined {
  const username = env['KAFKA_SASL_USERNAME'] ?? '';
  const password = env['KAFKA_SASL_PASSWORD'] ?? '';
  return username === ''
    ? undefined
    : { username, password, mechanism: mechanismOf(env['KAFKA_SASL_MECHANISM']) };
}

/** kafkajs `sasl` for `credentials`; undefined for an anonymous client. */
export function saslOptionsOf(credentials: KafkaCredentials | undefined): SASLOptions | undefined {
  if (credentials === undefined || credentials.username === '') return undefined;
  return {
    mechanism: credentials.mechanism ?? 'scram-sha-512',
    username: credentials.username,
    password: credentials.password,
  } as SASLOptions;
}

/** The one place a Kafka client is made, so the client library can be swapped here alone. */
export function createKafka(settings: KafkaSettings): Kafka {
  const logger = settings.logger ?? jsonLogger;
  const sasl = saslOptionsOf(settings.credentials ?? credentialsFromEnv());
  const caFile = settings.tlsCaFile ?? process.env['KAFKA_SSL_CA_FILE'] ?? '';
  return new Kafka({
    clientId: settings.clientId,
    brokers: [...settings.brokers],
    ...(sasl !== undefined ? { sasl } : {}),
    ...(caFile !== '' ? { ssl: { ca: [fs.readFileSync(caFile, 'utf8')] } } : {}),
    connectionTimeout: 3000,
    requestTimeout: 30000,
    retry: { initialRetryTime: 200, maxRetryTime: 5000, retries: 10 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log }: LogEntry) => {
        const { message, ...fields } = log;
        if (level <= logLevel.ERROR) logger.error(`kafkajs: ${message}`, fields);
        else logger.warn(`kafkajs: ${message}`, fields);
      },
  });
}
