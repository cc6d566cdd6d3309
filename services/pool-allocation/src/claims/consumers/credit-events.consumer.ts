import { Controller, Logger } from '@nestjs/common';
import { EventData, EventEnvelope, Topics } from '@riskpool/contracts';
import { UnitOfWork } from '@riskpool/db';
import { ConsumedEvent, OnEvent } from '@riskpool/kafka';
import {
  isParked,
  ParkedEvent,
  parkedEvents,
  parkEvent,
  unparkEvent,
} from '../../shared/persistence/parked-event.repository';
import { eventContext, PoolContext } from '../../shared/pool-context';
import { ApplyRecoveryHandler } from '../commands/apply-recovery/apply-recovery.handler';
import { OpenClaimHandler } from '../commands/open-claim/open-claim.handler';
import { WithdrawOnCureHandler } from '../commands/withdraw-on-cure/withdraw-on-cure.handler';
import { EventOutcome } from '../shared-claim';

const CREDIT_TOPICS = [
  Topics.defaultReported,
  Topics.defaultCured,
  Topics.recoveryReported,
  Topics.recoveryClosed,
] as const;
type CreditTopic = (typeof CREDIT_TOPICS)[number];

/**
 * The Kafka adapter for credit events: default → open a claim, cure → withdraw it, recovery →
 * lower the basis or share it. Topics are not ordered with each other, so an event that arrives
 * before what it needs (its loan, claim, policy or fund) is parked and applied when that arrives.
 */
@Controller()
export class CreditEventsConsumer {
  private readonly logger = new Logger('credit-events');

  constructor(
    private readonly openClaim: OpenClaimHandler,
    private readonly cure: WithdrawOnCureHandler,
    private readonly recovery: ApplyRecoveryHandler,
  ) {}

  /**
   * A default reported or cured, a recovery reported, or (docs/domain.md §8.5) recovery declared
   * finished, when the waiting claim opens.
   */
  @OnEvent(CREDIT_TOPICS)
  async creditEvent(event: ConsumedEvent, uow: UnitOfWork): Promise<void> {
    await this.consume(event.topic as CreditTopic, event.envelope, uow);
  }

  /** Applies parked events that may now apply (after a loan, claim, fund or policy arrived). */
  async replayParked(
    uow: UnitOfWork,
    filter: { loanId?: string; defaultId?: string; topic?: string },
  ): Promise<void> {
    await this.replay(uow, await parkedEvents(uow, filter));
  }

  /** Applies the credit events among parked ones a caller has read already. */
  async replay(uow: UnitOfWork, events: readonly ParkedEvent[]): Promise<void> {
    for (const parked of events) {
      // An earlier replay in this loop may have applied it already (a default replays its cure).
      if (!(await isParked(uow, parked.envelope.id))) continue;
      const outcome = await this.apply(parked.topic as CreditTopic, parked.envelope, uow);
      if (outcome.kind !== 'parked') await unparkEvent(uow, parked.envelope.id);
    }
  }

  private async consume(
    topic: CreditTopic,
    envelope: EventEnvelope,
    uow: UnitOfWork,
  ): Promise<void> {
    const outcome = await this.apply(topic, envelope, uow);
    const data = envelope.data as { loanId: string; defaultId: string };
    if (outcome.kind === 'parked') {
      this.logger.log(`parked ${topic} ${envelope.id}: ${outcome.reason}`);
      await parkEvent(uow, {
        topic,
        envelope,
        loanId: data.loanId,
        defaultId: data.defaultId,
        reason: outcome.reason,
      });
    }
  }

  private async apply(
    topic: CreditTopic,
    envelope: EventEnvelope,
    uow: UnitOfWork,
  ): Promise<EventOutcome> {
    switch (topic) {
      case Topics.defaultReported: {
        const data = envelope.data as EventData<typeof Topics.defaultReported>;
        const ctx = this.ctx(topic, envelope, uow, data.reportedOn);
        const outcome = await this.openClaim.execute(ctx, data);
        // The claim (or its wait, §8.5) exists now: what arrived first can apply.
        if (outcome.kind === 'applied') await this.replayAfterOpening(uow, data.defaultId, true);
        return outcome;
      }
      case Topics.recoveryClosed: {
        const data = envelope.data as EventData<typeof Topics.recoveryClosed>;
        const ctx = this.ctx(topic, envelope, uow, data.closedOn);
        const outcome = await this.openClaim.openAfterRecovery(ctx, data);
        if (outcome.kind === 'applied') await this.replayAfterOpening(uow, data.defaultId, false);
        return outcome;
      }
      case Topics.defaultCured: {
        const data = envelope.data as EventData<typeof Topics.defaultCured>;
        return this.cure.execute(this.ctx(topic, envelope, uow, data.curedOn), data);
      }
      case Topics.recoveryReported: {
        const data = envelope.data as EventData<typeof Topics.recoveryReported>;
        return this.recovery.execute(this.ctx(topic, envelope, uow, data.recoveredOn), data);
      }
    }
  }

  /** A cure or recovery (and, after a default report, a recovery declaration) that came first. */
  private async replayAfterOpening(
    uow: UnitOfWork,
    defaultId: string,
    atReport: boolean,
  ): Promise<void> {
    if (atReport) await this.replayParked(uow, { defaultId, topic: Topics.recoveryClosed });
    await this.replayParked(uow, { defaultId, topic: Topics.defaultCured });
    await this.replayParked(uow, { defaultId, topic: Topics.recoveryReported });
  }

  private ctx(topic: string, envelope: EventEnvelope, uow: UnitOfWork, date: string): PoolContext {
    return eventContext({ topic, envelope }, uow, date);
  }
}
