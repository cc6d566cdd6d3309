import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { EventData, parsePolicyDocument, Topics } from '@riskpool/contracts';
import { UnitOfWork } from '@riskpool/db';
import { ConsumedEvent } from '@riskpool/kafka';
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
  @EventPattern(Topics.policyPublished)
  async policyPublished(
    @Payload() event: ConsumedEvent<EventData<typeof Topics.policyPublished>>,
    @Ctx() uow: UnitOfWork,
  ): Promise<void> {
    const parsed = parsePolicyDocument(event.envelope.data.policy);
    if (!parsed.ok)
      throw new Error(
        `invalid policy ${event.envelope.data.policy.policyVersionId}: ${parsed.issues
          .map((i) => `${i.path}: ${i.code}`)
          .join('; ')}`,
      );
    await this.policies.add(uow.manager, event.envelope.data.policy);
  }

  @EventPattern(Topics.fundCreated)
  async fundCreated(
    @Payload() event: ConsumedEvent<EventData<typeof Topics.fundCreated>>,
    @Ctx() uow: UnitOfWork,
  ): Promise<void> {
    const fund = event.envelope.data;
    await this.funds.upsert(uow.manager, {
      fundId: fund.fundId,
      name: fund.name,
      kind: fund.kind,
      townCode: fund.townCode ?? null,
    });
  }

  /** A subsidy fund (subsidy service): its managers' keys are scoped to it. */
  @EventPattern(Topics.subsidyFundCreated)
  async subsidyFundCreated(
    @Payload() event: ConsumedEvent<EventData<typeof Topics.subsidyFundCreated>>,
    @Ctx() uow: UnitOfWork,
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
  @EventPattern(Topics.breakerTripped)
  async breakerTripped(
    @Payload() event: ConsumedEvent<EventData<typeof Topics.breakerTripped>>,
    @Ctx() uow: UnitOfWork,
  ): Promise<void> {
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
