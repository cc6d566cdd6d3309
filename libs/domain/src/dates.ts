import { DomainError, invariant } from './domain-error';

/**
 * A business date (registration, default, report...) is a calendar day written `YYYY-MM-DD`, with
 * no time and no zone. All arithmetic is on whole day numbers (proleptic Gregorian, the
 * days-from-civil algorithm), so no local timezone or DST can shift a date by one.
 */
export type BusinessDate = string;

export const INVALID_DATE = 'DATE.INVALID';
export const DATES_OUT_OF_ORDER = 'DATE.OUT_OF_ORDER';

const DATE_PATTERN = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;

interface CivilDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function parseCivil(value: unknown): CivilDate | undefined {
  if (typeof value !== 'string') return undefined;
  const match = DATE_PATTERN.exec(value);
  if (match === null) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return undefined;
  }
  return { year, month, day };
}

function civilOf(date: BusinessDate): CivilDate {
  const civil = parseCivil(date);
  if (civil === undefined) {
    throw new DomainError(INVALID_DATE, `not a calendar date YYYY-MM-DD: ${JSON.stringify(date)}`);
  }
  return civil;
}

function format({ year, month, day }: CivilDate): BusinessDate {
  const pad = (n: number, width: number): string => String(n).padStart(width, '0');
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

export function isBusinessDate(value: unknown): value is BusinessDate {
  return parseCivil(value) !== undefined;
}

/** Returns the date unchanged when it is a real `YYYY-MM-DD` day, else throws `DATE.INVALID`. */
export function parseBusinessDate(value: unknown): BusinessDate {
  if (!isBusinessDate(value)) {
    throw new DomainError(INVALID_DATE, `not a calendar date YYYY-MM-DD: ${JSON.stringify(value)}`);
  }
  return value;
}

/** Days since 1970-01-01 (H. Hinnant's days_from_civil). */
export function toDayNumber(date: BusinessDate): number {
  const { year, month, day } = civilOf(date);
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

export function fromDayNumber(dayNumber: number): BusinessDate {
  invariant(
    Number.isSafeInteger(dayNumber),
    () => `day number must be an integer, got ${dayNumber}`,
  );
  const z = dayNumber + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return format({ year, month, day });
}

/** Signed whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: BusinessDate, to: BusinessDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

export function addDays(date: BusinessDate, days: number): BusinessDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Adds calendar months, clamping the day to the end of a shorter month (31 Jan + 1 = 28/29 Feb). */
export function addMonths(date: BusinessDate, months: number): BusinessDate {
  invariant(Number.isSafeInteger(months), () => `months must be an integer, got ${months}`);
  const { year, month, day } = civilOf(date);
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = index - targetYear * 12 + 1;
  return format({
    year: targetYear,
    month: targetMonth,
    day: Math.min(day, daysInMonth(targetYear, targetMonth)),
  });
}

export function compareDates(a: BusinessDate, b: BusinessDate): -1 | 0 | 1 {
  const difference = toDayNumber(a) - toDayNumber(b);
  return difference < 0 ? -1 : difference > 0 ? 1 : 0;
}

export function calendarYearOf(date: BusinessDate): number {
  return civilOf(date).year;
}

/**
 * Loan term in calendar months, a part month counting whole (docs/domain.md §4): the fewest months `n`
 * with `addMonths(disbursement, n) >= maturity`. 10 Jan 2026 -> 10 Jan 2029 is 36, -> 11 Jan 2029
 * is 37. A maturity before disbursement is a caller error (eligibility reports it separately).
 */
export function termMonths(disbursementDate: BusinessDate, maturityDate: BusinessDate): number {
  const start = civilOf(disbursementDate);
  const end = civilOf(maturityDate);
  if (compareDates(maturityDate, disbursementDate) < 0) {
    throw new DomainError(
      DATES_OUT_OF_ORDER,
      `maturity ${maturityDate} is before disbursement ${disbursementDate}`,
    );
  }
  const wholeMonths = (end.year - start.year) * 12 + (end.month - start.month);
  // Within the maturity month the clamped anniversary falls on min(startDay, monthLength) >= endDay
  // exactly when startDay >= endDay; otherwise one more (part) month is needed.
  return end.day > start.day ? wholeMonths + 1 : wholeMonths;
}
