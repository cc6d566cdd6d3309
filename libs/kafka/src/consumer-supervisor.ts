import { Consumer } from 'kafkajs';
import { PlumbingLogger } from './logger';

export interface ConsumerSupervisorOptions {
  /** The consumer group, for the logs. */
  readonly name: string;
  /** Makes a new kafkajs consumer (same group and settings each time). */
  readonly create: () => Consumer;
  /** Connects, subscribes and runs the consumer it is given. */
  readonly run: (consumer: Consumer) => Promise<void>;
  readonly logger: PlumbingLogger;
}

/**
 * Keeps one kafkajs consumer running. kafkajs restarts a crashed consumer only after a retriable
 * error; after a non-retriable one (e.g. "The coordinator is not aware of this member" when a slow
 * batch outlived the session) the consumer stays stopped while the service looks healthy. The
 * supervisor starts a new one instead.
 */
export class ConsumerSupervisor {
  private consumer: Consumer;
  private restartTimer: NodeJS.Timeout | undefined;
  private started = false;

  constructor(private readonly options: ConsumerSupervisorOptions) {
    this.consumer = this.create();
  }

  /** The consumer running now (a restart replaces it): commit offsets on this one. */
  get current(): Consumer {
    return this.consumer;
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.options.run(this.consumer);
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    if (this.restartTimer !== undefined) clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    await this.consumer.disconnect();
  }

  private create(): Consumer {
    const consumer = this.options.create();
    consumer.on(consumer.events.CRASH, (event) => {
      if (event.payload.restart || !this.started || consumer !== this.consumer) return;
      this.options.logger.warn(
        'consumer crashed and was not restarted by kafkajs; starting a new one',
        { consumer: this.options.name, error: String(event.payload.error) },
      );
      this.scheduleRestart(1_000);
    });
    return consumer;
  }

  private scheduleRestart(delayMs: number): void {
    if (this.restartTimer !== undefined) return;
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      void this.restart();
    }, delayMs);
  }

  private async restart(): Promise<void> {
    if (!this.started) return;
    await this.consumer.disconnect().catch(() => undefined);
    this.consumer = this.create();
    try {
      await this.options.run(this.consumer);
    } catch (error) {
      this.options.logger.warn('consumer restart failed; trying again', {
        consumer: this.options.name,
        error: String(error),
      });
      this.scheduleRestart(5_000);
    }
  }
}
