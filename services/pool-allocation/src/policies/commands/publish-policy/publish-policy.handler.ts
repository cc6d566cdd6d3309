import { Injectable } from '@nestjs/common';
import { Topics } from '@riskpool/contracts';
import {
  CITY_FUND_ID,
  findPublishConflicts,
  PolicyVersion,
  policyFromJson,
  policyToJson,
  PolicyVersionJson,
} from '@riskpool/domain';
import { ProblemException, Problems } from '@riskpool/service-kit';
import { CreditEventsConsumer, PoolContext, publish } from '../kernel';

import { allPolicies, insertPolicy, lockPolicies } from '../../persistence/policy.repository';

/** The contract's names for three fields, accepted as aliases of the domain's wire names. */
export function normalisePolicyDocument(body: Record<string, unknown>): Record<string, unknown> {
  const doc = { ...body };
  const alias = (from: string, to: string) => {
    if (doc[to] === undefined && doc[from] !== undefined) doc[to] = doc[from];
    delete doc[from];
  };
  alias('policyVersionId', 'versionId');
  alias('bonusesBp', 'bonusBp');
  alias('townSplitOverrides', 'splitByTown');
  return doc;
}

/** The policy as `pool.policy-published.v1` carries it. */
export function policyDocumentOf(policy: PolicyVersion) {
  const json: PolicyVersionJson = policyToJson(policy);
  return {
    policyVersionId: json.versionId,
    effectiveFrom: json.effectiveFrom,
    ...(json.effectiveTo !== undefined ? { effectiveTo: json.effectiveTo } : {}),
    eligibleQualifications: [...json.eligibleQualifications],
    maxPrincipalFen: json.maxPrincipalFen,
    maxTermMonths: json.maxTermMonths,
    maxEnterpriseOutstandingFen: json.maxEnterpriseOutstandingFen,
    rateTiers: json.rateTiers.map((t) => ({ ...t })),
    bonusesBp: { ...json.bonusBp },
    maxRateBp: json.maxRateBp,
    split: json.split.map((e) => ({ ...e })),
    ...(json.splitByTown !== undefined
      ? {
          townSplitOverrides: Object.fromEntries(
            Object.entries(json.splitByTown).map(([town, entries]) => [
              town,
              entries.map((e) => ({ ...e })),
            ]),
          ),
        }
      : {}),
    perLoanCapFen: json.perLoanCapFen,
    perBankAnnualCapFen: json.perBankAnnualCapFen,
    minDaysPastDue: json.minDaysPastDue,
    reportWithinDays: json.reportWithinDays,
    nplBreakerBp: json.nplBreakerBp,
    remitWithinDays: json.remitWithinDays,
    // docs/domain.md §8: present only when the version sets them.
    ...(json.institutionKinds === undefined
      ? {}
      : { institutionKinds: [...json.institutionKinds] }),
    ...(json.rateTiersByKind === undefined
      ? {}
      : { rateTiersByKind: structuredClone(json.rateTiersByKind) }),
    ...(json.portfolioCapBp === undefined ? {} : { portfolioCapBp: json.portfolioCapBp }),
    ...(json.shareBasis === undefined ? {} : { shareBasis: json.shareBasis }),
    ...(json.maxInterestDays === undefined ? {} : { maxInterestDays: json.maxInterestDays }),
    ...(json.maxCostsBp === undefined ? {} : { maxCostsBp: json.maxCostsBp }),
    ...(json.compensationTiming === undefined
      ? {}
      : { compensationTiming: json.compensationTiming }),
    ...(json.minLenderShareBp === undefined ? {} : { minLenderShareBp: json.minLenderShareBp }),
  };
}

/**
 * docs/domain.md §3: a fund-manager:CITY publishes a policy version: validated (every issue at once),
 * immutable, and refused when its dates clash with a published version or start in the past.
 */
@Injectable()
export class PublishPolicyHandler {
  constructor(private readonly credit: CreditEventsConsumer) {}

  async execute(
    ctx: PoolContext,
    cmd: { managerFundId: string | null; document: Record<string, unknown> },
  ): Promise<PolicyVersionJson> {
    if (cmd.managerFundId !== CITY_FUND_ID)
      throw Problems.forbidden('only a fund-manager:CITY may publish a policy version');
    const parsed = policyFromJson(normalisePolicyDocument(cmd.document));
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
          field: c.code === 'DUPLICATE_VERSION_ID' ? 'versionId' : 'effectiveFrom',
          code: c.code,
          message: c.message,
        })),
      );
    }
    await insertPolicy(ctx.uow, parsed.policy, ctx.actor, ctx.now);
    publish(ctx, Topics.policyPublished, parsed.policy.versionId, {
      policy: policyDocumentOf(parsed.policy),
      publishedBy: ctx.actor,
      publishedAt: ctx.now.toISOString(),
    });
    // Defaults waiting for a policy in force can open their claims now.
    await this.credit.replayParked(ctx.uow, { topic: Topics.defaultReported });
    return policyToJson(parsed.policy);
  }
}
