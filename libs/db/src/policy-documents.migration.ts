import { MigrationInterface, QueryRunner } from 'typeorm';
import { qualified } from './schema-name';

/** The three fields the domain's former wire form spelt otherwise: [former, THE wire form]. */
const RENAMED = [
  ['versionId', 'policyVersionId'],
  ['bonusBp', 'bonusesBp'],
  ['splitByTown', 'townSplitOverrides'],
] as const;

function renameSql(table: string, from: 0 | 1): string {
  const to = from === 0 ? 1 : 0;
  const moved = RENAMED.map(
    (names) =>
      `CASE WHEN document ? '${names[from]}' THEN jsonb_build_object('${names[to]}', document -> '${names[from]}') ELSE '{}'::jsonb END`,
  );
  const dropped = RENAMED.map((names) => ` - '${names[from]}'`).join('');
  return `UPDATE ${table} SET document = (document${dropped}) || ${moved.join(' || ')}
    WHERE document ? '${RENAMED[0][from]}'`;
}

/**
 * docs/adr/0021: a service's stored policy documents (`<schema>.<table>.document`, jsonb) from the
 * domain's former wire form into THE wire form, the one `pool.policy-published.v1` has always
 * carried. Rows already in it are left alone, so the migration may meet either.
 */
export function policyDocumentsWireFormMigration(
  name: string,
  table = 'policies',
): new () => MigrationInterface {
  const tableOf = (queryRunner: QueryRunner): string => {
    const schema = (queryRunner.connection.options as { schema?: string }).schema;
    if (schema === undefined) throw new Error(`${name} needs the service's schema`);
    return qualified(schema, table);
  };
  return class PolicyDocumentsWireForm implements MigrationInterface {
    readonly name = name;

    async up(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query(renameSql(tableOf(queryRunner), 0));
    }

    async down(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query(renameSql(tableOf(queryRunner), 1));
    }
  };
}
