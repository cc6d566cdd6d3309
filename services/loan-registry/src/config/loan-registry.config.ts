import { CommonServiceConfigOn, IntSetting } from '@riskpool/service-kit';

/** loan-registry settings (environment variables), on top of the common ones. */
export class LoanRegistryConfig extends CommonServiceConfigOn(3001) {
  /** Most rows in one `POST /loans/bulk`. */
  @IntSetting(1, 10000)
  BULK_ROWS_MAX: number = 10000;
}
