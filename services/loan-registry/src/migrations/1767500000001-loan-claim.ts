import { sqlMigration } from '@riskpool/db';

/**
 * The claim a loan's default opened (from `pool.claim-opened.v1`), with the default it belongs to:
 * the loan shows it only while that default is the loan's current one, whichever of the two
 * events arrived first.
 */
export const LoanClaim1767500000001 = sqlMigration('LoanClaim1767500000001', {
  up: [
    `ALTER TABLE "loan_registry"."loans" ADD COLUMN claim_id text, ADD COLUMN claim_default_id text`,
  ],
  down: [`ALTER TABLE "loan_registry"."loans" DROP COLUMN claim_id, DROP COLUMN claim_default_id`],
});
