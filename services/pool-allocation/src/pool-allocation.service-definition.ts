import { policyDocumentsWireFormMigration } from '@riskpool/db';
import { DomainError } from '@riskpool/domain';
import { ProblemException, ServiceDefinition } from '@riskpool/service-kit';
import { PoolAllocationConfig } from './config/pool-allocation.config';
import { PoolAllocation1767225600000 } from './migrations/1767225600000-pool-allocation';
import { PoolAllocationProgramme1767400000000 } from './migrations/1767400000000-pool-allocation-programme';
import { PoolAllocationAfterRecovery1767600000000 } from './migrations/1767600000000-pool-allocation-after-recovery';
import { PoolAllocationBankTotals1768100000000 } from './migrations/1768100000000-pool-allocation-bank-totals';
import { poolAllocationModule } from './pool-allocation.module';

/** A rule the domain refused (e.g. no policy in force) is a 422 with its stable code. */
export function mapPoolDomainError(error: unknown): ProblemException | undefined {
  if (error instanceof DomainError)
    return new ProblemException(422, error.code, 'Request refused by the rules', error.message);
  return undefined;
}

export const poolAllocationDefinition: ServiceDefinition<PoolAllocationConfig> = {
  name: 'pool-allocation',
  identityTarget: 'pool-allocation',
  schema: 'pool_allocation',
  configClass: PoolAllocationConfig,
  entities: [],
  migrations: [
    PoolAllocation1767225600000,
    PoolAllocationProgramme1767400000000,
    PoolAllocationAfterRecovery1767600000000,
    policyDocumentsWireFormMigration('PoolAllocationPolicyWireForm1768000000000'),
    PoolAllocationBankTotals1768100000000,
  ],
  module: poolAllocationModule,
  mapDomainError: mapPoolDomainError,
};
