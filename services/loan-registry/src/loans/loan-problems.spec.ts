import { DomainError } from '@riskpool/domain';
import { ineligibleProblem, mapDomainError } from './loan-problems';

describe('registration problems', () => {
  it('uses the reason code when every reason is of one kind', () => {
    const problem = ineligibleProblem([
      { code: 'BANK_QUOTA_EXCEEDED', quotaFen: 10n, wouldBeFen: 11n },
    ]);
    expect(problem.getStatus()).toBe(422);
    expect(problem.code).toBe('LOAN.QUOTA_EXCEEDED');
    expect(problem.errors).toEqual([
      expect.objectContaining({ field: 'principalFen', code: 'BANK_QUOTA_EXCEEDED' }),
    ]);
  });

  it('is LOAN.INELIGIBLE listing every reason when they differ', () => {
    const problem = ineligibleProblem([
      { code: 'BANK_NOT_ACTIVE', status: 'SUSPENDED' },
      { code: 'PRINCIPAL_OVER_MAX', maxFen: 1n, principalFen: 2n },
      { code: 'TOWN_HAS_NO_FUND', fundId: 'TOWN:X' },
    ]);
    expect(problem.code).toBe('LOAN.INELIGIBLE');
    expect(problem.errors.map((e) => e.code)).toEqual([
      'BANK_NOT_ACTIVE',
      'PRINCIPAL_OVER_MAX',
      'TOWN_HAS_NO_FUND',
    ]);
  });

  it('maps a DomainError to a 422 with its code, and leaves other errors alone', () => {
    const mapped = mapDomainError(new DomainError('POLICY.NONE_IN_FORCE', 'none'));
    expect(mapped?.getStatus()).toBe(422);
    expect(mapped?.code).toBe('POLICY.NONE_IN_FORCE');
    expect(mapDomainError(new Error('x'))).toBeUndefined();
  });
});
