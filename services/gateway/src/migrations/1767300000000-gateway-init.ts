import { sqlMigration } from '@riskpool/db';

/** gateway schema: API keys (hashed), banks, the fund projection, the business clock, the audit trail. */
export const GatewayInit1767300000000 = sqlMigration('GatewayInit1767300000000', {
  up: [
    // secret_hash = HMAC-SHA256(API_KEY_PEPPER, "<key_id>.<secret>"); the secret itself is never stored.
    `CREATE TABLE "gateway"."api_keys" (
        key_id text PRIMARY KEY,
        role text NOT NULL CHECK (role IN ('admin', 'bank', 'fund-manager', 'regulator')),
        scope text,
        label text NOT NULL,
        secret_hash text NOT NULL,
        bootstrap boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text NOT NULL,
        create_idempotency_key text,
        create_request_hash text,
        revoked_at timestamptz,
        revoked_by text,
        last_used_at timestamptz,
        CHECK ((role IN ('bank', 'fund-manager')) = (scope IS NOT NULL)),
        UNIQUE (created_by, create_idempotency_key)
      )`,
    `CREATE TABLE "gateway"."banks" (
        bank_id text PRIMARY KEY,
        name text NOT NULL,
        quota_fen bigint NOT NULL CHECK (quota_fen >= 0),
        status text NOT NULL CHECK (status IN ('ACTIVE', 'SUSPENDED', 'EXITED')),
        status_reason text,
        status_changed_by text,
        admitted_at timestamptz NOT NULL,
        status_changed_at timestamptz NOT NULL
      )`,
    // Projection of pool.fund-created.v1 (and of funds created through the gateway).
    `CREATE TABLE "gateway"."funds" (
        fund_id text PRIMARY KEY,
        name text,
        kind text,
        town_code text,
        known_at timestamptz NOT NULL DEFAULT now()
      )`,
    `CREATE TABLE "gateway"."business_clock" (
        id smallint PRIMARY KEY CHECK (id = 1),
        business_date date NOT NULL,
        set_at timestamptz NOT NULL,
        set_by text NOT NULL
      )`,
    `CREATE TABLE "gateway"."audit_log" (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL,
        key_id text,
        role text,
        scope text,
        method text NOT NULL,
        path text NOT NULL,
        status integer NOT NULL,
        request_id text NOT NULL,
        idempotency_key text,
        duration_ms integer NOT NULL
      )`,
    `CREATE INDEX audit_log_key_idx ON "gateway"."audit_log" (key_id, id)`,
  ],
  down: [
    ...['audit_log', 'business_clock', 'funds', 'banks', 'api_keys'].map(
      (table) => `DROP TABLE IF EXISTS "gateway"."${table}"`,
    ),
  ],
});
