import { EntityManager } from 'typeorm';
import { Role } from '@riskpool/contracts';
import { ApiKeyView } from '../api-key.view';

export { ApiKeyView };

export interface ApiKeyRow {
  readonly keyId: string;
  readonly role: Role;
  readonly scope: string | null;
  readonly label: string;
  readonly secretHash: string;
  readonly bootstrap: boolean;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly createRequestHash: string | null;
  readonly revokedAt: string | null;
  readonly lastUsedAt: string | null;
}

interface RawKey {
  key_id: string;
  role: Role;
  scope: string | null;
  label: string;
  secret_hash: string;
  bootstrap: boolean;
  created_at: Date;
  created_by: string;
  create_request_hash: string | null;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

const iso = (d: Date | null): string | null => (d === null ? null : new Date(d).toISOString());

const toRow = (r: RawKey): ApiKeyRow => ({
  keyId: r.key_id,
  role: r.role,
  scope: r.scope,
  label: r.label,
  secretHash: r.secret_hash,
  bootstrap: r.bootstrap,
  createdAt: new Date(r.created_at).toISOString(),
  createdBy: r.created_by,
  createRequestHash: r.create_request_hash,
  revokedAt: iso(r.revoked_at),
  lastUsedAt: iso(r.last_used_at),
});

/** What may be shown of a key: everything but its hash. */
export const apiKeyView = (row: ApiKeyRow): ApiKeyView => ({
  keyId: row.keyId,
  role: row.role,
  scope: row.scope,
  label: row.label,
  createdAt: row.createdAt,
  createdBy: row.createdBy,
  revokedAt: row.revokedAt,
  lastUsedAt: row.lastUsedAt,
});

const T = '"gateway"."api_keys"';

export class ApiKeyRepository {
  async find(manager: EntityManager, keyId: string): Promise<ApiKeyRow | undefined> {
    const rows = (await manager.query(`SELECT * FROM ${T} WHERE key_id = $1`, [keyId])) as RawKey[];
    return rows[0] === undefined ? undefined : toRow(rows[0]);
  }

  /** Inserts a new key; false when this creator already used this Idempotency-Key. */
  async insert(
    manager: EntityManager,
    key: {
      keyId: string;
      role: Role;
      scope: string | null;
      label: string;
      secretHash: string;
      createdBy: string;
      idempotencyKey: string;
      requestHash: string;
    },
  ): Promise<ApiKeyRow | undefined> {
    const rows = (await manager.query(
      `INSERT INTO ${T} (key_id, role, scope, label, secret_hash, created_by, create_idempotency_key, create_request_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (created_by, create_idempotency_key) DO NOTHING RETURNING *`,
      [
        key.keyId,
        key.role,
        key.scope,
        key.label,
        key.secretHash,
        key.createdBy,
        key.idempotencyKey,
        key.requestHash,
      ],
    )) as RawKey[];
    return rows[0] === undefined ? undefined : toRow(rows[0]);
  }

  async findByCreation(
    manager: EntityManager,
    createdBy: string,
    idempotencyKey: string,
  ): Promise<ApiKeyRow | undefined> {
    const rows = (await manager.query(
      `SELECT * FROM ${T} WHERE created_by = $1 AND create_idempotency_key = $2`,
      [createdBy, idempotencyKey],
    )) as RawKey[];
    return rows[0] === undefined ? undefined : toRow(rows[0]);
  }

  /** Newest first. */
  async list(manager: EntityManager, limit: number, before?: string): Promise<ApiKeyRow[]> {
    const rows = (await manager.query(
      before === undefined
        ? `SELECT * FROM ${T} ORDER BY created_at DESC, key_id DESC LIMIT $1`
        : `SELECT * FROM ${T} WHERE (created_at, key_id) < (SELECT created_at, key_id FROM ${T} WHERE key_id = $2)
           ORDER BY created_at DESC, key_id DESC LIMIT $1`,
      before === undefined ? [limit] : [limit, before],
    )) as RawKey[];
    return rows.map(toRow);
  }

  async revoke(manager: EntityManager, keyId: string, by: string): Promise<ApiKeyRow | undefined> {
    const rows = (await manager.query(
      `UPDATE ${T} SET revoked_at = COALESCE(revoked_at, now()), revoked_by = COALESCE(revoked_by, $2)
       WHERE key_id = $1 RETURNING *`,
      [keyId, by],
    )) as [RawKey[], number];
    const updated = rows[0][0];
    return updated === undefined ? undefined : toRow(updated);
  }

  async touch(manager: EntityManager, keyId: string, at: Date): Promise<void> {
    await manager.query(`UPDATE ${T} SET last_used_at = $2 WHERE key_id = $1`, [keyId, at]);
  }

  /**
   * Registers the environment's admin key: the row is created or its hash refreshed (a revoked
   * one stays revoked), and any earlier environment key with another id is revoked.
   */
  async upsertBootstrap(
    manager: EntityManager,
    keyId: string,
    secretHash: string,
  ): Promise<ApiKeyRow> {
    const existing = await this.find(manager, keyId);
    if (existing !== undefined && !existing.bootstrap)
      throw new Error(`ADMIN_API_KEY id ${keyId} is already used by a key created through the API`);
    await manager.query(
      `INSERT INTO ${T} (key_id, role, scope, label, secret_hash, bootstrap, created_by)
       VALUES ($1, 'admin', NULL, 'ADMIN_API_KEY (environment)', $2, true, 'environment')
       ON CONFLICT (key_id) DO UPDATE SET secret_hash = EXCLUDED.secret_hash`,
      [keyId, secretHash],
    );
    await manager.query(
      `UPDATE ${T} SET revoked_at = now(), revoked_by = 'environment: ADMIN_API_KEY replaced'
       WHERE bootstrap AND key_id <> $1 AND revoked_at IS NULL`,
      [keyId],
    );
    return (await this.find(manager, keyId)) as ApiKeyRow;
  }
}
