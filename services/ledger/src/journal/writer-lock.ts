import { Client } from 'pg';

export interface WriterLockOptions {
  readonly databaseUrl: string;
  readonly schema: string;
  /** How long to wait for another writer to let go before refusing to start. */
  readonly waitMs: number;
  readonly logger?: { warn(message: string, fields?: Record<string, unknown>): void };
}

/**
 * The single-writer lock of one ledger schema: a PostgreSQL advisory lock held by a session of its
 * own. If that session ends (database restart, network, a killed backend) another writer may take
 * over, so this one must not write again.
 */
export class WriterLock {
  private client: Client | undefined;
  /** Set when the lock's session ended under us: another writer may hold the lock now. */
  private lost = false;

  constructor(private readonly options: WriterLockOptions) {}

  /** True once the session that held the lock has ended, until the lock is taken again. */
  get sessionEnded(): boolean {
    return this.lost;
  }

  /** True while this writer holds the lock. */
  get held(): boolean {
    return this.client !== undefined && !this.lost;
  }

  /** Waits (up to `waitMs`) for the lock, connecting again when the connection fails. */
  async take(): Promise<void> {
    const { schema, waitMs, logger } = this.options;
    const deadline = Date.now() + waitMs;
    const held = new Error(`another ledger writer holds the lock on schema ${schema}`);
    for (;;) {
      const client = new Client({
        connectionString: this.options.databaseUrl,
        application_name: 'ledger-writer-lock',
      });
      const lost = () => {
        if (this.client === client) this.lost = true;
      };
      client.on('error', lost);
      client.on('end', lost);
      try {
        await client.connect();
        for (;;) {
          const rows = await client.query<{ ok: boolean }>(
            'SELECT pg_try_advisory_lock(hashtext($1)) AS ok',
            [`riskpool.ledger.writer.${schema}`],
          );
          if (rows.rows[0]?.ok === true) {
            this.client = client;
            this.lost = false;
            return;
          }
          if (Date.now() >= deadline) throw held;
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
      } catch (error) {
        await client.end().catch(() => undefined);
        if (error === held || Date.now() >= deadline) throw error;
        // A standby outlives a database failover (docs/deploy.md): it connects again and waits on.
        logger?.warn('writer lock: the connection failed while waiting; again', {
          error: String(error),
        });
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    }
  }

  /** Refuses to write without the lock (the seq primary key would also stop a second writer). */
  require(): void {
    if (!this.held)
      throw new Error(`the ledger writer lost its lock on schema ${this.options.schema}`);
  }

  /** Lets go: ends the lock's session. */
  async release(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}
