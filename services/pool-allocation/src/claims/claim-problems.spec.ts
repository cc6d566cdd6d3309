import { DecisionRefusal } from '@riskpool/domain';
import { decisionProblem } from './claim-problems';

describe('decisionProblem', () => {
  const claim = { claimId: 'C1', status: 'APPROVED' as const };
  const cases: Array<[DecisionRefusal, number, string]> = [
    ['NOT_A_MANAGER_OF_A_CLAIM_FUND', 403, 'AUTH.FORBIDDEN'],
    ['NOT_CITY_FUND_MANAGER', 403, 'AUTH.FORBIDDEN'],
    ['ALREADY_APPROVED', 409, 'CLAIM.ALREADY_APPROVED'],
    ['CLAIM_DEFERRED', 409, 'CLAIM.DEFERRED'],
    ['CLAIM_NOT_DEFERRED', 409, 'CLAIM.NOT_DEFERRED'],
    ['CLAIM_CLOSED', 409, 'CLAIM.CLOSED'],
  ];
  it.each(cases)('%s answers %i %s', (refusal, status, code) => {
    const problem = decisionProblem(refusal, claim, 'TOWN:X');
    expect(problem.getStatus()).toBe(status);
    expect(problem.code).toBe(code);
  });

  it('says which state refused the decision', () => {
    expect(decisionProblem('CLAIM_CLOSED', claim, 'CITY').detail).toContain('APPROVED');
  });
});
