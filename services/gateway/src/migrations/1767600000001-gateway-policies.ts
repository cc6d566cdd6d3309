import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Projection of pool.policy-published.v1: the institution kinds the policy in force admits
 * (docs/domain.md §8.1) are checked when a partner is admitted.
 */
export class GatewayPolicies1767600000001 implements MigrationInterface {
  readonly name = 'GatewayPolicies1767600000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "gateway"."policies" (
        version_id text PRIMARY KEY,
        effective_from date NOT NULL,
        document jsonb NOT NULL
      )`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "gateway"."policies"`);
  }
}
