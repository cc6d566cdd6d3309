import { PolicyDocument, policyOfStored } from '@riskpool/contracts';
import { PolicyVersion } from '@riskpool/domain';
import { execute, query, table, Tx } from '../../shared/persistence/sql';

export interface PublishedPolicy {
  readonly policy: PolicyVersion;
  readonly publishedBy: string;
  readonly publishedAt: string;
}

export async function insertPolicy(
  tx: Tx,
  document: PolicyDocument,
  publishedBy: string,
  publishedAt: Date,
): Promise<void> {
  await execute(
    tx,
    `INSERT INTO ${table(tx, 'policies')} (version_id, effective_from, effective_to, document, published_by, published_at)
     VALUES ($1, $2, $3, $4::jsonb, $5, $6)`,
    [
      document.policyVersionId,
      document.effectiveFrom,
      document.effectiveTo ?? null,
      JSON.stringify(document),
      publishedBy,
      publishedAt.toISOString(),
    ],
  );
}

/** Every published version, oldest publication first (stored in the wire form, docs/adr/0021). */
export async function allPolicies(tx: Tx): Promise<PublishedPolicy[]> {
  const rows = await query<{
    document: PolicyDocument;
    published_by: string;
    published_at: Date;
  }>(tx, `SELECT document, published_by, published_at FROM ${table(tx, 'policies')} ORDER BY seq`);
  return rows.map((row) => ({
    policy: policyOfStored(row.document),
    publishedBy: row.published_by,
    publishedAt: new Date(row.published_at).toISOString(),
  }));
}

/** Serialises publications, so two conflicting versions cannot both pass the overlap check. */
export async function lockPolicies(tx: Tx): Promise<void> {
  await execute(tx, `SELECT pg_advisory_xact_lock(hashtext($1))`, [`${tx.schema}:policies`]);
}
