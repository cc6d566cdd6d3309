import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { markPublished, outboxChannel, readUnpublished, tryTakeRelayLock } from '@riskpool/db';
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
  readonly pollIntervalMs?: number;
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
  private wake: (() => void) | undefined;
  private listener: Client | undefined;
  private readonly logger: PlumbingLogger;
  private readonly batchSizeMax: number;
  private readonly pollIntervalMs: number;
  private readonly backoffMsMax: number;

  constructor(private readonly options: OutboxRelayOptions) {
    this.logger = options.logger ?? jsonLogger;
    this.batchSizeMax = options.batchSizeMax ?? 500;
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.backoffMsMax = options.backoffMsMax ?? 5000;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.options.producer.connect();
    await this.startListening();
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    this.loop = undefined;
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
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
        const published = await this.publishPending();
        failures = 0;
        if (published > 0) kafkaMetrics.published().inc({ schema: this.options.schema }, published);
        if (published < this.batchSizeMax) await this.sleep(this.pollIntervalMs);
      } catch (error) {
        failures += 1;
        kafkaMetrics.relayErrors().inc({ schema: this.options.schema });
        const delayMs = Math.min(this.backoffMsMax, 100 * 2 ** Math.min(failures, 10));
        this.logger.warn('outbox relay round failed; retrying', {
          schema: this.options.schema,
          error: String(error),
          delayMs,
        });
        await this.sleep(delayMs);
      }
    }
  }

  private async startListening(): Promise<void> {
    if (this.options.listenUrl === undefined) return;
    try {
      const client = new Client({ connectionString: this.options.listenUrl });
      client.on('notification', () => this.wake?.());
      // A lost LISTEN connection only costs latency: the poll still finds every row.
      client.on('error', (error) =>
        this.logger.warn('outbox listener lost', { error: String(error) }),
      );
      await client.connect();
      await client.query(`LISTEN "${outboxChannel(this.options.schema)}"`);
      this.listener = client;
    } catch (error) {
      this.logger.warn('outbox listener unavailable; polling only', { error: String(error) });
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
