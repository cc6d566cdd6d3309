import { IsInt, Max, Min } from 'class-validator';
import { CommonServiceConfig, ServiceConfig } from '@riskpool/service-kit';

/** pool-allocation's settings: the common ones plus its HTTP port. */
export class PoolAllocationConfig extends CommonServiceConfig implements ServiceConfig {
  /** HTTP port (docs/service-conventions.md: 3003). */
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 3003;
}
