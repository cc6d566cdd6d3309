import { ArgumentsHost, Catch, INestApplication, RpcExceptionFilter } from '@nestjs/common';
import {
  CustomTransportStrategy,
  MessageHandler,
  NestMicroservice,
  Server,
} from '@nestjs/microservices';
import { isObservable, lastValueFrom, Observable, throwError } from 'rxjs';
import type { TopicName } from '@riskpool/contracts';
import type { UnitOfWork } from '@riskpool/db';
import {
  BatchEventHandler,
  BatchEventHandlers,
  ConsumedEvent,
  EventConsumer,
  EventConsumerOptions,
  EventHandler,
  EventHandlers,
} from '../event-consumer';
import { isBatchPattern } from './event-patterns';

/** The transport's id: `@EventPattern(topic, KAFKA_EVENT_TRANSPORT)` pins a handler to it. */
export const KAFKA_EVENT_TRANSPORT = Symbol('riskpool-kafka-events');

/** Everything of EventConsumer but its handlers, which come from the app's `@EventPattern`s. */
export type KafkaEventTransportOptions = Omit<EventConsumerOptions, 'handlers' | 'batchHandlers'>;

/**
 * A custom transport of `@nestjs/microservices` over libs/kafka's EventConsumer (docs/adr/0020):
 * the app's `@EventPattern(topic)` handlers become its topic handlers, called
 * `(event: ConsumedEvent, uow: UnitOfWork)` inside the chunk's transaction with the inbox;
 * `@BatchEventPattern(topics)` handlers are called `(events)` with a whole chunk and own its
 * transaction. Subscriptions are exactly the handlers' topics; with none, it consumes nothing.
 * Dead letters, retries, batching, offsets and supervision are EventConsumer's, unchanged.
 */
export class KafkaEventTransport extends Server implements CustomTransportStrategy {
  override readonly transportId = KAFKA_EVENT_TRANSPORT;
  private consumer: EventConsumer | undefined;

  constructor(private readonly options: KafkaEventTransportOptions) {
    super();
  }

  /** The topics its handlers consume (known once Nest registered them, at `listen`). */
  get topics(): string[] {
    return [...this.messageHandlers.keys()];
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      const { handlers, batchHandlers } = this.topicHandlers();
      if (Object.keys(handlers).length + Object.keys(batchHandlers).length > 0) {
        this.consumer = new EventConsumer({ ...this.options, handlers, batchHandlers });
        await this.consumer.start();
      }
      callback();
    } catch (error) {
      callback(error);
    }
  }

  async close(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    await consumer?.stop();
  }

  on(): never {
    throw new Error('KafkaEventTransport has no events to listen to');
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }

  private topicHandlers(): { handlers: EventHandlers; batchHandlers: BatchEventHandlers } {
    const handlers: Record<string, EventHandler> = {};
    const batchHandlers: Record<string, BatchEventHandler> = {};
    for (const [topic, handler] of this.messageHandlers) {
      // Nest chains a second handler of the same pattern; one topic has one use case here.
      if (handler.next !== undefined) throw new Error(`more than one handler for topic ${topic}`);
      if (isBatchPattern(handler.extras))
        batchHandlers[topic] = (events) => settled(handler(events));
      else
        handlers[topic] = (event: ConsumedEvent, uow: UnitOfWork) => settled(handler(event, uow));
    }
    return {
      handlers: handlers as EventHandlers,
      batchHandlers: batchHandlers as { [K in TopicName]?: BatchEventHandler },
    };
  }
}

/**
 * Waits for a Nest handler. It answers a plain value unless it threw: then an Observable that
 * errors (the exception filters' answer), which alone takes the rxjs path.
 */
async function settled(result: ReturnType<MessageHandler>): Promise<void> {
  const value: unknown = await result;
  if (isObservable(value)) await lastValueFrom(value, { defaultValue: undefined });
}

/**
 * Nest's default RPC filter turns any error into `{ status: 'error', message: 'Internal server
 * error' }` and logs it. The consumer needs the error itself (a database that is down is retried,
 * not dead-lettered; a dead letter names the reason), so it is passed through untouched.
 */
@Catch()
export class PassErrorsThrough implements RpcExceptionFilter {
  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => exception);
  }
}

/**
 * Connects `transport` to an initialised app: errors reach the consumer as thrown, and the app's
 * init hooks (already run by `app.init()`) are not run again. `app.startAllMicroservices()` starts
 * consuming; `app.close()` (or `transport.close()`) stops.
 */
export function connectKafkaEventTransport(
  app: INestApplication,
  transport: KafkaEventTransport,
): void {
  // Deferred, so that the filter is there before the handlers are wrapped (at `listen`).
  const microservice = app.connectMicroservice(
    { strategy: transport },
    { deferInitialization: true },
  ) as unknown as NestMicroservice;
  microservice.useGlobalFilters(new PassErrorsThrough());
  microservice.setIsInitHookCalled(true);
}
