import { EntityManager } from 'typeorm';
import { PolicyDocument, policyOfStored } from '@riskpool/contracts';
import { PolicyVersion } from '@riskpool/domain';

/**
 * The published policy versions a service keeps as they came (pool.policy-published.v1, THE wire
 * form; libs/contracts' PublishedPolicyStore): a table of `version_id`, `effective_from`, `document` jsonb and, where the table has it,
 * `published_at`. A version is immutable: storing it again changes nothing.
 */
export class PolicyDocumentStore {
  /** `table`: the qualified table (`"schema"."policies"`). */
  constructor(private readonly table: string) {}

  /** False when the version was stored already. `publishedAt` only where the table has it. */
  async addPolicy(
    manager: EntityManager,
    { document, publishedAt }: { document: PolicyDocument; publishedAt?: string },
  ): Promise<boolean> {
    const params: unknown[] = [
      document.policyVersionId,
      document.effectiveFrom,
      JSON.stringify(document),
    ];
    if (publishedAt !== undefined) params.push(publishedAt);
    const published = publishedAt === undefined ? ['', ''] : [', published_at', ', $4'];
    const rows = (await manager.query(
      `INSERT INTO ${this.table} (version_id, effective_from, document${published[0]})
       VALUES ($1, $2, $3::jsonb${published[1]}) ON CONFLICT (version_id) DO NOTHING
       RETURNING version_id`,
      params,
    )) as unknown[];
    return rows.length === 1;
  }

  /** Every stored version, by effective date. */
  async policies(manager: EntityManager): Promise<PolicyVersion[]> {
    const rows = (await manager.query(
      `SELECT document FROM ${this.table} ORDER BY effective_from`,
    )) as Array<{ document: unknown }>;
    return rows.map((r) => policyOfStored(r.document));
  }
}
