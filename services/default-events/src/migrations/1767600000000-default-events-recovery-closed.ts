import { sqlMigration } from '@riskpool/db';

/** docs/domain.md §8.5: when the bank declared an AFTER_RECOVERY default's recovery finished. */
export const DefaultEventsRecoveryClosed1767600000000 = sqlMigration(
  'DefaultEventsRecoveryClosed1767600000000',
  {
    up: [`ALTER TABLE "default_events"."episodes" ADD COLUMN recovery_closed_on date`],
    down: [`ALTER TABLE "default_events"."episodes" DROP COLUMN recovery_closed_on`],
  },
);
