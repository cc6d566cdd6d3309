import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The claim a loan's default opened (from `pool.claim-opened.v1`), with the default it belongs to:
 * the loan shows it only while that default is the loan's current one, whichever of the two
 * events arrived first.
 */
export class LoanClaim1767500000001 implements MigrationInterface {
  readonly name = 'LoanClaim1767500000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "loan_registry"."loans" ADD COLUMN claim_id text, ADD COLUMN claim_default_id text`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "loan_registry"."loans" DROP COLUMN claim_id, DROP COLUMN claim_default_id`,
    );
  }
}
