import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ApiKeyRepository, ApiKeyRow } from '../api-keys/persistence/api-key.repository';
import { parseApiKey, secretMatches } from '../api-keys/domain/api-key';
import { GATEWAY_CONFIG, GatewaySettings } from '../gateway.tokens';

export type Authentication =
  | { readonly ok: true; readonly key: ApiKeyRow }
  | { readonly ok: false; readonly reason: string; readonly keyId?: string };

const LAST_USED_EVERY_MS = 60_000;

/**
 * Checks `rpk_<id>_<secret>` against the stored HMAC. Rows are read from memory for
 * KEY_CACHE_TTL_MS (a revocation made through this instance applies at once, one made through
 * another within that time); `last_used_at` is written at most once a minute per key.
 */
@Injectable()
export class ApiKeyAuthenticator {
  private readonly logger = new Logger('api-keys');
  private readonly cache = new Map<string, { row: ApiKeyRow | undefined; untilMs: number }>();
  private readonly touched = new Map<string, number>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly keys: ApiKeyRepository,
    @Inject(GATEWAY_CONFIG) private readonly settings: GatewaySettings,
  ) {}

  async authenticate(presented: string): Promise<Authentication> {
    const parsed = parseApiKey(presented);
    if (parsed === undefined) return { ok: false, reason: 'not an API key (rpk_<id>_<secret>)' };
    const row = await this.row(parsed.keyId);
    if (row === undefined || !secretMatches(this.settings.pepper, parsed, row.secretHash))
      return { ok: false, reason: 'unknown API key', keyId: parsed.keyId };
    if (row.revokedAt !== null)
      return { ok: false, reason: 'API key revoked', keyId: parsed.keyId };
    this.touch(row.keyId);
    return { ok: true, key: row };
  }

  forget(keyId: string): void {
    this.cache.delete(keyId);
  }

  private async row(keyId: string): Promise<ApiKeyRow | undefined> {
    const now = Date.now();
    const hit = this.cache.get(keyId);
    if (hit !== undefined && hit.untilMs > now) return hit.row;
    const row = await this.keys.find(this.dataSource.manager, keyId);
    if (this.cache.size > 50_000) this.cache.clear();
    this.cache.set(keyId, { row, untilMs: now + this.settings.config.KEY_CACHE_TTL_MS });
    return row;
  }

  private touch(keyId: string): void {
    const now = Date.now();
    const last = this.touched.get(keyId);
    if (last !== undefined && now - last < LAST_USED_EVERY_MS) return;
    this.touched.set(keyId, now);
    this.keys.touch(this.dataSource.manager, keyId, new Date(now)).catch((error: unknown) => {
      this.touched.delete(keyId);
      this.logger.warn(`could not record last use of key ${keyId}: ${String(error)}`);
    });
  }
}
