import { FieldError, Problems } from './problem';
import { requestContext } from './request-context';

/** Deeper than any request of ours nests (a policy's rate tiers are three levels). */
export const BODY_DEPTH_MAX = 32;

/**
 * What in a parsed body must be refused before validation: a U+0000 (PostgreSQL text cannot hold
 * it, so it would fail in the database as a 500) or nesting deeper than BODY_DEPTH_MAX (the
 * validation pipe walks bodies recursively and overflows the stack on thousands of levels).
 */
export function bodyFault(value: unknown, path = '', depth = 0): FieldError | undefined {
  const here = path === '' ? '(body)' : path;
  if (typeof value === 'string')
    return value.includes('\u0000')
      ? { field: here, code: 'nul', message: `${here} contains a NUL character (U+0000)` }
      : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  if (depth >= BODY_DEPTH_MAX)
    return {
      field: here,
      code: 'depth',
      message: `the body nests deeper than ${BODY_DEPTH_MAX} levels`,
    };
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const childPath = path === '' ? key : `${path}.${key}`;
    if (key.includes('\u0000'))
      return { field: childPath, code: 'nul', message: 'a key contains a NUL character (U+0000)' };
    const found = bodyFault(child, childPath, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

interface GuardRequest {
  readonly originalUrl?: string;
  readonly url: string;
  readonly body?: unknown;
}
interface GuardResponse {
  status(code: number): GuardResponse;
  type(contentType: string): GuardResponse;
  send(body: string): unknown;
}

/** Refuses a NUL in the path or query, or a body fault, as a 400 naming where it is. */
export function inputGuard(req: GuardRequest, res: GuardResponse, next: () => void): void {
  const url = req.originalUrl ?? req.url;
  let fault: FieldError | undefined;
  if (/%00/i.test(url)) {
    const queryAt = url.indexOf('?');
    const field = queryAt !== -1 && /%00/i.test(url.slice(queryAt)) ? '(query)' : '(path)';
    fault = { field, code: 'nul', message: `${field} contains a NUL character (U+0000)` };
  } else {
    fault = bodyFault(req.body);
  }
  if (fault === undefined) return next();
  res
    .status(400)
    .type('application/problem+json')
    .send(
      JSON.stringify(
        Problems.invalid([fault], 'The request has invalid fields.').toBody(
          requestContext.current()?.requestId,
        ),
      ),
    );
}
