import { EntityManager } from 'typeorm';

/**
 * Runs an UPDATE or DELETE and returns how many rows it touched (the pg driver answers such a
 * statement with `[rows, count]`).
 */
export async function affectedRows(
  manager: EntityManager,
  sql: string,
  parameters: readonly unknown[],
): Promise<number> {
  const [, count] = (await manager.query(sql, [...parameters])) as [unknown, number];
  return count;
}
