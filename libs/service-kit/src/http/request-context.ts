import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { Identity } from '@riskpool/contracts';
import { UnitOfWork } from '@riskpool/db';

export interface RequestContext {
  readonly requestId: string;
  readonly correlationId: string;
  readonly traceparent?: string;
  identity?: Identity;
  unitOfWork?: UnitOfWork;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** A request id: the client's `x-request-id` when well-formed, else a new UUID. */
export function requestIdFrom(header: unknown): string {
  return typeof header === 'string' && /^[A-Za-z0-9._-]{1,128}$/.test(header)
    ? header
    : randomUUID();
}

export const requestContext = {
  run<T>(context: RequestContext, work: () => T): T {
    return storage.run(context, work);
  },
  current(): RequestContext | undefined {
    return storage.getStore();
  },
};

/** The transaction of the current write request (opened by the idempotency interceptor). */
export function currentUnitOfWork(): UnitOfWork {
  const uow = storage.getStore()?.unitOfWork;
  if (uow === undefined)
    throw new Error('no unit of work: is the route missing @IdempotentWrite()?');
  return uow;
}
