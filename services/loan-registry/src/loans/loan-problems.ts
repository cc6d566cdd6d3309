import { CoSharerIssue, DomainError, formatFen, IneligibilityReason } from '@riskpool/domain';
import { FieldError, ProblemException, Problems } from '@riskpool/service-kit';

/** Stable error codes of loan-registry (the `code` of its problem+json answers). */
export const LoanCodes = {
  ineligible: 'LOAN.INELIGIBLE',
  bankNotActive: 'LOAN.BANK_NOT_ACTIVE',
  quotaExceeded: 'LOAN.QUOTA_EXCEEDED',
  enterpriseLimitExceeded: 'LOAN.ENTERPRISE_LIMIT_EXCEEDED',
  townHasNoFund: 'LOAN.TOWN_HAS_NO_FUND',
  noPolicyInForce: 'LOAN.NO_POLICY_IN_FORCE',
  referenceConflict: 'LOAN.REFERENCE_CONFLICT',
  notRegistered: 'LOAN.NOT_REGISTERED',
  repaymentAboveOutstanding: 'LOAN.REPAYMENT_ABOVE_OUTSTANDING',
  bulkInvalid: 'LOAN.BULK_INVALID',
} as const;

/** A reason of our own next to the domain's: an enterprise belongs to one town (docs/domain.md §1). */
export type RegistrationReason =
  IneligibilityReason | { readonly code: 'ENTERPRISE_TOWN_MISMATCH'; readonly townCode: string };

function topCodeOf(reason: RegistrationReason): string {
  switch (reason.code) {
    case 'BANK_NOT_ACTIVE':
      return LoanCodes.bankNotActive;
    case 'BANK_QUOTA_EXCEEDED':
      return LoanCodes.quotaExceeded;
    case 'ENTERPRISE_LIMIT_EXCEEDED':
      return LoanCodes.enterpriseLimitExceeded;
    case 'TOWN_HAS_NO_FUND':
    case 'SPLIT_FUND_MISSING':
      return LoanCodes.townHasNoFund;
    default:
      return LoanCodes.ineligible;
  }
}

function fieldErrorOf(reason: RegistrationReason): FieldError {
  switch (reason.code) {
    case 'INVALID_USCC':
      return { field: 'enterprise.uscc', code: reason.code, message: 'invalid USCC' };
    case 'NO_ELIGIBLE_QUALIFICATION':
      return {
        field: 'enterprise.qualifications',
        code: reason.code,
        message: `the enterprise must hold one of ${reason.eligible.join(', ')}`,
      };
    case 'PRINCIPAL_OVER_MAX':
      return {
        field: 'principalFen',
        code: reason.code,
        message: `principal ${formatFen(reason.principalFen)} is above the most per loan, ${formatFen(reason.maxFen)} fen`,
      };
    case 'TERM_OVER_MAX':
      return {
        field: 'maturityDate',
        code: reason.code,
        message: `term of ${reason.termMonths} months is above the most, ${reason.maxMonths}`,
      };
    case 'MATURITY_NOT_AFTER_DISBURSEMENT':
      return {
        field: 'maturityDate',
        code: reason.code,
        message: 'must be after disbursementDate',
      };
    case 'BANK_NOT_ACTIVE':
      return {
        field: '(bank)',
        code: reason.code,
        message: `the bank is ${reason.status}: no new registrations`,
      };
    case 'BANK_QUOTA_EXCEEDED':
      return {
        field: 'principalFen',
        code: reason.code,
        message: `the bank's exposure would be ${formatFen(reason.wouldBeFen)} fen, above its quota of ${formatFen(reason.quotaFen)}`,
      };
    case 'ENTERPRISE_LIMIT_EXCEEDED':
      return {
        field: 'principalFen',
        code: reason.code,
        message: `the enterprise's exposure would be ${formatFen(reason.wouldBeFen)} fen, above the limit of ${formatFen(reason.limitFen)}`,
      };
    case 'TOWN_HAS_NO_FUND':
      return {
        field: 'enterprise.townCode',
        code: reason.code,
        message: `no fund ${reason.fundId} exists`,
      };
    case 'SPLIT_FUND_MISSING':
      return {
        field: 'enterprise.townCode',
        code: reason.code,
        message: `the policy's split names fund ${reason.fundId}, which does not exist`,
      };
    case 'INSTITUTION_KIND_NOT_ADMITTED':
      return {
        field: '(bank)',
        code: reason.code,
        message: `the policy in force admits no ${reason.kind} institutions`,
      };
    case 'NO_RATE_TIER_FOR_KIND':
      return {
        field: 'principalFen',
        code: reason.code,
        message: `no rate tier for ${reason.kind} institutions covers ${formatFen(reason.principalFen)} fen`,
      };
    case 'ENTERPRISE_TOWN_MISMATCH':
      return {
        field: 'enterprise.townCode',
        code: reason.code,
        message: `the enterprise is registered in town ${reason.townCode}`,
      };
  }
}

/**
 * Every reason a registration is refused, as one 422. The code is the reason's own when all
 * reasons are of one kind (`LOAN.QUOTA_EXCEEDED`, `LOAN.BANK_NOT_ACTIVE`, ...), else
 * `LOAN.INELIGIBLE`; `errors` always lists each reason.
 */
export function ineligibleProblem(reasons: readonly RegistrationReason[]): ProblemException {
  const codes = new Set(reasons.map(topCodeOf));
  const [only] = codes;
  const code = codes.size === 1 && only !== undefined ? only : LoanCodes.ineligible;
  return Problems.unprocessable(
    code,
    `The loan cannot be registered: ${reasons.map((r) => r.code).join(', ')}.`,
    reasons.map(fieldErrorOf),
  );
}

/**
 * docs/domain.md §8.4: co-sharers that are malformed or would leave the lender less than its
 * minimum share: invalid input (400), each error naming its field (`coSharers[1].shareBp`, ...).
 */
export function coSharerProblem(issues: readonly CoSharerIssue[]): ProblemException {
  return Problems.invalid(
    issues.map((i) => ({ field: i.path, code: i.code, message: i.message })),
    `The loan's co-sharers cannot be accepted: ${issues.map((i) => i.code).join(', ')}.`,
  );
}

export const bankNotAdmittedProblem = (bankId: string): ProblemException =>
  Problems.unprocessable(LoanCodes.bankNotActive, `Bank ${bankId} has not been admitted.`, [
    { field: '(bank)', code: 'BANK_NOT_ADMITTED', message: 'no admission event seen' },
  ]);

export const noPolicyProblem = (date: string): ProblemException =>
  Problems.unprocessable(LoanCodes.noPolicyInForce, `No policy version is in force on ${date}.`);

export const referenceConflictProblem = (reference: string, loanId: string): ProblemException =>
  Problems.conflict(
    LoanCodes.referenceConflict,
    `bankReference ${reference} was used before (loan ${loanId}) with different content.`,
    [{ field: 'bankReference', code: 'REFERENCE_REUSED', message: `already names loan ${loanId}` }],
  );

/** DomainError → 422 problem with the error's own code (the service definition's mapper). */
export function mapDomainError(error: unknown): ProblemException | undefined {
  if (!(error instanceof DomainError)) return undefined;
  if (error.code === 'DOMAIN.INVARIANT_VIOLATED') return undefined; // a bug: 500
  return Problems.unprocessable(error.code, error.message);
}
