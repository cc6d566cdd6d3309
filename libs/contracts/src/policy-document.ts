import { EventData } from './event-registry';
import { Topics } from './topics';
import { PolicyIssue, PolicyVersion, PolicyVersionJson, policyFromJson } from '@riskpool/domain';

type PolicyDocument = EventData<typeof Topics.policyPublished>['policy'];

/**
 * The contract's policy document (`pool.policy-published.v1`) in the domain's wire form: the two
 * spell three fields differently (`policyVersionId`/`versionId`, `bonusesBp`/`bonusBp`,
 * `townSplitOverrides`/`splitByTown`). Everything else is the same.
 */
export function policyJsonOfDocument(document: PolicyDocument): PolicyVersionJson {
  return {
    versionId: document.policyVersionId,
    effectiveFrom: document.effectiveFrom,
    ...(document.effectiveTo === undefined ? {} : { effectiveTo: document.effectiveTo }),
    eligibleQualifications: document.eligibleQualifications,
    maxPrincipalFen: document.maxPrincipalFen,
    maxTermMonths: document.maxTermMonths,
    maxEnterpriseOutstandingFen: document.maxEnterpriseOutstandingFen,
    rateTiers: document.rateTiers,
    bonusBp: document.bonusesBp,
    maxRateBp: document.maxRateBp,
    split: document.split,
    ...(document.townSplitOverrides === undefined
      ? {}
      : { splitByTown: document.townSplitOverrides }),
    perLoanCapFen: document.perLoanCapFen,
    perBankAnnualCapFen: document.perBankAnnualCapFen,
    minDaysPastDue: document.minDaysPastDue,
    reportWithinDays: document.reportWithinDays,
    nplBreakerBp: document.nplBreakerBp,
    remitWithinDays: document.remitWithinDays,
    // docs/domain.md §8: same names on both sides; absent stays absent.
    ...Object.fromEntries(
      PROGRAMME_KEYS.filter((key) => document[key] !== undefined).map((key) => [
        key,
        document[key],
      ]),
    ),
  };
}

const PROGRAMME_KEYS = [
  'institutionKinds',
  'rateTiersByKind',
  'portfolioCapBp',
  'shareBasis',
  'maxInterestDays',
  'maxCostsBp',
  'compensationTiming',
  'minLenderShareBp',
] as const;

export type ParsedPolicy =
  | { readonly ok: true; readonly policy: PolicyVersion }
  | { readonly ok: false; readonly issues: readonly PolicyIssue[] };

/** Validates a published document with the domain's rules (`policyFromJson` → `validatePolicy`). */
export function parsePolicyDocument(document: PolicyDocument): ParsedPolicy {
  return policyFromJson(policyJsonOfDocument(document));
}

/** The stored wire form back into a policy; stored documents were validated when consumed. */
export function policyOfStored(json: unknown): PolicyVersion {
  const parsed = policyFromJson(json);
  if (!parsed.ok) throw new Error(`stored policy is invalid: ${JSON.stringify(parsed.issues)}`);
  return parsed.policy;
}
