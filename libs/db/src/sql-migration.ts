import { MigrationInterface, QueryRunner } from 'typeorm';
import { qualified } from './schema-name';

/** A migration's statements, run one after another: `up` to apply it, `down` to undo it. */
export interface MigrationStatements {
  readonly up: readonly string[];
  readonly down: readonly string[];
}

/** `"schema"."table"` of the schema a migration runs in. */
export type TableNamer = (table: string) => string;

/** The schema a migration runs in (the data source's), for migrations not bound to one. */
export function migrationSchema(queryRunner: QueryRunner, name: string): string {
  const schema = (queryRunner.connection.options as { schema?: string }).schema;
  if (schema === undefined) throw new Error(`${name} needs the service's schema`);
  return schema;
}

/**
 * A migration that runs fixed SQL. `name` is the one TypeORM records (`<Name><timestamp>`), so a
 * migration written as a class before keeps its name. `statements` gets the table namer of the
 * schema the migration runs in (the data source's), or is given once for a migration whose SQL
 * names its schema itself.
 */
export function sqlMigration(
  name: string,
  statements: MigrationStatements | ((t: TableNamer) => MigrationStatements),
): new () => MigrationInterface {
  const of = (queryRunner: QueryRunner): MigrationStatements => {
    if (typeof statements !== 'function') return statements;
    const schema = migrationSchema(queryRunner, name);
    return statements((table) => qualified(schema, table));
  };
  return class SqlMigration implements MigrationInterface {
    readonly name = name;

    async up(queryRunner: QueryRunner): Promise<void> {
      for (const sql of of(queryRunner).up) await queryRunner.query(sql);
    }

    async down(queryRunner: QueryRunner): Promise<void> {
      for (const sql of of(queryRunner).down) await queryRunner.query(sql);
    }
  };
}

/** `DROP TABLE` of each table, in the order given (dependents first). */
export function dropTables(
  t: TableNamer,
  tables: readonly string[],
  how: { ifExists?: boolean; cascade?: boolean } = {},
): string[] {
  const ifExists = how.ifExists === true ? 'IF EXISTS ' : '';
  const cascade = how.cascade === true ? ' CASCADE' : '';
  return tables.map((table) => `DROP TABLE ${ifExists}${t(table)}${cascade}`);
}

/**
 * Triggers that refuse UPDATE, DELETE and TRUNCATE on each table (the append-only record), by
 * `refuseFunction` (a trigger function that raises).
 */
export function appendOnlyTriggers(
  t: TableNamer,
  tables: readonly string[],
  refuseFunction: string,
): string[] {
  return tables.flatMap((table) => [
    `CREATE TRIGGER append_only_row BEFORE UPDATE OR DELETE ON ${t(table)}
       FOR EACH ROW EXECUTE FUNCTION ${t(refuseFunction)}()`,
    `CREATE TRIGGER append_only_truncate BEFORE TRUNCATE ON ${t(table)}
       FOR EACH STATEMENT EXECUTE FUNCTION ${t(refuseFunction)}()`,
  ]);
}
