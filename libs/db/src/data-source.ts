import { DataSource, EntitySchema, MigrationInterface } from 'typeorm';
import { Client } from 'pg';
import { assertSchemaName } from './schema-name';

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
    },
  });
}

/** Creates the schema if needed, connects and applies pending migrations. */
export async function openServiceDataSource(
  options: ServiceDataSourceOptions,
): Promise<DataSource> {
  await ensureSchema(options.url, options.schema);
  const dataSource = createServiceDataSource(options);
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return dataSource;
}

export async function ensureSchema(url: string, schema: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${assertSchemaName(schema)}"`);
  } finally {
    await client.end();
  }
}
