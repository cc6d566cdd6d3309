import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { EventData, Topics } from '@riskpool/contracts';
import { UnitOfWork } from '@riskpool/db';
import { ConsumedEvent } from '@riskpool/kafka';
import { CheckOverdueHandler } from '../commands/check-overdue/check-overdue.handler';

/** The gateway's business clock: the only way settlement learns the business date. */
@Controller()
export class BusinessClockConsumer {
  constructor(private readonly overdue: CheckOverdueHandler) {}

  /** A later date than announced before runs the overdue check, in the inbox's transaction. */
  @EventPattern(Topics.gatewayBusinessDateChanged)
  async businessDateChanged(
    @Payload() event: ConsumedEvent<EventData<typeof Topics.gatewayBusinessDateChanged>>,
    @Ctx() uow: UnitOfWork,
  ): Promise<void> {
    await this.overdue.onBusinessDate(uow, event.envelope.data.businessDate);
  }
}
