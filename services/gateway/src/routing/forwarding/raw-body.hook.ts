import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { NextFunction, Response } from 'express';
import { GatewayRequest } from '../../auth/gateway-request';
import { RouteTable } from '../route-table';

interface ExpressLike {
  use(handler: (req: GatewayRequest, res: Response, next: NextFunction) => void): void;
  router?: { stack?: Array<{ name?: string }> };
}

/**
 * Forwarded bodies must reach the services byte for byte and streamed (bulk files of ~20 MB),
 * but the kit parses JSON and text bodies for every route. This middleware, registered while
 * the module is built and so before the kit's parsers, hides the content type of a forwarded
 * route's request from them (they skip a body whose type they do not handle) and keeps it for
 * the proxy. Routes the gateway answers itself are parsed as usual.
 */
@Injectable()
export class RawBodyHook implements OnApplicationBootstrap {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    table: RouteTable,
  ) {
    const app = adapterHost.httpAdapter.getInstance<ExpressLike>();
    app.use(function gatewayRawBodyPassThrough(req, _res, next) {
      const match = table.match(req.method, req.url);
      if (match !== undefined && match.route.service !== 'gateway') {
        const type = req.headers['content-type'];
        if (type !== undefined) req.rawContentType = type;
        delete req.headers['content-type'];
      }
      next();
    });
  }

  /** Refuses to start when the pass-through did not end up before the body parsers. */
  onApplicationBootstrap(): void {
    const stack = this.adapterHost.httpAdapter.getInstance<ExpressLike>().router?.stack ?? [];
    const names = stack.map((layer) => layer.name ?? '');
    const mine = names.indexOf('gatewayRawBodyPassThrough');
    const parser = names.findIndex((n) => n === 'jsonParser' || n === 'textParser');
    if (mine === -1 || (parser !== -1 && parser < mine))
      throw new Error('gateway: the raw-body pass-through must run before the body parsers');
  }
}
