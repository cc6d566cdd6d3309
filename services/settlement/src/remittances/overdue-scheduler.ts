import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { runInTransaction } from '@riskpool/db';
import { CheckOverdueHandler } from './commands/check-overdue/check-overdue.handler';
import { RemittanceRepository } from './persistence/remittance.repository';

/**
 * Runs the overdue check against the latest business date announced by the clock
 * (gateway.business-date-changed.v1, which also checks at once), every interval: owed amounts
 * recorded since then are caught on the date already known. Never uses the machine's clock.
 */
export class OverdueScheduler {
  private readonly logger = new Logger('overdue-check');
  private readonly repository: RemittanceRepository;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;

  constructor(
    private readonly dataSource: DataSource,
    private readonly schema: string,
    private readonly handler: CheckOverdueHandler,
    private readonly intervalMs: number,
  ) {
    this.repository = new RemittanceRepository(schema);
  }

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => this.kick(), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  kick(): void {
    if (this.stopped) return;
    if (this.running !== undefined) {
      this.again = true;
      return;
    }
    this.running = this.check()
      .catch((error: unknown) => this.logger.error(`overdue check failed: ${String(error)}`))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  private async check(): Promise<void> {
    const date = await this.repository.latestBusinessDate(this.dataSource.manager);
    if (date === undefined) return;
    const { raised, cosharerRaised } = await runInTransaction(this.dataSource, this.schema, (uow) =>
      this.handler.handle(uow, date),
    );
    if (raised.length > 0) this.logger.log(`${raised.length} owed amount(s) overdue on ${date}`);
    if (cosharerRaised.length > 0)
      this.logger.log(`${cosharerRaised.length} co-sharer obligation(s) overdue on ${date}`);
  }
}
