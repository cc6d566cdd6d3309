import { ServiceDefinition } from '@riskpool/service-kit';
import { LedgerConfig } from './config/ledger.config';
import { LedgerModule } from './ledger.module';
import { JOURNAL_TABLES, ledgerInitMigration } from './migrations/1767300000000-ledger-init';
import {
  ledgerStatementsMigration,
  STATEMENT_TABLES,
} from './migrations/1767400000000-ledger-statements';
import { ledgerKeysOutsideMigration } from './migrations/1767600000000-ledger-keys-outside';
import {
  CONSUMPTION_LOG_TABLE,
  ledgerConsumptionLogMigration,
} from './migrations/1767700000000-ledger-consumption-log';

export interface LedgerDefinitionOptions {
  /** Service name (default `ledger`). */
  readonly name?: string;
  /** PostgreSQL schema (default `ledger`). */
  readonly schema?: string;
}

/**
 * The ledger service. It has no kit `handlers`: its writer consumes whole Kafka batches itself
 * (README "Writing"), so the kit's Eventing runs only the outbox relay.
 */
export function ledgerDefinition(
  options: LedgerDefinitionOptions = {},
): ServiceDefinition<LedgerConfig> {
  const schema = options.schema ?? 'ledger';
  return {
    name: options.name ?? 'ledger',
    identityTarget: 'ledger',
    schema,
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
    appendOnlyTables: [
      ...JOURNAL_TABLES,
      'key_rotations',
      ...STATEMENT_TABLES,
      CONSUMPTION_LOG_TABLE,
    ],
    module: ({ config, dataSource }) => LedgerModule.forRoot(config, dataSource, schema),
  };
}

export const ledgerServiceDefinition = ledgerDefinition();
