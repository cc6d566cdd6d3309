import { EntityManager } from 'typeorm';
import { PolicyDocument, policyOfStored } from '@riskpool/contracts';
import { PolicyVersion } from '@riskpool/domain';

const T = '"gateway"."policies"';

/** The published policy versions, as the gateway learns them (pool.policy-published.v1), in the wire form. */
export class PolicyRepository {
  async add(manager: EntityManager, document: PolicyDocument): Promise<void> {
    await manager.query(
      `INSERT INTO ${T} (version_id, effective_from, document) VALUES ($1, $2, $3::jsonb)
       ON CONFLICT (version_id) DO NOTHING`,
      [document.policyVersionId, document.effectiveFrom, JSON.stringify(document)],
    );
  }

  async all(manager: EntityManager): Promise<PolicyVersion[]> {
    const rows = (await manager.query(
      `SELECT document FROM ${T} ORDER BY effective_from`,
    )) as Array<{ document: unknown }>;
    return rows.map((r) => policyOfStored(r.document));
  }
}
