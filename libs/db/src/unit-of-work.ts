import { DataSource, EntityManager } from 'typeorm';
import { OutgoingEvent } from '@riskpool/contracts';
import { appendToOutbox } from './outbox';

/**
 * One database transaction: the state change through `manager`, and the events it causes through
 * `publish`. Both commit together or not at all; the outbox relay publishes them afterwards.
 */
export interface UnitOfWork {
  readonly manager: EntityManager;
  readonly schema: string;
  publish(...events: OutgoingEvent[]): void;
}

export async function runInTransaction<T>(
  dataSource: DataSource,
  schema: string,
  work: (uow: UnitOfWork) => Promise<T>,
): Promise<T> {
  return dataSource.transaction(async (manager) => runInManager(manager, schema, work));
}

/** For a caller that already holds a transaction (the consumer runner's batch transaction). */
export async function runInManager<T>(
  manager: EntityManager,
  schema: string,
  work: (uow: UnitOfWork) => Promise<T>,
): Promise<T> {
  const pending: OutgoingEvent[] = [];
  const uow: UnitOfWork = { manager, schema, publish: (...events) => pending.push(...events) };
  const result = await work(uow);
  await appendToOutbox(manager, schema, pending);
  return result;
}

let savepoints = 0;

/**
 * One item of a bulk request inside the request's transaction: its writes and events are kept
 * when `work` succeeds and undone (ROLLBACK TO SAVEPOINT, events dropped) when it throws, so a
 * refused item leaves nothing behind whatever step refused it. The error is thrown on.
 */
export async function inSavepoint<T>(
  uow: UnitOfWork,
  work: (item: UnitOfWork) => Promise<T>,
): Promise<T> {
  savepoints = (savepoints + 1) % 1_000_000;
  const name = `bulk_item_${savepoints}`;
  await uow.manager.query(`SAVEPOINT ${name}`);
  const pending: OutgoingEvent[] = [];
  const item: UnitOfWork = {
    manager: uow.manager,
    schema: uow.schema,
    publish: (...events) => pending.push(...events),
  };
  try {
    const result = await work(item);
    await uow.manager.query(`RELEASE SAVEPOINT ${name}`);
    uow.publish(...pending);
    return result;
  } catch (error) {
    await uow.manager.query(`ROLLBACK TO SAVEPOINT ${name}`);
    await uow.manager.query(`RELEASE SAVEPOINT ${name}`);
    throw error;
  }
}
