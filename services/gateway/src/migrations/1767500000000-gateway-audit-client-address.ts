import { MigrationInterface, QueryRunner } from 'typeorm';

/** The client's address in each audit record (refused requests are recorded too). */
export class GatewayAuditClientAddress1767500000000 implements MigrationInterface {
  readonly name = 'GatewayAuditClientAddress1767500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "gateway"."audit_log" ADD COLUMN client_address text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "gateway"."audit_log" DROP COLUMN client_address`);
  }
}
