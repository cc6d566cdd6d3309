import { Controller } from '@nestjs/common';
import { Topics } from '@riskpool/contracts';
import { UnitOfWork } from '@riskpool/db';
import { Consumed, OnEvent } from '@riskpool/kafka';
import { RecordCosharerObligationsHandler } from '../../cosharers/record-cosharer-obligations.handler';
import { RecordPolicyHandler } from '../commands/record-policy/record-policy.handler';
import { RecordRecoveryShareHandler } from '../commands/record-recovery-share/record-recovery-share.handler';

/** pool-allocation's recovery shares and policies: what banks owe back, and by when. */
@Controller()
export class PoolRemittanceEventsConsumer {
  constructor(
    private readonly recoveries: RecordRecoveryShareHandler,
    private readonly cosharers: RecordCosharerObligationsHandler,
    private readonly policies: RecordPolicyHandler,
  ) {}

  /**
   * `pool.recovery-shared.v1`: what the bank now owes each fund on the claim, and each co-sharer
   * (docs/domain.md §8.4), in one transaction.
   */
  @OnEvent(Topics.recoveryShared)
  async recoveryShared(event: Consumed<'recoveryShared'>, uow: UnitOfWork): Promise<void> {
    await this.recoveries.handle(event, uow);
    await this.cosharers.onRecoveryShared(event, uow);
  }

  /** `pool.policy-published.v1`: each version's `remitWithinDays`. */
  @OnEvent(Topics.policyPublished)
  async policyPublished(event: Consumed<'policyPublished'>, uow: UnitOfWork): Promise<void> {
    await this.policies.handle(event, uow);
  }
}
