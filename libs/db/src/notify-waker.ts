import { Client } from 'pg';

export interface NotifyWakerOptions {
  /** The database to LISTEN on; undefined: never woken, the caller polls. */
  readonly listenUrl: string | undefined;
  readonly channel: string;
  /** How often to try LISTEN again after losing it. */
  readonly relistenMs: number;
  readonly onLost?: (error: string) => void;
}

/**
 * Wakes a polling loop when a transaction that did `pg_notify(channel)` commits, so the loop can
 * sleep long (a safety poll) instead of spinning. No wake-up is lost: a notification that arrives
 * while the loop is working makes its next sleep return at once. A lost LISTEN connection wakes
 * the loop too (it should look, and poll at its short interval until LISTEN is back).
 */
export class NotifyWaker {
  private client: Client | undefined;
  private wake: (() => void) | undefined;
  private notified = false;
  private triedAt = 0;
  private closed = false;

  constructor(private readonly options: NotifyWakerOptions) {}

  /** True while the LISTEN connection is up: the loop may use its long interval. */
  get listening(): boolean {
    return this.client !== undefined;
  }

  /** LISTENs if not yet (or no longer) and not tried within `relistenMs`. Call before each look. */
  async ensureListening(): Promise<void> {
    if (this.options.listenUrl === undefined || this.client || this.closed) return;
    if (this.triedAt !== 0 && Date.now() - this.triedAt < this.options.relistenMs) return;
    this.triedAt = Date.now();
    const client = new Client({ connectionString: this.options.listenUrl });
    const lost = (error: unknown) => {
      if (this.client !== client) return;
      this.client = undefined;
      if (!this.closed) this.options.onLost?.(String(error));
      this.notify();
    };
    try {
      client.on('notification', () => this.notify());
      client.on('error', lost);
      client.on('end', () => lost('connection ended'));
      await client.connect();
      await client.query(`LISTEN "${this.options.channel}"`);
      this.client = client;
    } catch (error) {
      await client.end().catch(() => undefined);
      this.options.onLost?.(String(error));
    }
  }

  /** Forgets the notifications so far: call right before each look (see `sleep`). */
  clear(): void {
    this.notified = false;
  }

  /** Wakes a sleeping loop (a notification, a stop, or new work known in-process). */
  notify(): void {
    this.notified = true;
    this.wake?.();
  }

  /** Waits `ms`, or less if notified since the last `clear()`. */
  sleep(ms: number): Promise<void> {
    if (this.notified || this.closed) return Promise.resolve();
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

  async close(): Promise<void> {
    this.closed = true;
    this.notify();
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}
