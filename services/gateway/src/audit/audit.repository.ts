import { EntityManager } from 'typeorm';
import { SqlFilter } from '@riskpool/db';
import { AuditView } from './audit.view';

export interface AuditRecord {
  readonly at: Date;
  readonly keyId: string | null;
  readonly role: string | null;
  readonly scope: string | null;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly requestId: string;
  readonly idempotencyKey: string | null;
  readonly durationMs: number;
  /** The client's address (behind TRUSTED_PROXY_HOPS proxies, from X-Forwarded-For). */
  readonly clientAddress: string | null;
}

export { AuditView };

interface RawAudit {
  id: string;
  at: Date;
  key_id: string | null;
  role: string | null;
  scope: string | null;
  method: string;
  path: string;
  status: number;
  request_id: string;
  idempotency_key: string | null;
  duration_ms: number;
  client_address: string | null;
}

const T = '"gateway"."audit_log"';
const COLUMNS = 11;

export class AuditRepository {
  async insertMany(manager: EntityManager, records: readonly AuditRecord[]): Promise<void> {
    if (records.length === 0) return;
    const values: unknown[] = [];
    const tuples = records.map((r, i) => {
      values.push(
        r.at,
        r.keyId,
        r.role,
        r.scope,
        r.method,
        r.path,
        r.status,
        r.requestId,
        r.idempotencyKey,
        r.durationMs,
        r.clientAddress,
      );
      const base = i * COLUMNS;
      return `(${Array.from({ length: COLUMNS }, (_v, j) => `$${base + j + 1}`).join(', ')})`;
    });
    await manager.query(
      `INSERT INTO ${T} (at, key_id, role, scope, method, path, status, request_id, idempotency_key, duration_ms, client_address)
       VALUES ${tuples.join(', ')}`,
      values,
    );
  }

  /** Newest first. */
  async list(
    manager: EntityManager,
    options: { limit: number; beforeId?: string; keyId?: string },
  ): Promise<AuditView[]> {
    const where = new SqlFilter([options.limit])
      .add('id < ?', options.beforeId)
      .add('key_id = ?', options.keyId);
    const rows = (await manager.query(
      `SELECT * FROM ${T} ${where.sql} ORDER BY id DESC LIMIT $1`,
      where.params,
    )) as RawAudit[];
    return rows.map((r) => ({
      id: String(r.id),
      at: new Date(r.at).toISOString(),
      keyId: r.key_id,
      role: r.role,
      scope: r.scope,
      method: r.method,
      path: r.path,
      status: r.status,
      requestId: r.request_id,
      idempotencyKey: r.idempotency_key,
      durationMs: r.duration_ms,
      clientAddress: r.client_address,
    }));
  }
}
