import { NextFunction, Response } from 'express';
import { GatewayRequest } from '../../auth/gateway-request';
import { RouteTable } from '../route-table';

/**
 * Forwarded bodies must reach the services byte for byte and streamed (bulk files of ~20 MB),
 * but the kit parses JSON and text bodies for every route. This middleware, which must run before
 * the kit's parsers (the gateway's edge, src/edge), hides the content type of a forwarded route's
 * request from them (they skip a body whose type they do not handle) and keeps it for the proxy.
 * Routes the gateway answers itself are parsed as usual.
 */
export function rawBodyPassThrough(table: RouteTable) {
  return function gatewayRawBodyPassThrough(
    req: GatewayRequest,
    _res: Response,
    next: NextFunction,
  ): void {
    const match = table.match(req.method, req.url);
    if (match !== undefined && match.route.service !== 'gateway') {
      const type = req.headers['content-type'];
      if (type !== undefined) req.rawContentType = type;
      delete req.headers['content-type'];
    }
    next();
  };
}
