import { decisionFieldErrors, DecisionDto } from './decide-claim.http.controller';

const dto = (fields: Partial<DecisionDto>): DecisionDto => Object.assign(new DecisionDto(), fields);

describe('decisionFieldErrors', () => {
  it('accepts a bare approval', () => {
    expect(decisionFieldErrors(dto({ decision: 'APPROVE' }))).toEqual([]);
  });

  it('needs a reason to deny, blank included', () => {
    expect(decisionFieldErrors(dto({ decision: 'DENY' })).map((e) => e.field)).toEqual(['reason']);
    expect(decisionFieldErrors(dto({ decision: 'DENY', reason: '  ' }))).toHaveLength(1);
  });

  it('needs a reason and a new basis to adjust, and a new basis only there', () => {
    expect(decisionFieldErrors(dto({ decision: 'ADJUST' })).map((e) => e.field)).toEqual([
      'reason',
      'newBasisFen',
    ]);
    expect(
      decisionFieldErrors(dto({ decision: 'APPROVE', newBasisFen: '5' })).map((e) => e.code),
    ).toEqual(['not_allowed']);
  });
});
