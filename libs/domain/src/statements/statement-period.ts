import { DomainError } from '../domain-error';
import { BusinessDate, isBusinessDate } from '../dates';

/** A calendar month `YYYY-MM`, the period of a monthly statement (docs/domain.md §10). */
export type StatementMonth = string;

const MONTH = /^([0-9]{4})-(0[1-9]|1[0-2])$/;

export const INVALID_MONTH = 'STATEMENT.INVALID_MONTH';
export const MONTH_NOT_ENDED = 'STATEMENT.MONTH_NOT_ENDED';

export function isStatementMonth(value: unknown): value is StatementMonth {
  return typeof value === 'string' && MONTH.test(value);
}

export function monthOf(date: BusinessDate): StatementMonth {
  return date.slice(0, 7);
}

export function nextMonth(month: StatementMonth): StatementMonth {
  const year = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
}

/** True once the business date is past the month's last day. */
export function monthHasEnded(month: StatementMonth, businessDate: BusinessDate): boolean {
  return monthOf(businessDate) > month;
}

/**
 * The months whose end the business clock passed when it moved from `from` to `to`: one
 * statement month for each (none when it stayed in the month or went back).
 */
export function monthsEndedBetween(from: BusinessDate, to: BusinessDate): StatementMonth[] {
  if (!isBusinessDate(from) || !isBusinessDate(to))
    throw new DomainError('DATE.INVALID', 'business dates must be YYYY-MM-DD');
  const months: StatementMonth[] = [];
  const last = monthOf(to);
  for (let m = monthOf(from); m < last; m = nextMonth(m)) months.push(m);
  return months;
}

/** Refuses a month that is malformed or has not ended by the business date. */
export function assertEndedMonth(month: unknown, businessDate: BusinessDate): StatementMonth {
  if (!isStatementMonth(month))
    throw new DomainError(INVALID_MONTH, 'month must be YYYY-MM (01-12)');
  if (!monthHasEnded(month, businessDate))
    throw new DomainError(
      MONTH_NOT_ENDED,
      `month ${month} has not ended by the business date ${businessDate}`,
    );
  return month;
}
