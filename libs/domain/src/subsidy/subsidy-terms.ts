import { type LoanFlagCode, TOWN_SPLIT_PLACEHOLDER, isLoanFlagCode, isTownCode } from '../codes';
import { DomainError } from '../domain-error';
import { BP_PER_WHOLE, type Fen } from '../money';
import type { PolicyIssue, PolicyVersion, SplitEntry } from '../policy';

/**
 * The interest-subsidy parameters of a policy version (docs/domain.md §9), every one filled in. A
 * version sets each optionally (`PolicyVersion` carries them as optional fields);
 * `subsidyParametersOf` fills in the §9 default of each one it does not set.
 */
export interface SubsidyParameters {
  /** Share of eligible interest that is subsidised. */
  readonly subsidyShareBp: number;
  /** Added to the share when the loan carries the flag. */
  readonly subsidyBonusBp: Readonly<Partial<Record<LoanFlagCode, number>>>;
  /** The share after bonuses never passes this. */
  readonly maxSubsidyShareBp: number;
  /** Interest above this annual rate is not subsidised. */
  readonly subsidyRateCapBp: number;
  /** Most subsidy to one enterprise for periods ending in one calendar year. */
  readonly subsidyPerEnterpriseAnnualCapFen: Fen;
  /** `CITY` and `TOWN` name `SUBSIDY:CITY` and `SUBSIDY:TOWN:<borrower's town>`. */
  readonly subsidySplit: readonly SplitEntry[];
  /** Empty: every loan; else only loans with one of these flags. */
  readonly subsidyRequiresFlags: readonly LoanFlagCode[];
}

const WAN_YUAN_FEN = 1_000_000n;

/** docs/domain.md §9 defaults. */
export function defaultSubsidyParameters(): SubsidyParameters {
  return {
    subsidyShareBp: 5_000,
    subsidyBonusBp: { IP_PLEDGE: 2_000 },
    maxSubsidyShareBp: 8_000,
    subsidyRateCapBp: 450,
    subsidyPerEnterpriseAnnualCapFen: 50n * WAN_YUAN_FEN,
    subsidySplit: [
      { fund: 'CITY', weightBp: 5_000 },
      { fund: TOWN_SPLIT_PLACEHOLDER, weightBp: 5_000 },
    ],
    subsidyRequiresFlags: [],
  };
}

/** The §9 parameters of a version: its own where it sets them, else the defaults. */
export function subsidyParametersOf(policy: Partial<SubsidyParameters>): SubsidyParameters {
  const defaults = defaultSubsidyParameters();
  return {
    subsidyShareBp: policy.subsidyShareBp ?? defaults.subsidyShareBp,
    subsidyBonusBp: policy.subsidyBonusBp ?? defaults.subsidyBonusBp,
    maxSubsidyShareBp: policy.maxSubsidyShareBp ?? defaults.maxSubsidyShareBp,
    subsidyRateCapBp: policy.subsidyRateCapBp ?? defaults.subsidyRateCapBp,
    subsidyPerEnterpriseAnnualCapFen:
      policy.subsidyPerEnterpriseAnnualCapFen ?? defaults.subsidyPerEnterpriseAnnualCapFen,
    subsidySplit: policy.subsidySplit ?? defaults.subsidySplit,
    subsidyRequiresFlags: policy.subsidyRequiresFlags ?? defaults.subsidyRequiresFlags,
  };
}

/**
 * Economic subsidy terms: from the version in force on the loan's registration date (§8.6 lists
 * every §9 amount parameter as economic).
 */
export interface SubsidyEconomicTerms {
  readonly versionId: string;
  readonly subsidyShareBp: number;
  readonly subsidyBonusBp: Readonly<Partial<Record<LoanFlagCode, number>>>;
  readonly maxSubsidyShareBp: number;
  readonly subsidyRateCapBp: number;
  readonly subsidySplit: readonly SplitEntry[];
  readonly subsidyRequiresFlags: readonly LoanFlagCode[];
}

/** Procedural subsidy terms (§8.6): from the version in force when the report is accepted. */
export interface SubsidyProceduralTerms {
  readonly versionId: string;
  readonly subsidyPerEnterpriseAnnualCapFen: Fen;
}

export function subsidyEconomicTerms(policy: PolicyVersion): SubsidyEconomicTerms {
  const p = subsidyParametersOf(policy);
  return {
    versionId: policy.versionId,
    subsidyShareBp: p.subsidyShareBp,
    subsidyBonusBp: p.subsidyBonusBp,
    maxSubsidyShareBp: p.maxSubsidyShareBp,
    subsidyRateCapBp: p.subsidyRateCapBp,
    subsidySplit: p.subsidySplit,
    subsidyRequiresFlags: p.subsidyRequiresFlags,
  };
}

export function subsidyProceduralTerms(policy: PolicyVersion): SubsidyProceduralTerms {
  return {
    versionId: policy.versionId,
    subsidyPerEnterpriseAnnualCapFen: subsidyParametersOf(policy).subsidyPerEnterpriseAnnualCapFen,
  };
}

export const SUBSIDY_CITY_FUND_ID = 'SUBSIDY:CITY';
const SUBSIDY_FUND_PATTERN = /^SUBSIDY:(CITY|TOWN:[A-Z0-9_]{1,32})$/;

export function subsidyTownFundId(townCode: string): string {
  return `SUBSIDY:TOWN:${townCode}`;
}

export function isSubsidyFundId(value: unknown): value is string {
  return typeof value === 'string' && SUBSIDY_FUND_PATTERN.test(value);
}

export interface SubsidyFundWeight {
  readonly fundId: string;
  readonly weightBp: number;
}

export const SUBSIDY_SPLIT_INVALID = 'SUBSIDY.SPLIT_INVALID';

/** `CITY` → `SUBSIDY:CITY`, `TOWN` → `SUBSIDY:TOWN:<town>`, another code X → `SUBSIDY:X`. */
export function resolveSubsidySplit(
  terms: Pick<SubsidyEconomicTerms, 'subsidySplit'>,
  townCode: string,
): SubsidyFundWeight[] {
  if (!isTownCode(townCode)) {
    throw new DomainError(SUBSIDY_SPLIT_INVALID, `not a town code: ${JSON.stringify(townCode)}`);
  }
  const resolved = terms.subsidySplit.map((entry) => ({
    fundId:
      entry.fund === TOWN_SPLIT_PLACEHOLDER ? subsidyTownFundId(townCode) : `SUBSIDY:${entry.fund}`,
    weightBp: entry.weightBp,
  }));
  if (new Set(resolved.map((r) => r.fundId)).size !== resolved.length) {
    throw new DomainError(SUBSIDY_SPLIT_INVALID, `a subsidy fund appears twice for ${townCode}`);
  }
  return resolved;
}

/**
 * Every problem with a version's §9 parameters (defaults filled in, so only what it sets can be
 * wrong). Checks types at run time too, since documents arrive as JSON.
 */
export function validateSubsidyParameters(p: SubsidyParameters): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  const add = (path: string, code: string, message: string): void => {
    issues.push({ path, code, message });
  };
  const bp = (path: string, value: unknown): void => {
    if (!Number.isSafeInteger(value) || (value as number) < 0 || (value as number) > BP_PER_WHOLE)
      add(path, 'BP_OUT_OF_RANGE', `must be a whole number of basis points in 0..${BP_PER_WHOLE}`);
  };
  bp('subsidyShareBp', p.subsidyShareBp);
  bp('maxSubsidyShareBp', p.maxSubsidyShareBp);
  bp('subsidyRateCapBp', p.subsidyRateCapBp);
  if (typeof p.subsidyBonusBp !== 'object' || p.subsidyBonusBp === null) {
    add('subsidyBonusBp', 'NOT_AN_OBJECT', 'must be an object of flag -> basis points');
  } else {
    for (const [flag, value] of Object.entries(p.subsidyBonusBp)) {
      if (!isLoanFlagCode(flag)) add(`subsidyBonusBp.${flag}`, 'UNKNOWN_CODE', `unknown flag`);
      bp(`subsidyBonusBp.${flag}`, value);
    }
  }
  if (
    typeof p.subsidyPerEnterpriseAnnualCapFen !== 'bigint' ||
    p.subsidyPerEnterpriseAnnualCapFen <= 0n
  )
    add('subsidyPerEnterpriseAnnualCapFen', 'NOT_POSITIVE', 'must be more than zero fen');
  if (!Array.isArray(p.subsidySplit) || p.subsidySplit.length === 0) {
    add('subsidySplit', 'EMPTY', 'must name at least one subsidy fund');
  } else {
    let total = 0;
    p.subsidySplit.forEach((entry: SplitEntry | null, index) => {
      bp(`subsidySplit[${index}].weightBp`, entry?.weightBp);
      total += Number.isSafeInteger(entry?.weightBp) ? (entry?.weightBp ?? 0) : 0;
      const fund: unknown = entry?.fund;
      if (typeof fund !== 'string' || !/^[A-Z][A-Z0-9_]{0,31}$/.test(fund))
        add(`subsidySplit[${index}].fund`, 'UNKNOWN_FUND', 'must be CITY, TOWN or a fund code');
    });
    if (total <= 0) add('subsidySplit', 'ZERO_TOTAL_WEIGHT', 'weights must add up to more than 0');
  }
  if (!Array.isArray(p.subsidyRequiresFlags)) {
    add('subsidyRequiresFlags', 'NOT_AN_ARRAY', 'must be a list of flags (may be empty)');
  } else {
    p.subsidyRequiresFlags.forEach((flag, index) => {
      if (!isLoanFlagCode(flag))
        add(`subsidyRequiresFlags[${index}]`, 'UNKNOWN_CODE', `unknown flag ${String(flag)}`);
    });
  }
  return issues;
}
