import { DefaultReportProblem, DomainError, NetLossIssue } from '@riskpool/domain';
import { FieldError, ProblemException, Problems } from '@riskpool/service-kit';

/** Stable error codes of default-events (the `code` of its problem+json answers). */
export const CreditCodes = {
  reportTooLate: 'CREDIT.REPORT_TOO_LATE',
  daysPastDueBelowMinimum: 'CREDIT.DAYS_PAST_DUE_BELOW_MINIMUM',
  dateInFuture: 'CREDIT.DATE_IN_FUTURE',
  outstandingAtDefaultInvalid: 'CREDIT.OUTSTANDING_AT_DEFAULT_INVALID',
  defaultRefused: 'CREDIT.DEFAULT_REFUSED',
  noPolicyInForce: 'CREDIT.NO_POLICY_IN_FORCE',
  defaultAlreadyOpen: 'CREDIT.DEFAULT_ALREADY_OPEN',
  loanNotRegistered: 'CREDIT.LOAN_NOT_REGISTERED',
  noOpenDefault: 'CREDIT.NO_OPEN_DEFAULT',
  cureAfterPayout: 'CREDIT.CURE_AFTER_PAYOUT',
  cureAfterDenial: 'CREDIT.CURE_AFTER_DENIAL',
  writeOffBeforeDecision: 'CREDIT.WRITE_OFF_BEFORE_DECISION',
  noDefault: 'CREDIT.NO_DEFAULT',
  notAfterRecovery: 'CREDIT.NOT_AFTER_RECOVERY',
  notAwaitingRecoveryClose: 'CREDIT.NOT_AWAITING_RECOVERY_CLOSE',
} as const;

const PROBLEM_INFO: Record<DefaultReportProblem, { code: string; field: string; message: string }> =
  {
    OUTSTANDING_AT_DEFAULT_NOT_POSITIVE: {
      code: CreditCodes.outstandingAtDefaultInvalid,
      field: 'outstandingAtDefaultFen',
      message: 'must be more than zero fen',
    },
    OUTSTANDING_AT_DEFAULT_ABOVE_OUTSTANDING: {
      code: CreditCodes.outstandingAtDefaultInvalid,
      field: 'outstandingAtDefaultFen',
      message: 'must be at most what is outstanding on the loan',
    },
    DAYS_PAST_DUE_BELOW_MINIMUM: {
      code: CreditCodes.daysPastDueBelowMinimum,
      field: 'daysPastDue',
      message: 'below the policy minimum (minDaysPastDue)',
    },
    MIN_DAYS_PAST_DUE_DATE_IN_FUTURE: {
      code: CreditCodes.dateInFuture,
      field: 'reachedMinDaysPastDueOn',
      message: 'is after today',
    },
    REPORTED_TOO_LATE: {
      code: CreditCodes.reportTooLate,
      field: 'reachedMinDaysPastDueOn',
      message: 'more than reportWithinDays days ago',
    },
  };

/** Every reason of `defaultReportProblems`, as one 422 (one kind: its code; several: DEFAULT_REFUSED). */
export function defaultReportProblem(
  problems: readonly DefaultReportProblem[],
  terms: { minDaysPastDue: number; reportWithinDays: number; versionId: string },
): ProblemException {
  const infos = problems.map((p) => ({ problem: p, ...PROBLEM_INFO[p] }));
  const codes = new Set(infos.map((i) => i.code));
  const [only] = codes;
  const errors: FieldError[] = infos.map((i) => ({
    field: i.field,
    code: i.problem,
    message: `${i.message} (policy ${terms.versionId}: minDaysPastDue ${terms.minDaysPastDue}, reportWithinDays ${terms.reportWithinDays})`,
  }));
  return Problems.unprocessable(
    codes.size === 1 && only !== undefined ? only : CreditCodes.defaultRefused,
    `The default report is refused: ${problems.join(', ')}.`,
    errors,
  );
}

/** docs/domain.md §8.3: interest or costs over their limits, or given under PRINCIPAL_ONLY: 400. */
export function netLossProblem(issues: readonly NetLossIssue[]): ProblemException {
  return Problems.invalid(
    issues.map((i) => ({ field: i.path, code: i.code, message: i.message })),
    `The default report's ${issues.map((i) => i.path).join(' and ')} cannot be counted.`,
  );
}

export const noPolicyProblem = (date: string): ProblemException =>
  Problems.unprocessable(CreditCodes.noPolicyInForce, `No policy version is in force on ${date}.`);

/** DomainError → 422 problem with the error's own code (the service definition's mapper). */
export function mapDomainError(error: unknown): ProblemException | undefined {
  if (!(error instanceof DomainError)) return undefined;
  if (error.code === 'DOMAIN.INVARIANT_VIOLATED') return undefined;
  return Problems.unprocessable(error.code, error.message);
}
