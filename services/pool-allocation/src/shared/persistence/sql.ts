import { findRow, insertIfNew, insertRow, qualified, UnitOfWork } from '@riskpool/db';

/** The transaction a repository works in (the use case's unit of work). */
export type Tx = Pick<UnitOfWork, 'manager' | 'schema'>;

/** Parameterised SQL in the caller's transaction. Use for SELECT and INSERT ... RETURNING. */
export async function query<T>(tx: Tx, text: string, params: unknown[] = []): Promise<T[]> {
  return (await tx.manager.query(text, params)) as T[];
}

/** Parameterised SQL whose result is not needed (UPDATE, DELETE, INSERT without RETURNING). */
export async function execute(tx: Tx, text: string, params: unknown[] = []): Promise<void> {
  await tx.manager.query(text, params);
}

/** `"schema"."table"` of the transaction's schema. */
export function table(tx: Tx, name: string): string {
  return qualified(tx.schema, name);
}

/** bigint columns come back from pg as strings. */
export function fen(value: string | number | bigint | null): bigint {
  if (value === null) return 0n;
  return BigInt(value);
}

/** Inserts `record`'s fields named by `columns` into the schema's table `name` (libs/db insertRow). */
export async function insert(
  tx: Tx,
  name: string,
  ...row: [columns: string, record: object, tail?: string]
): Promise<unknown[]> {
  return insertRow(tx.manager, table(tx, name), ...row);
}

/** insertIfNew (libs/db) into the schema's table `name`: true when the row is new. */
export async function insertNew(
  tx: Tx,
  name: string,
  ...row: [columns: string, record: object, conflict?: string]
): Promise<boolean> {
  return insertIfNew(tx.manager, table(tx, name), ...row);
}

/** Whether the schema's table `name` has a row whose `column` is `value`. */
export async function exists(
  tx: Tx,
  name: string,
  column: string,
  value: unknown,
): Promise<boolean> {
  const rows = await query(tx, `SELECT 1 AS n FROM ${table(tx, name)} WHERE ${column} = $1`, [
    value,
  ]);
  return rows.length > 0;
}

/**
 * The row (every column) of the schema's table `name` whose `column` is `value`, as `map` makes
 * it; locked until the transaction ends when `lock`.
 */
export async function findBy<R, T>(
  tx: Tx,
  name: string,
  column: string,
  value: unknown,
  map: (row: R) => T,
  lock = false,
): Promise<T | undefined> {
  const from = { table: table(tx, name), columns: '*', key: column };
  return findRow(tx.manager, from, value, (row) => map(row as R), lock);
}
