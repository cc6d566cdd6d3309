import { MigrationInterface, QueryRunner } from 'typeorm';
import { qualified } from '@riskpool/db';

/** The schema the data source was opened with (pool_allocation, or a test's own schema). */
function schemaOf(queryRunner: QueryRunner): string {
  const schema = (queryRunner.connection.options as { schema?: string }).schema;
  if (schema === undefined) throw new Error('pool-allocation migrations need a schema');
  return schema;
}

/**
 * docs/domain.md §8: a loan's lender kind and co-sharers (both from loan-registered), and the
 * accrued interest and costs a claim's basis started from (zero under PRINCIPAL_ONLY).
 */
export class PoolAllocationProgramme1767400000000 implements MigrationInterface {
  readonly name = 'PoolAllocationProgramme1767400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = (table: string) => qualified(schemaOf(queryRunner), table);
    await queryRunner.query(
      `ALTER TABLE ${t('loans')}
         ADD COLUMN institution_kind text NOT NULL DEFAULT 'BANK',
         ADD COLUMN co_sharers jsonb NOT NULL DEFAULT '[]'::jsonb`,
    );
    await queryRunner.query(
      `ALTER TABLE ${t('claims')}
         ADD COLUMN accrued_interest_fen bigint NOT NULL DEFAULT 0 CHECK (accrued_interest_fen >= 0),
         ADD COLUMN costs_fen bigint NOT NULL DEFAULT 0 CHECK (costs_fen >= 0)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const t = (table: string) => qualified(schemaOf(queryRunner), table);
    await queryRunner.query(
      `ALTER TABLE ${t('claims')} DROP COLUMN accrued_interest_fen, DROP COLUMN costs_fen`,
    );
    await queryRunner.query(
      `ALTER TABLE ${t('loans')} DROP COLUMN institution_kind, DROP COLUMN co_sharers`,
    );
  }
}
