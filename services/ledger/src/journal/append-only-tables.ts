import { JOURNAL_TABLES } from '../migrations/1767300000000-ledger-init';
import { STATEMENT_TABLES } from '../migrations/1767400000000-ledger-statements';
import { CONSUMPTION_LOG_TABLE } from '../migrations/1767700000000-ledger-consumption-log';

/**
 * The tables kept as written (README "Append-only"): the journal, the key rotations, the issued
 * statements and the consumption log. The runtime role may only read and append them.
 */
export const APPEND_ONLY_TABLES: readonly string[] = [
  ...JOURNAL_TABLES,
  'key_rotations',
  ...STATEMENT_TABLES,
  CONSUMPTION_LOG_TABLE,
];
