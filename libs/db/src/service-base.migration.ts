import { MigrationInterface, QueryRunner } from 'typeorm';
import { serviceBaseDdl, serviceBaseDropDdl } from './service-base.sql';

/**
 * Each service lists this migration first, bound to its own schema:
 * `migrations: [serviceBaseMigration('loan_registry'), ...]`.
 */
export function serviceBaseMigration(schema: string): new () => MigrationInterface {
  return class ServiceBase1764201600000 implements MigrationInterface {
    readonly name = 'ServiceBase1764201600000';

    async up(queryRunner: QueryRunner): Promise<void> {
      for (const statement of serviceBaseDdl(schema)) await queryRunner.query(statement);
    }

    async down(queryRunner: QueryRunner): Promise<void> {
      for (const statement of serviceBaseDropDdl(schema)) await queryRunner.query(statement);
    }
  };
}
