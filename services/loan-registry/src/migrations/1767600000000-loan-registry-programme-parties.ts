import { sqlMigration } from '@riskpool/db';

/**
 * docs/domain.md §8: each partner's institution kind (from pool.bank-admitted.v1) and the co-sharer
 * parties an admin admitted (pool.cosharer-admitted.v1), which loans may name.
 */
export const LoanRegistryProgrammeParties1767600000000 = sqlMigration(
  'LoanRegistryProgrammeParties1767600000000',
  {
    up: [
      `ALTER TABLE "loan_registry"."banks" ADD COLUMN kind text NOT NULL DEFAULT 'BANK'`,
      `CREATE TABLE "loan_registry"."cosharers" (
        party_id text PRIMARY KEY,
        kind text NOT NULL,
        admitted_at timestamptz NOT NULL
      )`,
    ],
    down: [
      `DROP TABLE "loan_registry"."cosharers"`,
      `ALTER TABLE "loan_registry"."banks" DROP COLUMN kind`,
    ],
  },
);
