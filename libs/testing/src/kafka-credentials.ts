// The principals of the brokers libs/testing runs (deploy/kafka makes them: `admin` and one per
// service, random passwords in `<run dir>/sasl-users.properties`, mode 600) and how a client or a
// service process is given one. The client library's own API (@riskpool/kafka/client): libs/kafka's
// tests use this library, so it may not import libs/kafka (the boundary lint refuses the cycle);
// libs/kafka createKafka reads the same KAFKA_SASL_* variables.
import * as fs from 'node:fs';
import {
  type Admin,
  type KafkaConfig,
  Kafka,
  logLevel,
  type SASLOptions,
} from '@riskpool/kafka/client';

/** A principal's SASL/SCRAM-SHA-512 credentials (the shape of libs/kafka KafkaCredentials). */
export interface KafkaPrincipal {
  readonly username: string;
  readonly password: string;
  readonly mechanism: 'scram-sha-512';
}

/** The principals and passwords of a users file (`name=password` a line). */
export function readKafkaUsersFile(file: string): Record<string, string> {
  const users: Record<string, string> = {};
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const at = trimmed.indexOf('=');
    if (at <= 0) throw new Error(`${file}: a line is not name=password`);
    users[trimmed.slice(0, at)] = trimmed.slice(at + 1);
  }
  return users;
}

/** `principal`'s credentials from a users file. */
export function kafkaPrincipalOf(usersFile: string, principal: string): KafkaPrincipal {
  const password = readKafkaUsersFile(usersFile)[principal];
  if (password === undefined) throw new Error(`no Kafka principal ${principal} in ${usersFile}`);
  return { username: principal, password, mechanism: 'scram-sha-512' };
}

/** The environment that makes a process (a service, libs/kafka createKafka) this principal. */
export function kafkaPrincipalEnv(principal: KafkaPrincipal): Record<string, string> {
  return {
    KAFKA_SASL_USERNAME: principal.username,
    KAFKA_SASL_PASSWORD: principal.password,
    KAFKA_SASL_MECHANISM: principal.mechanism,
  };
}

/** The principal of the environment (KAFKA_SASL_*), if any. */
export function kafkaPrincipalFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): KafkaPrincipal | undefined {
  const username = env['KAFKA_SASL_USERNAME'] ?? '';
  return username === ''
    ? undefined
    : { username, password: env['KAFKA_SASL_PASSWORD'] ?? '', mechanism: 'scram-sha-512' };
}

/** kafkajs `sasl` for a principal. */
export function saslOf(principal: KafkaPrincipal): SASLOptions {
  return {
    mechanism: principal.mechanism,
    username: principal.username,
    password: principal.password,
  };
}

/**
 * An admin client of `principal` that logs nothing: its callers throw its failures (kafkajs would
 * also log the transient ones it retries).
 */
export function quietAdminOf(
  principal: KafkaPrincipal,
  config: Pick<
    KafkaConfig,
    'clientId' | 'brokers' | 'connectionTimeout' | 'requestTimeout' | 'retry'
  >,
): Admin {
  return new Kafka({ ...config, sasl: saslOf(principal), logLevel: logLevel.NOTHING }).admin();
}
