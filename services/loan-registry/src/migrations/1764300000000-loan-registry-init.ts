import { sqlMigration } from '@riskpool/db';

/** loan_registry schema: loans, repayments, and the projections of banks, funds and policies. */
export const LoanRegistryInit1764300000000 = sqlMigration('LoanRegistryInit1764300000000', {
  up: [
    // Projection of pool.bank-* and pool.breaker-tripped; exposure_fen is the running sum of
    // this bank's loans' exposures, kept under the row lock every registration takes.
    `CREATE TABLE "loan_registry"."banks" (
        bank_id text PRIMARY KEY,
        name text,
        quota_fen bigint NOT NULL DEFAULT 0,
        admitted boolean NOT NULL DEFAULT false,
        status text NOT NULL DEFAULT 'SUSPENDED',
        status_changed_at timestamptz NOT NULL DEFAULT '-infinity',
        status_reason text,
        exposure_fen bigint NOT NULL DEFAULT 0 CHECK (exposure_fen >= 0)
      )`,
    // One row per enterprise (USCC): its exposure across all banks, and its town once known.
    `CREATE TABLE "loan_registry"."enterprises" (
        uscc text PRIMARY KEY,
        town_code text,
        exposure_fen bigint NOT NULL DEFAULT 0 CHECK (exposure_fen >= 0)
      )`,
    `CREATE TABLE "loan_registry"."funds" (
        fund_id text PRIMARY KEY,
        kind text NOT NULL,
        town_code text,
        created_at timestamptz NOT NULL
      )`,
    `CREATE TABLE "loan_registry"."policies" (
        version_id text PRIMARY KEY,
        effective_from date NOT NULL,
        document jsonb NOT NULL,
        published_at timestamptz NOT NULL
      )`,
    `CREATE TABLE "loan_registry"."loans" (
        loan_id text PRIMARY KEY,
        bank_id text NOT NULL,
        bank_reference text NOT NULL,
        content_hash text NOT NULL,
        uscc text NOT NULL,
        enterprise_name text NOT NULL,
        town_code text NOT NULL,
        qualifications text[] NOT NULL,
        flags text[] NOT NULL,
        principal_fen bigint NOT NULL CHECK (principal_fen > 0),
        outstanding_fen bigint NOT NULL CHECK (outstanding_fen >= 0),
        exposure_fen bigint NOT NULL CHECK (exposure_fen >= 0),
        annual_rate_bp integer NOT NULL,
        disbursement_date date NOT NULL,
        maturity_date date NOT NULL,
        term_months integer NOT NULL,
        registration_date date NOT NULL,
        policy_version_id text NOT NULL,
        status text NOT NULL,
        default_id text,
        outstanding_at_default_fen bigint,
        registered_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (bank_id, bank_reference)
      )`,
    `CREATE INDEX "loans_bank_idx" ON "loan_registry"."loans" (bank_id, loan_id)`,
    `CREATE INDEX "loans_uscc_idx" ON "loan_registry"."loans" (uscc)`,
    `CREATE TABLE "loan_registry"."repayments" (
        repayment_id text PRIMARY KEY,
        loan_id text NOT NULL REFERENCES "loan_registry"."loans" (loan_id),
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        outstanding_after_fen bigint NOT NULL CHECK (outstanding_after_fen >= 0),
        repaid_on date NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`,
    `CREATE INDEX "repayments_loan_idx" ON "loan_registry"."repayments" (loan_id)`,
  ],
  down: [
    ...['repayments', 'loans', 'policies', 'funds', 'enterprises', 'banks'].map(
      (table) => `DROP TABLE "loan_registry"."${table}"`,
    ),
  ],
});
