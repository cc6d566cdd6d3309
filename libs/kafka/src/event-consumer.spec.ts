import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { EventConsumer } from './event-consumer';
import { EventProducer } from './event-producer';

/** A kafkajs consumer stand-in: records calls and lets the test fire its CRASH event. */
function fakeConsumer() {
  const listeners: Array<(event: { payload: { error: Error; restart: boolean } }) => void> = [];
  return {
    events: { CRASH: 'consumer.crash' },
    on: (_: string, listener: (typeof listeners)[number]) => listeners.push(listener),
    connect: jest.fn(async () => undefined),
    subscribe: jest.fn(async () => undefined),
    run: jest.fn(async () => undefined),
    disconnect: jest.fn(async () => undefined),
    crash: (restart: boolean) =>
      listeners.forEach((l) =>
        l({
          payload: { error: new Error('The coordinator is not aware of this member'), restart },
        }),
      ),
  };
}

function consumerWith(created: Array<ReturnType<typeof fakeConsumer>>) {
  const kafka = {
    consumer: () => {
      const c = fakeConsumer();
      created.push(c);
      return c;
    },
  } as unknown as Kafka;
  return new EventConsumer({
    kafka,
    dataSource: {} as DataSource,
    schema: 's',
    groupId: 'g',
    handlers: {},
    producer: { connect: async () => undefined } as unknown as EventProducer,
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
  });
}

describe('EventConsumer after a crash kafkajs does not restart', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('starts a new consumer that subscribes and runs again', async () => {
    const created: Array<ReturnType<typeof fakeConsumer>> = [];
    const consumer = consumerWith(created);
    await consumer.start();
    expect(created).toHaveLength(1);
    created[0]?.crash(false);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(created).toHaveLength(2);
    expect(created[0]?.disconnect).toHaveBeenCalled();
    expect(created[1]?.connect).toHaveBeenCalled();
    expect(created[1]?.subscribe).toHaveBeenCalled();
    expect(created[1]?.run).toHaveBeenCalled();
    await consumer.stop();
  });

  it('leaves it to kafkajs when kafkajs restarts, and does nothing once stopped', async () => {
    const created: Array<ReturnType<typeof fakeConsumer>> = [];
    const consumer = consumerWith(created);
    await consumer.start();
    created[0]?.crash(true);
    await jest.advanceTimersByTimeAsync(5_000);
    expect(created).toHaveLength(1);
    await consumer.stop();
    created[0]?.crash(false);
    await jest.advanceTimersByTimeAsync(5_000);
    expect(created).toHaveLength(1);
  });
});
