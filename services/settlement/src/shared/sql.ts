import { EntityManager } from 'typeorm';

/** Rows of an UPDATE or DELETE ... RETURNING (TypeORM answers those with `[rows, count]`). */
export async function changedRows<T>(
  manager: EntityManager,
  sql: string,
  parameters: unknown[],
): Promise<T[]> {
  const result = (await manager.query(sql, parameters)) as [T[], number];
  return result[0];
}

/** Serialises work on one key (claim, bank...) until the transaction ends. */
export async function lockKey(manager: EntityManager, key: string): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [key]);
}

export function toDateString(value: string | Date): string {
  return typeof value === 'string' ? value.slice(0, 10) : value.toISOString().slice(0, 10);
}
