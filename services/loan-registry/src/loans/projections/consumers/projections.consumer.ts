import { Controller } from '@nestjs/common';
import { Topics } from '@riskpool/contracts';
import { Consumed, OnEvent } from '@riskpool/kafka';
import { UnitOfWork } from '@riskpool/db';
import { PolicyProjectionConsumer } from '@riskpool/service-kit';
import { ProjectionRepository } from '../persistence/projection.repository';

/**
 * Keeps loan-registry's view of others' facts: bank admissions and status changes (pool.bank-*,
 * the NPL breaker), co-sharer parties, funds, and policy versions.
 */
@Controller()
export class ProjectionsConsumer extends PolicyProjectionConsumer {
  constructor(private readonly projections: ProjectionRepository) {
    super(projections.policyStore);
  }

  @OnEvent(Topics.bankAdmitted)
  async bankAdmitted(event: Consumed<'bankAdmitted'>, uow: UnitOfWork): Promise<void> {
    const d = event.envelope.data;
    await this.projections.admitBank(uow.manager, {
      ...d,
      kind: d.kind ?? 'BANK',
      at: event.envelope.time,
    });
  }

  /** A co-sharer party loans may name from now on (docs/domain.md §8.4). */
  @OnEvent(Topics.coSharerAdmitted)
  async coSharerAdmitted(event: Consumed<'coSharerAdmitted'>, uow: UnitOfWork): Promise<void> {
    const d = event.envelope.data;
    await this.projections.admitCoSharer(uow.manager, { ...d, at: d.admittedAt });
  }

  @OnEvent([Topics.bankSuspended, Topics.bankReinstated])
  async bankStatusChanged(
    event: Consumed<'bankSuspended'> | Consumed<'bankReinstated'>,
    uow: UnitOfWork,
  ): Promise<void> {
    await this.projections.setBankStatus(uow.manager, {
      ...event.envelope.data,
      at: event.envelope.time,
    });
  }

  @OnEvent(Topics.breakerTripped)
  async breakerTripped(event: Consumed<'breakerTripped'>, uow: UnitOfWork): Promise<void> {
    const d = event.envelope.data;
    await this.projections.setBankStatus(uow.manager, {
      bankId: d.bankId,
      status: 'SUSPENDED',
      reason: `NPL breaker tripped by claim ${d.claimId} on ${d.trippedOn}`,
      at: event.envelope.time,
    });
  }

  @OnEvent(Topics.fundCreated)
  async fundCreated(event: Consumed<'fundCreated'>, uow: UnitOfWork): Promise<void> {
    const d = event.envelope.data;
    await this.projections.addFund(uow.manager, {
      ...d,
      townCode: d.townCode ?? null,
      at: d.createdAt,
    });
  }
}
