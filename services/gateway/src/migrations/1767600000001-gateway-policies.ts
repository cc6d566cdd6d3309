import { sqlMigration } from '@riskpool/db';

/**
 * Projection of pool.policy-published.v1: the institution kinds the policy in force admits
 * (docs/domain.md §8.1) are checked when a partner is admitted.
 */
export const GatewayPolicies1767600000001 = sqlMigration('GatewayPolicies1767600000001', {
  up: [
    `CREATE TABLE "gateway"."policies" (
        version_id text PRIMARY KEY,
        effective_from date NOT NULL,
        document jsonb NOT NULL
      )`,
  ],
  down: [`DROP TABLE "gateway"."policies"`],
});
