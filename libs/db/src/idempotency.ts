import { EntityManager } from 'typeorm';
import { qualified } from './schema-name';

export type IdempotencyClaim =
  | { readonly kind: 'new' }
  | { readonly kind: 'replay'; readonly status: number; readonly body: unknown }
  | { readonly kind: 'conflict' };

/**
 * Claims an idempotency key inside the request's transaction. A concurrent request with the same
 * key waits on the row until the first commits, then replays its answer; a different body under
 * the same key is a conflict.
 */
export async function claimIdempotencyKey(
  manager: EntityManager,
  schema: string,
  principal: string,
  key: string,
  requestHash: string,
): Promise<IdempotencyClaim> {
  const table = qualified(schema, 'idempotency_keys');
  const inserted = (await manager.query(
    `INSERT INTO ${table} (principal, idempotency_key, request_hash) VALUES ($1, $2, $3)
     ON CONFLICT (principal, idempotency_key) DO NOTHING RETURNING principal`,
    [principal, key, requestHash],
  )) as unknown[];
  if (inserted.length === 1) return { kind: 'new' };
  const rows = (await manager.query(
    `SELECT request_hash, response_status, response_body FROM ${table} WHERE principal = $1 AND idempotency_key = $2`,
    [principal, key],
  )) as Array<{ request_hash: string; response_status: number | null; response_body: unknown }>;
  const row = rows[0];
  if (row === undefined || row.request_hash !== requestHash || row.response_status === null)
    return { kind: 'conflict' };
  return { kind: 'replay', status: row.response_status, body: row.response_body };
}

export async function recordIdempotentResponse(
  manager: EntityManager,
  schema: string,
  principal: string,
  key: string,
  status: number,
  body: unknown,
): Promise<void> {
  await manager.query(
    `UPDATE ${qualified(schema, 'idempotency_keys')} SET response_status = $3, response_body = $4::jsonb
     WHERE principal = $1 AND idempotency_key = $2`,
    [principal, key, status, storableJson(body ?? null)],
  );
}

// A NUL or a lone UTF-16 surrogate (both can be echoed from a refused input in an error message)
// is valid in a JavaScript string but refused by PostgreSQL's jsonb; both become U+FFFD.
// eslint-disable-next-line no-control-regex -- NUL is exactly what must be found
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** JSON text PostgreSQL's jsonb accepts for any answer body. */
export function storableJson(body: unknown): string {
  return JSON.stringify(body, (_key, value: unknown) =>
    typeof value === 'string' ? value.replace(UNSTORABLE, '\ufffd') : value,
  );
}
