import { Controller, Logger } from '@nestjs/common';
import { readPublishedPolicy, Topics } from '@riskpool/contracts';
import { UnitOfWork } from '@riskpool/db';
import { Consumed, OnEvent } from '@riskpool/kafka';
import { FundRepository } from '../../funds/persistence/fund.repository';
import { BankRepository } from '../persistence/bank.repository';
import { PolicyRepository } from '../../policies/policy.repository';

/**
 * The parties others announce: new funds (for fund-manager key scopes) and breaker trips; and the
 * policy versions (the institution kinds admitted).
 */
@Controller()
export class PartiesConsumer {
  private readonly logger = new Logger('parties');

  constructor(
    private readonly banks: BankRepository,
    private readonly funds: FundRepository,
    private readonly policies: PolicyRepository,
  ) {}

  /**
   * A published version: the institution kinds it admits are checked at admission (docs/domain.md
   * §8.1). pool-allocation validated it before publishing; an unreadable one goes to the DLQ.
   */
  @OnEvent(Topics.policyPublished)
  async policyPublished(event: Consumed<'policyPublished'>, uow: UnitOfWork): Promise<void> {
    readPublishedPolicy(event.envelope.data.policy);
    await this.policies.add(uow.manager, event.envelope.data.policy);
  }

  /** A fund (pool-allocation) or a subsidy fund (subsidy service): its managers' keys are scoped to it. */
  @OnEvent([Topics.fundCreated, Topics.subsidyFundCreated])
  async fundCreated(
    event: Consumed<'fundCreated'> | Consumed<'subsidyFundCreated'>,
    uow: UnitOfWork,
  ): Promise<void> {
    const fund = event.envelope.data;
    await this.funds.upsert(uow.manager, {
      fundId: fund.fundId,
      name: fund.name,
      kind: fund.kind,
      townCode: fund.townCode ?? null,
    });
  }

  /** The NPL breaker suspended the bank: pool-allocation announced it, an admin reinstates it. */
  @OnEvent(Topics.breakerTripped)
  async breakerTripped(event: Consumed<'breakerTripped'>, uow: UnitOfWork): Promise<void> {
    const trip = event.envelope.data;
    const updated = await this.banks.setStatus(uow.manager, trip.bankId, {
      status: 'SUSPENDED',
      reason: `NPL breaker tripped on ${trip.trippedOn} (claim ${trip.claimId}, threshold ${trip.thresholdBp} bp)`,
      by: 'breaker',
      at: new Date(event.envelope.time),
    });
    if (updated === undefined)
      this.logger.warn(`breaker tripped for bank ${trip.bankId}, which the gateway never admitted`);
  }
}
