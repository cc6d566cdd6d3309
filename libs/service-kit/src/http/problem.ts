import { HttpException } from '@nestjs/common';

export interface FieldError {
  /** Dotted path of the bad field, e.g. `enterprise.uscc`; `(body)` for the body as a whole. */
  readonly field: string;
  readonly code: string;
  readonly message: string;
}

export interface ProblemBody {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  /** Stable, machine-readable, e.g. `LOAN.QUOTA_EXCEEDED`. */
  readonly code: string;
  readonly detail?: string;
  readonly errors: readonly FieldError[];
  readonly requestId?: string;
}

/** An RFC 9457 problem: the one error type every endpoint throws for a refused request. */
export class ProblemException extends HttpException {
  constructor(
    status: number,
    readonly code: string,
    readonly title: string,
    readonly detail?: string,
    readonly errors: readonly FieldError[] = [],
  ) {
    super({ code, title, detail, errors }, status);
  }

  toBody(requestId?: string): ProblemBody {
    return {
      type: `https://riskpool.example/problems/${this.code.toLowerCase().replace(/[._]/g, '-')}`,
      title: this.title,
      status: this.getStatus(),
      code: this.code,
      ...(this.detail !== undefined ? { detail: this.detail } : {}),
      errors: this.errors,
      ...(requestId !== undefined ? { requestId } : {}),
    };
  }
}

export const Problems = {
  invalid: (errors: readonly FieldError[], detail = 'The request has invalid fields.') =>
    new ProblemException(400, 'REQUEST.INVALID', 'Invalid request', detail, errors),
  unauthenticated: (detail: string) =>
    new ProblemException(401, 'AUTH.UNAUTHENTICATED', 'Not authenticated', detail),
  forbidden: (detail: string) => new ProblemException(403, 'AUTH.FORBIDDEN', 'Forbidden', detail),
  notFound: (what: string) =>
    new ProblemException(404, 'RESOURCE.NOT_FOUND', 'Not found', `${what} was not found.`),
  conflict: (code: string, detail: string, errors: readonly FieldError[] = []) =>
    new ProblemException(409, code, 'Conflict', detail, errors),
  unprocessable: (code: string, detail: string, errors: readonly FieldError[] = []) =>
    new ProblemException(422, code, 'Request refused by the rules', detail, errors),
};
