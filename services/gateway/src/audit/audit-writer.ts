import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditRecord, AuditRepository } from './audit.repository';

const BATCH_MAX = 500;

interface Waiting {
  readonly record: AuditRecord;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Writes audit records durably before their answers leave (docs/adr/0016): `write` resolves once
 * the record is committed. Records that arrive while an INSERT is on its way wait and go together
 * in the next one (group commit), so under load a request costs a share of one round trip, and
 * the audit trail uses one database connection at a time.
 */
@Injectable()
export class AuditWriter implements OnModuleDestroy {
  private readonly logger = new Logger('audit');
  private waiting: Waiting[] = [];
  private writing: Promise<void> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditRepository,
  ) {}

  /** Resolves when the record is committed; rejects when it could not be written. */
  write(record: AuditRecord): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ record, resolve, reject });
      this.writing ??= this.drain();
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.waiting.length > 0) {
        const batch = this.waiting.slice(0, BATCH_MAX);
        this.waiting = this.waiting.slice(batch.length);
        try {
          await this.audit.insertMany(
            this.dataSource.manager,
            batch.map((w) => w.record),
          );
          for (const w of batch) w.resolve();
        } catch (error) {
          this.logger.error(`could not write ${batch.length} audit records: ${String(error)}`);
          for (const w of batch) w.reject(error);
        }
      }
    } finally {
      this.writing = undefined;
    }
  }

  /** Waits for the records on their way. */
  async onModuleDestroy(): Promise<void> {
    while (this.writing !== undefined) await this.writing;
  }
}
