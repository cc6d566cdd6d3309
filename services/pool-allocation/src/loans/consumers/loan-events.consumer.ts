import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { EventData, Topics } from '@riskpool/contracts';
import { UnitOfWork } from '@riskpool/db';
import { ConsumedEvent } from '@riskpool/kafka';
import { CreditEventsConsumer } from '../../claims/consumers/credit-events.consumer';
import { ProjectLoanHandler } from '../commands/project-loan/project-loan.handler';

/** Kafka adapter for loan events (and the write-off credit event) onto the loan projection. */
@Controller()
export class LoanEventsConsumer {
  constructor(
    private readonly project: ProjectLoanHandler,
    private readonly credit: CreditEventsConsumer,
  ) {}

  @EventPattern(Topics.loanRegistered)
  async loanRegistered(
    @Payload() event: ConsumedEvent<EventData<typeof Topics.loanRegistered>>,
    @Ctx() uow: UnitOfWork,
  ): Promise<void> {
    await this.project.registered(uow, event.envelope.data);
    // A default that arrived before its loan can open its claim now.
    await this.credit.replayParked(uow, { loanId: event.envelope.data.loanId });
  }

  @EventPattern(Topics.loanRepaid)
  async loanRepaid(
    @Payload() event: ConsumedEvent<EventData<typeof Topics.loanRepaid>>,
    @Ctx() uow: UnitOfWork,
  ): Promise<void> {
    await this.project.repaid(uow, event.envelope.data);
  }

  @EventPattern(Topics.loanClosed)
  async loanClosed(
    @Payload() event: ConsumedEvent<EventData<typeof Topics.loanClosed>>,
    @Ctx() uow: UnitOfWork,
  ): Promise<void> {
    await this.project.closed(uow, event.envelope.data);
  }

  @EventPattern(Topics.loanWrittenOff)
  async loanWrittenOff(
    @Payload() event: ConsumedEvent<EventData<typeof Topics.loanWrittenOff>>,
    @Ctx() uow: UnitOfWork,
  ): Promise<void> {
    await this.project.writtenOff(uow, event.envelope.data);
  }
}
