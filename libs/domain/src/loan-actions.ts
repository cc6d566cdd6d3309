import { type BusinessDate, compareDates, daysBetween } from './dates';
import type { Fen } from './money';
import type { ProceduralTerms } from './policy';

export type DefaultReportProblem =
  | 'OUTSTANDING_AT_DEFAULT_NOT_POSITIVE'
  | 'OUTSTANDING_AT_DEFAULT_ABOVE_OUTSTANDING'
  | 'DAYS_PAST_DUE_BELOW_MINIMUM'
  | 'MIN_DAYS_PAST_DUE_DATE_IN_FUTURE'
  | 'REPORTED_TOO_LATE';

export interface DefaultReportInput {
  readonly today: BusinessDate;
  readonly outstandingFen: Fen;
  readonly outstandingAtDefaultFen: Fen;
  readonly daysPastDue: number;
  /** The day the loan reached `minDaysPastDue`. */
  readonly reachedMinDaysPastDueOn: BusinessDate;
  /** In force today (procedural terms follow the action date). */
  readonly terms: Pick<ProceduralTerms, 'minDaysPastDue' | 'reportWithinDays'>;
}

/** docs/domain.md §4.3: every reason a default report is refused (empty when it is accepted). */
export function defaultReportProblems(input: DefaultReportInput): DefaultReportProblem[] {
  const problems: DefaultReportProblem[] = [];
  if (input.outstandingAtDefaultFen <= 0n) problems.push('OUTSTANDING_AT_DEFAULT_NOT_POSITIVE');
  if (input.outstandingAtDefaultFen > input.outstandingFen)
    problems.push('OUTSTANDING_AT_DEFAULT_ABOVE_OUTSTANDING');
  if (input.daysPastDue < input.terms.minDaysPastDue) problems.push('DAYS_PAST_DUE_BELOW_MINIMUM');
  if (compareDates(input.reachedMinDaysPastDueOn, input.today) > 0)
    problems.push('MIN_DAYS_PAST_DUE_DATE_IN_FUTURE');
  else if (daysBetween(input.reachedMinDaysPastDueOn, input.today) > input.terms.reportWithinDays)
    problems.push('REPORTED_TOO_LATE');
  return problems;
}

export type RepaymentProblem = 'NOT_POSITIVE' | 'ABOVE_OUTSTANDING';

/** docs/domain.md §4.2: a repayment is at least one fen and at most what is outstanding. */
export function repaymentProblem(
  amountFen: Fen,
  outstandingFen: Fen,
): RepaymentProblem | undefined {
  if (amountFen < 1n) return 'NOT_POSITIVE';
  if (amountFen > outstandingFen) return 'ABOVE_OUTSTANDING';
  return undefined;
}
