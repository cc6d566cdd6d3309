import { CommonServiceConfigOn } from '@riskpool/service-kit';

/** pool-allocation's settings: the common ones plus its HTTP port. */
export class PoolAllocationConfig extends CommonServiceConfigOn(3003) {}
