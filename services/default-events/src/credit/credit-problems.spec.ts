import { DomainError } from '@riskpool/domain';
import { defaultReportProblem, mapDomainError } from './credit-problems';

const terms = { minDaysPastDue: 90, reportWithinDays: 60, versionId: 'P' };

describe('default report problems', () => {
  it('names the one reason with its own code', () => {
    const problem = defaultReportProblem(['REPORTED_TOO_LATE'], terms);
    expect(problem.getStatus()).toBe(422);
    expect(problem.code).toBe('CREDIT.REPORT_TOO_LATE');
    expect(problem.errors[0]).toMatchObject({ field: 'reachedMinDaysPastDueOn' });
  });

  it('lists several reasons under CREDIT.DEFAULT_REFUSED', () => {
    const problem = defaultReportProblem(
      ['DAYS_PAST_DUE_BELOW_MINIMUM', 'MIN_DAYS_PAST_DUE_DATE_IN_FUTURE'],
      terms,
    );
    expect(problem.code).toBe('CREDIT.DEFAULT_REFUSED');
    expect(problem.errors.map((e) => e.code)).toEqual([
      'DAYS_PAST_DUE_BELOW_MINIMUM',
      'MIN_DAYS_PAST_DUE_DATE_IN_FUTURE',
    ]);
  });

  it('maps a DomainError to 422 with its code', () => {
    expect(mapDomainError(new DomainError('DATE.INVALID', 'x'))?.code).toBe('DATE.INVALID');
    expect(mapDomainError('nope')).toBeUndefined();
  });
});
