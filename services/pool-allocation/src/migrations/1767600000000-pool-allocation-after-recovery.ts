import { sqlMigration } from '@riskpool/db';

/**
 * docs/domain.md §8.5: a default under AFTER_RECOVERY opens no claim; it waits here (with the claim
 * id it will open with, and the NPL breaker's verdict at the report) until the bank declares
 * recovery finished, or until a cure.
 */
export const PoolAllocationAfterRecovery1767600000000 = sqlMigration(
  'PoolAllocationAfterRecovery1767600000000',
  (t) => ({
    up: [
      `CREATE TABLE ${t('awaiting_claims')} (
        default_id text PRIMARY KEY,
        claim_id text NOT NULL UNIQUE,
        loan_id text NOT NULL,
        bank_id text NOT NULL,
        reported_on date NOT NULL,
        outstanding_at_default_fen bigint NOT NULL CHECK (outstanding_at_default_fen > 0),
        accrued_interest_fen bigint NOT NULL DEFAULT 0,
        costs_fen bigint NOT NULL DEFAULT 0,
        breaker_tripped boolean NOT NULL,
        status text NOT NULL CHECK (status IN ('WAITING', 'OPENED', 'CURED')),
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
    ],
    down: [`DROP TABLE ${t('awaiting_claims')}`],
  }),
);
