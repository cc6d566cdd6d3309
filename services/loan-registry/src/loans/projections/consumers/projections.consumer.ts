import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { EventData, Topics } from '@riskpool/contracts';
import { findPublishConflicts } from '@riskpool/domain';
import { ConsumedEvent } from '@riskpool/kafka';
import { UnitOfWork } from '@riskpool/db';
import { parsePolicyDocument } from '@riskpool/contracts';
import { ProjectionRepository } from '../persistence/projection.repository';

type Consumed<K extends keyof typeof Topics> = ConsumedEvent<EventData<(typeof Topics)[K]>>;

/**
 * Keeps loan-registry's view of others' facts: bank admissions and status changes (pool.bank-*,
 * the NPL breaker), co-sharer parties, funds, and policy versions.
 */
@Controller()
export class ProjectionsConsumer {
  constructor(private readonly projections: ProjectionRepository) {}

  @EventPattern(Topics.bankAdmitted)
  async bankAdmitted(
    @Payload() event: Consumed<'bankAdmitted'>,
    @Ctx() uow: UnitOfWork,
  ): Promise<void> {
    const d = event.envelope.data;
    await this.projections.admitBank(uow.manager, {
      bankId: d.bankId,
      name: d.name,
      quotaFen: d.quotaFen,
      kind: d.kind ?? 'BANK',
      at: event.envelope.time,
    });
  }

  /** A co-sharer party loans may name from now on (docs/domain.md §8.4). */
  @EventPattern(Topics.coSharerAdmitted)
  async coSharerAdmitted(
    @Payload() event: Consumed<'coSharerAdmitted'>,
    @Ctx() uow: UnitOfWork,
  ): Promise<void> {
    const d = event.envelope.data;
    await this.projections.admitCoSharer(uow.manager, {
      partyId: d.partyId,
      kind: d.kind,
      at: d.admittedAt,
    });
  }

  @EventPattern([Topics.bankSuspended, Topics.bankReinstated])
  async bankStatusChanged(
    @Payload() event: Consumed<'bankSuspended'> | Consumed<'bankReinstated'>,
    @Ctx() uow: UnitOfWork,
  ): Promise<void> {
    const d = event.envelope.data;
    await this.projections.setBankStatus(uow.manager, {
      bankId: d.bankId,
      status: d.status,
      reason: d.reason,
      at: event.envelope.time,
    });
  }

  @EventPattern(Topics.breakerTripped)
  async breakerTripped(
    @Payload() event: Consumed<'breakerTripped'>,
    @Ctx() uow: UnitOfWork,
  ): Promise<void> {
    const d = event.envelope.data;
    await this.projections.setBankStatus(uow.manager, {
      bankId: d.bankId,
      status: 'SUSPENDED',
      reason: `NPL breaker tripped by claim ${d.claimId} on ${d.trippedOn}`,
      at: event.envelope.time,
    });
  }

  @EventPattern(Topics.fundCreated)
  async fundCreated(
    @Payload() event: Consumed<'fundCreated'>,
    @Ctx() uow: UnitOfWork,
  ): Promise<void> {
    const d = event.envelope.data;
    await this.projections.addFund(uow.manager, {
      fundId: d.fundId,
      kind: d.kind,
      townCode: d.townCode ?? null,
      at: d.createdAt,
    });
  }

  /**
   * Stores a version after the domain's own checks. A document that fails them, or that clashes
   * with a stored version, can never apply: it goes to the dead-letter topic with the reason.
   */
  @EventPattern(Topics.policyPublished)
  async policyPublished(
    @Payload() event: Consumed<'policyPublished'>,
    @Ctx() uow: UnitOfWork,
  ): Promise<void> {
    const parsed = parsePolicyDocument(event.envelope.data.policy);
    if (!parsed.ok)
      throw new Error(
        `invalid policy ${event.envelope.data.policy.policyVersionId}: ${parsed.issues
          .map((i) => `${i.path}: ${i.code}`)
          .join('; ')}`,
      );
    const stored = await this.projections.policies(uow.manager);
    const conflicts = findPublishConflicts(
      stored.filter((p) => p.versionId !== parsed.policy.versionId),
      parsed.policy,
    );
    if (conflicts.length > 0)
      throw new Error(
        `policy ${parsed.policy.versionId} clashes: ${conflicts.map((c) => c.message).join('; ')}`,
      );
    await this.projections.addPolicy(uow.manager, {
      document: event.envelope.data.policy,
      publishedAt: event.envelope.data.publishedAt,
    });
  }
}
