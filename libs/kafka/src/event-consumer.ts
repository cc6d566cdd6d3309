import { Batch, Consumer, Kafka, KafkaMessage } from 'kafkajs';
import { DataSource } from 'typeorm';
import {
  EventEnvelope,
  TopicName,
  validateEventData,
  wireToEnvelope,
  EventData,
} from '@riskpool/contracts';
import { claimInbox, isDatabaseUnavailableError, runInManager, UnitOfWork } from '@riskpool/db';
import { ConsumerSupervisor } from './consumer-supervisor';
import { EventProducer } from './event-producer';
import { deadLetterMessage, DeadLetterCause } from './dead-letter';
import { headersToStrings } from './headers';
import { kafkaMetrics } from './metrics';
import { PlumbingLogger, jsonLogger } from './logger';

export interface ConsumedEvent<T = unknown> {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly envelope: EventEnvelope<T>;
}

export type EventHandler<T = unknown> = (event: ConsumedEvent<T>, uow: UnitOfWork) => Promise<void>;

export type EventHandlers = { readonly [K in TopicName]?: EventHandler<EventData<K>> };

/**
 * Takes a chunk of a topic-partition's well-formed events at once and owns its transaction (no
 * inbox: the handler keeps its own record of what it applied). Throwing fails the Kafka batch,
 * which is delivered again; nothing is dead-lettered for it.
 */
export type BatchEventHandler = (events: ReadonlyArray<ConsumedEvent>) => Promise<void>;

export type BatchEventHandlers = { readonly [K in TopicName]?: BatchEventHandler };

/** A kafkajs message as it arrived, for parsing outside a consumer (a replay). */
export interface WireMessage {
  readonly offset: string;
  readonly key?: Buffer | string | null;
  readonly value: Buffer | string | null;
  readonly headers?: KafkaMessage['headers'];
}

/** The consumer settings a consumer group may tune (the rest are the plumbing's). */
export interface ConsumerTuning {
  /** Default 10 s. */
  readonly sessionTimeoutMs?: number;
  /** Fetch sizes; default kafkajs's (1 MB per partition, 10 MB in all). */
  readonly maxBytesPerPartition?: number;
  readonly maxBytes?: number;
}

export interface EventConsumerOptions {
  readonly kafka: Kafka;
  readonly dataSource: DataSource;
  /** The consuming service's schema: its inbox and outbox live there. */
  readonly schema: string;
  /** Consumer group id, also the inbox's consumer name. */
  readonly groupId: string;
  readonly handlers: EventHandlers;
  /** Topics applied a chunk at a time by a handler that owns the transaction (the ledger's). */
  readonly batchHandlers?: BatchEventHandlers;
  readonly tuning?: ConsumerTuning;
  /** Used for dead letters. */
  readonly producer: EventProducer;
  readonly attemptsMax?: number;
  /** Most events per transaction (per call of a batch handler). Default 500. */
  readonly transactionSizeMax?: number;
  readonly fromBeginning?: boolean;
  readonly logger?: PlumbingLogger;
  /** Test seam: runs after the DB transaction committed and before the offset commit. */
  readonly afterTransactionCommit?: (batch: {
    topic: string;
    partition: number;
    lastOffset: string;
  }) => Promise<void>;
}

interface ValidEvent {
  readonly message: KafkaMessage;
  readonly event: ConsumedEvent;
  readonly handler: EventHandler;
}

/**
 * How long the broker may hold a fetch while a consumer's partitions have nothing new. The broker
 * answers as soon as a message arrives, so this costs no latency; a short wait only makes an idle
 * consumer (and the broker) spin, about a request per wait per service. It bounds how long a
 * consumer's stop and a rebalance wait for the fetch in flight.
 */
export const FETCH_WAIT_MS_MAX = 2000;
/** Kafka's usual third of the session timeout: a heartbeat is a request to the broker too. */
export const HEARTBEAT_INTERVAL_MS = 3000;

/**
 * Consumes with manual offset commits: a batch is applied in one DB transaction that also records
 * every event id in the inbox, and only then is the offset committed. A redelivered event finds
 * its id in the inbox and changes nothing. A malformed event, or one that keeps failing, goes to
 * `<topic>.dlq` with the reason and the partition moves on.
 */
export class EventConsumer {
  private readonly supervisor: ConsumerSupervisor;
  private readonly logger: PlumbingLogger;
  private readonly attemptsMax: number;
  private readonly transactionSizeMax: number;
  private started = false;

  constructor(private readonly options: EventConsumerOptions) {
    this.logger = options.logger ?? jsonLogger;
    this.attemptsMax = options.attemptsMax ?? 3;
    this.transactionSizeMax = options.transactionSizeMax ?? 500;
    const tuning = options.tuning ?? {};
    this.supervisor = new ConsumerSupervisor({
      name: options.groupId,
      logger: this.logger,
      create: () =>
        options.kafka.consumer({
          groupId: options.groupId,
          sessionTimeout: tuning.sessionTimeoutMs ?? 10000,
          heartbeatInterval: HEARTBEAT_INTERVAL_MS,
          maxWaitTimeInMs: FETCH_WAIT_MS_MAX,
          ...(tuning.maxBytesPerPartition !== undefined
            ? { maxBytesPerPartition: tuning.maxBytesPerPartition }
            : {}),
          ...(tuning.maxBytes !== undefined ? { maxBytes: tuning.maxBytes } : {}),
          allowAutoTopicCreation: false,
          retry: { initialRetryTime: 200, maxRetryTime: 5000, retries: 20 },
        }),
      run: (consumer) => this.runConsumer(consumer),
    });
  }

  get topics(): string[] {
    return [
      ...Object.keys(this.options.handlers),
      ...Object.keys(this.options.batchHandlers ?? {}),
    ];
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.options.producer.connect();
    await this.supervisor.start();
  }

  private async runConsumer(consumer: Consumer): Promise<void> {
    await consumer.connect();
    await consumer.subscribe({
      topics: this.topics,
      fromBeginning: this.options.fromBeginning ?? true,
    });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 1,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        for (let start = 0; start < batch.messages.length; start += this.transactionSizeMax) {
          if (!isRunning() || isStale()) return;
          const chunk = batch.messages.slice(start, start + this.transactionSizeMax);
          const batchHandler = this.options.batchHandlers?.[batch.topic as TopicName];
          if (batchHandler === undefined) await this.processChunk(batch, chunk);
          else await this.processBatchChunk(batch, chunk, batchHandler);
          const lastOffset = chunk[chunk.length - 1]?.offset;
          if (lastOffset === undefined) continue;
          await this.options.afterTransactionCommit?.({
            topic: batch.topic,
            partition: batch.partition,
            lastOffset,
          });
          await consumer.commitOffsets([
            {
              topic: batch.topic,
              partition: batch.partition,
              offset: (BigInt(lastOffset) + 1n).toString(),
            },
          ]);
          resolveOffset(lastOffset);
          await heartbeat();
        }
      },
    });
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.supervisor.stop();
  }

  private async processChunk(batch: Batch, messages: KafkaMessage[]): Promise<void> {
    const handler = this.options.handlers[batch.topic as TopicName] as EventHandler | undefined;
    const valid: ValidEvent[] = [];
    for (const message of messages) {
      const checked =
        handler === undefined
          ? { ok: false as const, reason: `no handler for topic ${batch.topic}` }
          : parseConsumedEvent(batch.topic, batch.partition, message);
      if (checked.ok)
        valid.push({ message, event: checked.event, handler: handler as EventHandler });
      else await this.deadLetter(batch, message, 'MALFORMED', checked.reason, 0);
    }
    if (valid.length === 0) return;
    try {
      await this.applyInOneTransaction(valid);
    } catch (error) {
      // One bad event must not sink its neighbours: apply them one by one to find it.
      this.logger.warn('batch transaction failed; applying one by one', {
        consumer: this.options.groupId,
        error: String(error),
      });
      for (const item of valid) await this.applyAlone(batch, item);
    }
  }

  /** A chunk for a batch handler: malformed messages dead-lettered, the rest handed over at once. */
  private async processBatchChunk(
    batch: Batch,
    messages: KafkaMessage[],
    handler: BatchEventHandler,
  ): Promise<void> {
    const events: ConsumedEvent[] = [];
    for (const message of messages) {
      const checked = parseConsumedEvent(batch.topic, batch.partition, message);
      if (checked.ok) events.push(checked.event);
      else await this.deadLetter(batch, message, 'MALFORMED', checked.reason, 0);
    }
    if (events.length > 0) await handler(events);
    kafkaMetrics
      .consumed()
      .inc({ consumer: this.options.groupId, topic: batch.topic }, events.length);
  }

  private async applyInOneTransaction(items: ReadonlyArray<ValidEvent>): Promise<void> {
    const { dataSource, schema, groupId } = this.options;
    const applied = await dataSource.transaction(async (manager) => {
      const fresh = await claimInbox(
        manager,
        schema,
        groupId,
        items.map(({ event }) => ({
          eventId: event.envelope.id,
          topic: event.topic,
          partition: event.partition,
          offset: event.offset,
        })),
      );
      let count = 0;
      for (const item of items) {
        // The inbox answers once per id, so a duplicate within the batch is applied once too.
        if (!fresh.delete(item.event.envelope.id)) {
          kafkaMetrics.duplicates().inc({ consumer: groupId, topic: item.event.topic });
          continue;
        }
        await runInManager(manager, schema, (uow) => item.handler(item.event, uow));
        count += 1;
      }
      return count;
    });
    kafkaMetrics.consumerLagRounds().set({ consumer: groupId }, applied);
    if (applied > 0)
      kafkaMetrics
        .consumed()
        .inc({ consumer: groupId, topic: items[0]?.event.topic ?? '' }, applied);
  }

  private async applyAlone(batch: Batch, item: ValidEvent): Promise<void> {
    let lastError: unknown;
    for (let attempt = 1; attempt <= this.attemptsMax; attempt++) {
      try {
        await this.applyInOneTransaction([item]);
        return;
      } catch (error) {
        lastError = error;
        await delay(50 * attempt);
      }
    }
    // A database that is down is not the message's fault: fail the batch so Kafka redelivers it.
    // The last error is checked too: a server that was restarting during the attempts may answer
    // again by the time of the probe, and the message must not be dead-lettered for that.
    if (isDatabaseUnavailableError(lastError) || !(await this.databaseAnswers())) {
      throw new Error(
        `database unavailable while applying ${item.event.topic}@${item.event.offset}: ${String(lastError)}`,
      );
    }
    await this.deadLetter(
      batch,
      item.message,
      'PROCESSING_FAILED',
      String(lastError),
      this.attemptsMax,
    );
  }

  private async databaseAnswers(): Promise<boolean> {
    try {
      await this.options.dataSource.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  private async deadLetter(
    batch: Batch,
    message: KafkaMessage,
    cause: DeadLetterCause,
    reason: string,
    attempts: number,
  ): Promise<void> {
    const consumer = this.options.groupId;
    await this.options.producer.send([
      deadLetterMessage({
        topic: batch.topic,
        partition: batch.partition,
        offset: message.offset,
        key: message.key === null ? null : message.key.toString('utf8'),
        value: message.value === null ? null : message.value.toString('utf8'),
        headers: headersToStrings(message.headers),
        consumer,
        cause,
        reason,
        attempts,
      }),
    ]);
    kafkaMetrics.deadLettered().inc({ consumer, topic: batch.topic, cause });
    this.logger.warn('event dead-lettered', {
      consumer,
      topic: batch.topic,
      partition: batch.partition,
      offset: message.offset,
      cause,
      reason,
    });
  }
}

/**
 * A message of `topic` as the event its envelope carries, checked against the topic's schema, or
 * why it is malformed.
 */
export function parseConsumedEvent(
  topic: string,
  partition: number,
  message: WireMessage,
): { ok: true; event: ConsumedEvent } | { ok: false; reason: string } {
  const headers = headersToStrings(message.headers);
  const value = message.value;
  const parsed = wireToEnvelope(
    headers,
    value === null ? null : typeof value === 'string' ? value : value.toString('utf8'),
  );
  if (!parsed.ok) return { ok: false, reason: parsed.reason };
  if (parsed.envelope.type !== topic)
    return { ok: false, reason: `ce_type ${parsed.envelope.type} does not match topic ${topic}` };
  const data = validateEventData(topic as TopicName, parsed.envelope.data);
  if (!data.ok) return { ok: false, reason: data.reason };
  return {
    ok: true,
    event: {
      topic,
      partition,
      offset: message.offset,
      envelope: { ...parsed.envelope, data: data.data },
    },
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
