import { INestApplication } from '@nestjs/common';
import { Topics } from '@riskpool/contracts';
import { DomainError } from '@riskpool/domain';
import { EventHandlers } from '@riskpool/kafka';
import { ProblemException, ServiceDefinition } from '@riskpool/service-kit';
import { CreditEventsConsumer } from './claims/consumers/credit-events.consumer';
import { SettlementEventsConsumer } from './claims/consumers/settlement-events.consumer';
import { PoolAllocationConfig } from './config/pool-allocation.config';
import { LoanEventsConsumer } from './loans/consumers/loan-events.consumer';
import { PoolAllocation1767225600000 } from './migrations/1767225600000-pool-allocation';
import { PoolAllocationProgramme1767400000000 } from './migrations/1767400000000-pool-allocation-programme';
import { PoolAllocationAfterRecovery1767600000000 } from './migrations/1767600000000-pool-allocation-after-recovery';
import { PoolAllocationModule } from './pool-allocation.module';

/** The Kafka side: every consumed topic onto the same use cases as HTTP. */
export function poolAllocationHandlers(app: INestApplication): EventHandlers {
  const loans = app.get(LoanEventsConsumer);
  const credit = app.get(CreditEventsConsumer);
  const settlement = app.get(SettlementEventsConsumer);
  return {
    [Topics.loanRegistered]: (event, uow) => loans.loanRegistered(event, uow),
    [Topics.loanRepaid]: (event, uow) => loans.loanRepaid(event, uow),
    [Topics.loanClosed]: (event, uow) => loans.loanClosed(event, uow),
    [Topics.loanWrittenOff]: (event, uow) => loans.loanWrittenOff(event, uow),
    [Topics.defaultReported]: (event, uow) => credit.defaultReported(event, uow),
    [Topics.defaultCured]: (event, uow) => credit.defaultCured(event, uow),
    [Topics.recoveryReported]: (event, uow) => credit.recoveryReported(event, uow),
    [Topics.recoveryClosed]: (event, uow) => credit.recoveryClosed(event, uow),
    [Topics.payoutCompleted]: (event, uow) => settlement.payoutCompleted(event, uow),
    [Topics.remittanceReceived]: (event, uow) => settlement.remittanceReceived(event, uow),
  };
}

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
  ],
  module: (deps) => PoolAllocationModule.forRoot(deps),
  handlers: poolAllocationHandlers,
  mapDomainError: mapPoolDomainError,
};
