import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { KeyObject } from 'node:crypto';
import {
  CommonServiceConfigOn,
  IntSetting,
  LEDGER_IDENTITY_PRIVATE_KEY,
  PemSettings,
  privateKeyOf,
  requiredKeyProblems,
} from '@riskpool/service-kit';

/** ledger settings (environment variables), on top of the common ones. See README.md. */
export class LedgerConfig extends CommonServiceConfigOn(3005) {
  /** Sign a checkpoint once this many entries follow the last one. */
  @IntSetting(1, 10_000_000)
  LEDGER_CHECKPOINT_EVERY: number = 1000;

  /** ...or this many seconds after the last one, when entries follow it. */
  @IntSetting(1, 86_400)
  LEDGER_CHECKPOINT_SECONDS: number = 10;

  /**
   * Path of the checkpoint signing key (Ed25519, PKCS#8 PEM, mode 600). The key never enters the
   * database; the ledger refuses to start without it (or LEDGER_SIGNING_KEY_PEM).
   */
  @IsString()
  LEDGER_SIGNING_KEY_FILE: string = '';

  /** The same key as PEM text, from a secret store (`\n` escapes allowed); not with the file. */
  @IsOptional()
  @IsString()
  LEDGER_SIGNING_KEY_PEM: string = '';

  /**
   * Path of the key in force until now, given for one start to rotate: the ledger signs, with it,
   * a checkpoint and the announcement of the new key (README "Signing key").
   */
  @IsString()
  LEDGER_PREVIOUS_SIGNING_KEY_FILE: string = '';

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
  @IntSetting(0, 3_600_000)
  LEDGER_WRITER_LOCK_WAIT_MS: number = 30_000;

  /** Most messages one consumer fetch brings per partition (bytes). */
  @IntSetting(65_536, 64 * 1024 * 1024)
  LEDGER_FETCH_MAX_BYTES: number = 8 * 1024 * 1024;

  /** Most events one transaction applies; a larger Kafka batch is applied in slices of this size. */
  @IntSetting(1, 100_000)
  LEDGER_BATCH_MAX: number = 1000;

  /** pool-allocation's base URL (its `GET /reconciliation/funds`), for the reconciliation check. */
  @IsString()
  POOL_ALLOCATION_URL: string = 'http://127.0.0.1:3003';

  /** settlement's base URL (its `GET /totals`), for the reconciliation check. */
  @IsString()
  SETTLEMENT_URL: string = 'http://127.0.0.1:3004';

  /** The subsidy service's base URL (its `GET /reconciliation/funds`), for the reconciliation check. */
  @IsString()
  SUBSIDY_URL: string = 'http://127.0.0.1:3006';

  /** Seconds between reconciliation checks; 0 = only on demand (`GET /ledger/reconciliation`). */
  @IntSetting(0, 86_400)
  LEDGER_RECONCILE_SECONDS: number = 300;

  /** A difference is looked at again after this long and alerted only if it is still there. */
  @IntSetting(0, 600_000)
  LEDGER_RECONCILE_CONFIRM_MS: number = 5000;

  /**
   * The CJK font embedded in PDF statements: `file` or `file.ttc#PostScriptName`. Empty: Debian's
   * Noto Sans CJK (fonts-noto-cjk, installed by scripts/setup.sh).
   */
  @IsString()
  STATEMENT_FONT_FILE: string = '';

  /** Consumer group id (also the service's name in the outbox). */
  @IsString()
  LEDGER_CONSUMER_GROUP: string = 'ledger';

  /**
   * `disabled`: the writer starts but consumes nothing; a replay feeds it batches instead
   * (README "Replay": a fresh ledger rebuilt from the topics).
   */
  @IsIn(['enabled', 'disabled'])
  LEDGER_CONSUMER: 'enabled' | 'disabled' = 'enabled';

  /**
   * The ledger's own Ed25519 identity key (PKCS#8 PEM; or `..._FILE`): it signs the reconciliation's
   * `service:ledger` reads of pool-allocation and settlement, who hold its public half (ADR 0013).
   */
  @IsString()
  LEDGER_IDENTITY_PRIVATE_KEY_PEM: string = '';

  @IsString()
  LEDGER_IDENTITY_PRIVATE_KEY_FILE: string = '';

  override startProblems(): string[] {
    return [
      ...super.startProblems(),
      ...requiredKeyProblems(
        this as unknown as PemSettings,
        LEDGER_IDENTITY_PRIVATE_KEY,
        'private',
      ),
      ...ledgerKeyProblems(this),
    ];
  }
}

/** The key of the ledger's service identity (start-up checked it is there). */
export function ledgerIdentityKeyOf(config: LedgerConfig): KeyObject {
  return privateKeyOf(config as unknown as PemSettings, LEDGER_IDENTITY_PRIVATE_KEY);
}

/**
 * The checkpoint signing key comes from outside the database in every mode: the ledger has no
 * other source (a key stored in its own table could be replaced by whoever can write that table).
 * Whether the file or PEM is usable is checked when the key is loaded (keys/signing-key-source.ts).
 */
export function ledgerKeyProblems(config: LedgerConfig): string[] {
  const given = [config.LEDGER_SIGNING_KEY_PEM, config.LEDGER_SIGNING_KEY_FILE].filter(
    (value) => value.trim() !== '',
  );
  if (given.length === 2)
    return ['LEDGER_SIGNING_KEY_FILE and LEDGER_SIGNING_KEY_PEM are both set: give one'];
  return given.length === 1
    ? []
    : [
        'LEDGER_SIGNING_KEY_PEM (or LEDGER_SIGNING_KEY_FILE, a PEM file path) is not set: the ledger signing key comes from outside the database',
      ];
}
