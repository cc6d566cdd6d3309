import { Kafka, logLevel, LogEntry } from 'kafkajs';
import { PlumbingLogger, jsonLogger } from './logger';

/** SASL/PLAIN credentials of a principal (docs/adr/0011-kafka-sasl-plain-on-loopback.md). */
export interface KafkaCredentials {
  readonly username: string;
  readonly password: string;
}

export interface KafkaSettings {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly logger?: PlumbingLogger;
  /** Default: KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD from the environment, when set. */
  readonly credentials?: KafkaCredentials;
}

/** The credentials of the environment (a service's settings), or none: an anonymous client. */
export function credentialsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): KafkaCredentials | undefined {
  const username = env['KAFKA_SASL_USERNAME'] ?? '';
  const password = env['KAFKA_SASL_PASSWORD'] ?? '';
  return username === '' ? undefined : { username, password };
}

/** The one place a Kafka client is made, so the client library can be swapped here alone. */
export function createKafka(settings: KafkaSettings): Kafka {
  const logger = settings.logger ?? jsonLogger;
  const given = settings.credentials ?? credentialsFromEnv();
  const credentials = given?.username === '' ? undefined : given;
  return new Kafka({
    clientId: settings.clientId,
    brokers: [...settings.brokers],
    ...(credentials !== undefined ? { sasl: { mechanism: 'plain', ...credentials } } : {}),
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
