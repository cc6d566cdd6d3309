import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { EventData, Topics } from '@riskpool/contracts';
import { UnitOfWork } from '@riskpool/db';
import { ConsumedEvent } from '@riskpool/kafka';
import { PlanSubsidyPaymentsHandler } from './plan-subsidy-payments.handler';

/** `subsidy.round-approved.v1`: a payment instruction per enterprise granted a subsidy. */
@Controller()
export class SubsidyRoundApprovedConsumer {
  constructor(private readonly subsidies: PlanSubsidyPaymentsHandler) {}

  @EventPattern(Topics.subsidyRoundApproved)
  async roundApproved(
    @Payload() event: ConsumedEvent<EventData<typeof Topics.subsidyRoundApproved>>,
    @Ctx() uow: UnitOfWork,
  ): Promise<void> {
    await this.subsidies.onRoundApproved(event, uow);
  }
}
