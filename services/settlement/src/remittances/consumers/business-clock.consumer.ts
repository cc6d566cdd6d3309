import { Controller } from '@nestjs/common';
import { Topics } from '@riskpool/contracts';
import { UnitOfWork } from '@riskpool/db';
import { Consumed, OnEvent } from '@riskpool/kafka';
import { CheckOverdueHandler } from '../commands/check-overdue/check-overdue.handler';

/** The gateway's business clock: the only way settlement learns the business date. */
@Controller()
export class BusinessClockConsumer {
  constructor(private readonly overdue: CheckOverdueHandler) {}

  /** A later date than announced before runs the overdue check, in the inbox's transaction. */
  @OnEvent(Topics.gatewayBusinessDateChanged)
  async businessDateChanged(
    event: Consumed<'gatewayBusinessDateChanged'>,
    uow: UnitOfWork,
  ): Promise<void> {
    await this.overdue.onBusinessDate(uow, event.envelope.data.businessDate);
  }
}
