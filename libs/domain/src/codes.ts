/**
 * Closed vocabularies of input codes. An unknown code is *invalid input* (HTTP 400 at the edge),
 * which is a different thing from an *ineligible* loan (every reason listed, 4xx): parsing happens
 * first, and eligibility only ever sees known codes.
 */
export const QUALIFICATION_CODES = ['HNTE', 'TECH_SME', 'SRDI'] as const;
export type QualificationCode = (typeof QUALIFICATION_CODES)[number];

export const LOAN_FLAG_CODES = ['IP_PLEDGE'] as const;
export type LoanFlagCode = (typeof LOAN_FLAG_CODES)[number];

export const BANK_STATUSES = ['ACTIVE', 'SUSPENDED', 'EXITED'] as const;
export type BankStatus = (typeof BANK_STATUSES)[number];

/**
 * Kinds of lending partner (docs/domain.md §8.1): banks (incl. tech sub-branches), tech micro-loan
 * companies, finance-lease companies (the "loan" is a lease; principal = amount financed).
 */
export const INSTITUTION_KINDS = ['BANK', 'MICROLOAN', 'LEASING'] as const;
export type InstitutionKind = (typeof INSTITUTION_KINDS)[number];
/** A partner admitted before kinds existed is a bank. */
export const DEFAULT_INSTITUTION_KIND: InstitutionKind = 'BANK';

/** Parties that bear part of a loss beside the funds and the lender (docs/domain.md §8.4). */
export const CO_SHARER_KINDS = ['GUARANTOR', 'INSURER', 'VALUER'] as const;
export type CoSharerKind = (typeof CO_SHARER_KINDS)[number];

export function isInstitutionKind(value: unknown): value is InstitutionKind {
  return typeof value === 'string' && (INSTITUTION_KINDS as readonly string[]).includes(value);
}

export function isCoSharerKind(value: unknown): value is CoSharerKind {
  return typeof value === 'string' && (CO_SHARER_KINDS as readonly string[]).includes(value);
}

export interface CodeProblem {
  readonly index: number;
  readonly value: unknown;
  readonly problem: 'UNKNOWN_CODE' | 'DUPLICATE_CODE' | 'NOT_A_STRING';
}

export type CodeListParse<C extends string> =
  | { readonly ok: true; readonly codes: readonly C[] }
  | { readonly ok: false; readonly problems: readonly CodeProblem[] };

/** Every problem in the list, not just the first. A repeated code is refused, not merged. */
function parseCodeList<C extends string>(values: unknown, known: readonly C[]): CodeListParse<C> {
  if (!Array.isArray(values))
    return { ok: false, problems: [{ index: -1, value: values, problem: 'NOT_A_STRING' }] };
  const problems: CodeProblem[] = [];
  const seen = new Set<string>();
  const codes: C[] = [];
  values.forEach((value: unknown, index) => {
    if (typeof value !== 'string') {
      problems.push({ index, value, problem: 'NOT_A_STRING' });
    } else if (!(known as readonly string[]).includes(value)) {
      problems.push({ index, value, problem: 'UNKNOWN_CODE' });
    } else if (seen.has(value)) {
      problems.push({ index, value, problem: 'DUPLICATE_CODE' });
    } else {
      seen.add(value);
      codes.push(value as C);
    }
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, codes };
}

export function parseQualificationCodes(values: unknown): CodeListParse<QualificationCode> {
  return parseCodeList(values, QUALIFICATION_CODES);
}

export function parseLoanFlagCodes(values: unknown): CodeListParse<LoanFlagCode> {
  return parseCodeList(values, LOAN_FLAG_CODES);
}

export function isQualificationCode(value: unknown): value is QualificationCode {
  return typeof value === 'string' && (QUALIFICATION_CODES as readonly string[]).includes(value);
}

export function isLoanFlagCode(value: unknown): value is LoanFlagCode {
  return typeof value === 'string' && (LOAN_FLAG_CODES as readonly string[]).includes(value);
}

/** Fund ids: `CITY`, `TOWN:<code>`, or another fund code such as `PROVINCE` (as in libs/contracts). */
export const CITY_FUND_ID = 'CITY';
/** In a policy split, `TOWN` stands for the borrower's town fund. */
export const TOWN_SPLIT_PLACEHOLDER = 'TOWN';
const TOWN_CODE_PATTERN = /^[A-Z0-9_]{1,32}$/;
const FUND_ID_PATTERN = /^(CITY|TOWN:[A-Z0-9_]{1,32}|[A-Z][A-Z0-9_]{0,31})$/;

export function isTownCode(value: unknown): value is string {
  return typeof value === 'string' && TOWN_CODE_PATTERN.test(value);
}

export function isFundId(value: unknown): value is string {
  return (
    typeof value === 'string' && FUND_ID_PATTERN.test(value) && value !== TOWN_SPLIT_PLACEHOLDER
  );
}

export function townFundId(townCode: string): string {
  return `TOWN:${townCode}`;
}
