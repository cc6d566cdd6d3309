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
