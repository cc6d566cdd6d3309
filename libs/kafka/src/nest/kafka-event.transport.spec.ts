import 'reflect-metadata';
import { Controller, Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { Topics } from '@riskpool/contracts';
import type { UnitOfWork } from '@riskpool/db';
import { DataSource } from 'typeorm';
import { ConsumedEvent, EventConsumer, EventHandlers, BatchEventHandlers } from '../event-consumer';
import { EventProducer } from '../event-producer';
import { BatchEventPattern, eventPatternsOf } from './event-patterns';
import { connectKafkaEventTransport, KafkaEventTransport } from './kafka-event.transport';

@Injectable()
class Seen {
  readonly calls: unknown[][] = [];
}

@Controller()
class FundsConsumer {
  constructor(private readonly seen: Seen) {}

  @EventPattern(Topics.fundCreated)
  async fundCreated(@Payload() event: ConsumedEvent, @Ctx() uow: UnitOfWork): Promise<void> {
    this.seen.calls.push([event, uow]);
    if (event.offset === 'boom') throw new RangeError('refused');
  }

  @BatchEventPattern([Topics.fundDeposited, Topics.claimOpened])
  async batch(@Payload() events: ReadonlyArray<ConsumedEvent>): Promise<void> {
    this.seen.calls.push([events]);
  }
}

@Module({ controllers: [FundsConsumer], providers: [Seen] })
class AppModule {}

describe('KafkaEventTransport', () => {
  let started: { handlers: EventHandlers; batchHandlers: BatchEventHandlers } | undefined;
  beforeEach(() => {
    jest.spyOn(EventConsumer.prototype, 'start').mockImplementation(async function (
      this: EventConsumer,
    ) {
      started = (this as unknown as { options: typeof started }).options;
    });
    jest.spyOn(EventConsumer.prototype, 'stop').mockImplementation(async () => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  async function app() {
    const nest = await NestFactory.create(AppModule, { logger: false });
    await nest.init();
    const transport = new KafkaEventTransport({
      kafka: { consumer: () => ({ on: () => undefined, events: {} }) } as never,
      dataSource: {} as DataSource,
      schema: 's',
      groupId: 'g',
      producer: {} as EventProducer,
    });
    connectKafkaEventTransport(nest, transport);
    await nest.startAllMicroservices();
    return { nest, transport, seen: nest.get(Seen) };
  }

  it('consumes the topics of the @EventPattern handlers, calling them (event, uow)', async () => {
    const { nest, transport, seen } = await app();
    expect(transport.topics.sort()).toEqual(
      [Topics.claimOpened, Topics.fundCreated, Topics.fundDeposited].sort(),
    );
    expect(Object.keys(started?.handlers ?? {})).toEqual([Topics.fundCreated]);
    const event = { offset: '1' } as ConsumedEvent;
    const uow = {} as UnitOfWork;
    await started?.handlers[Topics.fundCreated]?.(event as never, uow);
    expect(seen.calls).toEqual([[event, uow]]);
    await nest.close();
  });

  it('hands a batch handler whole chunks, and a handler’s error reaches the consumer as thrown', async () => {
    const { nest, seen } = await app();
    const events = [{ offset: '1' }] as ConsumedEvent[];
    await started?.batchHandlers[Topics.claimOpened]?.(events);
    expect(seen.calls).toEqual([[events]]);
    await expect(
      started?.handlers[Topics.fundCreated]?.({ offset: 'boom' } as never, {} as UnitOfWork),
    ).rejects.toThrow(RangeError);
    await nest.close();
  });

  it('reads the consumed topics from the decorators alone', () => {
    const declared = (topic: string, handler: string, batch: boolean) => ({
      topic,
      handler: `FundsConsumer.${handler}`,
      batch,
      takesContext: !batch,
    });
    expect(eventPatternsOf([FundsConsumer])).toEqual([
      declared(Topics.fundCreated, 'fundCreated', false),
      declared(Topics.fundDeposited, 'batch', true),
      declared(Topics.claimOpened, 'batch', true),
    ]);
  });
});
