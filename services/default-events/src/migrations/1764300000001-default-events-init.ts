import { sqlMigration } from '@riskpool/db';

/** default_events schema: the loan projection, default episodes, recoveries, policies. */
export const DefaultEventsInit1764300000001 = sqlMigration('DefaultEventsInit1764300000001', {
  up: [
    // Projection of loans.loan-registered/-repaid/-closed, plus the states this service causes.
    `CREATE TABLE "default_events"."loans" (
        loan_id text PRIMARY KEY,
        bank_id text NOT NULL,
        town_code text NOT NULL,
        principal_fen bigint NOT NULL,
        outstanding_fen bigint NOT NULL CHECK (outstanding_fen >= 0),
        status text NOT NULL,
        registration_date date NOT NULL,
        policy_version_id text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
    // Loan events that arrived before their loan-registered: applied when it arrives.
    `CREATE TABLE "default_events"."parked_loan_events" (
        seq bigserial PRIMARY KEY,
        event_id uuid NOT NULL UNIQUE,
        loan_id text NOT NULL,
        topic text NOT NULL,
        payload jsonb NOT NULL,
        parked_at timestamptz NOT NULL DEFAULT now()
      )`,
    `CREATE INDEX "parked_loan_idx" ON "default_events"."parked_loan_events" (loan_id, seq)`,
    `CREATE TABLE "default_events"."policies" (
        version_id text PRIMARY KEY,
        effective_from date NOT NULL,
        document jsonb NOT NULL,
        published_at timestamptz NOT NULL
      )`,
    `CREATE TABLE "default_events"."episodes" (
        default_id text PRIMARY KEY,
        loan_id text NOT NULL REFERENCES "default_events"."loans" (loan_id),
        bank_id text NOT NULL,
        outstanding_at_default_fen bigint NOT NULL CHECK (outstanding_at_default_fen > 0),
        days_past_due integer NOT NULL,
        reached_min_days_past_due_on date NOT NULL,
        reported_on date NOT NULL,
        policy_version_id text NOT NULL,
        status text NOT NULL,
        claim_status text NOT NULL DEFAULT 'NONE',
        claim_id text,
        closed_on date,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
    // One open episode per loan, whatever races.
    `CREATE UNIQUE INDEX "episodes_one_open_idx" ON "default_events"."episodes" (loan_id)
       WHERE status = 'OPEN'`,
    `CREATE INDEX "episodes_loan_idx" ON "default_events"."episodes" (loan_id, created_at)`,
    `CREATE TABLE "default_events"."recoveries" (
        recovery_id text PRIMARY KEY,
        default_id text NOT NULL REFERENCES "default_events"."episodes" (default_id),
        loan_id text NOT NULL,
        amount_fen bigint NOT NULL CHECK (amount_fen >= 0),
        costs_fen bigint NOT NULL CHECK (costs_fen >= 0),
        net_fen bigint NOT NULL CHECK (net_fen >= 0),
        recovered_on date NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`,
  ],
  down: [
    ...['recoveries', 'episodes', 'policies', 'parked_loan_events', 'loans'].map(
      (table) => `DROP TABLE "default_events"."${table}"`,
    ),
  ],
});
