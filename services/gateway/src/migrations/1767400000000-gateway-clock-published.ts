import { MigrationInterface, QueryRunner } from 'typeorm';

/** The business date last announced with gateway.business-date-changed.v1 (one row). */
export class GatewayClockPublished1767400000000 implements MigrationInterface {
  readonly name = 'GatewayClockPublished1767400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "gateway"."business_clock_published" (
        id smallint PRIMARY KEY CHECK (id = 1),
        business_date text NOT NULL,
        published_at timestamptz NOT NULL
      )`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS "gateway"."business_clock_published"`);
  }
}
