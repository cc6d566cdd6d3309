import type { LoanFlagCode } from '../codes';
import { type BusinessDate, addDays, compareDates, isBusinessDate } from '../dates';
import type { Fen } from '../money';
import type { SubsidyEconomicTerms } from './subsidy-terms';

/** What a bank reports for one loan and one period `[periodStart, periodEnd)` (docs/domain.md §9.2). */
export interface InterestReportInput {
  readonly periodStart: BusinessDate;
  /** Exclusive. */
  readonly periodEnd: BusinessDate;
  readonly interestPaidFen: Fen;
  readonly outstandingAtStartFen: Fen;
  readonly payeeAccountNo: string;
  readonly payeeAccountName: string;
}

/** A default of the loan: `DEFAULTED` from `reportedOn` to `curedOn`, both included. */
export interface DefaultEpisode {
  readonly reportedOn: BusinessDate;
  /** Absent while the loan has not been cured. */
  readonly curedOn?: BusinessDate;
}

export type SubsidyLoanStatus =
  'REGISTERED' | 'DEFAULTED' | 'COMPENSATED' | 'CLOSED' | 'WRITTEN_OFF';

/** What the subsidy service knows of the loan when the report arrives. */
export interface SubsidyLoanView {
  readonly status: SubsidyLoanStatus;
  readonly disbursementDate: BusinessDate;
  readonly maturityDate: BusinessDate;
  readonly flags: readonly LoanFlagCode[];
  /** The loan's outstanding principal on `periodStart` (from its repayment history). */
  readonly outstandingOnPeriodStartFen: Fen;
  readonly defaultEpisodes: readonly DefaultEpisode[];
  readonly everWrittenOff: boolean;
}

export interface ReportedPeriod {
  readonly periodStart: BusinessDate;
  readonly periodEnd: BusinessDate;
}

export interface InterestReportContext {
  readonly today: BusinessDate;
  readonly loan: SubsidyLoanView;
  /** Periods of the loan's earlier accepted reports. */
  readonly earlierPeriods: readonly ReportedPeriod[];
  /** Whether `SUBSIDY:TOWN:<loan's town>` exists. */
  readonly townHasSubsidyFund: boolean;
  readonly terms: Pick<SubsidyEconomicTerms, 'subsidyRequiresFlags'>;
}

export type InterestReportProblemCode =
  | 'DATE_INVALID'
  | 'PERIOD_EMPTY'
  | 'PERIOD_BEFORE_DISBURSEMENT'
  | 'PERIOD_AFTER_MATURITY'
  | 'PERIOD_IN_FUTURE'
  | 'PERIOD_OVERLAPS'
  | 'NOT_POSITIVE'
  | 'ABOVE_OUTSTANDING'
  | 'ACCOUNT_INVALID'
  | 'NAME_REQUIRED'
  | 'LOAN_NOT_ELIGIBLE_STATE'
  | 'LOAN_DEFAULTED_IN_PERIOD'
  | 'LOAN_WRITTEN_OFF'
  | 'NO_SUBSIDY_FUND'
  | 'FLAG_REQUIRED';

export interface InterestReportProblem {
  /** The request field at fault (`loanId` for the loan's own state). */
  readonly field: string;
  readonly code: InterestReportProblemCode;
  readonly message: string;
}

const ACCOUNT_NO_PATTERN = /^[0-9]{10,32}$/;
const ACCOUNT_NAME_MAX = 120;

export function isPayeeAccountNo(value: unknown): value is string {
  return typeof value === 'string' && ACCOUNT_NO_PATTERN.test(value);
}

/** Whether two half-open periods share a day. */
export function periodsOverlap(a: ReportedPeriod, b: ReportedPeriod): boolean {
  return (
    compareDates(a.periodStart, b.periodEnd) < 0 && compareDates(b.periodStart, a.periodEnd) < 0
  );
}

/** Whether the loan was `DEFAULTED` on any day of the period (episode days both included). */
export function defaultedDuring(
  period: ReportedPeriod,
  episodes: readonly DefaultEpisode[],
): DefaultEpisode | undefined {
  const lastDay = addDays(period.periodEnd, -1);
  return episodes.find(
    (e) =>
      compareDates(e.reportedOn, lastDay) <= 0 &&
      (e.curedOn === undefined || compareDates(e.curedOn, period.periodStart) >= 0),
  );
}

/**
 * Every reason an interest report is refused (docs/domain.md §9.2), each naming its field; an
 * empty list means it is accepted. Date problems stop the period checks that need real dates.
 */
export function interestReportProblems(
  report: InterestReportInput,
  context: InterestReportContext,
): InterestReportProblem[] {
  const problems: InterestReportProblem[] = [];
  const add = (field: string, code: InterestReportProblemCode, message: string): void => {
    problems.push({ field, code, message });
  };
  const { loan } = context;

  const startValid = isBusinessDate(report.periodStart);
  const endValid = isBusinessDate(report.periodEnd);
  if (!startValid) add('periodStart', 'DATE_INVALID', 'must be a calendar date YYYY-MM-DD');
  if (!endValid) add('periodEnd', 'DATE_INVALID', 'must be a calendar date YYYY-MM-DD');
  const datesValid = startValid && endValid;
  if (datesValid) {
    if (compareDates(report.periodEnd, report.periodStart) <= 0) {
      add('periodEnd', 'PERIOD_EMPTY', 'must be after periodStart (the period is [start, end))');
    } else {
      if (compareDates(report.periodStart, loan.disbursementDate) < 0)
        add(
          'periodStart',
          'PERIOD_BEFORE_DISBURSEMENT',
          `is before disbursement ${loan.disbursementDate}`,
        );
      if (compareDates(report.periodEnd, loan.maturityDate) > 0)
        add('periodEnd', 'PERIOD_AFTER_MATURITY', `is after maturity ${loan.maturityDate}`);
      if (compareDates(report.periodEnd, context.today) > 0)
        add('periodEnd', 'PERIOD_IN_FUTURE', `is after today ${context.today}`);
      const clash = context.earlierPeriods.find((p) => periodsOverlap(p, report));
      if (clash !== undefined)
        add(
          'periodStart',
          'PERIOD_OVERLAPS',
          `overlaps the reported period ${clash.periodStart}..${clash.periodEnd}`,
        );
      const episode = defaultedDuring(report, loan.defaultEpisodes);
      if (episode !== undefined)
        add(
          'loanId',
          'LOAN_DEFAULTED_IN_PERIOD',
          `the loan was DEFAULTED from ${episode.reportedOn} to ${episode.curedOn ?? 'now'}`,
        );
    }
  }

  if (report.interestPaidFen <= 0n)
    add('interestPaidFen', 'NOT_POSITIVE', 'must be more than zero fen');
  if (report.outstandingAtStartFen <= 0n)
    add('outstandingAtStartFen', 'NOT_POSITIVE', 'must be at least one fen');
  else if (report.outstandingAtStartFen > loan.outstandingOnPeriodStartFen)
    add(
      'outstandingAtStartFen',
      'ABOVE_OUTSTANDING',
      `is more than the loan's outstanding ${loan.outstandingOnPeriodStartFen} fen on periodStart`,
    );
  if (!isPayeeAccountNo(report.payeeAccountNo))
    add('payeeAccountNo', 'ACCOUNT_INVALID', 'must be 10 to 32 digits');
  const name = typeof report.payeeAccountName === 'string' ? report.payeeAccountName.trim() : '';
  if (name.length === 0 || name.length > ACCOUNT_NAME_MAX)
    add('payeeAccountName', 'NAME_REQUIRED', `must be 1 to ${ACCOUNT_NAME_MAX} characters`);

  if (loan.everWrittenOff || loan.status === 'WRITTEN_OFF')
    add('loanId', 'LOAN_WRITTEN_OFF', 'the loan is written off');
  else if (loan.status !== 'REGISTERED' && loan.status !== 'CLOSED')
    add('loanId', 'LOAN_NOT_ELIGIBLE_STATE', `the loan is ${loan.status}`);
  if (!context.townHasSubsidyFund)
    add('loanId', 'NO_SUBSIDY_FUND', "the loan's town has no subsidy fund");
  const required = context.terms.subsidyRequiresFlags;
  if (required.length > 0 && !required.some((flag) => loan.flags.includes(flag)))
    add(
      'loanId',
      'FLAG_REQUIRED',
      `the policy subsidises only loans flagged ${required.join(' or ')}`,
    );
  return problems;
}
