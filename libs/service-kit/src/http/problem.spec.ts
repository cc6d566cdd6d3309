import { Problems } from './problem';

describe('problem details', () => {
  it('carries a stable code, the status and the field errors', () => {
    const body = Problems.unprocessable('LOAN.QUOTA_EXCEEDED', 'quota', [
      { field: 'principalFen', code: 'quota', message: 'over quota' },
    ]).toBody('req-1');
    expect(body).toMatchObject({
      status: 422,
      code: 'LOAN.QUOTA_EXCEEDED',
      type: 'https://riskpool.example/problems/loan-quota-exceeded',
      requestId: 'req-1',
      errors: [{ field: 'principalFen', code: 'quota', message: 'over quota' }],
    });
  });
});
