import { DynamicModule, INestApplication, Module, Type } from '@nestjs/common';
import { KeyObject } from 'node:crypto';
import { Server } from 'node:http';
import { DataSource, EntitySchema, MigrationInterface } from 'typeorm';
import {
  openServiceDataSource,
  serviceBaseMigration,
  serviceRetentionMigration,
} from '@riskpool/db';
import { connectKafkaEventTransport } from '@riskpool/kafka';
import {
  brokersOf,
  CommonServiceConfig,
  kafkaCredentialsOf,
  kafkaGroupIdOf,
} from './config/common.config';
import { trustedIssuersOf } from './config/identity-keys';
import { loadConfig } from './config/load-config';
import { SeenIdentities } from './http/seen-identities';
import { createServiceApp } from './bootstrap';
import { ConsumerSettings, databaseReadiness, Eventing } from './eventing';
import { DomainErrorMapper } from './http/problem.filter';
import { ReadinessCheck } from './observability/observability.controller';
import { JsonLogger } from './observability/json-logger';
import { RetentionSweeper } from './retention-sweeper';
import { ServiceKitModule } from './service-kit.module';

export interface ServiceConfig extends CommonServiceConfig {
  PORT: number;
}

export interface ServiceDeps<C extends ServiceConfig> {
  readonly config: C;
  readonly dataSource: DataSource;
}

type EntityClass = abstract new (...args: never[]) => unknown;

/** Everything that makes one service: its settings, schema, module and the events it consumes. */
export interface ServiceDefinition<C extends ServiceConfig> {
  readonly name: string;
  /** Its own PostgreSQL schema; the shared outbox, inbox and idempotency tables come first. */
  readonly schema: string;
  readonly configClass: new () => C;
  readonly entities: ReadonlyArray<EntityClass | EntitySchema>;
  readonly migrations: ReadonlyArray<new () => MigrationInterface>;
  readonly module: (deps: ServiceDeps<C>) => DynamicModule | Type<unknown>;
  /**
   * Its controllers' `@EventPattern` handlers consume Kafka (libs/kafka KafkaEventTransport): their
   * consumer group and its settings (default: the service's name, libs/kafka's settings).
   */
  readonly consumer?: (config: C) => ConsumerSettings;
  readonly mapDomainError?: DomainErrorMapper;
  readonly bodyLimit?: string;
  /** Tables the runtime database role may only SELECT and INSERT (libs/db service-roles.ts). */
  readonly appendOnlyTables?: readonly string[];
  /** The name identities must be addressed to (default `name`; tests rename the service). */
  readonly identityTarget?: string;
  /** The gateway's own public key: it is the issuer, so it has no public key setting. */
  readonly gatewayPublicKey?: (config: C) => KeyObject;
}

export interface RunningService<C extends ServiceConfig> {
  readonly app: INestApplication;
  readonly config: C;
  readonly dataSource: DataSource;
  readonly eventing: Eventing;
  readonly retention: RetentionSweeper;
  readonly url: string;
  stop(): Promise<void>;
}

/** Opens the schema (migrations), starts HTTP, then the outbox relay and consumers. */
export async function startService<C extends ServiceConfig>(
  definition: ServiceDefinition<C>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<RunningService<C>> {
  const config = loadConfig(definition.configClass, env);
  const logger = new JsonLogger(definition.name, config.LOG_LEVEL);
  const dataSource = await openServiceDataSource({
    url: config.DATABASE_URL,
    schema: definition.schema,
    entities: definition.entities,
    migrations: [
      serviceBaseMigration(definition.schema),
      ...definition.migrations,
      serviceRetentionMigration(definition.schema),
    ],
    poolSizeMax: config.DB_POOL_SIZE_MAX,
    preparedStatementsMax: config.DB_PREPARED_STATEMENTS_MAX,
    applicationName: definition.name,
    ...(config.DATABASE_MIGRATION_URL !== ''
      ? { migrationUrl: config.DATABASE_MIGRATION_URL }
      : {}),
    ...(definition.appendOnlyTables ? { appendOnlyTables: definition.appendOnlyTables } : {}),
  });
  const readinessChecks: ReadinessCheck[] = [databaseReadiness(dataSource)];

  @Module({
    imports: [
      ServiceKitModule.forRoot({
        dataSource,
        schema: definition.schema,
        identityTrust: {
          target: definition.identityTarget ?? definition.name,
          issuers: trustedIssuersOf(
            config as unknown as Record<string, unknown>,
            definition.gatewayPublicKey?.(config),
          ),
          seen: new SeenIdentities(),
        },
        readinessChecks,
      }),
      definition.module({ config, dataSource }),
    ],
  })
  class RootModule {}

  const app = await createServiceApp(RootModule, {
    serviceName: definition.name,
    logLevel: config.LOG_LEVEL,
    ...(definition.mapDomainError ? { mapDomainError: definition.mapDomainError } : {}),
    ...(definition.bodyLimit ? { bodyLimit: definition.bodyLimit } : {}),
  });
  await app.init();
  const consumer = definition.consumer?.(config) ?? {};
  const eventing = new Eventing({
    serviceName: definition.name,
    publish: config.OUTBOX_RELAY === 'enabled',
    brokers: brokersOf(config),
    credentials: kafkaCredentialsOf(config),
    databaseUrl: config.DATABASE_URL,
    dataSource,
    schema: definition.schema,
    consumer: {
      ...consumer,
      groupId: kafkaGroupIdOf(config, consumer.groupId ?? definition.name),
    },
    logger: {
      info: (message, fields) => logger.fields('info', message, fields),
      warn: (message, fields) => logger.fields('warn', message, fields),
      error: (message, fields) => logger.fields('error', message, fields),
    },
  });
  connectKafkaEventTransport(app, eventing.transport);
  readinessChecks.push(eventing.readiness());
  await app.listen(config.PORT, config.HOST);
  keepIdleConnectionsLongerThanTheGateway(app);
  await eventing.start();
  // The controllers' @EventPattern handlers start consuming (libs/kafka KafkaEventTransport).
  await app.startAllMicroservices();
  const retention = new RetentionSweeper({
    dataSource,
    schema: definition.schema,
    outboxHours: config.OUTBOX_RETENTION_HOURS,
    inboxHours: config.INBOX_RETENTION_HOURS,
    idempotencyHours: config.IDEMPOTENCY_RETENTION_HOURS,
    everyMs: config.RETENTION_SWEEP_MINUTES * 60_000,
    log: (message, fields) => logger.fields('info', message, fields),
  });
  retention.start();
  let stopped = false;
  return {
    app,
    config,
    dataSource,
    eventing,
    retention,
    url: `http://${config.HOST}:${config.PORT}`,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await retention.stop();
      await eventing.stop();
      await app.close();
      await dataSource.destroy();
    },
  };
}

/**
 * The gateway keeps its connections to a service alive and drops an idle one after
 * `UPSTREAM_IDLE_SOCKET_MS` (30 s). Node closes idle connections after 5 s by default, so the
 * gateway could send on a connection the service was closing (ECONNRESET, a 502 to the client):
 * the service waits longer than the gateway instead.
 */
export const SERVICE_KEEP_ALIVE_MS = 65_000;

function keepIdleConnectionsLongerThanTheGateway(app: INestApplication): void {
  const server = app.getHttpServer() as Server;
  server.keepAliveTimeout = SERVICE_KEEP_ALIVE_MS;
  // Must exceed keepAliveTimeout, or a slow client's next request is cut off first.
  server.headersTimeout = SERVICE_KEEP_ALIVE_MS + 1_000;
}

/** A service's main: start, and stop cleanly on SIGTERM or SIGINT. */
export function runServiceMain<C extends ServiceConfig>(definition: ServiceDefinition<C>): void {
  startService(definition).then(
    (service) => {
      process.stdout.write(
        `${JSON.stringify({ level: 'info', service: definition.name, message: `listening on ${service.url}` })}\n`,
      );
      const shutdown = (signal: string) => {
        process.stdout.write(
          `${JSON.stringify({ level: 'info', service: definition.name, message: `${signal}: stopping` })}\n`,
        );
        service.stop().then(
          () => process.exit(0),
          (error: unknown) => {
            process.stderr.write(`${String(error)}\n`);
            process.exit(1);
          },
        );
      };
      process.once('SIGTERM', () => shutdown('SIGTERM'));
      process.once('SIGINT', () => shutdown('SIGINT'));
    },
    (error: unknown) => {
      process.stderr.write(
        `${JSON.stringify({ level: 'error', service: definition.name, message: 'failed to start', error: String(error) })}\n`,
      );
      process.exit(1);
    },
  );
}
