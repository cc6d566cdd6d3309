import { sqlMigration } from '@riskpool/db';

/** subsidy schema: subsidy funds, projected loans and defaults, interest reports, rounds, grants. */
export const SubsidyInit1767400000000 = sqlMigration('SubsidyInit1767400000000', {
  up: [
    `CREATE TABLE "subsidy"."funds" (
        fund_id text PRIMARY KEY,
        name text NOT NULL,
        town_code text,
        available_fen bigint NOT NULL DEFAULT 0 CHECK (available_fen >= 0),
        held_fen bigint NOT NULL DEFAULT 0 CHECK (held_fen >= 0),
        deposited_fen bigint NOT NULL DEFAULT 0 CHECK (deposited_fen >= 0),
        paid_fen bigint NOT NULL DEFAULT 0 CHECK (paid_fen >= 0),
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
    `CREATE TABLE "subsidy"."deposits" (
        deposit_id text PRIMARY KEY,
        fund_id text NOT NULL REFERENCES "subsidy"."funds" (fund_id),
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        reference text,
        deposited_by text NOT NULL,
        business_date date NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
    `CREATE TABLE "subsidy"."policies" (
        version_id text PRIMARY KEY,
        effective_from date NOT NULL,
        document jsonb NOT NULL,
        published_at timestamptz NOT NULL
      )`,
    // Projection of loans.* and credit.* events: what a report is checked against (§9.2).
    `CREATE TABLE "subsidy"."loans" (
        loan_id text PRIMARY KEY,
        bank_id text NOT NULL,
        uscc text NOT NULL,
        town_code text NOT NULL,
        principal_fen bigint NOT NULL,
        annual_rate_bp integer NOT NULL,
        disbursement_date date NOT NULL,
        maturity_date date NOT NULL,
        flags jsonb NOT NULL,
        registration_date date NOT NULL,
        policy_version_id text NOT NULL,
        status text NOT NULL,
        ever_written_off boolean NOT NULL DEFAULT false
      )`,
    // Every change of outstanding principal, so "outstanding on a date" can be answered.
    `CREATE TABLE "subsidy"."loan_balances" (
        event_id text PRIMARY KEY,
        loan_id text NOT NULL REFERENCES "subsidy"."loans" (loan_id),
        effective_on date NOT NULL,
        outstanding_fen bigint NOT NULL CHECK (outstanding_fen >= 0),
        seq bigserial NOT NULL
      )`,
    `CREATE INDEX "loan_balances_loan_idx" ON "subsidy"."loan_balances" (loan_id, effective_on, seq)`,
    `CREATE TABLE "subsidy"."default_episodes" (
        default_id text PRIMARY KEY,
        loan_id text NOT NULL,
        reported_on date NOT NULL,
        cured_on date
      )`,
    `CREATE INDEX "default_episodes_loan_idx" ON "subsidy"."default_episodes" (loan_id)`,
    `CREATE TABLE "subsidy"."parked_events" (
        seq bigserial PRIMARY KEY,
        event_id text NOT NULL UNIQUE,
        loan_id text NOT NULL,
        topic text NOT NULL,
        payload jsonb NOT NULL
      )`,
    `CREATE TABLE "subsidy"."rounds" (
        round_id text PRIMARY KEY,
        round_no bigserial UNIQUE,
        from_date date NOT NULL,
        to_date date NOT NULL CHECK (to_date > from_date),
        status text NOT NULL,
        closing integer NOT NULL DEFAULT 0,
        opened_by text NOT NULL,
        opened_on date NOT NULL,
        closed_on date,
        approved_on date
      )`,
    `CREATE TABLE "subsidy"."reports" (
        report_id text PRIMARY KEY,
        report_no bigserial UNIQUE,
        loan_id text NOT NULL REFERENCES "subsidy"."loans" (loan_id),
        bank_id text NOT NULL,
        uscc text NOT NULL,
        town_code text NOT NULL,
        period_start date NOT NULL,
        period_end date NOT NULL CHECK (period_end > period_start),
        period_year integer NOT NULL,
        days integer NOT NULL,
        interest_paid_fen bigint NOT NULL CHECK (interest_paid_fen > 0),
        outstanding_at_start_fen bigint NOT NULL CHECK (outstanding_at_start_fen > 0),
        annual_rate_bp integer NOT NULL,
        eligible_rate_bp integer NOT NULL,
        interest_cap_fen bigint NOT NULL,
        eligible_interest_fen bigint NOT NULL,
        bonus_bp integer NOT NULL,
        share_bp integer NOT NULL,
        uncapped_requested_fen bigint NOT NULL,
        annual_remaining_fen bigint NOT NULL,
        requested_fen bigint NOT NULL CHECK (requested_fen >= 0),
        cap_reasons jsonb NOT NULL,
        payee_account_no text NOT NULL,
        payee_account_name text NOT NULL,
        economic_policy_version_id text NOT NULL,
        procedural_policy_version_id text NOT NULL,
        round_id text REFERENCES "subsidy"."rounds" (round_id),
        reported_on date NOT NULL,
        reported_at timestamptz NOT NULL
      )`,
    `CREATE INDEX "reports_loan_idx" ON "subsidy"."reports" (loan_id, period_start)`,
    `CREATE INDEX "reports_enterprise_year_idx" ON "subsidy"."reports" (uscc, period_year)`,
    // One report's share of one fund; granted/lapsed once its round closes (§9.4).
    `CREATE TABLE "subsidy"."report_shares" (
        report_id text NOT NULL REFERENCES "subsidy"."reports" (report_id),
        fund_id text NOT NULL,
        weight_bp integer NOT NULL,
        requested_fen bigint NOT NULL CHECK (requested_fen >= 0),
        granted_fen bigint CHECK (granted_fen >= 0 AND granted_fen <= requested_fen),
        lapsed_fen bigint CHECK (lapsed_fen >= 0),
        PRIMARY KEY (report_id, fund_id)
      )`,
    `CREATE TABLE "subsidy"."round_funds" (
        round_id text NOT NULL REFERENCES "subsidy"."rounds" (round_id),
        fund_id text NOT NULL,
        available_fen bigint NOT NULL,
        requested_fen bigint NOT NULL,
        granted_fen bigint NOT NULL CHECK (granted_fen <= available_fen),
        lapsed_fen bigint NOT NULL,
        pro_rata boolean NOT NULL,
        decision text,
        decided_by text,
        decided_on date,
        PRIMARY KEY (round_id, fund_id)
      )`,
    `CREATE TABLE "subsidy"."round_history" (
        seq bigserial PRIMARY KEY,
        round_id text NOT NULL REFERENCES "subsidy"."rounds" (round_id),
        step text NOT NULL,
        fund_id text,
        reason text,
        actor text NOT NULL,
        business_date date NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      )`,
  ],
  down: [
    ...[
      'round_history',
      'round_funds',
      'report_shares',
      'reports',
      'rounds',
      'parked_events',
      'default_episodes',
      'loan_balances',
      'loans',
      'policies',
      'deposits',
      'funds',
    ].map((table) => `DROP TABLE "subsidy"."${table}"`),
  ],
});
