import { Controller } from '@nestjs/common';
import { EventData, EventEnvelope, Topics } from '@riskpool/contracts';
import { UnitOfWork } from '@riskpool/db';
import { Consumed, ConsumedEvent, OnEvent } from '@riskpool/kafka';
import { CreditEventsConsumer } from '../../claims/consumers/credit-events.consumer';
import { ProjectLoanHandler } from '../commands/project-loan/project-loan.handler';
import {
  parkedEvents,
  parkEvent,
  unparkEvent,
} from '../../shared/persistence/parked-event.repository';

const LOAN_UPDATE_TOPICS = [Topics.loanRepaid, Topics.loanClosed, Topics.loanWrittenOff] as const;
type LoanUpdateTopic = (typeof LOAN_UPDATE_TOPICS)[number];

function isLoanUpdateTopic(topic: string): topic is LoanUpdateTopic {
  return (LOAN_UPDATE_TOPICS as readonly string[]).includes(topic);
}

/**
 * Kafka adapter for loan events (and the write-off credit event) onto the loan projection. The
 * loan topics are not ordered with each other: an update read before its loan's registration (a
 * consumer that is behind, a replay from the beginning) waits with the parked events and applies,
 * in the order it came, when the registration is read.
 */
@Controller()
export class LoanEventsConsumer {
  constructor(
    private readonly project: ProjectLoanHandler,
    private readonly credit: CreditEventsConsumer,
  ) {}

  @OnEvent(Topics.loanRegistered)
  async loanRegistered(event: Consumed<'loanRegistered'>, uow: UnitOfWork): Promise<void> {
    const { loanId } = event.envelope.data;
    await this.project.registered(uow, event.envelope.data);
    // One read of the loan's parked events serves its updates and its credit events.
    const parked = await parkedEvents(uow, { loanId });
    for (const event of parked)
      if (
        isLoanUpdateTopic(event.topic) &&
        (await this.applyUpdate(event.topic, event.envelope, uow))
      )
        await unparkEvent(uow, event.envelope.id);
    // A default that arrived before its loan can open its claim now.
    const credit = parked.filter((event) => !isLoanUpdateTopic(event.topic));
    await this.credit.replay(uow, credit);
  }

  /** Repaid, closed or written off: applied to the loan, or parked until it is registered. */
  @OnEvent(LOAN_UPDATE_TOPICS)
  async loanUpdated(event: ConsumedEvent<{ loanId: string }>, uow: UnitOfWork): Promise<void> {
    await this.updateOrPark(event.topic as LoanUpdateTopic, event, uow);
  }

  /** Applies a loan update, or keeps it until its loan's registration has been read. */
  private async updateOrPark(
    topic: LoanUpdateTopic,
    event: ConsumedEvent<{ loanId: string }>,
    uow: UnitOfWork,
  ): Promise<void> {
    if (await this.applyUpdate(topic, event.envelope, uow)) return;
    await parkEvent(uow, {
      topic,
      envelope: event.envelope,
      loanId: event.envelope.data.loanId,
      defaultId: null,
      reason: 'loan not registered here yet',
    });
  }

  /** False when the loan is not projected yet. */
  private async applyUpdate(
    topic: LoanUpdateTopic,
    envelope: EventEnvelope,
    uow: UnitOfWork,
  ): Promise<boolean> {
    switch (topic) {
      case Topics.loanRepaid:
        return this.project.repaid(uow, envelope.data as EventData<typeof Topics.loanRepaid>);
      case Topics.loanClosed:
        return this.project.closed(uow, envelope.data as EventData<typeof Topics.loanClosed>);
      case Topics.loanWrittenOff:
        return this.project.writtenOff(
          uow,
          envelope.data as EventData<typeof Topics.loanWrittenOff>,
        );
    }
  }
}
