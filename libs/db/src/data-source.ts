import { DataSource, EntitySchema, MigrationInterface } from 'typeorm';
import { Client } from 'pg';
import { isDatabaseStartingError } from './database-unavailable';
import { preparingClient } from './prepared-statements';
import { assertSchemaName } from './schema-name';
import { runtimeGrantStatements, userOfUrl } from './service-roles';

type EntityClass = abstract new (...args: never[]) => unknown;
type MigrationClass = new () => MigrationInterface;

export interface ServiceDataSourceOptions {
  readonly url: string;
  /** The service's own schema: it never reads or writes another's. */
  readonly schema: string;
  readonly entities: ReadonlyArray<EntityClass | EntitySchema>;
  readonly migrations: ReadonlyArray<MigrationClass>;
  readonly poolSizeMax?: number;
  readonly applicationName?: string;
  /**
   * The schema owner's URL (service-roles.ts): when set, the migrations run with it, the owner
   * grants the runtime role (the user of `url`) what it needs, and the service runs as that role.
   */
  readonly migrationUrl?: string;
  /** Tables the runtime role may only SELECT and INSERT (with `migrationUrl`). */
  readonly appendOnlyTables?: readonly string[];
  /** Distinct statement texts run as prepared statements (prepared-statements.ts); 0: none. */
  readonly preparedStatementsMax?: number;
}

export function createServiceDataSource(options: ServiceDataSourceOptions): DataSource {
  const schema = assertSchemaName(options.schema);
  return new DataSource({
    type: 'postgres',
    url: options.url,
    schema,
    entities: [...options.entities] as never,
    migrations: [...options.migrations],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    logging: ['error'],
    extra: {
      max: options.poolSizeMax ?? 10,
      application_name: options.applicationName ?? schema,
      connectionTimeoutMillis: 10_000,
      ...((options.preparedStatementsMax ?? 0) > 0
        ? { Client: preparingClient(options.preparedStatementsMax ?? 0) }
        : {}),
    },
  });
}

/**
 * Creates the schema if needed, connects and applies pending migrations. Instances of a service
 * that start together (two replicas, a rolling update) take turns: the schema and the migrations
 * run under a session advisory lock per schema, so the second finds them done instead of racing
 * the first into "already exists".
 */
export async function openServiceDataSource(
  options: ServiceDataSourceOptions,
): Promise<DataSource> {
  const migrationUrl = options.migrationUrl ?? '';
  if (migrationUrl !== '' && migrationUrl !== options.url) {
    await withMigrationLock(migrationUrl, options.schema, () =>
      migrateAsOwner({ ...options, migrationUrl }),
    );
    const runtime = createServiceDataSource({ ...options, migrations: [] });
    await runtime.initialize();
    return runtime;
  }
  return withMigrationLock(options.url, options.schema, async () => {
    await ensureSchema(options.url, options.schema);
    const dataSource = createServiceDataSource(options);
    await dataSource.initialize();
    try {
      await dataSource.runMigrations({ transaction: 'each' });
    } catch (error) {
      await dataSource.destroy().catch(() => undefined);
      throw error;
    }
    return dataSource;
  });
}

/** Runs `work` holding `pg_advisory_lock` for the schema's migrations on a connection of its own. */
export async function withMigrationLock<T>(
  url: string,
  schema: string,
  work: () => Promise<T>,
): Promise<T> {
  const client = await connectWhenStarted(url);
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [
      `riskpool.migrations.${assertSchemaName(schema)}`,
    ]);
    return await work();
  } finally {
    // Ending the session releases the lock.
    await client.end().catch(() => undefined);
  }
}

/** How long a service starting while its database restarts waits for it (then fails). */
const DATABASE_START_WAIT_MS = 60_000;

/**
 * The first connection of a starting service. A server that answers it is still starting (a
 * restart, a fail-over) is asked again, up to DATABASE_START_WAIT_MS; any other error fails at once.
 */
async function connectWhenStarted(url: string, waitMs = DATABASE_START_WAIT_MS): Promise<Client> {
  const deadline = Date.now() + waitMs;
  for (let delayMs = 200; ; delayMs = Math.min(delayMs * 2, 2_000)) {
    const client = new Client({ connectionString: url });
    client.on('error', () => undefined);
    try {
      await client.connect();
      return client;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (!isDatabaseStartingError(error) || Date.now() + delayMs > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}

/** Migrations as the schema's owner, then the runtime role's grants; the owner disconnects. */
async function migrateAsOwner(
  options: ServiceDataSourceOptions & { migrationUrl: string },
): Promise<void> {
  await ensureSchema(options.migrationUrl, options.schema);
  const owner = createServiceDataSource({
    ...options,
    url: options.migrationUrl,
    poolSizeMax: 1,
    applicationName: `${options.applicationName ?? options.schema}-migrations`,
  });
  await owner.initialize();
  try {
    await owner.runMigrations({ transaction: 'each' });
    for (const sql of runtimeGrantStatements(
      options.schema,
      userOfUrl(options.url),
      options.appendOnlyTables,
    ))
      await owner.query(sql);
  } finally {
    await owner.destroy();
  }
}

export async function ensureSchema(url: string, schema: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    // An owner without CREATE on the database may not even try CREATE SCHEMA IF NOT EXISTS.
    const exists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
    if (exists.rowCount !== 0) return;
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${assertSchemaName(schema)}"`);
  } finally {
    await client.end();
  }
}
