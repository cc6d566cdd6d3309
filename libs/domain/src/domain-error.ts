/**
 * One error class for the domain, with a stable string code (`AREA.REASON`) that adapters map to
 * API errors, and an `invariant` helper so a broken rule fails loudly instead of moving money.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(`${code}: ${message}`);
    this.name = 'DomainError';
  }
}

export const INVARIANT_VIOLATED = 'DOMAIN.INVARIANT_VIOLATED';

/** A rule that must hold whatever the input was; a failure is a bug, never a user error. */
export class InvariantViolation extends DomainError {
  constructor(message: string) {
    super(INVARIANT_VIOLATED, message);
    this.name = 'InvariantViolation';
  }
}

export function invariant(condition: unknown, message: string | (() => string)): asserts condition {
  if (!condition) {
    throw new InvariantViolation(typeof message === 'string' ? message : message());
  }
}
