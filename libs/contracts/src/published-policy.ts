import { findPublishConflicts, type PolicyVersion } from '@riskpool/domain';
import type { EventData } from './event-registry';
import type { PolicyDocument } from './events/pool.events';
import { parsePolicyDocument } from './policy-document';
import type { Topics } from './topics';

/** What `pool.policy-published.v1` carries: the version's wire document and when it was published. */
export type PolicyPublished = EventData<typeof Topics.policyPublished>;

/**
 * The policy version of a published document, read as every consumer of `pool.policy-published`
 * reads it. pool-allocation validated it before publishing; one that still fails the domain's
 * checks can never apply, so it throws and the event goes to the dead-letter topic with the reason.
 */
export function readPublishedPolicy(document: PolicyDocument): PolicyVersion {
  const parsed = parsePolicyDocument(document);
  if (!parsed.ok)
    throw new Error(
      `invalid policy ${document.policyVersionId}: ${parsed.issues
        .map((i) => `${i.path}: ${i.code}`)
        .join('; ')}`,
    );
  return parsed.policy;
}

/** Where a service keeps the policy versions it projects (`M`: its transaction's handle). */
export interface PublishedPolicyStore<M> {
  policies(manager: M): Promise<PolicyVersion[]>;
  addPolicy(
    manager: M,
    policy: { document: PolicyDocument; publishedAt: string },
  ): Promise<unknown>;
}

/**
 * Stores a published version after the domain's checks. A document that fails them, or that
 * clashes with a stored version other than itself (a redelivery is not a clash), can never apply:
 * it throws, and the event goes to the dead-letter topic with the reason.
 */
export async function storePublishedPolicy<M>(
  store: PublishedPolicyStore<M>,
  manager: M,
  published: PolicyPublished,
): Promise<void> {
  const policy = readPublishedPolicy(published.policy);
  const stored = await store.policies(manager);
  const conflicts = findPublishConflicts(
    stored.filter((p) => p.versionId !== policy.versionId),
    policy,
  );
  if (conflicts.length > 0)
    throw new Error(
      `policy ${policy.versionId} clashes: ${conflicts.map((c) => c.message).join('; ')}`,
    );
  await store.addPolicy(manager, {
    document: published.policy,
    publishedAt: published.publishedAt,
  });
}
