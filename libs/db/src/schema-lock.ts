import { EntityManager } from 'typeorm';

/**
 * Lets one instance per schema do a periodic task (publish the outbox, sweep old rows) while the
 * others skip the round: a transaction advisory lock on `<schema>.<task>`, released at commit.
 */
export async function tryTakeSchemaTaskLock(
  manager: EntityManager,
  schema: string,
  task: string,
): Promise<boolean> {
  const rows = (await manager.query(`SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked`, [
    `${schema}.${task}`,
  ])) as Array<{ locked: boolean }>;
  return rows[0]?.locked === true;
}
