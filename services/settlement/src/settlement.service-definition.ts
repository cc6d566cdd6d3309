import { INestApplication } from '@nestjs/common';
import { Topics } from '@riskpool/contracts';
import { EventHandlers } from '@riskpool/kafka';
import { ServiceDefinition } from '@riskpool/service-kit';
import { SettlementConfig } from './config/settlement.config';
import { settlementInitMigration } from './migrations/1767200000000-settlement-init';
import { settlementSubsidyPaymentsMigration } from './migrations/1767700000000-settlement-subsidy-payments';
import { settlementCosharerObligationsMigration } from './migrations/1767800000000-settlement-cosharer-obligations';
import { RecordCosharerObligationsHandler } from './cosharers/record-cosharer-obligations.handler';
import { PlanPayoutsHandler } from './payouts/commands/plan-payouts/plan-payouts.handler';
import { claimAdjustedConsumer } from './payouts/consumers/pool.claim-adjusted.consumer';
import { claimApprovedConsumer } from './payouts/consumers/pool.claim-approved.consumer';
import { holdPlacedConsumer } from './payouts/consumers/pool.hold-placed.consumer';
import { holdReleasedConsumer } from './payouts/consumers/pool.hold-released.consumer';
import { RecordPolicyHandler } from './remittances/commands/record-policy/record-policy.handler';
import { RecordRecoveryShareHandler } from './remittances/commands/record-recovery-share/record-recovery-share.handler';
import { policyPublishedConsumer } from './remittances/consumers/pool.policy-published.consumer';
import { recoverySharedConsumer } from './remittances/consumers/pool.recovery-shared.consumer';
import { SettlementModule } from './settlement.module';
import { PlanSubsidyPaymentsHandler } from './subsidy-payments/plan-subsidy-payments.handler';

export interface SettlementDefinitionOptions {
  /** Service name, also the consumer group (default `settlement`). */
  readonly name?: string;
  /** PostgreSQL schema (default `settlement`). */
  readonly schema?: string;
}

/** The settlement service; tests give another name and schema to run beside others. */
export function settlementDefinition(
  options: SettlementDefinitionOptions = {},
): ServiceDefinition<SettlementConfig> {
  const schema = options.schema ?? 'settlement';
  return {
    name: options.name ?? 'settlement',
    identityTarget: 'settlement',
    schema,
    configClass: SettlementConfig,
    entities: [],
    migrations: [
      settlementInitMigration(schema),
      settlementSubsidyPaymentsMigration(schema),
      settlementCosharerObligationsMigration(schema),
    ],
    module: ({ config, dataSource }) => SettlementModule.forRoot(config, dataSource, schema),
    handlers: (app: INestApplication): EventHandlers => {
      const payouts = app.get(PlanPayoutsHandler);
      const recoveries = app.get(RecordRecoveryShareHandler);
      const policies = app.get(RecordPolicyHandler);
      const subsidies = app.get(PlanSubsidyPaymentsHandler);
      const cosharers = app.get(RecordCosharerObligationsHandler);
      return {
        [Topics.claimApproved]: claimApprovedConsumer(payouts, cosharers),
        [Topics.holdPlaced]: holdPlacedConsumer(payouts),
        [Topics.holdReleased]: holdReleasedConsumer(payouts),
        [Topics.claimAdjusted]: claimAdjustedConsumer(payouts),
        [Topics.recoveryShared]: recoverySharedConsumer(recoveries, cosharers),
        [Topics.policyPublished]: policyPublishedConsumer(policies),
        [Topics.subsidyRoundApproved]: (event, uow) => subsidies.onRoundApproved(event, uow),
      };
    },
  };
}

export const settlementServiceDefinition = settlementDefinition();
