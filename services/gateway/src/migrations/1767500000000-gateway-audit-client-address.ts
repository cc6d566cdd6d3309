import { sqlMigration } from '@riskpool/db';

/** The client's address in each audit record (refused requests are recorded too). */
export const GatewayAuditClientAddress1767500000000 = sqlMigration(
  'GatewayAuditClientAddress1767500000000',
  {
    up: [`ALTER TABLE "gateway"."audit_log" ADD COLUMN client_address text`],
    down: [`ALTER TABLE "gateway"."audit_log" DROP COLUMN client_address`],
  },
);
