import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { NextFunction, Response } from 'express';
import { GatewayRequest } from '../auth/gateway-request';
import { rawBodyPassThrough } from '../routing/forwarding/raw-body';
import { RouteTable } from '../routing/route-table';
import { securityHeaders } from './security-headers';

type Handler = (req: GatewayRequest, res: Response, next: NextFunction) => void;

interface ExpressLike {
  use(handler: Handler): void;
  router?: { stack?: Array<{ name?: string }> };
}

/**
 * What every request meets first, before the kit's body parsers (which may refuse it): security
 * headers, then the raw-body pass-through of forwarded routes. Registered while the module is
 * built, which is before the kit adds its parsers; checked again once the app is up.
 */
@Injectable()
export class GatewayEdge implements OnApplicationBootstrap {
  private readonly names: string[] = [];

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    table: RouteTable,
  ) {
    const app = adapterHost.httpAdapter.getInstance<ExpressLike>();
    for (const handler of [securityHeaders() as unknown as Handler, rawBodyPassThrough(table)]) {
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
