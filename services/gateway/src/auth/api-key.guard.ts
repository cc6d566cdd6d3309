import {
  applyDecorators,
  CanActivate,
  ExecutionContext,
  Inject,
  Injectable,
  UseGuards,
} from '@nestjs/common';
import { Response } from 'express';
import { Identity, PublicRouteKey } from '@riskpool/contracts';
import {
  MarkPublicRoute,
  ServeRoute,
  ProblemException,
  Problems,
  Public,
  requestContext,
} from '@riskpool/service-kit';
import { bearerKeyOf } from '../api-keys/domain/api-key';
import { ClockService } from '../clock/clock.service';
import { GATEWAY_CONFIG, GatewaySettings } from '../gateway.tokens';
import { API_PREFIX, RouteTable } from '../routing/route-table';
import { ApiKeyAuthenticator } from './api-key-authenticator';
import { GatewayRequest } from './gateway-request';
import { TokenBucketLimiter } from './rate-limiter';

export const RATE_LIMITER = Symbol('RATE_LIMITER');

export function rateLimiterFor(settings: GatewaySettings): TokenBucketLimiter {
  return new TokenBucketLimiter(
    settings.config.RATE_LIMIT_PER_SECOND,
    settings.config.RATE_LIMIT_BURST,
  );
}

/**
 * Every public route: the route must be in the route table (else 404), the caller must present
 * a valid, unrevoked API key (else 401), stay within its rate (else 429) and have a role the
 * table allows (else 403). Then the request carries the caller's identity with the business date.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly table: RouteTable,
    private readonly authenticator: ApiKeyAuthenticator,
    private readonly clock: ClockService,
    @Inject(RATE_LIMITER) private readonly limiter: TokenBucketLimiter,
    @Inject(GATEWAY_CONFIG) private readonly settings: GatewaySettings,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<GatewayRequest>();
    const response = context.switchToHttp().getResponse<Response>();
    const match = this.table.match(request.method, request.originalUrl);
    if (match === undefined)
      throw new ProblemException(
        404,
        'RESOURCE.NOT_FOUND',
        'Not found',
        `No route ${request.method} ${request.path}; see /api/docs.`,
      );
    request.gatewayRoute = match;
    const presented = bearerKeyOf(request.headers.authorization);
    if (presented === undefined) {
      response.setHeader('WWW-Authenticate', 'Bearer realm="riskpool"');
      throw Problems.unauthenticated('Send an API key: Authorization: Bearer rpk_<id>_<secret>.');
    }
    const auth = await this.authenticator.authenticate(presented);
    if (!auth.ok) {
      if (auth.keyId !== undefined) request.presentedKeyId = auth.keyId;
      response.setHeader('WWW-Authenticate', 'Bearer realm="riskpool", error="invalid_token"');
      throw Problems.unauthenticated(auth.reason);
    }
    const key = auth.key;
    request.presentedKeyId = key.keyId;
    const decision = this.limiter.take(key.keyId);
    if (!decision.allowed) {
      response.setHeader('Retry-After', String(decision.retryAfterSeconds));
      throw new ProblemException(
        429,
        'RATE.LIMITED',
        'Too many requests',
        `Key ${key.keyId} is over its rate of ${this.settings.config.RATE_LIMIT_PER_SECOND}/s (burst ${this.settings.config.RATE_LIMIT_BURST}); retry after ${decision.retryAfterSeconds} s.`,
      );
    }
    const ctx = requestContext.current();
    const identity: Identity = {
      role: key.role,
      scope: key.scope,
      keyId: key.keyId,
      businessDate: (await this.clock.current()).businessDate,
      requestId: ctx?.requestId ?? String(response.getHeader('x-request-id') ?? ''),
    };
    request.identity = identity;
    if (ctx !== undefined) ctx.identity = identity;
    if (!match.route.roles.includes(key.role))
      throw Problems.forbidden(
        `role ${key.role} may not call ${match.route.method} /api/v1${match.route.path} (allowed: ${match.route.roles.join(', ')})`,
      );
    return true;
  }
}

/** Authenticated by API key and authorised by the route table, whichever route it matched. */
export const ApiKeyRoute = () => applyDecorators(Public(), UseGuards(ApiKeyGuard));

/**
 * A public route the gateway answers itself (`key` in PUBLIC_ROUTES), served at its path under
 * `/api/v1` (`ServeRoute`): authenticated by API key and
 * authorised by the route table; its OpenAPI operation is the route's in the public document.
 */
export const GatewayRoute = (key: PublicRouteKey) =>
  applyDecorators(ServeRoute(key, API_PREFIX), ApiKeyRoute(), MarkPublicRoute(key));
