import { CommonServiceConfigOn, IntSetting } from '@riskpool/service-kit';

/** default-events settings (environment variables), on top of the common ones. */
export class DefaultEventsConfig extends CommonServiceConfigOn(3002) {
  /** Most rows in one `POST /defaults/bulk` (a bank's month-end default file). */
  @IntSetting(1, 10000)
  DEFAULTS_BULK_ROWS_MAX: number = 10000;
}
