import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { CommonServiceConfig, ServiceConfig } from '@riskpool/service-kit';

/** ledger settings (environment variables), on top of the common ones. See README.md. */
export class LedgerConfig extends CommonServiceConfig implements ServiceConfig {
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 3005;

  /** Sign a checkpoint once this many entries follow the last one. */
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  LEDGER_CHECKPOINT_EVERY: number = 1000;

  /** ...or this many seconds after the last one, when entries follow it. */
  @IsInt()
  @Min(1)
  @Max(86_400)
  LEDGER_CHECKPOINT_SECONDS: number = 10;

  /**
   * Ed25519 private key, PKCS#8 PEM. Empty: the key stored in `ledger.signing_keys` is used, and
   * generated there on first start (development only; production must supply the key).
   */
  @IsOptional()
  @IsString()
  LEDGER_SIGNING_KEY_PEM: string = '';

  /**
   * A dedicated PostgreSQL role: the migration creates it with only INSERT and SELECT on the
   * journal tables, and every connection of the service runs `SET ROLE` to it. Empty: none.
   */
  @Matches(/^([a-z_][a-z0-9_]{0,62})?$/, {
    message: 'LEDGER_DB_APP_ROLE must be a lower-case SQL identifier',
  })
  LEDGER_DB_APP_ROLE: string = '';

  /** `batch`: one ledger.entry-posted.v1 per applied batch (its last entry); `entry`: one per entry. */
  @IsIn(['batch', 'entry'])
  LEDGER_ENTRY_EVENTS: 'batch' | 'entry' = 'batch';

  /** How long start-up waits for the single-writer advisory lock before it gives up. */
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  LEDGER_WRITER_LOCK_WAIT_MS: number = 30_000;

  /** Most messages one consumer fetch brings per partition (bytes). */
  @IsInt()
  @Min(65_536)
  @Max(64 * 1024 * 1024)
  LEDGER_FETCH_MAX_BYTES: number = 8 * 1024 * 1024;

  /** Most events one transaction applies; a larger Kafka batch is applied in slices of this size. */
  @IsInt()
  @Min(1)
  @Max(100_000)
  LEDGER_BATCH_MAX: number = 1000;

  /** pool-allocation's base URL (its `GET /funds`), for the reconciliation check. */
  @IsString()
  POOL_ALLOCATION_URL: string = 'http://127.0.0.1:3003';

  /** settlement's base URL (its `GET /totals`), for the reconciliation check. */
  @IsString()
  SETTLEMENT_URL: string = 'http://127.0.0.1:3004';

  /** Seconds between reconciliation checks; 0 = only on demand (`GET /ledger/reconciliation`). */
  @IsInt()
  @Min(0)
  @Max(86_400)
  LEDGER_RECONCILE_SECONDS: number = 300;

  /** A difference is looked at again after this long and alerted only if it is still there. */
  @IsInt()
  @Min(0)
  @Max(600_000)
  LEDGER_RECONCILE_CONFIRM_MS: number = 5000;

  /** Consumer group id (also the service's name in the outbox). */
  @IsString()
  LEDGER_CONSUMER_GROUP: string = 'ledger';

  override startProblems(): string[] {
    return [...super.startProblems(), ...ledgerProductionProblems(this)];
  }
}

/**
 * In production the checkpoint signing key comes from outside the database (a key the ledger
 * stored in its own table could be replaced by whoever can write that table).
 */
export function ledgerProductionProblems(config: LedgerConfig): string[] {
  if (config.RISKPOOL_MODE !== 'production') return [];
  const fromOutside = [config.LEDGER_SIGNING_KEY_PEM, signingKeyFileOf(config)].some(
    (value) => value !== undefined && value.trim() !== '',
  );
  return fromOutside
    ? []
    : [
        'LEDGER_SIGNING_KEY_PEM (or a PEM file path) is not set: production needs the ledger signing key from outside the database',
      ];
}

/** A PEM file path setting, where the config has one. */
function signingKeyFileOf(config: LedgerConfig): string | undefined {
  const value = (config as unknown as Record<string, unknown>)['LEDGER_SIGNING_KEY_FILE'];
  return typeof value === 'string' ? value : undefined;
}
