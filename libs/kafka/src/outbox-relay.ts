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
  private wake: (() => void) | undefined;
  /** A commit was notified since the last look: the next sleep returns at once. */
  private notified = false;
  private listenTriedAt = 0;
  private listener: Client | undefined;
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
    this.notify();
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
        await this.listenAgainIfLost();
        this.notified = false;
        const published = await this.publishPending();
        failures = 0;
        if (published > 0) kafkaMetrics.published().inc({ schema: this.options.schema }, published);
        if (published < this.batchSizeMax)
          await this.sleep(this.listener ? this.listeningPollIntervalMs : this.pollIntervalMs);
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

  /** Re-LISTENs after a lost connection, at most every listening interval; before the look. */
  private async listenAgainIfLost(): Promise<void> {
    if (this.options.listenUrl === undefined || this.listener) return;
    if (Date.now() - this.listenTriedAt < this.listeningPollIntervalMs) return;
    await this.startListening();
  }

  private async startListening(): Promise<void> {
    if (this.options.listenUrl === undefined) return;
    this.listenTriedAt = Date.now();
    const client = new Client({ connectionString: this.options.listenUrl });
    try {
      client.on('notification', () => this.notify());
      // A lost LISTEN connection costs latency only: the relay polls at the short interval again
      // and finds every row.
      const lost = (error?: unknown) => {
        if (this.listener !== client) return;
        this.listener = undefined;
        if (this.running) this.logger.warn('outbox listener lost', { error: String(error) });
        this.notify();
      };
      client.on('error', lost);
      client.on('end', () => lost('connection ended'));
      await client.connect();
      await client.query(`LISTEN "${outboxChannel(this.options.schema)}"`);
      this.listener = client;
    } catch (error) {
      await client.end().catch(() => undefined);
      this.logger.warn('outbox listener unavailable; polling only', { error: String(error) });
    }
  }

  private notify(): void {
    this.notified = true;
    this.wake?.();
  }

  /** Waits `ms`, or less if a commit is (or was, since the last look) notified. */
  private sleep(ms: number): Promise<void> {
    if (this.notified || !this.running) return Promise.resolve();
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined = undefined;
      const done = (): void => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}
