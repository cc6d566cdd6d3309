import fc from 'fast-check';
import {
  addDays,
  addMonths,
  calendarYearOf,
  compareDates,
  daysBetween,
  fromDayNumber,
  isBusinessDate,
  parseBusinessDate,
  termMonths,
  toDayNumber,
} from './dates';

describe('business dates', () => {
  it.each(['2026-01-10', '2024-02-29', '2000-02-29', '1970-01-01', '9999-12-31'])(
    'accepts %s',
    (date) => {
      expect(isBusinessDate(date)).toBe(true);
      expect(parseBusinessDate(date)).toBe(date);
    },
  );

  it.each([
    '2026-02-29',
    '1900-02-29',
    '2026-13-01',
    '2026-00-10',
    '2026-04-31',
    '2026-1-10',
    '2026-01-10T00:00:00Z',
    '',
    20260110,
  ])('rejects %p', (value) => {
    expect(isBusinessDate(value)).toBe(false);
    expect(() => parseBusinessDate(value)).toThrow(
      expect.objectContaining({ code: 'DATE.INVALID' }),
    );
  });

  it('counts days in UTC whatever the local zone says', () => {
    expect(toDayNumber('1970-01-01')).toBe(0);
    expect(toDayNumber('2026-01-10')).toBe(Date.UTC(2026, 0, 10) / 86_400_000);
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2); // a DST weekend in Europe
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2026-01-10', '2026-01-01')).toBe(-9);
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('agrees with Date.UTC over a wide range of days', () => {
    fc.assert(
      fc.property(fc.integer({ min: -700_000, max: 2_900_000 }), (dayNumber) => {
        const date = fromDayNumber(dayNumber);
        expect(toDayNumber(date)).toBe(dayNumber);
        const viaDate = new Date(dayNumber * 86_400_000);
        if (viaDate.getUTCFullYear() >= 1000) expect(viaDate.toISOString().slice(0, 10)).toBe(date);
      }),
      { numRuns: 2000 },
    );
  });

  it('adds months with the day clamped to the month end', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-01-10', 36)).toBe('2029-01-10');
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
  });

  it('compares and gives the calendar year', () => {
    expect(compareDates('2026-01-01', '2026-01-02')).toBe(-1);
    expect(compareDates('2026-01-02', '2026-01-02')).toBe(0);
    expect(compareDates('2027-01-01', '2026-12-31')).toBe(1);
    expect(calendarYearOf('2026-12-31')).toBe(2026);
  });
});

describe('termMonths (a part month counts whole)', () => {
  it.each([
    ['2026-01-10', '2029-01-10', 36],
    ['2026-01-10', '2029-01-11', 37],
    ['2026-01-10', '2029-01-09', 36],
    ['2026-01-10', '2026-01-10', 0],
    ['2026-01-10', '2026-01-11', 1],
    ['2026-01-31', '2026-02-28', 1],
    ['2026-01-31', '2026-03-01', 2],
    ['2028-02-29', '2029-02-28', 12],
    ['2026-02-28', '2026-03-31', 2],
  ])('%s -> %s is %i months', (from, to, months) => {
    expect(termMonths(from, to)).toBe(months);
  });

  it('refuses a maturity before the disbursement', () => {
    expect(() => termMonths('2026-01-10', '2026-01-09')).toThrow(
      expect.objectContaining({ code: 'DATE.OUT_OF_ORDER' }),
    );
  });

  it('is the fewest months whose (clamped) anniversary reaches the maturity', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 80_000 }),
        fc.integer({ min: 0, max: 2_000 }),
        (startDay, lengthDays) => {
          const from = fromDayNumber(startDay);
          const to = fromDayNumber(startDay + lengthDays);
          const months = termMonths(from, to);
          expect(compareDates(addMonths(from, months), to)).toBeGreaterThanOrEqual(0);
          if (months > 0) expect(compareDates(addMonths(from, months - 1), to)).toBe(-1);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
