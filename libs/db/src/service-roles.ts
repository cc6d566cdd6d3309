// Least privilege in PostgreSQL: every service has two login roles of its own, derived from its
// schema. The owner owns the schema and runs the migrations (DDL); the runtime role the service
// runs as may use its schema's tables and nothing else: no DDL, no other schema, and on
// append-only tables (the ledger's journal) only SELECT and INSERT.
import { Client } from 'pg';
import { assertSchemaName, qualified } from './schema-name';

export interface ServiceRoleNames {
  /** Owns the schema and its tables; migrations run as it. */
  readonly owner: string;
  /** What the service runs as. */
  readonly runtime: string;
}

/** `riskpool_<schema>_owner` and `riskpool_<schema>_app`. */
export function serviceRoleNames(schema: string): ServiceRoleNames {
  const s = assertSchemaName(schema);
  if (s.length > 48) throw new Error(`schema name too long for role names: ${s}`);
  return { owner: `riskpool_${s}_owner`, runtime: `riskpool_${s}_app` };
}

export interface ServiceRolesSetup {
  readonly schema: string;
  readonly ownerPassword: string;
  readonly runtimePassword: string;
}

function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

function ident(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`bad identifier ${name}`);
  return `"${name}"`;
}

/**
 * The statements a superuser (or a CREATEROLE admin) runs once per database to set a service up:
 * both roles (LOGIN, no other attribute; the password set each time, so it follows the
 * configuration), the schema owned by the owner, and CONNECT on the database. Idempotent.
 */
export function provisionStatements(database: string, setup: ServiceRolesSetup): string[] {
  const { owner, runtime } = serviceRoleNames(setup.schema);
  const schema = assertSchemaName(setup.schema);
  const role = (name: string, password: string) => [
    `DO $$ BEGIN
       IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${literal(name)}) THEN
         CREATE ROLE ${ident(name)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
       END IF;
     END $$`,
    `ALTER ROLE ${ident(name)} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${literal(password)}`,
    `GRANT CONNECT ON DATABASE "${database.replace(/"/g, '""')}" TO ${ident(name)}`,
  ];
  return [
    ...role(owner, setup.ownerPassword),
    ...role(runtime, setup.runtimePassword),
    // Nobody but the roles given it may connect, and nobody may create schemas.
    `REVOKE CONNECT, CREATE ON DATABASE "${database.replace(/"/g, '""')}" FROM PUBLIC`,
    `REVOKE CREATE ON SCHEMA public FROM PUBLIC`,
    `CREATE SCHEMA IF NOT EXISTS "${schema}" AUTHORIZATION ${ident(owner)}`,
    `ALTER SCHEMA "${schema}" OWNER TO ${ident(owner)}`,
    `REVOKE ALL ON SCHEMA "${schema}" FROM PUBLIC`,
  ];
}

/** Runs {@link provisionStatements} with an admin connection to the service's database. */
export async function provisionServiceRoles(
  adminUrl: string,
  setups: readonly ServiceRolesSetup[],
): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const database = (await client.query<{ db: string }>('SELECT current_database() AS db')).rows[0]
      ?.db as string;
    // Roles are cluster-wide: two set-ups at once may race to create one.
    await client.query('SELECT pg_advisory_lock(hashtext($1))', ['riskpool.service-roles']);
    try {
      for (const setup of setups)
        for (const sql of provisionStatements(database, setup)) await client.query(sql);
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', ['riskpool.service-roles']);
    }
  } finally {
    await client.end();
  }
}

/**
 * What the owner grants its runtime role after the migrations (idempotent): the schema's use,
 * SELECT/INSERT/UPDATE/DELETE on its tables and its sequences' use, except UPDATE and DELETE on
 * `appendOnlyTables`. TRUNCATE, REFERENCES, TRIGGER and DDL are never granted: only the owner may
 * alter a table or disable its triggers.
 */
export function runtimeGrantStatements(
  schema: string,
  runtimeRole: string,
  appendOnlyTables: readonly string[] = [],
): string[] {
  const s = assertSchemaName(schema);
  const role = ident(runtimeRole);
  const appendOnly = appendOnlyTables.map((table) => qualified(s, table)).join(', ');
  return [
    `GRANT USAGE ON SCHEMA "${s}" TO ${role}`,
    `REVOKE ALL ON ALL TABLES IN SCHEMA "${s}" FROM ${role}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "${s}" TO ${role}`,
    `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA "${s}" TO ${role}`,
    ...(appendOnly === '' ? [] : [`REVOKE UPDATE, DELETE ON ${appendOnly} FROM ${role}`]),
  ];
}

/** The user name of a postgres:// URL (the role a connection runs as). */
export function userOfUrl(url: string): string {
  const user = decodeURIComponent(new URL(url).username);
  if (user === '') throw new Error('the database URL names no user');
  return user;
}

/** The URL with another user and password (same host, port, database and parameters). */
export function urlAsRole(url: string, user: string, password: string): string {
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(user);
  parsed.password = encodeURIComponent(password);
  return parsed.toString();
}
