import { PublishedPolicyStore, storePublishedPolicy, Topics } from '@riskpool/contracts';
import { UnitOfWork } from '@riskpool/db';
import { Consumed, OnEvent } from '@riskpool/kafka';
import { EntityManager } from 'typeorm';

/**
 * A consumer that keeps the service's own copy of the published policy versions
 * (pool.policy-published.v1); the service's consumer extends it with its other projections.
 */
export abstract class PolicyProjectionConsumer {
  constructor(private readonly policyVersions: PublishedPolicyStore<EntityManager>) {}

  /**
   * Stores a version after the domain's own checks. A document that fails them, or that clashes
   * with a stored version, can never apply: it goes to the dead-letter topic with the reason.
   */
  @OnEvent(Topics.policyPublished)
  async policyPublished(event: Consumed<'policyPublished'>, uow: UnitOfWork): Promise<void> {
    await storePublishedPolicy(this.policyVersions, uow.manager, event.envelope.data);
  }
}
