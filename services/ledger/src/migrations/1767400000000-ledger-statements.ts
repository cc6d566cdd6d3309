import { MigrationInterface } from 'typeorm';
import { appendOnlyTriggers, dropTables, qualified, sqlMigration } from '@riskpool/db';

/** Statement tables that, like the journal, are append-only: files are kept as issued. */
export const STATEMENT_TABLES = ['statement_periods', 'statements', 'statement_files'] as const;

/**
 * Statements (docs/domain.md §10): ANCHOR journal entries (a statement file's SHA-256, no money);
 * the months the business clock closed and at which journal position; the statements issued and
 * their files as issued; the last business date the ledger heard of.
 */
export function ledgerStatementsMigration(schema: string): new () => MigrationInterface {
  const t = (table: string) => qualified(schema, table);
  const statements = [
    `ALTER TABLE ${t('entries')} DROP CONSTRAINT IF EXISTS entries_kind_check`,
    `ALTER TABLE ${t('entries')} ADD CONSTRAINT entries_kind_check
       CHECK (kind IN ('POST', 'PENDING', 'POST_PENDING', 'VOID_PENDING', 'ANCHOR'))`,
    // Only ANCHOR rows: a statement finds its anchor entries without indexing every entry.
    `CREATE INDEX entries_anchor_event ON ${t('entries')} (event_id) WHERE kind = 'ANCHOR'`,
    // A month's statements cover the entries (previous month's closing_seq, closing_seq].
    `CREATE TABLE ${t('statement_periods')} (
      period text PRIMARY KEY CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      closing_seq bigint NOT NULL CHECK (closing_seq >= 0),
      business_date text NOT NULL,
      closed_by text NOT NULL,
      closed_at timestamptz NOT NULL DEFAULT clock_timestamp()
    )`,
    `CREATE TABLE ${t('statements')} (
      statement_id text PRIMARY KEY,
      kind text NOT NULL,
      subject_type text NOT NULL CHECK (subject_type IN ('fund', 'bank', 'programme')),
      subject_id text NOT NULL,
      period text NOT NULL,
      opening_seq bigint NOT NULL,
      closing_seq bigint NOT NULL,
      issued_at text NOT NULL,
      event_id uuid NOT NULL UNIQUE,
      UNIQUE (kind, subject_id, period)
    )`,
    `CREATE INDEX ON ${t('statements')} (subject_type, subject_id, period)`,
    `CREATE TABLE ${t('statement_files')} (
      statement_id text NOT NULL REFERENCES ${t('statements')} (statement_id),
      format text NOT NULL CHECK (format IN ('csv', 'pdf-zh-CN', 'pdf-en')),
      file_name text NOT NULL UNIQUE,
      content_type text NOT NULL,
      sha256 text NOT NULL,
      content bytea NOT NULL,
      PRIMARY KEY (statement_id, format)
    )`,
    `CREATE TABLE ${t('statement_clock')} (
      id smallint PRIMARY KEY CHECK (id = 1),
      business_date text NOT NULL
    )`,
    ...appendOnlyTriggers(t, STATEMENT_TABLES, 'refuse_change'),
  ];
  return sqlMigration('LedgerStatements1767400000000', {
    up: statements,
    down: [
      ...dropTables(t, ['statement_clock', 'statement_files', 'statements', 'statement_periods'], {
        ifExists: true,
        cascade: true,
      }),
      `ALTER TABLE ${t('entries')} DROP CONSTRAINT IF EXISTS entries_kind_check`,
      `ALTER TABLE ${t('entries')} ADD CONSTRAINT entries_kind_check
           CHECK (kind IN ('POST', 'PENDING', 'POST_PENDING', 'VOID_PENDING'))`,
    ],
  });
}
