import { ProblemException } from '@riskpool/service-kit';
import { pageOf } from './paging';

describe('settlement paging', () => {
  it('passes a cursor up to the largest bigint on to the query', () => {
    expect(pageOf({ after: '9223372036854775807' })).toEqual({
      limit: 100,
      afterSeq: '9223372036854775807',
    });
  });

  it('refuses a 19-digit cursor above the largest bigint as a 400 naming `after`, not a 500 from PostgreSQL', () => {
    let refused: unknown;
    try {
      pageOf({ after: '9999999999999999999' });
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(ProblemException);
    const problem = refused as ProblemException;
    expect(problem.getStatus()).toBe(400);
    expect(problem.errors.map((e) => e.field)).toEqual(['after']);
  });
});
