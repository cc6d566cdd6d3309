import { Controller } from '@nestjs/common';
import { Topics } from '@riskpool/contracts';
import { UnitOfWork } from '@riskpool/db';
import { Consumed, OnEvent } from '@riskpool/kafka';
import { eventContext } from '../../shared/pool-context';
import { ApplySettlementHandler } from '../commands/apply-settlement/apply-settlement.handler';

/** Kafka adapter for settlement's results. */
@Controller()
export class SettlementEventsConsumer {
  constructor(private readonly handler: ApplySettlementHandler) {}

  @OnEvent(Topics.payoutCompleted)
  async payoutCompleted(event: Consumed<'payoutCompleted'>, uow: UnitOfWork): Promise<void> {
    const date = event.envelope.data.completedAt.slice(0, 10);
    await this.handler.payoutCompleted(eventContext(event, uow, date), event.envelope.data);
  }

  @OnEvent(Topics.remittanceReceived)
  async remittanceReceived(event: Consumed<'remittanceReceived'>, uow: UnitOfWork): Promise<void> {
    await this.handler.remittanceReceived(
      eventContext(event, uow, event.envelope.data.receivedOn),
      event.envelope.data,
    );
  }
}
