import { sqlMigration } from '@riskpool/db';

/**
 * The funds of each episode's claim (from `pool.claim-opened.v1`): a fund manager may read the
 * default history of a loan whose claim has a share of their fund.
 */
export const EpisodeClaimFunds1767500000001 = sqlMigration('EpisodeClaimFunds1767500000001', {
  up: [
    `ALTER TABLE "default_events"."episodes" ADD COLUMN claim_fund_ids text[] NOT NULL DEFAULT '{}'`,
  ],
  down: [`ALTER TABLE "default_events"."episodes" DROP COLUMN claim_fund_ids`],
});
