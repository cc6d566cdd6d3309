import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { EventData, Topics } from '@riskpool/contracts';
import { UnitOfWork } from '@riskpool/db';
import { ConsumedEvent } from '@riskpool/kafka';
import { eventContext } from '../../shared/pool-context';
import { ApplySettlementHandler } from '../commands/apply-settlement/apply-settlement.handler';

/** Kafka adapter for settlement's results. */
@Controller()
export class SettlementEventsConsumer {
  constructor(private readonly handler: ApplySettlementHandler) {}

  @EventPattern(Topics.payoutCompleted)
  async payoutCompleted(
    @Payload() event: ConsumedEvent<EventData<typeof Topics.payoutCompleted>>,
    @Ctx() uow: UnitOfWork,
  ): Promise<void> {
    const date = event.envelope.data.completedAt.slice(0, 10);
    await this.handler.payoutCompleted(eventContext(event, uow, date), event.envelope.data);
  }

  @EventPattern(Topics.remittanceReceived)
  async remittanceReceived(
    @Payload() event: ConsumedEvent<EventData<typeof Topics.remittanceReceived>>,
    @Ctx() uow: UnitOfWork,
  ): Promise<void> {
    await this.handler.remittanceReceived(
      eventContext(event, uow, event.envelope.data.receivedOn),
      event.envelope.data,
    );
  }
}
