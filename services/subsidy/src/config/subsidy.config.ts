import { IsInt, Max, Min } from 'class-validator';
import { CommonServiceConfig, ServiceConfig } from '@riskpool/service-kit';

/** subsidy settings (environment variables), on top of the common ones. */
export class SubsidyConfig extends CommonServiceConfig implements ServiceConfig {
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 3006;

  /** Most rows in one bulk interest report. */
  @IsInt()
  @Min(1)
  @Max(100000)
  SUBSIDY_BULK_ROWS_MAX: number = 5000;
}
