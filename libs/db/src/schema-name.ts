const SCHEMA_PATTERN = /^[a-z][a-z0-9_]{0,62}$/;

/** Schema names are interpolated into SQL, so only plain identifiers are accepted. */
export function assertSchemaName(schema: string): string {
  if (!SCHEMA_PATTERN.test(schema))
    throw new Error(`invalid schema name: ${JSON.stringify(schema)}`);
  return schema;
}

export function qualified(schema: string, table: string): string {
  return `"${assertSchemaName(schema)}"."${table}"`;
}
