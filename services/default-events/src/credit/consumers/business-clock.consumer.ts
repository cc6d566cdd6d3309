import { Controller } from '@nestjs/common';
import { Topics } from '@riskpool/contracts';
import { UnitOfWork } from '@riskpool/db';
import { Consumed, OnEvent } from '@riskpool/kafka';
import { CloseRecoveryHandler } from '../commands/close-recovery/close-recovery.handler';

/** The gateway's business clock. */
@Controller()
export class BusinessClockConsumer {
  constructor(private readonly recoveryClosings: CloseRecoveryHandler) {}

  /** docs/domain.md §8.5: past the last day to declare recovery finished, the claim opens by itself. */
  @OnEvent(Topics.gatewayBusinessDateChanged)
  async businessDateChanged(
    event: Consumed<'gatewayBusinessDateChanged'>,
    uow: UnitOfWork,
  ): Promise<void> {
    await this.recoveryClosings.closeOverdue(
      event.envelope.data.businessDate,
      event.envelope.correlationId,
      uow,
    );
  }
}
