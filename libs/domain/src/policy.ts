import {
  CITY_FUND_ID,
  INSTITUTION_KINDS,
  type InstitutionKind,
  isInstitutionKind,
  LOAN_FLAG_CODES,
  type LoanFlagCode,
  QUALIFICATION_CODES,
  type QualificationCode,
  TOWN_SPLIT_PLACEHOLDER,
  isFundId,
  isLoanFlagCode,
  isQualificationCode,
  isTownCode,
  townFundId,
} from './codes';
import { type BusinessDate, compareDates, isBusinessDate } from './dates';
import { DomainError } from './domain-error';
import { BP_PER_WHOLE, type Fen } from './money';
import {
  type SubsidyParameters,
  subsidyParametersOf,
  validateSubsidyParameters,
} from './subsidy/subsidy-terms';

export interface RateTier {
  /** Inclusive upper bound on the loan's original principal. */
  readonly upToFen: Fen;
  readonly rateBp: number;
}

/** One line of a split: `CITY`, `TOWN` (the borrower's town fund) or another fund id. */
export interface SplitEntry {
  readonly fund: string;
  readonly weightBp: number;
}

/** What a claim's basis counts (docs/domain.md §8.3). */
export const SHARE_BASES = ['PRINCIPAL_ONLY', 'PRINCIPAL_INTEREST_COSTS'] as const;
export type ShareBasis = (typeof SHARE_BASES)[number];

/** When a claim opens (docs/domain.md §8.5): at the default report, or once recovery is declared over. */
export const COMPENSATION_TIMINGS = ['ADVANCE', 'AFTER_RECOVERY'] as const;
export type CompensationTiming = (typeof COMPENSATION_TIMINGS)[number];

/**
 * The programme-extension parameters of docs/domain.md §8. Each is optional on a version: absent means
 * its default (`PROGRAMME_DEFAULTS`), which leaves §3-§7 exactly as they are.
 */
export interface ProgrammeParameters {
  /** Procedural: kinds of partner that may be admitted or register. Default `BANK` only. */
  readonly institutionKinds?: readonly InstitutionKind[];
  /** Economic: tiers replacing `rateTiers` for a kind. Need not reach `maxPrincipalFen`. */
  readonly rateTiersByKind?: Readonly<Partial<Record<InstitutionKind, readonly RateTier[]>>>;
  /** Procedural: a bank's compensation over the programme may not pass this share of its loans. */
  readonly portfolioCapBp?: number;
  readonly shareBasis?: ShareBasis;
  readonly maxInterestDays?: number;
  readonly maxCostsBp?: number;
  readonly compensationTiming?: CompensationTiming;
  /** The lender always bears at least this share of the basis; co-sharers may not take it below. */
  readonly minLenderShareBp?: number;
}

/** docs/domain.md §8 defaults (`portfolioCapBp`: none). */
export const PROGRAMME_DEFAULTS = {
  institutionKinds: ['BANK'] as readonly InstitutionKind[],
  shareBasis: 'PRINCIPAL_ONLY' as ShareBasis,
  maxInterestDays: 120,
  maxCostsBp: 500,
  compensationTiming: 'ADVANCE' as CompensationTiming,
  minLenderShareBp: 2_000,
} as const;

/**
 * A published policy version: immutable, identified by `versionId`, in force from `effectiveFrom`
 * (inclusive) until `effectiveTo` (exclusive) or until the next version starts (see
 * `policyInForce`). Every parameter of docs/domain.md §3; those of §8 and §9 optionally (absent:
 * their defaults, read through `programmeTerms` and `subsidyParametersOf`).
 */
export interface PolicyVersion extends ProgrammeParameters, Partial<SubsidyParameters> {
  readonly versionId: string;
  readonly effectiveFrom: BusinessDate;
  readonly effectiveTo?: BusinessDate;
  readonly eligibleQualifications: readonly QualificationCode[];
  readonly maxPrincipalFen: Fen;
  readonly maxTermMonths: number;
  readonly maxEnterpriseOutstandingFen: Fen;
  /** Strictly ascending by `upToFen`; the first tier whose bound covers the principal applies. */
  readonly rateTiers: readonly RateTier[];
  /** Added to the tier rate when the loan carries the flag. */
  readonly bonusBp: Readonly<Partial<Record<LoanFlagCode, number>>>;
  readonly maxRateBp: number;
  /** In order: the order breaks split ties and orders recovery sharing. */
  readonly split: readonly SplitEntry[];
  /** Per-town replacement of `split`, keyed by town code (e.g. `TORCH`). */
  readonly splitByTown?: Readonly<Record<string, readonly SplitEntry[]>>;
  readonly perLoanCapFen: Fen;
  readonly perBankAnnualCapFen: Fen;
  readonly minDaysPastDue: number;
  readonly reportWithinDays: number;
  readonly nplBreakerBp: number;
  readonly remitWithinDays: number;
}

/**
 * Terms fixed by the version in force on the loan's registration date (stored on the loan). The
 * §8.6 economic ones are present only when the version sets them (so a version without them has
 * exactly the §3 terms); read them through `programmeTerms` for the defaults.
 */
export interface EconomicTerms extends Pick<
  PolicyVersion,
  | 'versionId'
  | 'eligibleQualifications'
  | 'maxPrincipalFen'
  | 'maxTermMonths'
  | 'maxEnterpriseOutstandingFen'
  | 'rateTiers'
  | 'bonusBp'
  | 'maxRateBp'
  | 'split'
  | 'perLoanCapFen'
  | 'rateTiersByKind'
  | 'shareBasis'
  | 'maxInterestDays'
  | 'maxCostsBp'
  | 'compensationTiming'
  | 'minLenderShareBp'
> {
  readonly splitByTown: Readonly<Record<string, readonly SplitEntry[]>>;
}

/**
 * Terms taken from the version in force on the day each action happens; the §8.6 procedural ones
 * are present only when the version sets them (no `portfolioCapBp`: no portfolio cap).
 */
export type ProceduralTerms = Pick<
  PolicyVersion,
  | 'versionId'
  | 'perBankAnnualCapFen'
  | 'minDaysPastDue'
  | 'reportWithinDays'
  | 'nplBreakerBp'
  | 'remitWithinDays'
  | 'institutionKinds'
  | 'portfolioCapBp'
>;

/** The versions whose terms a computation applied (economic, procedural): kept with its result. */
export interface GoverningVersionIds {
  readonly economicPolicyVersionId: string;
  readonly proceduralPolicyVersionId: string;
}

/** The §8 economic terms with their defaults filled in. */
export interface ProgrammeTerms {
  readonly rateTiersByKind: Readonly<Partial<Record<InstitutionKind, readonly RateTier[]>>>;
  readonly shareBasis: ShareBasis;
  readonly maxInterestDays: number;
  readonly maxCostsBp: number;
  readonly compensationTiming: CompensationTiming;
  readonly minLenderShareBp: number;
}

/** Reads the §8 economic terms of a loan's version, a default for each one it does not set. */
export function programmeTerms(terms: Partial<ProgrammeTerms>): ProgrammeTerms {
  return {
    rateTiersByKind: terms.rateTiersByKind ?? {},
    shareBasis: terms.shareBasis ?? PROGRAMME_DEFAULTS.shareBasis,
    maxInterestDays: terms.maxInterestDays ?? PROGRAMME_DEFAULTS.maxInterestDays,
    maxCostsBp: terms.maxCostsBp ?? PROGRAMME_DEFAULTS.maxCostsBp,
    compensationTiming: terms.compensationTiming ?? PROGRAMME_DEFAULTS.compensationTiming,
    minLenderShareBp: terms.minLenderShareBp ?? PROGRAMME_DEFAULTS.minLenderShareBp,
  };
}

/** The kinds the version in force admits (procedural, §8.1). */
export function admittedInstitutionKinds(
  terms: Pick<ProceduralTerms, 'institutionKinds'>,
): readonly InstitutionKind[] {
  return terms.institutionKinds ?? PROGRAMME_DEFAULTS.institutionKinds;
}

const WAN_YUAN_FEN = 1_000_000n; // 1万 yuan = 10,000 yuan = 1,000,000 fen

/** The national "bank keeps at least 20 %" rule: the capped rate may not pass 8000 bp. */
export const MAX_RATE_CEILING_BP = 8_000;

/** docs/domain.md §3 defaults. */
export function defaultPolicy(versionId: string, effectiveFrom: BusinessDate): PolicyVersion {
  return {
    versionId,
    effectiveFrom,
    eligibleQualifications: ['HNTE', 'TECH_SME', 'SRDI'],
    maxPrincipalFen: 3_000n * WAN_YUAN_FEN,
    maxTermMonths: 36,
    maxEnterpriseOutstandingFen: 3_000n * WAN_YUAN_FEN,
    rateTiers: [
      { upToFen: 500n * WAN_YUAN_FEN, rateBp: 4_000 },
      { upToFen: 1_500n * WAN_YUAN_FEN, rateBp: 3_000 },
      { upToFen: 3_000n * WAN_YUAN_FEN, rateBp: 2_000 },
    ],
    bonusBp: { IP_PLEDGE: 1_500 },
    maxRateBp: 5_000,
    split: [
      { fund: CITY_FUND_ID, weightBp: 5_000 },
      { fund: TOWN_SPLIT_PLACEHOLDER, weightBp: 5_000 },
    ],
    perLoanCapFen: 500n * WAN_YUAN_FEN,
    perBankAnnualCapFen: 1_000n * WAN_YUAN_FEN,
    minDaysPastDue: 90,
    reportWithinDays: 60,
    nplBreakerBp: 300,
    remitWithinDays: 30,
  };
}

export interface PolicyIssue {
  /** Where in the document, e.g. `rateTiers[1].upToFen`. */
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

/**
 * Every problem with a policy document (not only the first), so a fund manager fixes them in one
 * round. An empty list means the version may be published (subject to `findPublishConflicts`).
 * Checks types at run time too, since documents arrive as JSON.
 */
export function validatePolicy(policy: PolicyVersion): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  const add = (path: string, code: string, message: string): void => {
    issues.push({ path, code, message });
  };
  const positiveFen = (path: string, value: unknown): void => {
    if (typeof value !== 'bigint') add(path, 'NOT_FEN', 'must be an amount of fen (bigint)');
    else if (value <= 0n) add(path, 'NOT_POSITIVE', 'must be more than zero fen');
  };
  const positiveInteger = (path: string, value: unknown): void => {
    if (!Number.isSafeInteger(value) || (value as number) <= 0)
      add(path, 'NOT_POSITIVE_INTEGER', 'must be a whole number above zero');
  };
  const bp = (path: string, value: unknown): boolean => {
    if (!Number.isSafeInteger(value) || (value as number) < 0 || (value as number) > BP_PER_WHOLE) {
      add(path, 'BP_OUT_OF_RANGE', `must be a whole number of basis points in 0..${BP_PER_WHOLE}`);
      return false;
    }
    return true;
  };

  if (typeof policy.versionId !== 'string' || policy.versionId.trim().length === 0) {
    add('versionId', 'REQUIRED', 'must be a non-empty id');
  }
  const fromValid = isBusinessDate(policy.effectiveFrom);
  if (!fromValid) add('effectiveFrom', 'DATE_INVALID', 'must be a calendar date YYYY-MM-DD');
  if (policy.effectiveTo !== undefined) {
    if (!isBusinessDate(policy.effectiveTo))
      add('effectiveTo', 'DATE_INVALID', 'must be a calendar date YYYY-MM-DD');
    else if (fromValid && compareDates(policy.effectiveTo, policy.effectiveFrom) <= 0) {
      add('effectiveTo', 'DATES_OUT_OF_ORDER', 'must be after effectiveFrom (it is exclusive)');
    }
  }

  if (!Array.isArray(policy.eligibleQualifications) || policy.eligibleQualifications.length === 0) {
    add(
      'eligibleQualifications',
      'EMPTY',
      `must list at least one of ${QUALIFICATION_CODES.join(', ')}`,
    );
  } else {
    const seen = new Set<string>();
    policy.eligibleQualifications.forEach((code, index) => {
      if (!isQualificationCode(code))
        add(
          `eligibleQualifications[${index}]`,
          'UNKNOWN_CODE',
          `unknown qualification ${String(code)}`,
        );
      else if (seen.has(code))
        add(`eligibleQualifications[${index}]`, 'DUPLICATE_CODE', `${code} listed twice`);
      seen.add(String(code));
    });
  }

  positiveFen('maxPrincipalFen', policy.maxPrincipalFen);
  positiveInteger('maxTermMonths', policy.maxTermMonths);
  positiveFen('maxEnterpriseOutstandingFen', policy.maxEnterpriseOutstandingFen);
  positiveFen('perLoanCapFen', policy.perLoanCapFen);
  positiveFen('perBankAnnualCapFen', policy.perBankAnnualCapFen);

  if (!Array.isArray(policy.rateTiers) || policy.rateTiers.length === 0) {
    add('rateTiers', 'EMPTY', 'must have at least one tier');
  } else {
    let previousFen: Fen | undefined;
    policy.rateTiers.forEach((tier, index) => {
      positiveFen(`rateTiers[${index}].upToFen`, tier.upToFen);
      bp(`rateTiers[${index}].rateBp`, tier.rateBp);
      if (typeof tier.upToFen === 'bigint') {
        if (previousFen !== undefined && tier.upToFen <= previousFen) {
          add(
            `rateTiers[${index}].upToFen`,
            'TIERS_NOT_ASCENDING',
            'tier bounds must be strictly ascending',
          );
        }
        previousFen = tier.upToFen;
      }
    });
    const last = policy.rateTiers[policy.rateTiers.length - 1];
    if (
      last !== undefined &&
      typeof last.upToFen === 'bigint' &&
      typeof policy.maxPrincipalFen === 'bigint' &&
      last.upToFen < policy.maxPrincipalFen
    ) {
      add(
        'rateTiers',
        'TIERS_DO_NOT_COVER_MAX_PRINCIPAL',
        'the last tier must reach maxPrincipalFen, or some eligible loan has no rate',
      );
    }
  }

  if (typeof policy.bonusBp !== 'object' || policy.bonusBp === null) {
    add('bonusBp', 'REQUIRED', 'must be an object of flag -> basis points (may be empty)');
  } else {
    for (const [flag, value] of Object.entries(policy.bonusBp)) {
      if (!isLoanFlagCode(flag))
        add(
          `bonusBp.${flag}`,
          'UNKNOWN_CODE',
          `unknown flag; known: ${LOAN_FLAG_CODES.join(', ')}`,
        );
      bp(`bonusBp.${flag}`, value);
    }
  }

  if (bp('maxRateBp', policy.maxRateBp) && policy.maxRateBp > MAX_RATE_CEILING_BP) {
    add(
      'maxRateBp',
      'BANK_KEEPS_LESS_THAN_20_PERCENT',
      `must be at most ${MAX_RATE_CEILING_BP} so the bank bears at least 20 %`,
    );
  }
  validateProgrammeParameters(policy, add, bp, positiveInteger);

  validateSplit('split', policy.split, undefined, add, bp);
  if (
    policy.splitByTown !== undefined &&
    (typeof policy.splitByTown !== 'object' || policy.splitByTown === null)
  ) {
    add('splitByTown', 'NOT_AN_OBJECT', 'must map town codes to splits');
  } else if (policy.splitByTown !== undefined) {
    for (const [townCode, entries] of Object.entries(policy.splitByTown)) {
      if (!isTownCode(townCode))
        add(`splitByTown.${townCode}`, 'TOWN_CODE_INVALID', 'town codes are A-Z, 0-9, _');
      validateSplit(`splitByTown.${townCode}`, entries, townCode, add, bp);
    }
  }
  // A base split naming both TOWN and TOWN:<x> gives fund TOWN:<x> two lines for borrowers in x.
  const baseFunds = Array.isArray(policy.split)
    ? policy.split.map((e: SplitEntry | null) => (typeof e?.fund === 'string' ? e.fund : ''))
    : [];
  if (baseFunds.includes(TOWN_SPLIT_PLACEHOLDER)) {
    for (const fund of baseFunds) {
      const town = fund.startsWith('TOWN:') ? fund.slice('TOWN:'.length) : undefined;
      if (town !== undefined && policy.splitByTown?.[town] === undefined) {
        add(
          'split',
          'SPLIT_FUND_DUPLICATE',
          `TOWN and ${fund} both resolve to ${fund} for borrowers in ${town}`,
        );
      }
    }
  }

  positiveInteger('minDaysPastDue', policy.minDaysPastDue);
  positiveInteger('reportWithinDays', policy.reportWithinDays);
  positiveInteger('remitWithinDays', policy.remitWithinDays);
  bp('nplBreakerBp', policy.nplBreakerBp);
  // docs/domain.md §9: the defaults are valid, so only what the version sets can be reported.
  issues.push(...validateSubsidyParameters(subsidyParametersOf(policy)));
  return issues;
}

type AddIssue = (path: string, code: string, message: string) => void;

/** docs/domain.md §8 parameters: each optional, each checked when present. */
function validateProgrammeParameters(
  policy: PolicyVersion,
  add: AddIssue,
  bp: (path: string, value: unknown) => boolean,
  positiveInteger: (path: string, value: unknown) => void,
): void {
  if (policy.institutionKinds !== undefined) {
    if (!Array.isArray(policy.institutionKinds) || policy.institutionKinds.length === 0) {
      add('institutionKinds', 'EMPTY', `must list at least one of ${INSTITUTION_KINDS.join(', ')}`);
    } else {
      const seen = new Set<string>();
      policy.institutionKinds.forEach((kind: unknown, index) => {
        if (!isInstitutionKind(kind))
          add(`institutionKinds[${index}]`, 'UNKNOWN_CODE', `unknown kind ${String(kind)}`);
        else if (seen.has(kind))
          add(`institutionKinds[${index}]`, 'DUPLICATE_CODE', `${kind} listed twice`);
        seen.add(String(kind));
      });
    }
  }
  if (policy.rateTiersByKind !== undefined) {
    if (typeof policy.rateTiersByKind !== 'object' || policy.rateTiersByKind === null) {
      add('rateTiersByKind', 'NOT_AN_OBJECT', 'must map institution kinds to rate tiers');
    } else {
      for (const [kind, tiers] of Object.entries(policy.rateTiersByKind)) {
        const path = `rateTiersByKind.${kind}`;
        if (!isInstitutionKind(kind))
          add(path, 'UNKNOWN_CODE', `unknown kind; known: ${INSTITUTION_KINDS.join(', ')}`);
        // Tiers of a kind need not reach maxPrincipalFen: a principal none covers is ineligible.
        validateTiers(path, tiers, add, bp);
      }
    }
  }
  if (policy.portfolioCapBp !== undefined) bp('portfolioCapBp', policy.portfolioCapBp);
  if (policy.shareBasis !== undefined && !SHARE_BASES.includes(policy.shareBasis))
    add('shareBasis', 'UNKNOWN_CODE', `must be one of ${SHARE_BASES.join(', ')}`);
  if (policy.maxInterestDays !== undefined)
    positiveInteger('maxInterestDays', policy.maxInterestDays);
  if (policy.maxCostsBp !== undefined) bp('maxCostsBp', policy.maxCostsBp);
  if (
    policy.compensationTiming !== undefined &&
    !COMPENSATION_TIMINGS.includes(policy.compensationTiming)
  )
    add('compensationTiming', 'UNKNOWN_CODE', `must be one of ${COMPENSATION_TIMINGS.join(', ')}`);
  if (
    policy.minLenderShareBp !== undefined &&
    bp('minLenderShareBp', policy.minLenderShareBp) &&
    Number.isSafeInteger(policy.maxRateBp) &&
    policy.maxRateBp > BP_PER_WHOLE - policy.minLenderShareBp
  ) {
    add(
      'maxRateBp',
      'LENDER_KEEPS_LESS_THAN_MIN_SHARE',
      `must be at most ${BP_PER_WHOLE - policy.minLenderShareBp} so the lender bears minLenderShareBp`,
    );
  }
}

/** Non-empty, each bound positive and strictly above the previous, each rate in 0..10000. */
function validateTiers(
  path: string,
  tiers: readonly RateTier[] | undefined,
  add: AddIssue,
  bp: (path: string, value: unknown) => boolean,
): void {
  if (!Array.isArray(tiers) || tiers.length === 0) {
    add(path, 'EMPTY', 'must have at least one tier');
    return;
  }
  let previousFen: Fen | undefined;
  tiers.forEach((tier: RateTier | null, index) => {
    if (typeof tier !== 'object' || tier === null) {
      add(`${path}[${index}]`, 'NOT_AN_OBJECT', 'a tier is { upToFen, rateBp }');
      return;
    }
    if (typeof tier.upToFen !== 'bigint')
      add(`${path}[${index}].upToFen`, 'NOT_FEN', 'must be an amount of fen (bigint)');
    else if (tier.upToFen <= 0n)
      add(`${path}[${index}].upToFen`, 'NOT_POSITIVE', 'must be more than zero fen');
    else {
      if (previousFen !== undefined && tier.upToFen <= previousFen)
        add(
          `${path}[${index}].upToFen`,
          'TIERS_NOT_ASCENDING',
          'tier bounds must be strictly ascending',
        );
      previousFen = tier.upToFen;
    }
    bp(`${path}[${index}].rateBp`, tier.rateBp);
  });
}

function validateSplit(
  path: string,
  entries: readonly SplitEntry[] | undefined,
  townCode: string | undefined,
  add: (path: string, code: string, message: string) => void,
  bp: (path: string, value: unknown) => boolean,
): void {
  if (!Array.isArray(entries) || entries.length === 0) {
    add(path, 'EMPTY', 'a split needs at least one fund');
    return;
  }
  let totalBp = 0;
  const funds = new Set<string>();
  entries.forEach((entry: SplitEntry | null, index) => {
    if (typeof entry !== 'object' || entry === null) {
      add(`${path}[${index}]`, 'NOT_AN_OBJECT', 'a split line is { fund, weightBp }');
      return;
    }
    const fund = entry.fund;
    if (fund !== TOWN_SPLIT_PLACEHOLDER && !isFundId(fund)) {
      add(
        `${path}[${index}].fund`,
        'FUND_INVALID',
        'must be CITY, TOWN, TOWN:<code> or a fund code',
      );
    }
    const resolved =
      townCode !== undefined && fund === TOWN_SPLIT_PLACEHOLDER ? townFundId(townCode) : fund;
    if (funds.has(resolved))
      add(`${path}[${index}].fund`, 'SPLIT_FUND_DUPLICATE', `${resolved} appears twice`);
    funds.add(resolved);
    if (bp(`${path}[${index}].weightBp`, entry.weightBp)) totalBp += entry.weightBp;
  });
  if (totalBp !== BP_PER_WHOLE)
    add(path, 'SPLIT_WEIGHTS_NOT_10000', `weights sum to ${totalBp}, not ${BP_PER_WHOLE}`);
}

/** Throws `POLICY.INVALID` with every issue when the document is not publishable. */
export function assertValidPolicy(policy: PolicyVersion): PolicyVersion {
  const issues = validatePolicy(policy);
  if (issues.length > 0) {
    throw new DomainError('POLICY.INVALID', issues.map((i) => `${i.path}: ${i.code}`).join('; '), {
      issues,
    });
  }
  return policy;
}

export interface EffectiveWindow {
  readonly versionId: string;
  readonly from: BusinessDate;
  /** Exclusive; absent while open-ended. */
  readonly to?: BusinessDate;
}

export const POLICY_NONE_IN_FORCE = 'POLICY.NONE_IN_FORCE';
export const POLICY_AMBIGUOUS = 'POLICY.AMBIGUOUS';

function sortedByStart(versions: readonly PolicyVersion[]): PolicyVersion[] {
  return [...versions].sort((a, b) => compareDates(a.effectiveFrom, b.effectiveFrom));
}

/**
 * When each version actually governs. Versions are immutable, so an open-ended version can only
 * be superseded: it ends where the next one (by `effectiveFrom`) starts. An explicit
 * `effectiveTo` is a firm end; after it, and before any later version, no policy is in force
 * (there is no falling back to an older version).
 */
export function effectiveWindows(versions: readonly PolicyVersion[]): EffectiveWindow[] {
  const sorted = sortedByStart(versions);
  return sorted.map((version, index) => {
    const next = sorted[index + 1];
    if (next !== undefined && next.effectiveFrom === version.effectiveFrom) {
      throw new DomainError(
        POLICY_AMBIGUOUS,
        `${version.versionId} and ${next.versionId} start on the same day`,
      );
    }
    const candidates = [version.effectiveTo, next?.effectiveFrom].filter(
      (d): d is string => d !== undefined,
    );
    const to = candidates.sort(compareDates)[0];
    return to === undefined
      ? { versionId: version.versionId, from: version.effectiveFrom }
      : { versionId: version.versionId, from: version.effectiveFrom, to };
  });
}

/** The version governing `date`, or `undefined` when none does. */
export function policyInForce(
  versions: readonly PolicyVersion[],
  date: BusinessDate,
): PolicyVersion | undefined {
  const windows = effectiveWindows(versions);
  const window = windows.find(
    (w) => compareDates(w.from, date) <= 0 && (w.to === undefined || compareDates(date, w.to) < 0),
  );
  return window === undefined ? undefined : versions.find((v) => v.versionId === window.versionId);
}

export function requirePolicyInForce(
  versions: readonly PolicyVersion[],
  date: BusinessDate,
): PolicyVersion {
  const policy = policyInForce(versions, date);
  if (policy === undefined)
    throw new DomainError(POLICY_NONE_IN_FORCE, `no policy version is in force on ${date}`, {
      date,
    });
  return policy;
}

export interface PublishConflict {
  readonly code:
    | 'DUPLICATE_VERSION_ID'
    | 'SAME_EFFECTIVE_FROM'
    | 'OVERLAPS_BOUNDED_VERSION'
    | 'EFFECTIVE_FROM_IN_PAST';
  readonly versionId?: string;
  readonly message: string;
}

/**
 * Why `candidate` may not be published next to `published`. A later start supersedes an
 * open-ended version (that is how policy changes), but may not cut into a version published with
 * an explicit `effectiveTo`, nor may a bounded candidate swallow the start of another version.
 * With `today`, a start in the past is refused: it would change which terms governed actions
 * already taken.
 */
export function findPublishConflicts(
  published: readonly PolicyVersion[],
  candidate: PolicyVersion,
  today?: BusinessDate,
): PublishConflict[] {
  const conflicts: PublishConflict[] = [];
  for (const existing of published) {
    if (existing.versionId === candidate.versionId) {
      conflicts.push({
        code: 'DUPLICATE_VERSION_ID',
        versionId: existing.versionId,
        message: 'version ids are never reused',
      });
    }
    if (existing.effectiveFrom === candidate.effectiveFrom) {
      conflicts.push({
        code: 'SAME_EFFECTIVE_FROM',
        versionId: existing.versionId,
        message: `${existing.versionId} also starts on ${existing.effectiveFrom}`,
      });
      continue;
    }
    const startsInside = (start: BusinessDate, holder: PolicyVersion): boolean =>
      holder.effectiveTo !== undefined &&
      compareDates(holder.effectiveFrom, start) < 0 &&
      compareDates(start, holder.effectiveTo) < 0;
    if (
      startsInside(candidate.effectiveFrom, existing) ||
      startsInside(existing.effectiveFrom, candidate)
    ) {
      conflicts.push({
        code: 'OVERLAPS_BOUNDED_VERSION',
        versionId: existing.versionId,
        message: `overlaps ${existing.versionId} (${existing.effectiveFrom} to ${existing.effectiveTo ?? 'open'})`,
      });
    }
  }
  if (today !== undefined && compareDates(candidate.effectiveFrom, today) < 0) {
    conflicts.push({
      code: 'EFFECTIVE_FROM_IN_PAST',
      message: `effectiveFrom ${candidate.effectiveFrom} is before today ${today}`,
    });
  }
  return conflicts;
}

export function economicTerms(policy: PolicyVersion): EconomicTerms {
  return {
    versionId: policy.versionId,
    eligibleQualifications: policy.eligibleQualifications,
    maxPrincipalFen: policy.maxPrincipalFen,
    maxTermMonths: policy.maxTermMonths,
    maxEnterpriseOutstandingFen: policy.maxEnterpriseOutstandingFen,
    rateTiers: policy.rateTiers,
    bonusBp: policy.bonusBp,
    maxRateBp: policy.maxRateBp,
    split: policy.split,
    splitByTown: policy.splitByTown ?? {},
    perLoanCapFen: policy.perLoanCapFen,
    ...definedOnly({
      rateTiersByKind: policy.rateTiersByKind,
      shareBasis: policy.shareBasis,
      maxInterestDays: policy.maxInterestDays,
      maxCostsBp: policy.maxCostsBp,
      compensationTiming: policy.compensationTiming,
      minLenderShareBp: policy.minLenderShareBp,
    }),
  };
}

export function proceduralTerms(policy: PolicyVersion): ProceduralTerms {
  return {
    versionId: policy.versionId,
    perBankAnnualCapFen: policy.perBankAnnualCapFen,
    minDaysPastDue: policy.minDaysPastDue,
    reportWithinDays: policy.reportWithinDays,
    nplBreakerBp: policy.nplBreakerBp,
    remitWithinDays: policy.remitWithinDays,
    ...definedOnly({
      institutionKinds: policy.institutionKinds,
      portfolioCapBp: policy.portfolioCapBp,
    }),
  };
}

/** Drops the keys whose value is undefined (exactOptionalPropertyTypes-safe spreading). */
function definedOnly<T extends Record<string, unknown>>(
  values: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}

export interface GoverningTerms {
  readonly economic: EconomicTerms;
  readonly procedural: ProceduralTerms;
}

/**
 * Which version governs (docs/domain.md §3, as SBA does it): economic terms from the version in force
 * on the loan's registration date, procedural terms from the version in force on the action date.
 */
export function governingTerms(
  versions: readonly PolicyVersion[],
  dates: { readonly registrationDate: BusinessDate; readonly actionDate: BusinessDate },
): GoverningTerms {
  return {
    economic: economicTerms(requirePolicyInForce(versions, dates.registrationDate)),
    procedural: proceduralTerms(requirePolicyInForce(versions, dates.actionDate)),
  };
}

/** A split line resolved to a real fund id for one borrower. */
export interface ResolvedSplitEntry {
  readonly fundId: string;
  readonly weightBp: number;
}

export const SPLIT_RESOLVES_TWICE = 'POLICY.SPLIT_RESOLVES_TWICE';

/** The borrower's split: the town's override if any, with `TOWN` replaced by `TOWN:<code>`. */
export function resolveSplit(
  terms: Pick<EconomicTerms, 'split' | 'splitByTown'>,
  townCode: string,
): ResolvedSplitEntry[] {
  const entries = terms.splitByTown[townCode] ?? terms.split;
  const resolved = entries.map((entry) => ({
    fundId: entry.fund === TOWN_SPLIT_PLACEHOLDER ? townFundId(townCode) : entry.fund,
    weightBp: entry.weightBp,
  }));
  const seen = new Set<string>();
  for (const { fundId } of resolved) {
    if (seen.has(fundId))
      throw new DomainError(
        SPLIT_RESOLVES_TWICE,
        `${fundId} appears twice in the split for ${townCode}`,
      );
    seen.add(fundId);
  }
  return resolved;
}
