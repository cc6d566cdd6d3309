import { Kafka, logLevel, LogEntry } from 'kafkajs';
import { PlumbingLogger, jsonLogger } from './logger';

export interface KafkaSettings {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly logger?: PlumbingLogger;
}

/** The one place a Kafka client is made, so the client library can be swapped here alone. */
export function createKafka(settings: KafkaSettings): Kafka {
  const logger = settings.logger ?? jsonLogger;
  return new Kafka({
    clientId: settings.clientId,
    brokers: [...settings.brokers],
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
