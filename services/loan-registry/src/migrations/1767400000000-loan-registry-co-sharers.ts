import { MigrationInterface, QueryRunner } from 'typeorm';

/** docs/domain.md §8.4: the co-sharers a loan names at registration, in their order. */
export class LoanRegistryCoSharers1767400000000 implements MigrationInterface {
  readonly name = 'LoanRegistryCoSharers1767400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "loan_registry"."loans" ADD COLUMN co_sharers jsonb NOT NULL DEFAULT '[]'::jsonb`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "loan_registry"."loans" DROP COLUMN co_sharers`);
  }
}
