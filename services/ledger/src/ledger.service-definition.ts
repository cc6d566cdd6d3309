import {
  ServiceDefinition,
  serviceInstanceDefinition,
  ServiceInstanceOptions,
} from '@riskpool/service-kit';
import { LedgerConfig } from './config/ledger.config';
import { ledgerModule } from './ledger.module';
import { APPEND_ONLY_TABLES } from './journal/append-only-tables';
import { ledgerInitMigration } from './migrations/1767300000000-ledger-init';
import { ledgerStatementsMigration } from './migrations/1767400000000-ledger-statements';
import { ledgerKeysOutsideMigration } from './migrations/1767600000000-ledger-keys-outside';
import { ledgerConsumptionLogMigration } from './migrations/1767700000000-ledger-consumption-log';

/**
 * The ledger service. Its writer takes whole chunks of Kafka batches (README "Writing";
 * LedgerBatchConsumer), in its own consumer group, with a longer session and larger fetches.
 */
export function ledgerDefinition(
  options: ServiceInstanceOptions = {},
): ServiceDefinition<LedgerConfig> {
  return serviceInstanceDefinition('ledger', options, (schema) => ({
    configClass: LedgerConfig,
    entities: [],
    migrations: [
      ledgerInitMigration(schema),
      ledgerStatementsMigration(schema),
      ledgerKeysOutsideMigration(schema),
      ledgerConsumptionLogMigration(schema),
    ],
    // The runtime role may only read and append the journal (README "Append-only"); statement
    // files are kept as issued, like the journal.
    appendOnlyTables: APPEND_ONLY_TABLES,
    module: ({ config, dataSource }) => ledgerModule(config, dataSource, schema),
    consumer: (config) => ({
      groupId: config.LEDGER_CONSUMER_GROUP,
      transactionSizeMax: config.LEDGER_BATCH_MAX,
      tuning: {
        sessionTimeoutMs: 30_000,
        maxBytesPerPartition: config.LEDGER_FETCH_MAX_BYTES,
        maxBytes: config.LEDGER_FETCH_MAX_BYTES * 2,
      },
    }),
  }));
}

export const ledgerServiceDefinition = ledgerDefinition();
