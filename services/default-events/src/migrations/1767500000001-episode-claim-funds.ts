import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The funds of each episode's claim (from `pool.claim-opened.v1`): a fund manager may read the
 * default history of a loan whose claim has a share of their fund.
 */
export class EpisodeClaimFunds1767500000001 implements MigrationInterface {
  readonly name = 'EpisodeClaimFunds1767500000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "default_events"."episodes" ADD COLUMN claim_fund_ids text[] NOT NULL DEFAULT '{}'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "default_events"."episodes" DROP COLUMN claim_fund_ids`);
  }
}
