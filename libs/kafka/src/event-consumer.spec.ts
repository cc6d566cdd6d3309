import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { createEvent, envelopeToWire, Topics } from '@riskpool/contracts';
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

describe('EventConsumer with a batch handler', () => {
  const fund = (fundId: string) =>
    envelopeToWire(
      createEvent({
        topic: Topics.fundCreated,
        source: 'pool-allocation',
        subject: fundId,
        data: {
          fundId,
          name: fundId,
          kind: 'TOWN',
          townCode: 'T1',
          createdAt: '2026-01-01T00:00:00Z',
        },
      }).envelope,
    );
  const message = (offset: string, wire: { value: string; headers: Record<string, string> }) => ({
    offset,
    key: null,
    value: Buffer.from(wire.value),
    headers: Object.fromEntries(Object.entries(wire.headers).map(([k, v]) => [k, Buffer.from(v)])),
  });

  it('hands over each chunk’s well-formed events at once, dead-letters the malformed, commits after', async () => {
    let eachBatch: ((payload: unknown) => Promise<void>) | undefined;
    const commits: unknown[] = [];
    const kafka = {
      consumer: () => ({
        ...fakeConsumer(),
        run: async (config: { eachBatch: typeof eachBatch }) => void (eachBatch = config.eachBatch),
        commitOffsets: async (offsets: unknown) => void commits.push(offsets),
      }),
    } as unknown as Kafka;
    const sent: Array<{ topic: string; headers: Record<string, string> }> = [];
    const chunks: string[][] = [];
    const consumer = new EventConsumer({
      kafka,
      dataSource: {} as DataSource,
      schema: 's',
      groupId: 'g',
      handlers: {},
      batchHandlers: {
        [Topics.fundCreated]: async (events) => void chunks.push(events.map((e) => e.offset)),
      },
      transactionSizeMax: 2,
      producer: {
        connect: async () => undefined,
        send: async (messages: typeof sent) => void sent.push(...messages),
      } as unknown as EventProducer,
      logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    });
    await consumer.start();
    const bad = { value: '{', headers: fund('F0').headers };
    await eachBatch?.({
      batch: {
        topic: Topics.fundCreated,
        partition: 0,
        messages: [message('0', fund('F0')), message('1', bad), message('2', fund('F2'))],
      },
      resolveOffset: () => undefined,
      heartbeat: async () => undefined,
      isRunning: () => true,
      isStale: () => false,
    });
    expect(chunks).toEqual([['0'], ['2']]);
    expect(
      sent.map((m) => [m.topic, m.headers['dlq_cause'], m.headers['dlq_source_offset']]),
    ).toEqual([[`${Topics.fundCreated}.dlq`, 'MALFORMED', '1']]);
    expect(commits).toEqual([
      [{ topic: Topics.fundCreated, partition: 0, offset: '2' }],
      [{ topic: Topics.fundCreated, partition: 0, offset: '3' }],
    ]);
    await consumer.stop();
  });
});
