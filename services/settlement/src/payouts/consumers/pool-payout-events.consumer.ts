import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { EventData, Topics } from '@riskpool/contracts';
import { UnitOfWork } from '@riskpool/db';
import { ConsumedEvent } from '@riskpool/kafka';
import { RecordCosharerObligationsHandler } from '../../cosharers/record-cosharer-obligations.handler';
import { PlanPayoutsHandler } from '../commands/plan-payouts/plan-payouts.handler';

type Consumed<K extends keyof typeof Topics> = ConsumedEvent<EventData<(typeof Topics)[K]>>;

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
  @EventPattern(Topics.claimApproved)
  async claimApproved(
    @Payload() event: Consumed<'claimApproved'>,
    @Ctx() uow: UnitOfWork,
  ): Promise<void> {
    await this.payouts.onClaimApproved(event, uow);
    await this.cosharers.onClaimApproved(event, uow);
  }

  /** `pool.hold-placed.v1` with cause QUEUE_FILLED: a queued part filled, paid once approved. */
  @EventPattern(Topics.holdPlaced)
  async holdPlaced(
    @Payload() event: Consumed<'holdPlaced'>,
    @Ctx() uow: UnitOfWork,
  ): Promise<void> {
    await this.payouts.onHoldPlaced(event, uow);
  }

  /** `pool.hold-released.v1`: a queue fill still waiting for its approval is never paid. */
  @EventPattern(Topics.holdReleased)
  async holdReleased(
    @Payload() event: Consumed<'holdReleased'>,
    @Ctx() uow: UnitOfWork,
  ): Promise<void> {
    await this.payouts.onHoldReleased(event, uow);
  }

  /** `pool.claim-adjusted.v1`: recorded for audit (the approval carries the final amounts). */
  @EventPattern(Topics.claimAdjusted)
  async claimAdjusted(
    @Payload() event: Consumed<'claimAdjusted'>,
    @Ctx() uow: UnitOfWork,
  ): Promise<void> {
    await this.payouts.onClaimAdjusted(event, uow);
  }
}
