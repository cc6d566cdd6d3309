import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * docs/domain.md §8: each partner's institution kind (from pool.bank-admitted.v1) and the co-sharer
 * parties an admin admitted (pool.cosharer-admitted.v1), which loans may name.
 */
export class LoanRegistryProgrammeParties1767600000000 implements MigrationInterface {
  readonly name = 'LoanRegistryProgrammeParties1767600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "loan_registry"."banks" ADD COLUMN kind text NOT NULL DEFAULT 'BANK'`,
    );
    await queryRunner.query(
      `CREATE TABLE "loan_registry"."cosharers" (
        party_id text PRIMARY KEY,
        kind text NOT NULL,
        admitted_at timestamptz NOT NULL
      )`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "loan_registry"."cosharers"`);
    await queryRunner.query(`ALTER TABLE "loan_registry"."banks" DROP COLUMN kind`);
  }
}
