import { MoneyParseError, formatFen, parseFen } from './money';
import type { InstitutionKind } from './codes';
import type {
  CompensationTiming,
  PolicyIssue,
  PolicyVersion,
  RateTier,
  ShareBasis,
  SplitEntry,
} from './policy';
import { validatePolicy } from './policy';

/** The wire form of a policy version: fen as canonical decimal strings (docs/domain.md §2). */
export interface PolicyVersionJson {
  readonly versionId: string;
  readonly effectiveFrom: string;
  readonly effectiveTo?: string;
  readonly eligibleQualifications: readonly string[];
  readonly maxPrincipalFen: string;
  readonly maxTermMonths: number;
  readonly maxEnterpriseOutstandingFen: string;
  readonly rateTiers: readonly { readonly upToFen: string; readonly rateBp: number }[];
  readonly bonusBp: Readonly<Record<string, number>>;
  readonly maxRateBp: number;
  readonly split: readonly SplitEntry[];
  readonly splitByTown?: Readonly<Record<string, readonly SplitEntry[]>>;
  readonly perLoanCapFen: string;
  readonly perBankAnnualCapFen: string;
  readonly minDaysPastDue: number;
  readonly reportWithinDays: number;
  readonly nplBreakerBp: number;
  readonly remitWithinDays: number;
  // docs/domain.md §8: optional; absent means the default.
  readonly institutionKinds?: InstitutionKind[];
  readonly rateTiersByKind?: Partial<
    Record<InstitutionKind, { upToFen: string; rateBp: number }[]>
  >;
  readonly portfolioCapBp?: number;
  readonly shareBasis?: ShareBasis;
  readonly maxInterestDays?: number;
  readonly maxCostsBp?: number;
  readonly compensationTiming?: CompensationTiming;
  readonly minLenderShareBp?: number;
}

const PROGRAMME_SCALAR_KEYS = [
  'institutionKinds',
  'portfolioCapBp',
  'shareBasis',
  'maxInterestDays',
  'maxCostsBp',
  'compensationTiming',
  'minLenderShareBp',
] as const;

function tiersToJson(
  tiers: readonly RateTier[],
): { readonly upToFen: string; readonly rateBp: number }[] {
  return tiers.map((t) => ({ upToFen: formatFen(t.upToFen), rateBp: t.rateBp }));
}

export function policyToJson(policy: PolicyVersion): PolicyVersionJson {
  return {
    versionId: policy.versionId,
    effectiveFrom: policy.effectiveFrom,
    ...(policy.effectiveTo === undefined ? {} : { effectiveTo: policy.effectiveTo }),
    eligibleQualifications: [...policy.eligibleQualifications],
    maxPrincipalFen: formatFen(policy.maxPrincipalFen),
    maxTermMonths: policy.maxTermMonths,
    maxEnterpriseOutstandingFen: formatFen(policy.maxEnterpriseOutstandingFen),
    rateTiers: tiersToJson(policy.rateTiers),
    bonusBp: { ...policy.bonusBp },
    maxRateBp: policy.maxRateBp,
    split: policy.split.map((e) => ({ ...e })),
    ...(policy.splitByTown === undefined ? {} : { splitByTown: policy.splitByTown }),
    perLoanCapFen: formatFen(policy.perLoanCapFen),
    perBankAnnualCapFen: formatFen(policy.perBankAnnualCapFen),
    minDaysPastDue: policy.minDaysPastDue,
    reportWithinDays: policy.reportWithinDays,
    nplBreakerBp: policy.nplBreakerBp,
    remitWithinDays: policy.remitWithinDays,
    ...programmeParametersToJson(policy),
  };
}

function programmeParametersToJson(policy: PolicyVersion): Partial<PolicyVersionJson> {
  const json: Record<string, unknown> = {};
  for (const key of PROGRAMME_SCALAR_KEYS) {
    const value = policy[key];
    if (value !== undefined) json[key] = Array.isArray(value) ? [...value] : value;
  }
  if (policy.rateTiersByKind !== undefined) {
    json['rateTiersByKind'] = Object.fromEntries(
      Object.entries(policy.rateTiersByKind).map(([kind, tiers]) => [
        kind,
        tiersToJson(tiers ?? []),
      ]),
    );
  }
  return json as Partial<PolicyVersionJson>;
}

export type PolicyJsonParse =
  | { readonly ok: true; readonly policy: PolicyVersion }
  | { readonly ok: false; readonly issues: readonly PolicyIssue[] };

/** Parses and validates a wire document, reporting every issue (bad fen strings included). */
export function policyFromJson(json: unknown): PolicyJsonParse {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return {
      ok: false,
      issues: [{ path: '', code: 'NOT_AN_OBJECT', message: 'a policy document is a JSON object' }],
    };
  }
  const doc = json as Record<string, unknown>;
  const issues: PolicyIssue[] = [];
  const fen = (path: string, value: unknown): bigint => {
    try {
      return parseFen(value);
    } catch (error) {
      if (!(error instanceof MoneyParseError)) throw error;
      issues.push({
        path,
        code: 'FEN_INVALID',
        message: `not a canonical fen string (${error.reason})`,
      });
      return 0n;
    }
  };
  const tiers = (path: string, value: unknown): RateTier[] =>
    (Array.isArray(value) ? (value as unknown[]) : []).map((tier, index) => {
      const t = (typeof tier === 'object' && tier !== null ? tier : {}) as Record<string, unknown>;
      return {
        upToFen: fen(`${path}[${index}].upToFen`, t['upToFen']),
        rateBp: t['rateBp'] as number,
      };
    });
  const rateTiers: RateTier[] = tiers('rateTiers', doc['rateTiers']);
  const byKindJson = doc['rateTiersByKind'];
  let rateTiersByKind: unknown = byKindJson;
  if (typeof byKindJson === 'object' && byKindJson !== null && !Array.isArray(byKindJson)) {
    rateTiersByKind = Object.fromEntries(
      Object.entries(byKindJson).map(([kind, value]) => [
        kind,
        Array.isArray(value) ? tiers(`rateTiersByKind.${kind}`, value) : value,
      ]),
    );
  }
  const programme: Record<string, unknown> = {};
  for (const key of PROGRAMME_SCALAR_KEYS) {
    if (doc[key] !== undefined) programme[key] = doc[key];
  }
  if (byKindJson !== undefined) programme['rateTiersByKind'] = rateTiersByKind;
  const policy = {
    versionId: doc['versionId'],
    effectiveFrom: doc['effectiveFrom'],
    ...(doc['effectiveTo'] === undefined ? {} : { effectiveTo: doc['effectiveTo'] }),
    eligibleQualifications: doc['eligibleQualifications'],
    maxPrincipalFen: fen('maxPrincipalFen', doc['maxPrincipalFen']),
    maxTermMonths: doc['maxTermMonths'],
    maxEnterpriseOutstandingFen: fen(
      'maxEnterpriseOutstandingFen',
      doc['maxEnterpriseOutstandingFen'],
    ),
    rateTiers,
    bonusBp: doc['bonusBp'],
    maxRateBp: doc['maxRateBp'],
    split: doc['split'],
    ...(doc['splitByTown'] === undefined ? {} : { splitByTown: doc['splitByTown'] }),
    perLoanCapFen: fen('perLoanCapFen', doc['perLoanCapFen']),
    perBankAnnualCapFen: fen('perBankAnnualCapFen', doc['perBankAnnualCapFen']),
    minDaysPastDue: doc['minDaysPastDue'],
    reportWithinDays: doc['reportWithinDays'],
    nplBreakerBp: doc['nplBreakerBp'],
    remitWithinDays: doc['remitWithinDays'],
    ...programme,
  } as PolicyVersion;
  // A field that failed to parse is reported once, not again as "not positive".
  const unparsed = new Set(issues.map((i) => i.path));
  issues.push(...validatePolicy(policy).filter((i) => !unparsed.has(i.path)));
  return issues.length > 0 ? { ok: false, issues } : { ok: true, policy };
}
