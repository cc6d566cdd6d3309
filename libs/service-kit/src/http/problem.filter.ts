import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { Response } from 'express';
import { isDatabaseUnavailableError } from '@riskpool/db';
import { ProblemException } from './problem';
import { requestContext } from './request-context';

export type DomainErrorMapper = (error: unknown) => ProblemException | undefined;

/**
 * Every error leaves as `application/problem+json` with a stable code. Refusals by the rules are
 * mapped by the service's mapper; anything unexpected is a 500 that says only the request id.
 */
@Catch()
export class ProblemJsonFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  constructor(private readonly mapDomainError: DomainErrorMapper = () => undefined) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    // A body the parser refused never reached the request context; its id is on the answer.
    const header = response.getHeader('x-request-id');
    const requestId =
      requestContext.current()?.requestId ?? (typeof header === 'string' ? header : undefined);
    const problem = this.toProblem(exception);
    if (problem.getStatus() === 503) response.setHeader('Retry-After', '1');
    if (problem.getStatus() >= 500) {
      this.logger.error(
        `unhandled error: ${exception instanceof Error ? (exception.stack ?? exception.message) : String(exception)}`,
      );
    }
    response
      .status(problem.getStatus())
      .type('application/problem+json')
      .send(JSON.stringify(problem.toBody(requestId)));
  }

  private toProblem(exception: unknown): ProblemException {
    if (exception instanceof ProblemException) return exception;
    const mapped = this.mapDomainError(exception);
    if (mapped !== undefined) return mapped;
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code =
        status === 404
          ? 'RESOURCE.NOT_FOUND'
          : status === 413
            ? 'REQUEST.TOO_LARGE'
            : status < 500
              ? 'REQUEST.REFUSED'
              : 'SERVER.ERROR';
      const detail =
        status === 400
          ? 'The request body is not valid JSON or not of an accepted type.'
          : exception.message;
      return new ProblemException(status, code, exception.name, detail);
    }
    const client = clientHttpError(exception);
    if (client !== undefined) return client;
    // A database restarting or out of reach is not a fault of ours to hide behind a 500: the
    // request did nothing (its transaction never committed) and may be retried as it is.
    if (isDatabaseUnavailableError(exception))
      return new ProblemException(
        503,
        'SERVICE.UNAVAILABLE',
        'Service unavailable',
        'The database cannot be reached just now; nothing was changed. Retry with the same Idempotency-Key.',
      );
    return new ProblemException(
      500,
      'SERVER.ERROR',
      'Internal error',
      'Something went wrong on our side; quote the request id.',
    );
  }
}

/**
 * The body parser's refusals (body over the limit, unknown charset or content encoding, a gzip
 * body that does not inflate) are `http-errors` with a 4xx status and a message safe to show; Nest
 * passes them on unmapped, so without this they would leave as 500s.
 */
export function clientHttpError(exception: unknown): ProblemException | undefined {
  if (!(exception instanceof Error)) return undefined;
  const { status, statusCode, expose } = exception as Error & {
    status?: unknown;
    statusCode?: unknown;
    expose?: unknown;
  };
  const code = typeof statusCode === 'number' ? statusCode : status;
  if (typeof code !== 'number' || code < 400 || code > 499 || expose === false) return undefined;
  switch (code) {
    case 413:
      return new ProblemException(413, 'REQUEST.TOO_LARGE', 'Payload too large', exception.message);
    case 415:
      return new ProblemException(
        415,
        'REQUEST.UNSUPPORTED_MEDIA_TYPE',
        'Unsupported media type',
        exception.message,
      );
    default:
      return new ProblemException(
        code,
        'REQUEST.REFUSED',
        'Request refused',
        code === 400
          ? 'The request body is not valid JSON or not of an accepted type.'
          : exception.message,
      );
  }
}
