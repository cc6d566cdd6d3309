import { Injectable, Logger, NestMiddleware } from '@nestjs/common';
import { NextFunction, Response } from 'express';
import { GatewayRequest } from '../auth/gateway-request';
import { AuditWriter } from './audit-writer';

/**
 * Records every `/api/v1` request once it is answered: who (key, role, scope), what (method,
 * path, Idempotency-Key), the outcome and the request id; and writes one access log line.
 */
@Injectable()
export class AuditMiddleware implements NestMiddleware {
  private readonly logger = new Logger('access');

  constructor(private readonly audit: AuditWriter) {}

  use(request: GatewayRequest, response: Response, next: NextFunction): void {
    if (!request.originalUrl.startsWith('/api/v1/')) return next();
    const started = process.hrtime.bigint();
    const at = new Date();
    response.once('close', () => {
      const identity = request.identity;
      const status = response.writableFinished ? response.statusCode : 499;
      const idempotency = request.headers['idempotency-key'];
      const record = {
        at,
        keyId: identity?.keyId ?? request.presentedKeyId ?? null,
        role: identity?.role ?? null,
        scope: identity?.scope ?? null,
        method: request.method,
        path: request.originalUrl.slice(0, 2000),
        status,
        requestId: String(response.getHeader('x-request-id') ?? ''),
        idempotencyKey: typeof idempotency === 'string' ? idempotency.slice(0, 200) : null,
        durationMs: Number((process.hrtime.bigint() - started) / 1_000_000n),
      };
      this.audit.record(record);
      this.logger.log(
        `${record.method} ${record.path} ${record.status} ${record.durationMs}ms request=${record.requestId} key=${record.keyId ?? '-'} role=${record.role ?? '-'}`,
      );
    });
    next();
  }
}
