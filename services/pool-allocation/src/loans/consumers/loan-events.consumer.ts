import { Injectable } from '@nestjs/common';
import { EventData, Topics } from '@riskpool/contracts';
import { UnitOfWork } from '@riskpool/db';
import { ConsumedEvent } from '@riskpool/kafka';
import { CreditEventsConsumer } from '../../claims/consumers/credit-events.consumer';
import { ProjectLoanHandler } from '../commands/project-loan/project-loan.handler';

/** Kafka adapter for loan events (and the write-off credit event) onto the loan projection. */
@Injectable()
export class LoanEventsConsumer {
  constructor(
    private readonly project: ProjectLoanHandler,
    private readonly credit: CreditEventsConsumer,
  ) {}

  async loanRegistered(
    event: ConsumedEvent<EventData<typeof Topics.loanRegistered>>,
    uow: UnitOfWork,
  ): Promise<void> {
    await this.project.registered(uow, event.envelope.data);
    // A default that arrived before its loan can open its claim now.
    await this.credit.replayParked(uow, { loanId: event.envelope.data.loanId });
  }

  async loanRepaid(
    event: ConsumedEvent<EventData<typeof Topics.loanRepaid>>,
    uow: UnitOfWork,
  ): Promise<void> {
    await this.project.repaid(uow, event.envelope.data);
  }

  async loanClosed(
    event: ConsumedEvent<EventData<typeof Topics.loanClosed>>,
    uow: UnitOfWork,
  ): Promise<void> {
    await this.project.closed(uow, event.envelope.data);
  }

  async loanWrittenOff(
    event: ConsumedEvent<EventData<typeof Topics.loanWrittenOff>>,
    uow: UnitOfWork,
  ): Promise<void> {
    await this.project.writtenOff(uow, event.envelope.data);
  }
}
