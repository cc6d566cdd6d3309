import { sqlMigration } from '@riskpool/db';

/** The business date last announced with gateway.business-date-changed.v1 (one row). */
export const GatewayClockPublished1767400000000 = sqlMigration(
  'GatewayClockPublished1767400000000',
  {
    up: [
      `CREATE TABLE "gateway"."business_clock_published" (
        id smallint PRIMARY KEY CHECK (id = 1),
        business_date text NOT NULL,
        published_at timestamptz NOT NULL
      )`,
    ],
    down: [`DROP TABLE IF EXISTS "gateway"."business_clock_published"`],
  },
);
