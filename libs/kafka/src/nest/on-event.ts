import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { EventData, TopicName, Topics } from '@riskpool/contracts';
import type { ConsumedEvent } from '../event-consumer';

/** A consumed event of the topic `Topics[K]`, its data typed by the topic's schema. */
export type Consumed<K extends keyof typeof Topics> = ConsumedEvent<EventData<(typeof Topics)[K]>>;

/**
 * `@EventPattern(topics)` for a handler `(event, uow)` that runs in the chunk's transaction with
 * the inbox: it also marks the first parameter `@Payload()` and the second `@Ctx()`, which every
 * such handler declares (without `@Ctx()` Nest would pass no unit of work).
 */
export function OnEvent(topics: TopicName | readonly TopicName[]): MethodDecorator {
  return (target, key, descriptor) => {
    EventPattern(topics)(target, key, descriptor);
    Payload()(target, key, 0);
    Ctx()(target, key, 1);
  };
}
