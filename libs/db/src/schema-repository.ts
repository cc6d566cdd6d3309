import { qualified } from './schema-name';

/**
 * A repository of one service schema's tables, bound to the schema at construction (tests run
 * services side by side in schemas of their own); it takes the EntityManager per call.
 */
export abstract class SchemaRepository {
  constructor(protected readonly schema: string) {}

  /** `"schema"."table"` of this repository's schema. */
  protected t(table: string): string {
    return qualified(this.schema, table);
  }
}
