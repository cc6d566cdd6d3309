import { Injectable } from '@nestjs/common';
import { parsePolicyDocument, PolicyDocument, policyDocumentOf, Topics } from '@riskpool/contracts';
import { CITY_FUND_ID, findPublishConflicts } from '@riskpool/domain';
import { ProblemException, Problems } from '@riskpool/service-kit';
import { CreditEventsConsumer } from '../../../claims/consumers/credit-events.consumer';
import { PoolContext, publish } from '../../../shared/pool-context';

import { allPolicies, insertPolicy, lockPolicies } from '../../persistence/policy.repository';

/**
 * docs/domain.md §3: a fund-manager:CITY publishes a policy version: validated (every issue at once),
 * immutable, and refused when its dates clash with a published version or start in the past. The
 * body, the event and the answer are the one wire form (docs/adr/0021).
 */
@Injectable()
export class PublishPolicyHandler {
  constructor(private readonly credit: CreditEventsConsumer) {}

  async execute(
    ctx: PoolContext,
    cmd: { managerFundId: string | null; document: PolicyDocument },
  ): Promise<PolicyDocument> {
    if (cmd.managerFundId !== CITY_FUND_ID)
      throw Problems.forbidden('only a fund-manager:CITY may publish a policy version');
    const parsed = parsePolicyDocument(cmd.document);
    if (!parsed.ok) {
      throw new ProblemException(
        400,
        'POLICY.INVALID',
        'Invalid policy',
        'The policy document has problems; every one is listed.',
        parsed.issues.map((i) => ({ field: i.path || '(body)', code: i.code, message: i.message })),
      );
    }
    await lockPolicies(ctx.uow);
    const published = (await allPolicies(ctx.uow)).map((p) => p.policy);
    const conflicts = findPublishConflicts(published, parsed.policy, ctx.businessDate);
    if (conflicts.length > 0) {
      throw Problems.conflict(
        'POLICY.CONFLICT',
        conflicts.map((c) => c.message).join('; '),
        conflicts.map((c) => ({
          field: c.code === 'DUPLICATE_VERSION_ID' ? 'policyVersionId' : 'effectiveFrom',
          code: c.code,
          message: c.message,
        })),
      );
    }
    const document = policyDocumentOf(parsed.policy);
    await insertPolicy(ctx.uow, document, ctx.actor, ctx.now);
    publish(ctx, Topics.policyPublished, parsed.policy.versionId, {
      policy: document,
      publishedBy: ctx.actor,
      publishedAt: ctx.now.toISOString(),
    });
    // Defaults waiting for a policy in force can open their claims now.
    await this.credit.replayParked(ctx.uow, { topic: Topics.defaultReported });
    return document;
  }
}
