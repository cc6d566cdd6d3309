import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { serviceModule } from '@riskpool/service-kit';
import { parseAccountMap, SettlementConfig } from './config/settlement.config';
import { PlanPayoutsHandler } from './payouts/commands/plan-payouts/plan-payouts.handler';
import { PlanSubsidyPaymentsHandler } from './subsidy-payments/plan-subsidy-payments.handler';
import { ListPayoutsController } from './payouts/queries/list-payouts/list-payouts.http.controller';
import { PAYMENT_RAIL, PaymentRail } from './payouts/rails/payment-rail.port';
import { Pain001FileRail } from './payouts/rails/pain001/pain001-file-rail';
import { SimulatedRail } from './payouts/rails/simulated-rail';
import { SettlementTotalsController } from './shared/totals.http.controller';
import { PaymentRunner } from './payouts/runner/payment-runner';
import { CheckOverdueController } from './remittances/commands/check-overdue/check-overdue.http.controller';
import { CheckOverdueHandler } from './remittances/commands/check-overdue/check-overdue.handler';
import { RecordRecoveryShareHandler } from './remittances/commands/record-recovery-share/record-recovery-share.handler';
import { RecordRemittanceController } from './remittances/commands/record-remittance/record-remittance.http.controller';
import { RecordRemittanceHandler } from './remittances/commands/record-remittance/record-remittance.handler';
import { OverdueScheduler } from './remittances/overdue-scheduler';
import { RemittanceQueriesController } from './remittances/queries/list-remittances.http.controller';
import { RecordPolicyHandler } from './remittances/commands/record-policy/record-policy.handler';
import { SETTLEMENT_CONFIG, SETTLEMENT_SCHEMA } from './shared/tokens';
import { CosharerObligationQueriesController } from './cosharers/list-cosharer-obligations.http.controller';
import { RecordCosharerObligationsHandler } from './cosharers/record-cosharer-obligations.handler';
import { RecordCosharerSettlementController } from './cosharers/record-settlement/record-cosharer-settlement.http.controller';
import { RecordCosharerSettlementHandler } from './cosharers/record-settlement/record-cosharer-settlement.handler';
import { PoolPayoutEventsConsumer } from './payouts/consumers/pool-payout-events.consumer';
import { BusinessClockConsumer } from './remittances/consumers/business-clock.consumer';
import { PoolRemittanceEventsConsumer } from './remittances/consumers/pool-remittance-events.consumer';
import { SubsidyRoundApprovedConsumer } from './subsidy-payments/subsidy-round-approved.consumer';

export function createRail(
  config: SettlementConfig,
  dataSource: DataSource,
  schema: string,
): PaymentRail {
  if (config.PAYMENT_RAIL === 'PAIN001_FILE')
    return new Pain001FileRail({
      dataSource,
      schema,
      outboxDir: config.PAIN001_OUTBOX_DIR,
      inboxDir: config.PAIN001_INBOX_DIR,
      custodianBic: config.PAIN001_CUSTODIAN_BIC,
      initiatingParty: config.PAIN001_INITIATING_PARTY,
      fundAccounts: parseAccountMap(config.PAIN001_FUND_ACCOUNTS),
      bankAccounts: parseAccountMap(config.PAIN001_BANK_ACCOUNTS),
    });
  return new SimulatedRail({
    dataSource,
    schema,
    delayMs: config.SIM_RAIL_DELAY_MS,
    failureRate: config.SIM_RAIL_FAILURE_RATE,
    seed: config.SIM_RAIL_SEED,
    failFirstAttempts: config.SIM_RAIL_FAIL_FIRST_ATTEMPTS,
  });
}

/** Starts the payment runner and the overdue check with the app; stops them before the DB closes. */
@Injectable()
class SettlementLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('settlement');

  constructor(
    @Inject(PaymentRunner) private readonly runner: PaymentRunner,
    @Inject(OverdueScheduler) private readonly overdue: OverdueScheduler,
    @Inject(SETTLEMENT_CONFIG) private readonly config: SettlementConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.PAYMENT_RUNNER === 'enabled') {
      await this.runner.start();
      this.logger.log(`payment runner started on rail ${this.config.PAYMENT_RAIL}`);
    }
    this.overdue.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.runner.stop();
    await this.overdue.stop();
  }
}

export function settlementModule(config: SettlementConfig, dataSource: DataSource, schema: string) {
  return serviceModule('SettlementModule', {
    controllers: [
      ListPayoutsController,
      RecordRemittanceController,
      RemittanceQueriesController,
      CheckOverdueController,
      SettlementTotalsController,
      RecordCosharerSettlementController,
      CosharerObligationQueriesController,
    ],
    consumers: [
      PoolPayoutEventsConsumer,
      PoolRemittanceEventsConsumer,
      BusinessClockConsumer,
      SubsidyRoundApprovedConsumer,
    ],
    providers: [
      { provide: SETTLEMENT_SCHEMA, useValue: schema },
      { provide: SETTLEMENT_CONFIG, useValue: config },
      { provide: PAYMENT_RAIL, useValue: createRail(config, dataSource, schema) },
      { provide: PlanPayoutsHandler, useValue: new PlanPayoutsHandler(schema) },
      { provide: PlanSubsidyPaymentsHandler, useValue: new PlanSubsidyPaymentsHandler(schema) },
      { provide: RecordRecoveryShareHandler, useValue: new RecordRecoveryShareHandler(schema) },
      { provide: RecordRemittanceHandler, useValue: new RecordRemittanceHandler(schema) },
      { provide: RecordPolicyHandler, useValue: new RecordPolicyHandler(schema) },
      { provide: CheckOverdueHandler, useValue: new CheckOverdueHandler(schema) },
      {
        provide: RecordCosharerObligationsHandler,
        useValue: new RecordCosharerObligationsHandler(schema),
      },
      {
        provide: RecordCosharerSettlementHandler,
        useValue: new RecordCosharerSettlementHandler(schema),
      },
      {
        provide: OverdueScheduler,
        inject: [CheckOverdueHandler],
        useFactory: (handler: CheckOverdueHandler) =>
          new OverdueScheduler(dataSource, schema, handler, config.OVERDUE_CHECK_INTERVAL_MS),
      },
      {
        provide: PaymentRunner,
        inject: [PAYMENT_RAIL],
        useFactory: (rail: PaymentRail) =>
          new PaymentRunner({
            dataSource,
            schema,
            rail,
            retry: {
              attemptsMax: config.PAYMENT_ATTEMPTS_MAX,
              backoffBaseMs: config.PAYMENT_BACKOFF_BASE_MS,
              backoffMaxMs: config.PAYMENT_BACKOFF_MAX_MS,
            },
            pollIntervalMs: config.PAYMENT_POLL_INTERVAL_MS,
            listenUrl: config.DATABASE_URL,
            batchMax: config.PAYMENT_BATCH_MAX,
            callTimeoutMs: config.PAYMENT_CALL_TIMEOUT_MS,
            leaseMs: config.PAYMENT_LEASE_MS,
          }),
      },
      SettlementLifecycle,
    ],
  });
}
