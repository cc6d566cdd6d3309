import { EntityManager } from 'typeorm';

/** A row as node-postgres answers it: column name → value. */
export type SqlRow = Record<string, unknown>;

/** Converts one column's value into the domain's form (see the readers below). */
export type ColumnReader<V> = (value: unknown) => V;

/** The readers of columns the driver does not give in the domain's form. */
export const columnAs = {
  /** bigint columns (fen, sequence numbers) come back as strings; the domain holds bigint. */
  fen: ((value) => BigInt(value as string)) as ColumnReader<bigint>,
  /** Any other bigint column (a journal position, a count) as bigint. */
  bigint: ((value) => BigInt(value as string)) as ColumnReader<bigint>,
  /** Text (bigserial ids come back as strings already; String keeps them so). */
  text: ((value) => String(value)) as ColumnReader<string>,
  /** A date column (or its `::text`) as `YYYY-MM-DD`, whatever the driver made of it. */
  date: ((value) =>
    value instanceof Date
      ? value.toISOString().slice(0, 10)
      : String(value).slice(0, 10)) as ColumnReader<string>,
};

/** `due_on` → `dueOn`. */
export function camelName(column: string): string {
  return column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** `dueOn` → `due_on`. */
export function snakeName(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/**
 * A row as the object the domain reads: every column under its camelCase name, converted by
 * `readers` where it needs to be (by camelCase name), kept as the driver gave it otherwise (text,
 * integers, jsonb, NULL). The SELECT names the columns, so the object holds exactly those.
 */
export function camelRow<T>(
  row: SqlRow,
  readers: { readonly [K in keyof T]?: ColumnReader<T[K]> } = {},
): T {
  const read = readers as Record<string, ColumnReader<unknown> | undefined>;
  const out: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(row)) {
    const name = camelName(column);
    const reader = read[name];
    out[name] = reader === undefined || value === null ? value : reader(value);
  }
  return out as T;
}

/** Readers that are not written out: every `*_fen` column is bigint fen (the schemas' convention). */
function fenReaders(row: SqlRow): Record<string, ColumnReader<unknown>> {
  const readers: Record<string, ColumnReader<unknown>> = {};
  for (const column of Object.keys(row))
    if (column.endsWith('_fen')) readers[camelName(column)] = columnAs.fen;
  return readers;
}

/**
 * camelRow, with every `*_fen` column read as bigint (money is bigint fen in the domain) besides
 * what `readers` convert.
 */
export function domainRow<T>(
  row: SqlRow,
  readers: { readonly [K in keyof T]?: ColumnReader<T[K]> } = {},
): T {
  return camelRow<T>(row, { ...fenReaders(row), ...readers } as typeof readers);
}

/** A value as a query parameter: bigint as its digits, bytes and dates as they are, other objects as JSON. */
function parameterOf(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value === undefined) return null;
  // Bytes (bytea) and dates go as they are; other objects and arrays are jsonb.
  if (value instanceof Date || value instanceof Uint8Array) return value;
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return value;
}

/** `columns` (`'loan_id, bank_id'`) split into names. */
function columnNames(columns: string): string[] {
  return columns
    .split(',')
    .map((column) => column.trim())
    .filter((column) => column.length > 0);
}

/** The parameters of `columns`, each the field of `record` named by the column in camelCase. */
export function paramsOf(columns: string, record: object): unknown[] {
  const fields = record as Record<string, unknown>;
  return columnNames(columns).map((column) => parameterOf(fields[camelName(column)]));
}

/**
 * `INSERT INTO table (columns) VALUES ($1, ...) tail`: each value the field of `record` named by
 * its column in camelCase (bigint as digits, arrays and objects as JSON). Answers the rows a
 * `RETURNING` in `tail` gives (none without it).
 */
export async function insertRow(
  manager: EntityManager,
  table: string,
  columns: string,
  record: object,
  tail = '',
): Promise<SqlRow[]> {
  const params = paramsOf(columns, record);
  const values = params.map((_, i) => `$${i + 1}`).join(', ');
  const rows = (await manager.query(
    `INSERT INTO ${table} (${columnNames(columns).join(', ')}) VALUES (${values}) ${tail}`,
    params,
  )) as SqlRow[];
  return Array.isArray(rows) ? rows : [];
}

/**
 * insertRow unless a row with the same `conflict` key (the table's unique columns; any unique key
 * when not given) is there: true when the row is new, false when it was stored before.
 */
export async function insertIfNew(
  manager: EntityManager,
  table: string,
  columns: string,
  record: object,
  conflict?: string,
): Promise<boolean> {
  const target = conflict === undefined ? '' : ` (${conflict})`;
  const tail = `ON CONFLICT${target} DO NOTHING RETURNING 1 AS inserted`;
  return (await insertRow(manager, table, columns, record, tail)).length === 1;
}

/** Which row `findRow` reads: the table, the columns it selects, and the key column it matches. */
export interface RowByKey {
  readonly table: string;
  readonly columns: string;
  readonly key: string;
}

/**
 * The row of `from.table` whose key column is `value`, as `map` reads it, or undefined; locked
 * until the transaction ends when `lock`.
 */
export async function findRow<T>(
  manager: EntityManager,
  from: RowByKey,
  value: unknown,
  map: (row: SqlRow) => T,
  lock = false,
): Promise<T | undefined> {
  const rows = (await manager.query(
    `SELECT ${from.columns} FROM ${from.table} WHERE ${from.key} = $1${lock ? ' FOR UPDATE' : ''}`,
    [value],
  )) as SqlRow[];
  return rows[0] === undefined ? undefined : map(rows[0]);
}
