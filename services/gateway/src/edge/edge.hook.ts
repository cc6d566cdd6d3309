import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { NextFunction, Response } from 'express';
import { auditTrail } from '../audit/audit-trail';
import { AuditWriter } from '../audit/audit-writer';
import { GatewayRequest } from '../auth/gateway-request';
import { TokenBucketLimiter } from '../auth/rate-limiter';
import { GATEWAY_CONFIG, GatewaySettings } from '../gateway.tokens';
import { rawBodyPassThrough } from '../routing/forwarding/raw-body';
import { RouteTable } from '../routing/route-table';
import { addressRateLimit } from './address-rate-limit';
import { securityHeaders } from './security-headers';

type Handler = (req: GatewayRequest, res: Response, next: NextFunction) => void;

interface ExpressLike {
  use(handler: Handler): void;
  router?: { stack?: Array<{ name?: string }> };
}

/**
 * What every request meets first, before the kit's body parsers (which may refuse it), in this
 * order: security headers; the request id, client address and the audit record that its answer
 * waits for; the rate limit per client address; the raw-body pass-through of forwarded routes.
 * Registered while the module is built, which is before the kit adds its parsers; checked again
 * once the app is up.
 */
@Injectable()
export class GatewayEdge implements OnApplicationBootstrap {
  private readonly names: string[] = [];

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    table: RouteTable,
    audit: AuditWriter,
    @Inject(GATEWAY_CONFIG) settings: GatewaySettings,
  ) {
    const c = settings.config;
    const app = adapterHost.httpAdapter.getInstance<ExpressLike>();
    const perAddress = new TokenBucketLimiter(
      c.RATE_LIMIT_PER_ADDRESS_PER_SECOND,
      c.RATE_LIMIT_PER_ADDRESS_BURST,
    );
    for (const handler of [
      securityHeaders() as unknown as Handler,
      auditTrail(audit, c.TRUSTED_PROXY_HOPS),
      addressRateLimit(
        perAddress,
        c.RATE_LIMIT_PER_ADDRESS_PER_SECOND,
        c.RATE_LIMIT_PER_ADDRESS_BURST,
      ),
      rawBodyPassThrough(table),
    ]) {
      this.names.push(handler.name);
      app.use(handler);
    }
  }

  /** Refuses to start when the edge did not end up before the body parsers. */
  onApplicationBootstrap(): void {
    const stack = this.adapterHost.httpAdapter.getInstance<ExpressLike>().router?.stack ?? [];
    const names = stack.map((layer) => layer.name ?? '');
    const parser = names.findIndex((n) => n === 'jsonParser' || n === 'textParser');
    for (const name of this.names) {
      const mine = names.indexOf(name);
      if (mine === -1 || (parser !== -1 && parser < mine))
        throw new Error(`gateway: ${name} must run before the body parsers`);
    }
  }
}
