import { Pool, PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { qualified } from '@riskpool/db';
import { APPEND_ONLY_TABLES } from './append-only-tables';

/**
 * The dedicated role (LEDGER_DB_APP_ROLE): created if missing, SELECT and INSERT only on the
 * append-only tables (UPDATE, DELETE and TRUNCATE revoked), full use of the read models and of the
 * outbox, inbox and idempotency tables. Idempotent; run by the connecting (owner) user at start.
 */
export function appRoleStatements(schema: string, role: string): string[] {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(role)) throw new Error(`bad role name ${role}`);
  const journal = APPEND_ONLY_TABLES.map((table) => qualified(schema, table)).join(', ');
  return [
    `DO $$ BEGIN
       IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${role}') THEN
         CREATE ROLE "${role}" NOLOGIN;
       END IF;
     END $$`,
    `GRANT "${role}" TO CURRENT_USER`,
    `GRANT USAGE ON SCHEMA "${schema}" TO "${role}"`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "${schema}" TO "${role}"`,
    `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA "${schema}" TO "${role}"`,
    `REVOKE UPDATE, DELETE, TRUNCATE ON ${journal} FROM "${role}"`,
    `GRANT SELECT, INSERT ON ${journal} TO "${role}"`,
  ];
}

/** Grants (idempotent), then every pooled connection, present and future, runs SET ROLE. */
export async function useAppRole(dataSource: DataSource, schema: string, role: string) {
  for (const sql of appRoleStatements(schema, role)) await dataSource.query(sql);
  const pool = (dataSource.driver as unknown as { master: Pool }).master;
  const setRole = `SET ROLE "${role}"`;
  pool.on('connect', (client: PoolClient) => {
    client.query(setRole).catch(() => undefined);
  });
  const idle = Math.max(pool.totalCount, 1);
  const clients = await Promise.all(Array.from({ length: idle }, () => pool.connect()));
  try {
    for (const client of clients) await client.query(setRole);
  } finally {
    for (const client of clients) client.release();
  }
}
