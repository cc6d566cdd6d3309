import { qualified, UnitOfWork } from '@riskpool/db';

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
