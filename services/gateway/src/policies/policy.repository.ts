import { EntityManager } from 'typeorm';
import { PolicyDocument } from '@riskpool/contracts';
import { PolicyDocumentStore } from '@riskpool/db';
import { PolicyVersion } from '@riskpool/domain';

/** The published policy versions, as the gateway learns them (pool.policy-published.v1), in the wire form. */
export class PolicyRepository {
  private readonly store = new PolicyDocumentStore('"gateway"."policies"');

  async add(manager: EntityManager, document: PolicyDocument): Promise<void> {
    await this.store.addPolicy(manager, { document });
  }

  async all(manager: EntityManager): Promise<PolicyVersion[]> {
    return this.store.policies(manager);
  }
}
