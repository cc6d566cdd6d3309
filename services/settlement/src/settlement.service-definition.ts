import { ServiceDefinition } from '@riskpool/service-kit';
import { SettlementConfig } from './config/settlement.config';
import { settlementInitMigration } from './migrations/1767200000000-settlement-init';
import { settlementSubsidyPaymentsMigration } from './migrations/1767700000000-settlement-subsidy-payments';
import { settlementCosharerObligationsMigration } from './migrations/1767800000000-settlement-cosharer-obligations';
import { SettlementModule } from './settlement.module';

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
  };
}

export const settlementServiceDefinition = settlementDefinition();
