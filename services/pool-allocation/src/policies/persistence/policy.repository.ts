import { PolicyVersion, PolicyVersionJson, policyFromJson, policyToJson } from '@riskpool/domain';
import { execute, query, table, Tx } from '../../shared/persistence/sql';

export interface PublishedPolicy {
  readonly policy: PolicyVersion;
  readonly publishedBy: string;
  readonly publishedAt: string;
}

export async function insertPolicy(
  tx: Tx,
  policy: PolicyVersion,
  publishedBy: string,
  publishedAt: Date,
): Promise<void> {
  await execute(
    tx,
    `INSERT INTO ${table(tx, 'policies')} (version_id, effective_from, effective_to, document, published_by, published_at)
     VALUES ($1, $2, $3, $4::jsonb, $5, $6)`,
    [
      policy.versionId,
      policy.effectiveFrom,
      policy.effectiveTo ?? null,
      JSON.stringify(policyToJson(policy)),
      publishedBy,
      publishedAt.toISOString(),
    ],
  );
}

/** Every published version, oldest publication first. */
export async function allPolicies(tx: Tx): Promise<PublishedPolicy[]> {
  const rows = await query<{
    document: PolicyVersionJson;
    published_by: string;
    published_at: Date;
  }>(tx, `SELECT document, published_by, published_at FROM ${table(tx, 'policies')} ORDER BY seq`);
  return rows.map((row) => {
    const parsed = policyFromJson(row.document);
    if (!parsed.ok) throw new Error(`stored policy is invalid: ${JSON.stringify(parsed.issues)}`);
    return {
      policy: parsed.policy,
      publishedBy: row.published_by,
      publishedAt: new Date(row.published_at).toISOString(),
    };
  });
}

/** Serialises publications, so two conflicting versions cannot both pass the overlap check. */
export async function lockPolicies(tx: Tx): Promise<void> {
  await execute(tx, `SELECT pg_advisory_xact_lock(hashtext($1))`, [`${tx.schema}:policies`]);
}
