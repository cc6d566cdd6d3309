import { defaultReportProblems, repaymentProblem } from './loan-actions';

const terms = { minDaysPastDue: 90, reportWithinDays: 60 };
const base = {
  today: '2026-06-01',
  outstandingFen: 700_000_000n,
  outstandingAtDefaultFen: 600_000_001n,
  daysPastDue: 95,
  reachedMinDaysPastDueOn: '2026-05-27',
  terms,
};

describe('defaultReportProblems', () => {
  it('accepts a timely report', () => {
    expect(defaultReportProblems(base)).toEqual([]);
  });

  it('accepts on the last allowed day and refuses the day after', () => {
    expect(defaultReportProblems({ ...base, reachedMinDaysPastDueOn: '2026-04-02' })).toEqual([]); // 60 days
    expect(defaultReportProblems({ ...base, reachedMinDaysPastDueOn: '2026-04-01' })).toEqual([
      'REPORTED_TOO_LATE',
    ]);
  });

  it('lists every problem', () => {
    expect(
      defaultReportProblems({
        ...base,
        outstandingAtDefaultFen: 0n,
        daysPastDue: 89,
        reachedMinDaysPastDueOn: '2026-06-02',
      }),
    ).toEqual([
      'OUTSTANDING_AT_DEFAULT_NOT_POSITIVE',
      'DAYS_PAST_DUE_BELOW_MINIMUM',
      'MIN_DAYS_PAST_DUE_DATE_IN_FUTURE',
    ]);
    expect(defaultReportProblems({ ...base, outstandingAtDefaultFen: 700_000_001n })).toEqual([
      'OUTSTANDING_AT_DEFAULT_ABOVE_OUTSTANDING',
    ]);
  });
});

describe('repaymentProblem', () => {
  it('needs at least one fen and at most the outstanding', () => {
    expect(repaymentProblem(0n, 10n)).toBe('NOT_POSITIVE');
    expect(repaymentProblem(11n, 10n)).toBe('ABOVE_OUTSTANDING');
    expect(repaymentProblem(10n, 10n)).toBeUndefined();
  });
});
