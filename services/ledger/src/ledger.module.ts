import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { jsonLogger } from '@riskpool/kafka';
import { serviceModule } from '@riskpool/service-kit';
import { LedgerConfig, ledgerIdentityKeyOf } from './config/ledger.config';
import { LedgerBatchConsumer } from './journal/ledger-batch.consumer';
import { LedgerWriter } from './journal/ledger-writer';
import { loadSigningKeys } from './keys/signing-key-source';
import { LedgerHttpController } from './queries/ledger.http.controller';
import { LedgerQueries } from './queries/ledger-queries';
import { ReportsHttpController } from './queries/reports.http.controller';
import { ReconciliationHttpController } from './reconciliation/reconciliation.http.controller';
import { ReconciliationService } from './reconciliation/reconciliation.service';
import { StatementIssuer } from './statements/statement-issuer';
import { StatementsHttpController } from './statements/statements.http.controller';

export const LEDGER_CONFIG = Symbol('LEDGER_CONFIG');

/**
 * Starts the writer (lock, rebuild) with the app, before its consumer (LedgerBatchConsumer, which
 * the kit starts once the app is up); stops it, after the consumer, before the DB closes.
 */
@Injectable()
export class LedgerLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  private reconcileTimer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(LedgerWriter) private readonly writer: LedgerWriter,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(ReconciliationService) private readonly reconciliation: ReconciliationService,
    @Inject(StatementIssuer) private readonly statements: StatementIssuer,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // A replay target (README "Replay") only rebuilds the journal: it issues no statements (the
    // live ledger's are in the topics, their anchors come with the replay) and consumes nothing.
    const replayTarget = this.config.LEDGER_CONSUMER === 'disabled';
    if (!replayTarget) this.writer.setAuditListener(this.statements);
    await this.writer.start();
    if (replayTarget) return;
    // Statements of months closed before a stop and not issued yet.
    this.statements.afterCommit();
    const every = this.config.LEDGER_RECONCILE_SECONDS;
    if (every > 0) {
      this.reconcileTimer = setInterval(() => {
        this.reconciliation
          .run()
          .catch((error: unknown) =>
            jsonLogger.warn('reconciliation check failed', { error: String(error) }),
          );
      }, every * 1000);
      this.reconcileTimer.unref();
    }
  }

  async onModuleDestroy(): Promise<void> {
    if (this.reconcileTimer) clearInterval(this.reconcileTimer);
    await this.writer.stop();
    await this.statements.close();
  }
}

export function ledgerModule(config: LedgerConfig, dataSource: DataSource, schema: string) {
  return serviceModule('LedgerModule', {
    controllers: [
      LedgerHttpController,
      ReportsHttpController,
      ReconciliationHttpController,
      StatementsHttpController,
    ],
    // A @BatchEventPattern handler; a replay target (README "Replay") consumes nothing.
    consumers: config.LEDGER_CONSUMER === 'disabled' ? [] : [LedgerBatchConsumer],
    providers: [
      { provide: LEDGER_CONFIG, useValue: config },
      {
        provide: LedgerWriter,
        useFactory: () =>
          new LedgerWriter({
            dataSource,
            schema,
            databaseUrl: config.DATABASE_URL,
            checkpointEvery: config.LEDGER_CHECKPOINT_EVERY,
            checkpointSeconds: config.LEDGER_CHECKPOINT_SECONDS,
            keys: loadSigningKeys(config),
            appRole: config.LEDGER_DB_APP_ROLE,
            // A replay target (consumer disabled) does not announce the entries again.
            entryEvents:
              config.LEDGER_CONSUMER === 'disabled' ? 'none' : config.LEDGER_ENTRY_EVENTS,
            lockWaitMs: config.LEDGER_WRITER_LOCK_WAIT_MS,
            logger: jsonLogger,
          }),
      },
      { provide: LedgerQueries, useFactory: () => new LedgerQueries(dataSource, schema) },
      {
        provide: ReconciliationService,
        inject: [LedgerWriter],
        useFactory: (writer: LedgerWriter) =>
          new ReconciliationService({
            dataSource,
            schema,
            writer,
            poolAllocationUrl: config.POOL_ALLOCATION_URL,
            settlementUrl: config.SETTLEMENT_URL,
            subsidyUrl: config.SUBSIDY_URL,
            identityKey: ledgerIdentityKeyOf(config),
            confirmMs: config.LEDGER_RECONCILE_CONFIRM_MS,
            logger: jsonLogger,
          }),
      },
      {
        provide: StatementIssuer,
        inject: [LedgerWriter],
        useFactory: (writer: LedgerWriter) =>
          new StatementIssuer({
            dataSource,
            schema,
            journalSize: () => writer.ledgerState.size,
            fontFile: config.STATEMENT_FONT_FILE,
            logger: jsonLogger,
          }),
      },
      LedgerLifecycle,
    ],
    exports: [LedgerWriter],
  });
}
