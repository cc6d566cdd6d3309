import { IsInt, Max, Min } from 'class-validator';
import { CommonServiceConfig, ServiceConfig } from '@riskpool/service-kit';

/** default-events settings (environment variables), on top of the common ones. */
export class DefaultEventsConfig extends CommonServiceConfig implements ServiceConfig {
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 3002;

  /** Most rows in one `POST /defaults/bulk` (a bank's month-end default file). */
  @IsInt()
  @Min(1)
  @Max(10000)
  DEFAULTS_BULK_ROWS_MAX: number = 10000;
}
