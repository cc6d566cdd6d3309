import { sqlMigration } from '@riskpool/db';

/**
 * docs/domain.md §8.3: a loan's annual rate (the interest limit needs it) and the accrued interest
 * and costs of a default report (zero under PRINCIPAL_ONLY, and on every earlier report).
 */
export const DefaultEventsNetLoss1767400000000 = sqlMigration('DefaultEventsNetLoss1767400000000', {
  up: [
    `ALTER TABLE "default_events"."loans"
         ADD COLUMN annual_rate_bp integer NOT NULL DEFAULT 0 CHECK (annual_rate_bp >= 0)`,
    `ALTER TABLE "default_events"."episodes"
         ADD COLUMN accrued_interest_fen bigint NOT NULL DEFAULT 0 CHECK (accrued_interest_fen >= 0),
         ADD COLUMN costs_fen bigint NOT NULL DEFAULT 0 CHECK (costs_fen >= 0)`,
  ],
  down: [
    `ALTER TABLE "default_events"."episodes" DROP COLUMN accrued_interest_fen, DROP COLUMN costs_fen`,
    `ALTER TABLE "default_events"."loans" DROP COLUMN annual_rate_bp`,
  ],
});
