import { DataSource } from 'typeorm';
import { PrunedRows, pruneServiceTables, RetentionHours, tryTakeRetentionLock } from '@riskpool/db';

export interface RetentionSweeperOptions extends RetentionHours {
  readonly dataSource: DataSource;
  readonly schema: string;
  readonly everyMs: number;
  readonly log: (message: string, fields: Record<string, unknown>) => void;
}

/**
 * Prunes the schema's outbox, inbox and idempotency tables on a timer (ADR 0018). Every instance
 * runs one; the advisory lock lets one of them sweep a round and the others skip it.
 */
export class RetentionSweeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(private readonly options: RetentionSweeperOptions) {}

  start(): void {
    // The first sweep waits a round too: a start is busy enough, and restarts must not stampede.
    this.timer = setInterval(() => {
      this.running ??= this.sweep()
        .catch((error: unknown) =>
          this.options.log('retention sweep failed; next round retries', { error: String(error) }),
        )
        .finally(() => (this.running = undefined));
    }, this.options.everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One round; undefined when another instance holds the round. */
  async sweep(): Promise<PrunedRows | undefined> {
    const { dataSource, schema } = this.options;
    const pruned = await dataSource.transaction(async (manager) =>
      (await tryTakeRetentionLock(manager, schema))
        ? pruneServiceTables(manager, schema, this.options)
        : undefined,
    );
    if (pruned !== undefined && pruned.outbox + pruned.inbox + pruned.idempotency > 0)
      this.options.log('retention sweep', { schema, ...pruned });
    return pruned;
  }
}
