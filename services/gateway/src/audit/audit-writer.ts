import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { GATEWAY_CONFIG, GatewaySettings } from '../gateway.tokens';
import { AuditRecord, AuditRepository } from './audit.repository';

const BATCH_MAX = 500;
const QUEUE_MAX = 50_000;

/**
 * Audit rows are written in batches off the request path (one INSERT per AUDIT_FLUSH_MS or
 * 500 rows), so auditing costs a request no database round trip. Whatever is queued is written
 * when the gateway stops.
 */
@Injectable()
export class AuditWriter implements OnModuleDestroy {
  private readonly logger = new Logger('audit');
  private queue: AuditRecord[] = [];
  private readonly timer: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditRepository,
    @Inject(GATEWAY_CONFIG) settings: GatewaySettings,
  ) {
    this.timer = setInterval(() => void this.flush(), settings.config.AUDIT_FLUSH_MS);
    this.timer.unref();
  }

  record(record: AuditRecord): void {
    if (this.queue.length >= QUEUE_MAX) {
      this.logger.error(`audit queue full: dropping the record of request ${record.requestId}`);
      return;
    }
    this.queue.push(record);
    if (this.queue.length >= BATCH_MAX) void this.flush();
  }

  /** Writes everything queued so far. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.writeQueued());
    return this.flushing;
  }

  private async writeQueued(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.slice(0, BATCH_MAX);
      try {
        await this.audit.insertMany(this.dataSource.manager, batch);
        this.queue = this.queue.slice(batch.length);
      } catch (error) {
        this.logger.error(
          `could not write ${batch.length} audit rows (will retry): ${String(error)}`,
        );
        return;
      }
    }
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
