import { Controller } from '@nestjs/common';
import { Topics } from '@riskpool/contracts';
import { UnitOfWork } from '@riskpool/db';
import { Consumed, OnEvent } from '@riskpool/kafka';
import { RecordCosharerObligationsHandler } from '../../cosharers/record-cosharer-obligations.handler';
import { PlanPayoutsHandler } from '../commands/plan-payouts/plan-payouts.handler';

/** pool-allocation's claim and hold events onto the payment instructions. */
@Controller()
export class PoolPayoutEventsConsumer {
  constructor(
    private readonly payouts: PlanPayoutsHandler,
    private readonly cosharers: RecordCosharerObligationsHandler,
  ) {}

  /**
   * `pool.claim-approved.v1`: a payment instruction per fund share held at approval, and what each
   * co-sharer owes the lender (docs/domain.md §8.4), in one transaction.
   */
  @OnEvent(Topics.claimApproved)
  async claimApproved(event: Consumed<'claimApproved'>, uow: UnitOfWork): Promise<void> {
    await this.payouts.onClaimApproved(event, uow);
    await this.cosharers.onClaimApproved(event, uow);
  }

  /** `pool.hold-placed.v1` with cause QUEUE_FILLED: a queued part filled, paid once approved. */
  @OnEvent(Topics.holdPlaced)
  async holdPlaced(event: Consumed<'holdPlaced'>, uow: UnitOfWork): Promise<void> {
    await this.payouts.onHoldPlaced(event, uow);
  }

  /** `pool.hold-released.v1`: a queue fill still waiting for its approval is never paid. */
  @OnEvent(Topics.holdReleased)
  async holdReleased(event: Consumed<'holdReleased'>, uow: UnitOfWork): Promise<void> {
    await this.payouts.onHoldReleased(event, uow);
  }

  /** `pool.claim-adjusted.v1`: recorded for audit (the approval carries the final amounts). */
  @OnEvent(Topics.claimAdjusted)
  async claimAdjusted(event: Consumed<'claimAdjusted'>, uow: UnitOfWork): Promise<void> {
    await this.payouts.onClaimAdjusted(event, uow);
  }
}
