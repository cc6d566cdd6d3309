import {
  MoneyParseError,
  type PolicyIssue,
  type PolicyVersion,
  type RateTier,
  formatFen,
  parseFen,
  validatePolicy,
} from '@riskpool/domain';
import { type PolicyDocument, policyDocumentV1 } from './events/pool.events';

/**
 * The one conversion between THE wire form of a policy version (`PolicyDocument`, docs/adr/0021)
 * and the domain's in-memory `PolicyVersion` (fen as bigint). Three fields are spelt differently
 * on the two sides; every other field has the same name on both.
 */
const WIRE_NAME_OF = {
  versionId: 'policyVersionId',
  bonusBp: 'bonusesBp',
  splitByTown: 'townSplitOverrides',
} as const;

/** Fields copied as they are (numbers, codes, splits), in the wire's order. */
const PLAIN_FIELDS = [
  'effectiveFrom',
  'effectiveTo',
  'eligibleQualifications',
  'maxTermMonths',
  'maxRateBp',
  'split',
  'minDaysPastDue',
  'reportWithinDays',
  'nplBreakerBp',
  'remitWithinDays',
  // docs/domain.md §8
  'institutionKinds',
  'portfolioCapBp',
  'shareBasis',
  'maxInterestDays',
  'maxCostsBp',
  'compensationTiming',
  'minLenderShareBp',
  // docs/domain.md §9
  'subsidyShareBp',
  'subsidyBonusBp',
  'maxSubsidyShareBp',
  'subsidyRateCapBp',
  'subsidySplit',
  'subsidyRequiresFlags',
] as const;

/** Amounts: fen strings on the wire, bigint in the domain. */
const FEN_FIELDS = [
  'maxPrincipalFen',
  'maxEnterpriseOutstandingFen',
  'perLoanCapFen',
  'perBankAnnualCapFen',
  'subsidyPerEnterpriseAnnualCapFen',
] as const;

/** The wire's field order, the contract schema's (`JSON.stringify` of a document is stable). */
const WIRE_ORDER = Object.keys(policyDocumentV1.shape) as (keyof PolicyDocument)[];

type WireTier = { upToFen: string; rateBp: number };

const tiersToWire = (tiers: readonly RateTier[]): WireTier[] =>
  tiers.map((t) => ({ upToFen: formatFen(t.upToFen), rateBp: t.rateBp }));

/** A domain policy in the wire form (what the event carries and the HTTP route answers). */
export function policyDocumentOf(policy: PolicyVersion): PolicyDocument {
  const source = policy as unknown as Record<string, unknown>;
  const wire: Record<string, unknown> = {
    policyVersionId: policy.versionId,
    bonusesBp: { ...policy.bonusBp },
    rateTiers: tiersToWire(policy.rateTiers),
  };
  if (policy.splitByTown !== undefined) wire['townSplitOverrides'] = policy.splitByTown;
  for (const key of PLAIN_FIELDS) if (source[key] !== undefined) wire[key] = source[key];
  for (const key of FEN_FIELDS) {
    const value = source[key];
    if (value !== undefined) wire[key] = formatFen(value as bigint);
  }
  if (policy.rateTiersByKind !== undefined) {
    wire['rateTiersByKind'] = Object.fromEntries(
      Object.entries(policy.rateTiersByKind).map(([kind, tiers]) => [
        kind,
        tiersToWire(tiers ?? []),
      ]),
    );
  }
  // A deep copy in the wire's order: nothing of the domain object is shared with the document.
  return structuredClone(
    Object.fromEntries(WIRE_ORDER.filter((k) => wire[k] !== undefined).map((k) => [k, wire[k]])),
  ) as PolicyDocument;
}

export type ParsedPolicy =
  | { readonly ok: true; readonly policy: PolicyVersion }
  | { readonly ok: false; readonly issues: readonly PolicyIssue[] };

/** A domain issue path (`bonusBp.X`) under the wire's name (`bonusesBp.X`). */
function wirePath(path: string): string {
  for (const [domain, wire] of Object.entries(WIRE_NAME_OF)) {
    if (path === domain || path.startsWith(`${domain}.`) || path.startsWith(`${domain}[`))
      return wire + path.slice(domain.length);
  }
  return path;
}

/**
 * A wire document into a domain policy, checked by the domain's rules: every issue at once, each
 * with its path in the wire's names (bad fen strings included). Takes JSON of any shape.
 */
export function parsePolicyDocument(document: unknown): ParsedPolicy {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    return {
      ok: false,
      issues: [{ path: '', code: 'NOT_AN_OBJECT', message: 'a policy document is a JSON object' }],
    };
  }
  const doc = document as Record<string, unknown>;
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

  const policy: Record<string, unknown> = {
    versionId: doc['policyVersionId'],
    rateTiers: tiers('rateTiers', doc['rateTiers']),
    bonusBp: doc['bonusesBp'],
  };
  if (doc['townSplitOverrides'] !== undefined) policy['splitByTown'] = doc['townSplitOverrides'];
  for (const key of PLAIN_FIELDS) if (doc[key] !== undefined) policy[key] = doc[key];
  for (const key of FEN_FIELDS) {
    // The §3 amounts are required (a missing one is FEN_INVALID); the §9 cap is optional.
    if (doc[key] !== undefined || key !== 'subsidyPerEnterpriseAnnualCapFen')
      policy[key] = fen(key, doc[key]);
  }
  const byKind = doc['rateTiersByKind'];
  if (typeof byKind === 'object' && byKind !== null && !Array.isArray(byKind)) {
    policy['rateTiersByKind'] = Object.fromEntries(
      Object.entries(byKind).map(([kind, value]) => [
        kind,
        Array.isArray(value) ? tiers(`rateTiersByKind.${kind}`, value) : value,
      ]),
    );
  } else if (byKind !== undefined) policy['rateTiersByKind'] = byKind;

  const parsed = policy as unknown as PolicyVersion;
  // A field that failed to parse is reported once, not again as "not positive".
  const unparsed = new Set(issues.map((i) => i.path));
  for (const issue of validatePolicy(parsed)) {
    const path = wirePath(issue.path);
    if (!unparsed.has(path)) issues.push({ ...issue, path });
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, policy: parsed };
}

/** A stored wire document back into a policy; stored documents were checked when they arrived. */
export function policyOfStored(json: unknown): PolicyVersion {
  const parsed = parsePolicyDocument(json);
  if (!parsed.ok) throw new Error(`stored policy is invalid: ${JSON.stringify(parsed.issues)}`);
  return parsed.policy;
}
