import { DomainError, INVARIANT_VIOLATED, InvariantViolation, invariant } from './domain-error';

describe('invariant', () => {
  it('passes silently when the condition holds', () => {
    expect(() => invariant(1n + 1n === 2n, 'arithmetic')).not.toThrow();
  });

  it('throws an InvariantViolation with a stable code when the condition fails', () => {
    let caught: unknown;
    try {
      invariant(false, 'parts must sum to the total');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvariantViolation);
    expect(caught).toBeInstanceOf(DomainError);
    expect((caught as DomainError).code).toBe(INVARIANT_VIOLATED);
    expect((caught as DomainError).message).toContain('parts must sum to the total');
  });

  it('builds a lazy message only on failure', () => {
    const build = jest.fn(() => 'lazy');
    invariant(true, build);
    expect(build).not.toHaveBeenCalled();
    expect(() => invariant(0, build)).toThrow('lazy');
  });
});
