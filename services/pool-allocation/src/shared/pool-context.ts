import { createEvent, EventData, Identity, principalOf, TopicName } from '@riskpool/contracts';
import { UnitOfWork } from '@riskpool/db';
import { currentUnitOfWork, requestContext } from '@riskpool/service-kit';
import { ConsumedEvent } from '@riskpool/kafka';

export const SERVICE_SOURCE = 'pool-allocation';

/**
 * What a use case runs in: the transaction (state and outbox), who acts, the business date and
 * the ids that trace its events back to the request or event that caused them.
 */
export interface PoolContext {
  readonly uow: UnitOfWork;
  /** `fund-manager:CITY`, `admin`, or `event:<topic>` for a consumed event. */
  readonly actor: string;
  /** The business date of the action (the gateway's clock, or the event's own date). */
  readonly businessDate: string;
  readonly correlationId?: string;
  readonly causationId?: string;
  readonly traceparent?: string;
  /** Wall-clock time for timestamps on events (never for business rules). */
  readonly now: Date;
}

/** A context for an HTTP write: the interceptor's transaction and the request's trace ids. */
export function httpContext(uow: UnitOfWork, actor: string, businessDate: string): PoolContext {
  const request = requestContext.current();
  return {
    uow,
    actor,
    businessDate,
    now: new Date(),
    ...(request?.correlationId !== undefined ? { correlationId: request.correlationId } : {}),
    ...(request?.traceparent !== undefined ? { traceparent: request.traceparent } : {}),
  };
}

/** The context of one HTTP write by `identity`: the request's transaction, on its business date. */
export const writeContextOf = (identity: Identity): PoolContext =>
  httpContext(currentUnitOfWork(), principalOf(identity), identity.businessDate);

/** A context for a consumed event: its follow-up events carry its correlation and its id. */
export function eventContext(
  event: Pick<ConsumedEvent, 'topic' | 'envelope'>,
  uow: UnitOfWork,
  businessDate: string,
): PoolContext {
  return {
    uow,
    actor: `event:${event.topic}`,
    businessDate,
    now: new Date(),
    correlationId: event.envelope.correlationId,
    causationId: event.envelope.id,
    ...(event.envelope.traceparent !== undefined
      ? { traceparent: event.envelope.traceparent }
      : {}),
  };
}

/** Puts a validated event in the outbox of the context's transaction. */
export function publish<T extends TopicName>(
  ctx: PoolContext,
  topic: T,
  subject: string,
  data: EventData<T>,
): void {
  ctx.uow.publish(
    createEvent({
      topic,
      source: SERVICE_SOURCE,
      subject,
      data,
      time: ctx.now,
      ...(ctx.correlationId !== undefined ? { correlationId: ctx.correlationId } : {}),
      ...(ctx.causationId !== undefined ? { causationId: ctx.causationId } : {}),
      ...(ctx.traceparent !== undefined ? { traceparent: ctx.traceparent } : {}),
    }),
  );
}
