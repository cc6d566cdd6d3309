import { MigrationInterface } from 'typeorm';
import { qualified, sqlMigration } from '@riskpool/db';
import { allocationsTable, owedAmountColumns, owedIndexes } from './owed-tables.sql';
import { recoveryPositionsTable } from './recovery-positions.sql';

/**
 * The settlement schema: the projection of approved claims, payment instructions and their
 * attempts, the two rails' own records, and the recovery amounts banks owe funds with the
 * remittances that settle them. Bound to a schema name so tests can run side by side.
 */
export function settlementInitMigration(schema: string): new () => MigrationInterface {
  const t = (table: string) => qualified(schema, table);
  const statements = [
    // Approved claims (pool.claim-approved.v1): what every payout traces back to.
    `CREATE TABLE ${t('claims')} (
      claim_id text PRIMARY KEY,
      loan_id text NOT NULL,
      bank_id text NOT NULL,
      default_id text NOT NULL,
      approved_on date NOT NULL,
      approval_event_id uuid NOT NULL,
      approval_event_time timestamptz NOT NULL,
      basis_fen bigint NOT NULL,
      economic_policy_version_id text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    // Each fund's share at approval: held (paid now) and queued (paid as the queue fills it).
    `CREATE TABLE ${t('claim_shares')} (
      claim_id text NOT NULL REFERENCES ${t('claims')} (claim_id),
      fund_id text NOT NULL,
      share_fen bigint NOT NULL CHECK (share_fen >= 0),
      held_at_approval_fen bigint NOT NULL CHECK (held_at_approval_fen >= 0),
      queued_at_approval_fen bigint NOT NULL CHECK (queued_at_approval_fen >= 0),
      filled_after_approval_fen bigint NOT NULL DEFAULT 0
        CHECK (filled_after_approval_fen >= 0 AND filled_after_approval_fen <= queued_at_approval_fen),
      -- pool-allocation's running total of queue fills inside held_at_approval_fen (null: not sent)
      filled_at_approval_fen bigint CHECK (filled_at_approval_fen >= 0),
      PRIMARY KEY (claim_id, fund_id)
    )`,
    // The latest computation seen for a claim before approval (pool.claim-adjusted.v1), for audit.
    `CREATE TABLE ${t('claim_adjustments')} (
      event_id uuid PRIMARY KEY,
      claim_id text NOT NULL,
      loan_id text NOT NULL,
      bank_id text NOT NULL,
      previous_basis_fen bigint NOT NULL,
      basis_fen bigint NOT NULL,
      reason text NOT NULL,
      adjusted_by text NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now()
    )`,
    // QUEUE_FILLED holds (pool.hold-placed.v1), parked until the claim's approval is known. One
    // row per fill event: a part filled in several deposits has several fills on one hold id.
    `CREATE TABLE ${t('queue_fills')} (
      event_id uuid PRIMARY KEY,
      hold_id text NOT NULL,
      claim_id text NOT NULL,
      loan_id text NOT NULL,
      fund_id text NOT NULL,
      amount_fen bigint NOT NULL CHECK (amount_fen > 0),
      filled_total_fen bigint CHECK (filled_total_fen > 0),
      payable_fen bigint NOT NULL DEFAULT 0 CHECK (payable_fen >= 0),
      event_time timestamptz NOT NULL,
      placed_at timestamptz NOT NULL,
      state text NOT NULL CHECK (state IN
        ('WAITING_FOR_APPROVAL', 'PAYABLE', 'IN_APPROVED_SHARE', 'RELEASED', 'OVER_QUEUED_PART')),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE INDEX ON ${t('queue_fills')} (claim_id)`,
    `CREATE INDEX ON ${t('queue_fills')} (hold_id)`,
    `CREATE TABLE ${t('payment_instructions')} (
      seq bigserial UNIQUE,
      instruction_id text PRIMARY KEY,
      claim_id text NOT NULL REFERENCES ${t('claims')} (claim_id),
      loan_id text NOT NULL,
      default_id text NOT NULL,
      bank_id text NOT NULL,
      fund_id text NOT NULL,
      source text NOT NULL CHECK (source IN ('APPROVED_SHARE', 'QUEUE_FILLED')),
      source_ref text NOT NULL,
      hold_id text,
      amount_fen bigint NOT NULL CHECK (amount_fen > 0),
      requested_on date NOT NULL,
      status text NOT NULL CHECK (status IN ('PENDING', 'SENDING', 'SUBMITTED', 'PAID', 'FAILED')),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      lease_until timestamptz,
      rail text,
      rail_reference text,
      last_error text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      paid_at timestamptz,
      UNIQUE (claim_id, fund_id, source, source_ref)
    )`,
    `CREATE INDEX ON ${t('payment_instructions')} (next_attempt_at) WHERE status = 'PENDING'`,
    `CREATE INDEX ON ${t('payment_instructions')} (lease_until) WHERE status = 'SENDING'`,
    `CREATE INDEX ON ${t('payment_instructions')} (bank_id, seq)`,
    `CREATE INDEX ON ${t('payment_instructions')} (fund_id, seq)`,
    `CREATE TABLE ${t('payment_attempts')} (
      instruction_id text NOT NULL REFERENCES ${t('payment_instructions')} (instruction_id),
      attempt integer NOT NULL,
      rail text NOT NULL,
      outcome text NOT NULL,
      detail text,
      recorded_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (instruction_id, attempt)
    )`,
    // The simulated rail's own book (it stands for the custodian bank): one payment per key.
    `CREATE TABLE ${t('sim_rail_payments')} (
      idempotency_key text PRIMARY KEY,
      amount_fen bigint NOT NULL,
      debtor_fund_id text NOT NULL,
      creditor_bank_id text NOT NULL,
      reference text NOT NULL UNIQUE,
      paid_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE TABLE ${t('sim_rail_calls')} (
      id bigserial PRIMARY KEY,
      idempotency_key text NOT NULL,
      outcome text NOT NULL CHECK (outcome IN ('PAID', 'ALREADY_PAID', 'REFUSED')),
      called_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE INDEX ON ${t('sim_rail_calls')} (idempotency_key)`,
    // The file rail's record of what went into which pain.001 file.
    `CREATE TABLE ${t('pain001_files')} (
      msg_id text PRIMARY KEY,
      file_name text NOT NULL,
      nb_of_txs integer NOT NULL,
      ctrl_sum_fen bigint NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE TABLE ${t('pain001_entries')} (
      msg_id text NOT NULL REFERENCES ${t('pain001_files')} (msg_id),
      instruction_id text NOT NULL,
      status text NOT NULL CHECK (status IN ('SUBMITTED', 'SETTLED', 'REJECTED')),
      reason text,
      bank_reference text,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (msg_id, instruction_id)
    )`,
    // An instruction is in at most one live (not rejected) file: never sent to the bank twice.
    `CREATE UNIQUE INDEX pain001_entries_live_idx ON ${t('pain001_entries')} (instruction_id)
      WHERE status <> 'REJECTED'`,
    // Recovery sharing (pool.recovery-shared.v1): the cumulative figure per claim and fund.
    recoveryPositionsTable(t('recovery_positions'), 'fund_id'),
    // One owed amount per recovery and fund: what that recovery newly made the bank owe.
    `CREATE TABLE ${t('owed_amounts')} (
      owed_id bigserial PRIMARY KEY,
      recovery_id text NOT NULL,
      claim_id text NOT NULL,
      loan_id text NOT NULL,
      bank_id text NOT NULL,
      fund_id text NOT NULL,
      ${owedAmountColumns('remitted_fen')}
      UNIQUE (recovery_id, fund_id)
    )`,
    ...owedIndexes(t('owed_amounts'), 'bank_id, fund_id, due_on, owed_id'),
    `CREATE TABLE ${t('remittances')} (
      seq bigserial UNIQUE,
      remittance_id text PRIMARY KEY,
      bank_id text NOT NULL,
      fund_id text NOT NULL,
      claim_id text,
      amount_fen bigint NOT NULL CHECK (amount_fen > 0),
      matched_fen bigint NOT NULL CHECK (matched_fen >= 0),
      overpaid_fen bigint NOT NULL CHECK (overpaid_fen >= 0),
      received_on date NOT NULL,
      received_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    allocationsTable(
      t('remittance_allocations'),
      { table: t('remittances'), key: 'remittance_id' },
      { table: t('owed_amounts'), key: 'owed_id' },
    ),
    // Projection of pool.policy-published.v1 (remitWithinDays per version).
    `CREATE TABLE ${t('policies')} (
      policy_version_id text PRIMARY KEY,
      effective_from date NOT NULL,
      effective_to date,
      remit_within_days integer NOT NULL,
      published_at timestamptz NOT NULL
    )`,
    // The latest business date seen (identities on requests, the admin overdue check).
    `CREATE TABLE ${t('business_clock')} (
      singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
      latest_date date NOT NULL
    )`,
  ];
  const drops = [
    'business_clock',
    'policies',
    'remittance_allocations',
    'remittances',
    'owed_amounts',
    'recovery_positions',
    'pain001_entries',
    'pain001_files',
    'sim_rail_calls',
    'sim_rail_payments',
    'payment_attempts',
    'payment_instructions',
    'queue_fills',
    'claim_adjustments',
    'claim_shares',
    'claims',
  ];
  return sqlMigration('SettlementInit1767200000000', {
    up: statements,
    down: drops.map((table) => `DROP TABLE ${t(table)}`),
  });
}
