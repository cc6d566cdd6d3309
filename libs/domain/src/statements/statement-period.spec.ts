import { assertEndedMonth, monthsEndedBetween, nextMonth } from './statement-period';

describe('statement months', () => {
  it('one month for each month end the clock passed', () => {
    expect(monthsEndedBetween('2026-06-01', '2026-07-01')).toEqual(['2026-06']);
    expect(monthsEndedBetween('2026-05-31', '2026-08-15')).toEqual([
      '2026-05',
      '2026-06',
      '2026-07',
    ]);
    expect(monthsEndedBetween('2026-12-31', '2027-01-01')).toEqual(['2026-12']);
    expect(monthsEndedBetween('2026-06-01', '2026-06-30')).toEqual([]);
    expect(monthsEndedBetween('2026-07-01', '2026-06-01')).toEqual([]);
  });

  it('next month rolls the year', () => {
    expect(nextMonth('2026-12')).toBe('2027-01');
    expect(nextMonth('2026-09')).toBe('2026-10');
  });

  it('on demand only for a month that has ended', () => {
    expect(assertEndedMonth('2026-05', '2026-06-01')).toBe('2026-05');
    expect(() => assertEndedMonth('2026-06', '2026-06-30')).toThrow(/STATEMENT.MONTH_NOT_ENDED/);
    expect(() => assertEndedMonth('2026-13', '2027-06-30')).toThrow(/STATEMENT.INVALID_MONTH/);
    expect(() => assertEndedMonth(202605, '2027-06-30')).toThrow(/STATEMENT.INVALID_MONTH/);
  });
});
