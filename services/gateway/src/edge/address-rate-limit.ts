import { NextFunction, Response } from 'express';
import { ProblemException } from '@riskpool/service-kit';
import { isApiPath } from '../audit/audit-trail';
import { TokenBucketLimiter } from '../auth/rate-limiter';
import { GatewayRequest } from '../auth/gateway-request';
import { rateBucketOf } from './client-address';

/**
 * A token bucket per client address (IPv6 per /64) on `/api/v1`, before the body is read and
 * before the API key is looked at, so a flood of bad keys or bad bodies is limited too. The per-key
 * limit (the API key guard) still applies after it.
 */
export function addressRateLimit(limiter: TokenBucketLimiter, perSecond: number, burst: number) {
  return function gatewayAddressRateLimit(
    request: GatewayRequest,
    response: Response,
    next: NextFunction,
  ): void {
    if (!isApiPath(request.url)) return next();
    const bucket = rateBucketOf(request.clientAddress ?? request.socket.remoteAddress ?? '');
    const decision = limiter.take(bucket);
    if (decision.allowed) return next();
    const problem = new ProblemException(
      429,
      'RATE.LIMITED',
      'Too many requests',
      `Address ${bucket} is over its rate of ${perSecond}/s (burst ${burst}); retry after ${decision.retryAfterSeconds} s.`,
    );
    response
      .status(429)
      .setHeader('Retry-After', String(decision.retryAfterSeconds))
      .type('application/problem+json')
      .send(JSON.stringify(problem.toBody(String(response.getHeader('x-request-id') ?? ''))));
  };
}
