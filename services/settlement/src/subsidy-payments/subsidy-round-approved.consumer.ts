import { Controller } from '@nestjs/common';
import { Topics } from '@riskpool/contracts';
import { UnitOfWork } from '@riskpool/db';
import { Consumed, OnEvent } from '@riskpool/kafka';
import { PlanSubsidyPaymentsHandler } from './plan-subsidy-payments.handler';

/** `subsidy.round-approved.v1`: a payment instruction per enterprise granted a subsidy. */
@Controller()
export class SubsidyRoundApprovedConsumer {
  constructor(private readonly subsidies: PlanSubsidyPaymentsHandler) {}

  @OnEvent(Topics.subsidyRoundApproved)
  async roundApproved(event: Consumed<'subsidyRoundApproved'>, uow: UnitOfWork): Promise<void> {
    await this.subsidies.onRoundApproved(event, uow);
  }
}
