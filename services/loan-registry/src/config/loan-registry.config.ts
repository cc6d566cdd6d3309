import { IsInt, Max, Min } from 'class-validator';
import { CommonServiceConfig, ServiceConfig } from '@riskpool/service-kit';

/** loan-registry settings (environment variables), on top of the common ones. */
export class LoanRegistryConfig extends CommonServiceConfig implements ServiceConfig {
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 3001;

  /** Most rows in one `POST /loans/bulk`. */
  @IsInt()
  @Min(1)
  @Max(10000)
  BULK_ROWS_MAX: number = 10000;
}
