import { sqlMigration } from '@riskpool/db';

/** docs/domain.md §8.4: the co-sharers a loan names at registration, in their order. */
export const LoanRegistryCoSharers1767400000000 = sqlMigration(
  'LoanRegistryCoSharers1767400000000',
  {
    up: [
      `ALTER TABLE "loan_registry"."loans" ADD COLUMN co_sharers jsonb NOT NULL DEFAULT '[]'::jsonb`,
    ],
    down: [`ALTER TABLE "loan_registry"."loans" DROP COLUMN co_sharers`],
  },
);
