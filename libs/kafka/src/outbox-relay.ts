import { DataSource } from 'typeorm';
import {
  markPublished,
  NotifyWaker,
  outboxChannel,
  readUnpublished,
  tryTakeRelayLock,
} from '@riskpool/db';
import { EventProducer } from './event-producer';
import { kafkaMetrics } from './metrics';
import { PlumbingLogger, jsonLogger } from './logger';

export interface OutboxRelayOptions {
  readonly dataSource: DataSource;
  readonly schema: string;
  readonly producer: EventProducer;
  /** When given, the relay LISTENs for commits and publishes at once instead of at the next poll. */
  readonly listenUrl?: string;
  readonly batchSizeMax?: number;
  /** How often to look for rows while no LISTEN connection is up. */
  readonly pollIntervalMs?: number;
  /**
   * How often to look anyway while LISTEN is up: a safety net for a notification that never came
   * (e.g. rows committed while another instance held the relay lock and then died).
   */
  readonly listeningPollIntervalMs?: number;
  readonly backoffMsMax?: number;
  readonly logger?: PlumbingLogger;
}

/**
 * Publishes committed outbox rows in commit order and marks them sent. A crash between the send
 * and the mark publishes a row twice at worst; consumers drop the copy through their inbox.
 */
export class OutboxRelay {
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly waker: NotifyWaker;
  private readonly logger: PlumbingLogger;
  private readonly batchSizeMax: number;
  private readonly pollIntervalMs: number;
  private readonly listeningPollIntervalMs: number;
  private readonly backoffMsMax: number;

  constructor(private readonly options: OutboxRelayOptions) {
    this.logger = options.logger ?? jsonLogger;
    this.batchSizeMax = options.batchSizeMax ?? 500;
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.listeningPollIntervalMs = options.listeningPollIntervalMs ?? 5000;
    this.backoffMsMax = options.backoffMsMax ?? 5000;
    this.waker = new NotifyWaker({
      listenUrl: options.listenUrl,
      channel: outboxChannel(options.schema),
      relistenMs: this.listeningPollIntervalMs,
      // A lost LISTEN connection costs latency only: the relay polls at the short interval until
      // it LISTENs again, and finds every row.
      onLost: (error) => {
        if (this.running)
          this.logger.warn('outbox listener lost', { schema: options.schema, error });
      },
    });
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.options.producer.connect();
    await this.waker.ensureListening();
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.waker.notify();
    await this.loop;
    this.loop = undefined;
    await this.waker.close();
  }

  /** One relay round: publishes up to a batch; returns how many rows it published. */
  async publishPending(): Promise<number> {
    const { dataSource, schema, producer } = this.options;
    return dataSource.transaction(async (manager) => {
      if (!(await tryTakeRelayLock(manager, schema))) return 0;
      const rows = await readUnpublished(manager, schema, this.batchSizeMax);
      if (rows.length === 0) return 0;
      await producer.send(
        rows.map((row) => ({
          topic: row.topic,
          key: row.key,
          value: row.payload,
          headers: row.headers,
        })),
      );
      await markPublished(
        manager,
        schema,
        rows.map((row) => row.seq),
      );
      return rows.length;
    });
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        await this.waker.ensureListening();
        this.waker.clear();
        const published = await this.publishPending();
        failures = 0;
        if (published > 0) kafkaMetrics.published().inc({ schema: this.options.schema }, published);
        if (published < this.batchSizeMax)
          await this.waker.sleep(
            this.waker.listening ? this.listeningPollIntervalMs : this.pollIntervalMs,
          );
      } catch (error) {
        failures += 1;
        kafkaMetrics.relayErrors().inc({ schema: this.options.schema });
        const delayMs = Math.min(this.backoffMsMax, 100 * 2 ** Math.min(failures, 10));
        this.logger.warn('outbox relay round failed; retrying', {
          schema: this.options.schema,
          error: String(error),
          delayMs,
        });
        await this.waker.sleep(delayMs);
      }
    }
  }
}
