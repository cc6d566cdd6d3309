import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ApiKeyRepository, ApiKeyRow } from '../api-keys/persistence/api-key.repository';
import { parseApiKey, secretMatches } from '../api-keys/domain/api-key';
import { GATEWAY_CONFIG, GatewaySettings } from '../gateway.tokens';
import { KeyCache } from './key-cache';

export type Authentication =
  | { readonly ok: true; readonly key: ApiKeyRow }
  | { readonly ok: false; readonly reason: string; readonly keyId?: string };

const LAST_USED_EVERY_MS = 60_000;

/**
 * Checks `rpk_<id>_<secret>` against the stored HMAC. Rows are read from memory for
 * KEY_CACHE_TTL_MS (a revocation made through this instance applies at once, one made through
 * another within that time), at most KEY_CACHE_MAX_ENTRIES of them, least recently used first
 * out; `last_used_at` is written at most once a minute per key.
 */
@Injectable()
export class ApiKeyAuthenticator {
  private readonly logger = new Logger('api-keys');
  private readonly cache: KeyCache<ApiKeyRow | undefined>;
  /** When each key's last use was last written (bounded like the rows). */
  private readonly touched: KeyCache<number>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly keys: ApiKeyRepository,
    @Inject(GATEWAY_CONFIG) private readonly settings: GatewaySettings,
  ) {
    const { KEY_CACHE_TTL_MS, KEY_CACHE_MAX_ENTRIES } = settings.config;
    this.cache = new KeyCache(KEY_CACHE_TTL_MS, KEY_CACHE_MAX_ENTRIES);
    this.touched = new KeyCache(LAST_USED_EVERY_MS, KEY_CACHE_MAX_ENTRIES);
  }

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
    const hit = this.cache.get(keyId);
    if (hit.hit) return hit.value;
    const row = await this.keys.find(this.dataSource.manager, keyId);
    this.cache.set(keyId, row);
    return row;
  }

  private touch(keyId: string): void {
    if (this.touched.get(keyId).hit) return;
    const now = Date.now();
    this.touched.set(keyId, now, now);
    this.keys.touch(this.dataSource.manager, keyId, new Date(now)).catch((error: unknown) => {
      this.touched.delete(keyId);
      this.logger.warn(`could not record last use of key ${keyId}: ${String(error)}`);
    });
  }
}
