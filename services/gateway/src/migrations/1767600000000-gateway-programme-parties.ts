import { sqlMigration } from '@riskpool/db';

/**
 * docs/domain.md §8: a partner's institution kind, the co-sharer parties (guarantors, insurers,
 * valuers) an admin admits, and API keys for the `cosharer` role (scoped to its party).
 */
export const GatewayProgrammeParties1767600000000 = sqlMigration(
  'GatewayProgrammeParties1767600000000',
  {
    up: [
      `ALTER TABLE "gateway"."banks" ADD COLUMN kind text NOT NULL DEFAULT 'BANK'
         CHECK (kind IN ('BANK', 'MICROLOAN', 'LEASING'))`,
      `CREATE TABLE "gateway"."cosharers" (
        party_id text PRIMARY KEY,
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('GUARANTOR', 'INSURER', 'VALUER')),
        admitted_at timestamptz NOT NULL
      )`,
      `ALTER TABLE "gateway"."api_keys" DROP CONSTRAINT IF EXISTS api_keys_role_check`,
      `ALTER TABLE "gateway"."api_keys" DROP CONSTRAINT IF EXISTS api_keys_check`,
      `ALTER TABLE "gateway"."api_keys" ADD CONSTRAINT api_keys_role_check
         CHECK (role IN ('admin', 'bank', 'fund-manager', 'regulator', 'cosharer'))`,
      `ALTER TABLE "gateway"."api_keys" ADD CONSTRAINT api_keys_check
         CHECK ((role IN ('bank', 'fund-manager', 'cosharer')) = (scope IS NOT NULL))`,
    ],
    down: [
      `DELETE FROM "gateway"."api_keys" WHERE role = 'cosharer'`,
      `ALTER TABLE "gateway"."api_keys" DROP CONSTRAINT api_keys_role_check, DROP CONSTRAINT api_keys_check`,
      `ALTER TABLE "gateway"."api_keys" ADD CONSTRAINT api_keys_role_check
         CHECK (role IN ('admin', 'bank', 'fund-manager', 'regulator')),
       ADD CONSTRAINT api_keys_check CHECK ((role IN ('bank', 'fund-manager')) = (scope IS NOT NULL))`,
      `DROP TABLE "gateway"."cosharers"`,
      `ALTER TABLE "gateway"."banks" DROP COLUMN kind`,
    ],
  },
);
