import { MoneyParseError, formatFen, parseFen } from './money';
import type { PolicyIssue, PolicyVersion, RateTier, SplitEntry } from './policy';
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
    rateTiers: policy.rateTiers.map((t) => ({ upToFen: formatFen(t.upToFen), rateBp: t.rateBp })),
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
  };
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
  const tiersJson = Array.isArray(doc['rateTiers']) ? (doc['rateTiers'] as unknown[]) : [];
  const rateTiers: RateTier[] = tiersJson.map((tier, index) => {
    const t = (typeof tier === 'object' && tier !== null ? tier : {}) as Record<string, unknown>;
    return {
      upToFen: fen(`rateTiers[${index}].upToFen`, t['upToFen']),
      rateBp: t['rateBp'] as number,
    };
  });
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
  } as PolicyVersion;
  // A field that failed to parse is reported once, not again as "not positive".
  const unparsed = new Set(issues.map((i) => i.path));
  issues.push(...validatePolicy(policy).filter((i) => !unparsed.has(i.path)));
  return issues.length > 0 ? { ok: false, issues } : { ok: true, policy };
}
