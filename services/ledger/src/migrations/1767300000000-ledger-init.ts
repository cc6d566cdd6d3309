import { MigrationInterface } from 'typeorm';
import { appendOnlyTriggers, dropTables, qualified, sqlMigration } from '@riskpool/db';

/** Tables no one may UPDATE, DELETE or TRUNCATE: the book of record itself. */
export const JOURNAL_TABLES = [
  'entries',
  'postings',
  'checkpoints',
  'holds',
  'hold_resolutions',
  'audit_trail',
] as const;

/**
 * The ledger schema: the journal (entries with canonical bytes and hashes, postings, signed
 * checkpoints, holds and their one resolution, the audit trail), the read models it keeps beside
 * it (account counters, the events it has seen, conflicts, parked events, claims), and the
 * append-only trigger on every journal table. Bound to a schema name so tests can run side by side.
 */
export function ledgerInitMigration(schema: string): new () => MigrationInterface {
  const t = (table: string) => qualified(schema, table);
  const statements = [
    // One row per journal entry; `canonical` is what is hashed (libs/ledger-core README).
    `CREATE TABLE ${t('entries')} (
      seq bigint PRIMARY KEY CHECK (seq >= 1),
      entry_id uuid NOT NULL,
      event_id text NOT NULL,
      event_type text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('POST', 'PENDING', 'POST_PENDING', 'VOID_PENDING')),
      pending_entry_seq bigint,
      claim_id text,
      loan_id text,
      policy_version text,
      bank_id text,
      occurred_at text NOT NULL,
      occurred_at_ts timestamptz NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
      prev_hash bytea NOT NULL,
      leaf_hash bytea NOT NULL,
      chain_hash bytea NOT NULL,
      canonical bytea NOT NULL,
      -- SHA-256 of the event's type and payload, on the first entry of each event only: what a
      -- redelivery of a posted event is compared with (posted events get no row in events).
      payload_hash bytea
    )`,
    // No index on event_id: the writer finds a posted event's first seq in memory (LedgerState)
    // and reads its payload hash by primary key.
    `CREATE INDEX ON ${t('entries')} (loan_id, seq) WHERE loan_id IS NOT NULL`,
    `CREATE INDEX ON ${t('entries')} (claim_id, seq) WHERE claim_id IS NOT NULL`,
    `CREATE INDEX ON ${t('entries')} (bank_id, seq) WHERE bank_id IS NOT NULL`,
    // Both times grow with seq (nearly, for the event time): BRIN indexes cost almost nothing to keep.
    `CREATE INDEX ON ${t('entries')} USING brin (occurred_at_ts)`,
    `CREATE INDEX ON ${t('entries')} USING brin (recorded_at)`,
    // Postings in entry order; the deltas say how each posting moved its account's counters.
    `CREATE TABLE ${t('postings')} (
      seq bigint NOT NULL,
      idx smallint NOT NULL,
      account text NOT NULL,
      side text NOT NULL CHECK (side IN ('DEBIT', 'CREDIT')),
      amount_fen bigint NOT NULL CHECK (amount_fen > 0),
      owner_type text NOT NULL,
      owner_id text NOT NULL,
      pending_delta bigint NOT NULL,
      posted_delta bigint NOT NULL,
      PRIMARY KEY (seq, idx)
    )`,
    `CREATE INDEX ON ${t('postings')} (account, seq)`,
    `CREATE INDEX ON ${t('postings')} (owner_type, owner_id, seq)`,
    `CREATE TABLE ${t('checkpoints')} (
      tree_size bigint PRIMARY KEY CHECK (tree_size >= 0),
      root_hash text NOT NULL,
      chain_hash text NOT NULL,
      issued_at text NOT NULL,
      key_id text NOT NULL,
      signature text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT clock_timestamp()
    )`,
    // Each PENDING entry; its resolution (posted in full or part, or voided) at most once.
    `CREATE TABLE ${t('holds')} (
      pending_seq bigint PRIMARY KEY,
      hold_id text NOT NULL,
      fund_id text NOT NULL,
      claim_id text,
      loan_id text,
      amount_fen bigint NOT NULL CHECK (amount_fen > 0),
      event_id text NOT NULL,
      entry_index int NOT NULL
    )`,
    `CREATE INDEX ON ${t('holds')} (hold_id)`,
    `CREATE TABLE ${t('hold_resolutions')} (
      pending_seq bigint PRIMARY KEY REFERENCES ${t('holds')} (pending_seq),
      resolved_by_seq bigint NOT NULL,
      kind text NOT NULL CHECK (kind IN ('POST_PENDING', 'VOID_PENDING')),
      posted_fen bigint NOT NULL CHECK (posted_fen >= 0)
    )`,
    // Non-money events (breaker, bank status, policies, claim decisions): the audit trail.
    `CREATE TABLE ${t('audit_trail')} (
      id bigserial PRIMARY KEY,
      event_id text NOT NULL UNIQUE,
      event_type text NOT NULL,
      subject text NOT NULL,
      occurred_at text NOT NULL,
      payload jsonb NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT clock_timestamp()
    )`,
    // Read models, not journal: current counters, events seen, conflicts, parked events, claims.
    `CREATE TABLE ${t('account_balances')} (
      account text PRIMARY KEY,
      owner_type text NOT NULL,
      owner_id text NOT NULL,
      debits_pending bigint NOT NULL DEFAULT 0,
      debits_posted bigint NOT NULL DEFAULT 0,
      credits_pending bigint NOT NULL DEFAULT 0,
      credits_posted bigint NOT NULL DEFAULT 0
    )`,
    `CREATE INDEX ON ${t('account_balances')} (owner_type, owner_id)`,
    // Events that posted no entry (audit, parked, rejected); a posted event is known by its entries.
    `CREATE TABLE ${t('events')} (
      event_id text PRIMARY KEY,
      event_type text NOT NULL,
      payload_hash text NOT NULL,
      outcome text NOT NULL CHECK (outcome IN ('POSTED', 'AUDIT', 'PARKED', 'REJECTED')),
      first_seq bigint,
      entry_count int NOT NULL DEFAULT 0,
      reason text,
      recorded_at timestamptz NOT NULL DEFAULT clock_timestamp()
    )`,
    // Every event seen, posted or not, for reading (tests, diagnostics).
    `CREATE VIEW ${t('event_outcomes')} AS
       SELECT event_id, event_type, encode(payload_hash, 'hex') AS payload_hash, 'POSTED' AS outcome,
         seq AS first_seq, recorded_at
       FROM ${t('entries')} WHERE payload_hash IS NOT NULL
       UNION ALL
       SELECT event_id, event_type, payload_hash, outcome, first_seq, recorded_at FROM ${t('events')}`,
    `CREATE TABLE ${t('event_conflicts')} (
      id bigserial PRIMARY KEY,
      event_id text NOT NULL,
      event_type text NOT NULL,
      stored_hash text NOT NULL,
      received_hash text NOT NULL,
      payload jsonb NOT NULL,
      detected_at timestamptz NOT NULL DEFAULT clock_timestamp()
    )`,
    `CREATE TABLE ${t('parked_events')} (
      event_id text PRIMARY KEY,
      event_type text NOT NULL,
      envelope jsonb NOT NULL,
      reason text NOT NULL,
      parked_at timestamptz NOT NULL DEFAULT clock_timestamp()
    )`,
    `CREATE TABLE ${t('claims')} (
      claim_id text PRIMARY KEY,
      loan_id text NOT NULL,
      bank_id text NOT NULL,
      policy_version text NOT NULL
    )`,
    `CREATE TABLE ${t('signing_keys')} (
      key_id text PRIMARY KEY,
      public_key_pem text NOT NULL,
      private_key_pem text,
      created_at timestamptz NOT NULL DEFAULT clock_timestamp()
    )`,
    `CREATE FUNCTION ${t('refuse_change')}() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       RAISE EXCEPTION 'ledger journal table %.% is append-only: % refused', TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_OP
         USING ERRCODE = 'insufficient_privilege';
     END $$`,
    ...appendOnlyTriggers(t, JOURNAL_TABLES, 'refuse_change'),
  ];
  return sqlMigration('LedgerInit1767300000000', {
    up: statements,
    down: [
      `DROP VIEW IF EXISTS ${t('event_outcomes')}`,
      ...dropTables(t, [...JOURNAL_TABLES, 'account_balances', 'events', 'event_conflicts'], {
        ifExists: true,
        cascade: true,
      }),
      ...dropTables(t, ['parked_events', 'claims', 'signing_keys'], {
        ifExists: true,
        cascade: true,
      }),
      `DROP FUNCTION IF EXISTS ${t('refuse_change')}()`,
    ],
  });
}
