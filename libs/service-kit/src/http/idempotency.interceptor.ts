import {
  CallHandler,
  ExecutionContext,
  Inject,
  Injectable,
  NestInterceptor,
  UseInterceptors,
  applyDecorators,
} from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Request, Response } from 'express';
import { from, lastValueFrom, Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import { Identity, principalOf, toJson } from '@riskpool/contracts';
import { claimIdempotencyKey, recordIdempotentResponse, runInTransaction } from '@riskpool/db';
import { ProblemException } from './problem';
import { requestContext } from './request-context';
import { SERVICE_DATA_SOURCE, SERVICE_SCHEMA } from './tokens';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
const KEY_PATTERN = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * Runs a write request in one transaction with its idempotency record and its outbox events:
 * the first answer to a key is stored with the effect, the same key and body replays it, the same
 * key with another body is 409. A refused request rolls back and records nothing.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    @Inject(SERVICE_DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return from(this.handle(context, next));
  }

  private async handle(context: ExecutionContext, next: CallHandler): Promise<unknown> {
    const request = context.switchToHttp().getRequest<Request & { identity?: Identity }>();
    const response = context.switchToHttp().getResponse<Response>();
    const key = idempotencyKeyOf(request.headers[IDEMPOTENCY_KEY_HEADER]);
    const principal = request.identity === undefined ? 'anonymous' : principalOf(request.identity);
    const requestHash = createHash('sha256')
      .update(`${request.method} ${request.originalUrl}\n${toJson(request.body ?? null)}`)
      .digest('hex');
    const ctx = requestContext.current();
    return runInTransaction(this.dataSource, this.schema, async (uow) => {
      const claim = await claimIdempotencyKey(
        uow.manager,
        this.schema,
        principal,
        key,
        requestHash,
      );
      if (claim.kind === 'conflict') {
        throw new ProblemException(
          409,
          'REQUEST.IDEMPOTENCY_KEY_REUSED',
          'Idempotency-Key reused',
          'This Idempotency-Key was used with a different request.',
          [{ field: 'Idempotency-Key', code: 'reused', message: 'same key, different request' }],
        );
      }
      if (claim.kind === 'replay') {
        response.status(claim.status);
        response.setHeader('Idempotent-Replayed', 'true');
        return claim.body;
      }
      if (ctx !== undefined) ctx.unitOfWork = uow;
      const body = await lastValueFrom(next.handle(), { defaultValue: null });
      const plain: unknown = JSON.parse(toJson(body));
      await recordIdempotentResponse(
        uow.manager,
        this.schema,
        principal,
        key,
        response.statusCode,
        plain,
      );
      return plain;
    });
  }
}

/** The Idempotency-Key header of a write; missing or malformed, the 400 that names it. */
export function idempotencyKeyOf(header: unknown): string {
  if (typeof header !== 'string' || !KEY_PATTERN.test(header))
    throw new ProblemException(
      400,
      'REQUEST.IDEMPOTENCY_KEY_REQUIRED',
      'Idempotency-Key required',
      'Every write needs an Idempotency-Key header of 8 to 128 characters [A-Za-z0-9._:-].',
      [{ field: 'Idempotency-Key', code: 'required', message: 'header missing or malformed' }],
    );
  return header;
}

/** Marks a write route: idempotent, transactional, with its events in the outbox. */
export const IdempotentWrite = () => applyDecorators(UseInterceptors(IdempotencyInterceptor));
