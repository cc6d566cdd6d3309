import { PublicRouteEntry, RouteOwner } from '@riskpool/contracts';

/** Where a public route is served: by the gateway itself or by the service that owns it. */
export type TargetService = RouteOwner;

export type HttpMethod = PublicRouteEntry['method'];

export type JsonSchema = Record<string, unknown>;

/** One public route: where it goes and who may call it (`PUBLIC_ROUTES` in libs/contracts, which
 * the services' own checks read too). Its documentation is its service's own (docs/openapi.ts). */
export type GatewayRoute = PublicRouteEntry;

/** A reference to a component schema. */
export const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
