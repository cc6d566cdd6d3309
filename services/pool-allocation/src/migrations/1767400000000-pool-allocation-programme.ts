import { sqlMigration } from '@riskpool/db';

/**
 * docs/domain.md §8: a loan's lender kind and co-sharers (both from loan-registered), and the
 * accrued interest and costs a claim's basis started from (zero under PRINCIPAL_ONLY).
 */
export const PoolAllocationProgramme1767400000000 = sqlMigration(
  'PoolAllocationProgramme1767400000000',
  (t) => ({
    up: [
      `ALTER TABLE ${t('loans')}
         ADD COLUMN institution_kind text NOT NULL DEFAULT 'BANK',
         ADD COLUMN co_sharers jsonb NOT NULL DEFAULT '[]'::jsonb`,
      `ALTER TABLE ${t('claims')}
         ADD COLUMN accrued_interest_fen bigint NOT NULL DEFAULT 0 CHECK (accrued_interest_fen >= 0),
         ADD COLUMN costs_fen bigint NOT NULL DEFAULT 0 CHECK (costs_fen >= 0)`,
    ],
    down: [
      `ALTER TABLE ${t('claims')} DROP COLUMN accrued_interest_fen, DROP COLUMN costs_fen`,
      `ALTER TABLE ${t('loans')} DROP COLUMN institution_kind, DROP COLUMN co_sharers`,
    ],
  }),
);
