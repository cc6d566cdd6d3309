import { IsInt, Max, Min } from 'class-validator';
import { CommonServiceConfig, ServiceConfig } from '@riskpool/service-kit';

/** default-events settings (environment variables), on top of the common ones. */
export class DefaultEventsConfig extends CommonServiceConfig implements ServiceConfig {
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 3002;
}
