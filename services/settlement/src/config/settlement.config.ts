import { IsIn, IsNumber, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { CommonServiceConfigOn, IntSetting } from '@riskpool/service-kit';

export type RailName = 'SIMULATED' | 'PAIN001_FILE';

/** settlement settings (environment variables), on top of the common ones. See README.md. */
export class SettlementConfig extends CommonServiceConfigOn(3004) {
  /** Which adapter of the payment port pays instructions. */
  @IsIn(['SIMULATED', 'PAIN001_FILE'])
  PAYMENT_RAIL: RailName = 'SIMULATED';

  /** `disabled` keeps the payment runner from starting (instructions wait as PENDING). */
  @IsIn(['enabled', 'disabled'])
  PAYMENT_RUNNER: 'enabled' | 'disabled' = 'enabled';

  /**
   * How often the runner looks for due instructions (and, for the file rail, status files). With
   * the simulated rail and LISTEN up, an idle runner looks no more often than this, when the next
   * retry or lease is due, and at least every 5 s (a new instruction wakes it at once).
   */
  @IntSetting(10, 600_000)
  PAYMENT_POLL_INTERVAL_MS: number = 1000;

  /** Most instructions one runner round claims and sends (one pain.001 file at most). */
  @IntSetting(1, 1000)
  PAYMENT_BATCH_MAX: number = 50;

  /** Attempts before an instruction is parked as FAILED. */
  @IntSetting(1, 100)
  PAYMENT_ATTEMPTS_MAX: number = 6;

  /** Backoff after failed attempt n: min(BASE × 2^(n-1), MAX). */
  @IntSetting(1)
  PAYMENT_BACKOFF_BASE_MS: number = 2000;

  @IntSetting(1)
  PAYMENT_BACKOFF_MAX_MS: number = 600_000;

  /** A rail call that has not answered by then counts as a failed attempt (retried, same key). */
  @IntSetting(1)
  PAYMENT_CALL_TIMEOUT_MS: number = 15_000;

  /**
   * How long a claimed (SENDING) instruction stays leased to the runner that claimed it. After a
   * crash the lease runs out and the instruction is sent again with the same idempotency key.
   * Must be longer than PAYMENT_CALL_TIMEOUT_MS.
   */
  @IntSetting(1)
  PAYMENT_LEASE_MS: number = 60_000;

  /** Simulated rail: answer latency after the payment is booked. */
  @IntSetting(0, 600_000)
  SIM_RAIL_DELAY_MS: number = 0;

  /** Simulated rail: share of calls refused (0..1), decided by a hash of seed, id and attempt. */
  @IsNumber()
  @Min(0)
  @Max(1)
  SIM_RAIL_FAILURE_RATE: number = 0;

  @IsString()
  @MinLength(1)
  SIM_RAIL_SEED: string = 'riskpool';

  /** Simulated rail: refuse the first N calls of every instruction (deterministic failures). */
  @IntSetting(0)
  SIM_RAIL_FAIL_FIRST_ATTEMPTS: number = 0;

  /** File rail: where pain.001 files are written for the custodian bank to pick up. */
  @IsString()
  @MinLength(1)
  PAIN001_OUTBOX_DIR: string = 'tmp/settlement/custodian/outbox';

  /** File rail: where the custodian drops status files (see README). */
  @IsString()
  @MinLength(1)
  PAIN001_INBOX_DIR: string = 'tmp/settlement/custodian/inbox';

  /** BIC of the funds' custodian bank (debtor agent). */
  @Matches(/^[A-Z0-9]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/)
  PAIN001_CUSTODIAN_BIC: string = 'CUSTCNBJXXX';

  @IsString()
  @MinLength(1)
  PAIN001_INITIATING_PARTY: string = 'Riskpool compensation programme';

  /** `FUND=account;FUND=account` — the funds' accounts at the custodian (default RP-<fund>). */
  @Matches(/^([^=;]+=[^=;]+(;[^=;]+=[^=;]+)*)?$/)
  PAIN001_FUND_ACCOUNTS: string = '';

  /** `BANK=account;BANK=account` — the partner banks' receiving accounts (default the bank id). */
  @Matches(/^([^=;]+=[^=;]+(;[^=;]+=[^=;]+)*)?$/)
  PAIN001_BANK_ACCOUNTS: string = '';

  /** How often owed recovery amounts are checked against the latest business date seen. */
  @IntSetting(100)
  OVERDUE_CHECK_INTERVAL_MS: number = 60_000;

  override startProblems(): string[] {
    return [...super.startProblems(), ...settlementProductionProblems(this)];
  }
}

/** The simulated rail pays nobody: in production settlement must use a real one. */
export function settlementProductionProblems(config: SettlementConfig): string[] {
  if (config.RISKPOOL_MODE !== 'production') return [];
  return config.PAYMENT_RAIL === 'SIMULATED'
    ? [
        'PAYMENT_RAIL is SIMULATED, the simulated payment rail (not allowed when RISKPOOL_MODE=production; use PAIN001_FILE)',
      ]
    : [];
}

export function parseAccountMap(text: string): ReadonlyMap<string, string> {
  const map = new Map<string, string>();
  for (const pair of text.split(';')) {
    if (pair.trim() === '') continue;
    const [key, value] = pair.split('=');
    if (key !== undefined && value !== undefined) map.set(key.trim(), value.trim());
  }
  return map;
}
