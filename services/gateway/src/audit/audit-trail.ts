import { Logger } from '@nestjs/common';
import { NextFunction, Response } from 'express';
import { ProblemException, requestIdFrom } from '@riskpool/service-kit';
import { bearerKeyOf, parseApiKey } from '../api-keys/domain/api-key';
import { GatewayRequest } from '../auth/gateway-request';
import { clientAddressOf } from '../edge/client-address';
import { holdAnswer } from './answer-hold';
import { AuditRecord } from './audit.repository';
import { AuditWriter } from './audit-writer';

export const isApiPath = (url: string | undefined): boolean =>
  url === '/api/v1' || (url ?? '').startsWith('/api/v1/') || (url ?? '').startsWith('/api/v1?');

/**
 * Runs first for every request, before the body parsers and every refusal: gives it its request id
 * and client address, and, for `/api/v1`, holds its answer until the audit record (who, what,
 * the status about to be sent) is committed (docs/adr/0016). If the record cannot be written the
 * answer is a 503 instead: nothing answers without its record. A request whose client leaves
 * before any answer is recorded as 499.
 */
export function auditTrail(writer: AuditWriter, trustedProxyHops: number) {
  const logger = new Logger('access');
  return function gatewayAuditTrail(
    request: GatewayRequest,
    response: Response,
    next: NextFunction,
  ): void {
    const requestId = requestIdFrom(request.headers['x-request-id']);
    // The kit's request id middleware, after the body parsers, takes the same id from here.
    request.headers['x-request-id'] = requestId;
    response.setHeader('x-request-id', requestId);
    request.clientAddress = clientAddressOf(
      request.socket.remoteAddress,
      request.headers['x-forwarded-for'],
      trustedProxyHops,
    );
    if (!isApiPath(request.url)) return next();
    const started = process.hrtime.bigint();
    const at = new Date();
    let recorded = false;
    const record = (status: number): Promise<void> => {
      recorded = true;
      const entry = auditRecordOf(request, requestId, at, status, started);
      logger.log(
        `${entry.method} ${entry.path} ${entry.status} ${entry.durationMs}ms request=${entry.requestId} key=${entry.keyId ?? '-'} role=${entry.role ?? '-'} client=${entry.clientAddress ?? '-'}`,
      );
      return writer.write(entry);
    };
    holdAnswer(response, record, (send) => {
      const problem = new ProblemException(
        503,
        'SERVICE.UNAVAILABLE',
        'Service unavailable',
        'The request could not be recorded in the audit trail, so it is not answered; retry with the same Idempotency-Key.',
      );
      send(
        503,
        { 'content-type': 'application/problem+json', 'retry-after': '1' },
        JSON.stringify(problem.toBody(requestId)),
      );
    });
    response.once('close', () => {
      if (!recorded)
        record(499).catch(() => {
          // Logged by the writer; the client is gone, there is no one to answer.
        });
    });
    next();
  };
}

function auditRecordOf(
  request: GatewayRequest,
  requestId: string,
  at: Date,
  status: number,
  started: bigint,
): AuditRecord {
  const identity = request.identity;
  const idempotency = request.headers['idempotency-key'];
  const presented = bearerKeyOf(request.headers.authorization);
  return {
    at,
    // The verified key, else the key id a refused caller presented (never its secret).
    keyId:
      identity?.keyId ??
      request.presentedKeyId ??
      (presented === undefined ? undefined : parseApiKey(presented)?.keyId) ??
      null,
    role: identity?.role ?? null,
    scope: identity?.scope ?? null,
    method: request.method,
    path: request.originalUrl.slice(0, 2000),
    status,
    requestId,
    idempotencyKey: typeof idempotency === 'string' ? idempotency.slice(0, 200) : null,
    durationMs: Number((process.hrtime.bigint() - started) / 1_000_000n),
    clientAddress: request.clientAddress ?? null,
  };
}
