import { CommonServiceConfigOn, IntSetting } from '@riskpool/service-kit';

/** subsidy settings (environment variables), on top of the common ones. */
export class SubsidyConfig extends CommonServiceConfigOn(3006) {
  /** Most rows in one bulk interest report. */
  @IntSetting(1, 100000)
  SUBSIDY_BULK_ROWS_MAX: number = 5000;
}
