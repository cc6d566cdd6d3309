import { sqlMigration } from '@riskpool/db';

/**
 * Funds, deposits, policies, the loan projection, claims with their fund parts, and parking, in
 * the schema the data source was opened with (pool_allocation, or a test's own schema).
 */
export const PoolAllocation1767225600000 = sqlMigration('PoolAllocation1767225600000', (t) => ({
  up: [
    `CREATE TABLE ${t('funds')} (
        fund_id text PRIMARY KEY,
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('CITY', 'TOWN', 'OTHER')),
        town_code text,
        available_fen bigint NOT NULL DEFAULT 0 CHECK (available_fen >= 0),
        next_seq integer NOT NULL DEFAULT 1,
        deposited_fen bigint NOT NULL DEFAULT 0,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
    `CREATE TABLE ${t('deposits')} (
        deposit_id text PRIMARY KEY,
        fund_id text NOT NULL REFERENCES ${t('funds')} (fund_id),
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        reference text,
        deposited_by text NOT NULL,
        business_date text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
    `CREATE TABLE ${t('policies')} (
        version_id text PRIMARY KEY,
        seq bigserial NOT NULL,
        effective_from text NOT NULL,
        effective_to text,
        document jsonb NOT NULL,
        published_by text NOT NULL,
        published_at timestamptz NOT NULL DEFAULT now()
      )`,
    `CREATE TABLE ${t('loans')} (
        loan_id text PRIMARY KEY,
        bank_id text NOT NULL,
        town_code text NOT NULL,
        principal_fen bigint NOT NULL,
        outstanding_fen bigint NOT NULL,
        outstanding_at_default_fen bigint,
        flags jsonb NOT NULL,
        registration_date text NOT NULL,
        policy_version_id text NOT NULL,
        status text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
    `CREATE INDEX "loans_bank_idx" ON ${t('loans')} (bank_id)`,
    `CREATE SEQUENCE ${t('claim_no_seq')}`,
    `CREATE TABLE ${t('claims')} (
        claim_id text PRIMARY KEY,
        claim_no bigint NOT NULL UNIQUE,
        default_id text NOT NULL UNIQUE,
        loan_id text NOT NULL,
        bank_id text NOT NULL,
        town_code text NOT NULL,
        status text NOT NULL CHECK (status IN ('OPEN', 'DEFERRED', 'APPROVED', 'DENIED', 'WITHDRAWN')),
        opened_on text NOT NULL,
        approved_on text,
        closed_on text,
        outstanding_at_default_fen bigint NOT NULL,
        basis_fen bigint NOT NULL,
        rate_bp integer NOT NULL,
        pool_fen bigint NOT NULL,
        bank_share_fen bigint NOT NULL,
        cap_reasons jsonb NOT NULL,
        computation jsonb NOT NULL,
        economic_policy_version_id text NOT NULL,
        procedural_policy_version_id text NOT NULL,
        breaker_tripped boolean NOT NULL DEFAULT false,
        recovered_before_payout_fen bigint NOT NULL DEFAULT 0,
        recovered_after_payout_fen bigint NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
    `CREATE INDEX "claims_bank_idx" ON ${t('claims')} (bank_id, opened_on)`,
    `CREATE INDEX "claims_loan_idx" ON ${t('claims')} (loan_id)`,
    `CREATE TABLE ${t('claim_parts')} (
        claim_id text NOT NULL REFERENCES ${t('claims')} (claim_id),
        fund_id text NOT NULL REFERENCES ${t('funds')} (fund_id),
        position integer NOT NULL,
        weight_bp integer NOT NULL,
        share_fen bigint NOT NULL CHECK (share_fen >= 0),
        held_fen bigint NOT NULL DEFAULT 0 CHECK (held_fen >= 0),
        queued_fen bigint NOT NULL DEFAULT 0 CHECK (queued_fen >= 0),
        queue_seq integer,
        filled_fen bigint NOT NULL DEFAULT 0 CHECK (filled_fen >= 0),
        paid_fen bigint NOT NULL DEFAULT 0 CHECK (paid_fen >= 0),
        approved_by text,
        approved_at timestamptz,
        PRIMARY KEY (claim_id, fund_id)
      )`,
    `CREATE INDEX "claim_parts_held_idx" ON ${t('claim_parts')} (fund_id) WHERE held_fen > 0`,
    `CREATE UNIQUE INDEX "claim_parts_queue_idx" ON ${t('claim_parts')} (fund_id, queue_seq) WHERE queued_fen > 0`,
    `CREATE TABLE ${t('claim_history')} (
        id bigserial PRIMARY KEY,
        claim_id text NOT NULL REFERENCES ${t('claims')} (claim_id),
        action text NOT NULL,
        actor text NOT NULL,
        business_date text,
        detail jsonb NOT NULL DEFAULT '{}'::jsonb,
        at timestamptz NOT NULL DEFAULT now()
      )`,
    `CREATE INDEX "claim_history_claim_idx" ON ${t('claim_history')} (claim_id, id)`,
    `CREATE TABLE ${t('recoveries')} (
        recovery_id text PRIMARY KEY,
        loan_id text NOT NULL,
        default_id text NOT NULL,
        claim_id text,
        net_fen bigint NOT NULL,
        treatment text NOT NULL,
        recovered_on text NOT NULL,
        detail jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
    `CREATE TABLE ${t('payouts')} (
        payout_id text PRIMARY KEY,
        claim_id text NOT NULL,
        fund_id text NOT NULL,
        amount_fen bigint NOT NULL,
        applied_fen bigint NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
    `CREATE TABLE ${t('remittances')} (
        remittance_id text PRIMARY KEY,
        fund_id text NOT NULL,
        amount_fen bigint NOT NULL,
        applied boolean NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
    `CREATE TABLE ${t('parked_events')} (
        seq bigserial PRIMARY KEY,
        event_id uuid NOT NULL UNIQUE,
        topic text NOT NULL,
        loan_id text NOT NULL,
        default_id text,
        envelope jsonb NOT NULL,
        reason text NOT NULL,
        parked_at timestamptz NOT NULL DEFAULT now()
      )`,
    `CREATE INDEX "parked_events_loan_idx" ON ${t('parked_events')} (loan_id)`,
  ],
  down: [
    ...[
      'parked_events',
      'remittances',
      'payouts',
      'recoveries',
      'claim_history',
      'claim_parts',
      'claims',
      'loans',
      'policies',
      'deposits',
      'funds',
    ].map((table) => `DROP TABLE ${t(table)}`),
    `DROP SEQUENCE ${t('claim_no_seq')}`,
  ],
}));
