import {
  ServiceDefinition,
  serviceInstanceDefinition,
  ServiceInstanceOptions,
} from '@riskpool/service-kit';
import { SettlementConfig } from './config/settlement.config';
import { settlementInitMigration } from './migrations/1767200000000-settlement-init';
import { settlementSubsidyPaymentsMigration } from './migrations/1767700000000-settlement-subsidy-payments';
import { settlementCosharerObligationsMigration } from './migrations/1767800000000-settlement-cosharer-obligations';
import { settlementModule } from './settlement.module';

/** The settlement service; tests give another name and schema to run beside others. */
export function settlementDefinition(
  options: ServiceInstanceOptions = {},
): ServiceDefinition<SettlementConfig> {
  return serviceInstanceDefinition('settlement', options, (schema) => ({
    configClass: SettlementConfig,
    entities: [],
    migrations: [
      settlementInitMigration(schema),
      settlementSubsidyPaymentsMigration(schema),
      settlementCosharerObligationsMigration(schema),
    ],
    module: ({ config, dataSource }) => settlementModule(config, dataSource, schema),
  }));
}

export const settlementServiceDefinition = settlementDefinition();
