// A digest of every service's tables, read straight from PostgreSQL: per table its row count and
// a hash of its rows (order-independent), so "no state change" can be checked across a test.
import { createHash } from 'node:crypto';
import { Client } from 'pg';

/**
 * Tables and columns that change because a request or time passed, not because state changed.
 * Each entry says why; the spec prints what it leaves out.
 */
export const DIGEST_EXCLUSIONS: ReadonlyArray<{
  schema: string;
  table: string;
  columns?: readonly string[];
  why: string;
}> = [
  {
    schema: 'gateway',
    table: 'audit_log',
    why: 'the gateway audits every request, refused ones included (README: what every request goes through, step 7)',
  },
  {
    schema: 'gateway',
    table: 'api_keys',
    columns: ['last_used_at'],
    why: 'lastUsedAt is written at most once a minute per key that authenticates, whatever the request does',
  },
];

/** schema.table → "rows:hash". */
export type StateDigest = Record<string, string>;

const SYSTEM_SCHEMAS = ['pg_catalog', 'information_schema', 'public', 'pg_toast'];

export async function stateDigest(databaseUrl: string): Promise<StateDigest> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const tables = await client.query<{ schema: string; table: string }>(
      `SELECT table_schema AS schema, table_name AS table FROM information_schema.tables
       WHERE table_type = 'BASE TABLE' AND table_schema <> ALL($1::text[])
         AND table_schema NOT LIKE 'pg_%'
       ORDER BY 1, 2`,
      [SYSTEM_SCHEMAS],
    );
    const digest: StateDigest = {};
    for (const { schema, table } of tables.rows) {
      const exclusion = DIGEST_EXCLUSIONS.find((e) => e.schema === schema && e.table === table);
      if (exclusion !== undefined && exclusion.columns === undefined) continue;
      const dropped = exclusion?.columns ?? [];
      digest[`${schema}.${table}`] = await tableDigest(client, schema, table, dropped);
    }
    return digest;
  } finally {
    await client.end();
  }
}

/** "rows:hash" of one table's rows (order-independent), without the `dropped` columns. */
export async function tableDigest(
  client: Client,
  schema: string,
  table: string,
  dropped: readonly string[],
): Promise<string> {
  const quoted = `"${schema.replace(/"/g, '""')}"."${table.replace(/"/g, '""')}"`;
  const rows = await client.query<{ n: string; h: string | null }>(
    `SELECT count(*)::text AS n,
            md5(string_agg(r, E'\\n' ORDER BY r)) AS h
     FROM (SELECT (to_jsonb(t) - $1::text[])::text AS r FROM ${quoted} t) x`,
    [[...dropped]],
  );
  const row = rows.rows[0];
  return `${row?.n ?? '0'}:${row?.h ?? '-'}`;
}

/** The tables whose digest differs, with before → after. */
export function digestChanges(before: StateDigest, after: StateDigest): string[] {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return names
    .filter((name) => before[name] !== after[name])
    .map((name) => `${name}: ${before[name] ?? '(absent)'} → ${after[name] ?? '(absent)'}`);
}

export function digestHash(digest: StateDigest): string {
  return createHash('sha256')
    .update(JSON.stringify(Object.entries(digest).sort()))
    .digest('hex');
}
