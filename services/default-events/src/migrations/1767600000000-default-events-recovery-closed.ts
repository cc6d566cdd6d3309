import { MigrationInterface, QueryRunner } from 'typeorm';

/** docs/domain.md §8.5: when the bank declared an AFTER_RECOVERY default's recovery finished. */
export class DefaultEventsRecoveryClosed1767600000000 implements MigrationInterface {
  readonly name = 'DefaultEventsRecoveryClosed1767600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "default_events"."episodes" ADD COLUMN recovery_closed_on date`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "default_events"."episodes" DROP COLUMN recovery_closed_on`,
    );
  }
}
