import {
  applyDecorators,
  DynamicModule,
  RequestMapping,
  RequestMethod,
  SetMetadata,
  Type,
} from '@nestjs/common';
import { METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ApiExtension } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { PUBLIC_ROUTES, publicRoute, PublicRouteKey, publicRoutes } from '@riskpool/contracts';
import type { ServiceConfig, ServiceDefinition } from '../service-runner';
import { AllowRoles } from './identity.guard';

const PUBLIC_ROUTE_KEY = 'riskpool:public-route';

/**
 * The handler of a public route: served at the route's method and path (`ServeRoute`), allows
 * exactly the roles `PUBLIC_ROUTES` (libs/contracts) gives it, the same list the gateway enforces,
 * and marks its OpenAPI operation (`x-public-route`) so the gateway's document can take it from
 * the service's. Internal routes keep `@Get(...)`/`@Post(...)` and `@AllowRoles(...)`.
 */
export const PublicRoute = (key: PublicRouteKey) =>
  applyDecorators(ServeRoute(key), MarkPublicRoute(key), AllowRoles(...PUBLIC_ROUTES[key].roles));

/**
 * Routes a handler at the method and path of its public route, the table (`PUBLIC_ROUTES`) the one
 * source of both: the service's own path (`upstreamPath`, else the public one) below `prefix`,
 * its `{param}`s as Nest's `:param`. Its controller declares no path (`@Controller()`).
 */
export const ServeRoute = (key: PublicRouteKey, prefix = '') => {
  const route = publicRoute(key);
  const path = `${prefix}${route.upstreamPath ?? route.path}`.replace(/\{([A-Za-z0-9]+)\}/g, ':$1');
  return RequestMapping({ method: RequestMethod[route.method], path });
};

/**
 * Names the public route a handler serves, for the role table's checks (`servedRoutes`) and the
 * OpenAPI operation (`x-public-route`), without its access rule: the gateway's own routes check
 * API keys instead of the identity the gateway signs.
 */
export const MarkPublicRoute = (key: PublicRouteKey) =>
  applyDecorators(SetMetadata(PUBLIC_ROUTE_KEY, key), ApiExtension('x-public-route', key));

/** One HTTP handler of a service, as Nest will route it. */
export interface ServedRoute {
  readonly method: string;
  /** `/loans/{loanId}` form (Nest's `:loanId` rewritten). */
  readonly path: string;
  readonly publicRoute?: PublicRouteKey;
  readonly controller: Type<unknown>;
  readonly handler: string;
}

const METHODS: Partial<Record<RequestMethod, string>> = {
  [RequestMethod.GET]: 'GET',
  [RequestMethod.POST]: 'POST',
  [RequestMethod.PUT]: 'PUT',
  [RequestMethod.PATCH]: 'PATCH',
  [RequestMethod.DELETE]: 'DELETE',
  [RequestMethod.ALL]: 'ALL',
};

function joinPath(...parts: Array<string | string[] | undefined>): string {
  const text = parts
    .map((p) => (Array.isArray(p) ? (p[0] ?? '') : (p ?? '')))
    .join('/')
    .split('/')
    .filter((s) => s !== '')
    .map((s) => s.replace(/^:([A-Za-z0-9]+)$/, '{$1}'))
    .join('/');
  return `/${text}`;
}

/** The controllers of a service's module, its imports' included (built without a database). */
export function controllersOf<C extends ServiceConfig>(
  definition: ServiceDefinition<C>,
  settings: Partial<C> = {},
): Array<Type<unknown>> {
  const config = Object.assign(new definition.configClass(), settings);
  const root = definition.module({ config, dataSource: {} as DataSource });
  const found = new Set<Type<unknown>>();
  const seen = new Set<unknown>();
  const visit = (module: DynamicModule | Type<unknown> | undefined) => {
    if (module === undefined || seen.has(module)) return;
    seen.add(module);
    const dynamic =
      (module as DynamicModule).module !== undefined ? (module as DynamicModule) : undefined;
    const type = dynamic?.module ?? (module as Type<unknown>);
    const controllers = [
      ...((Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, type) as Array<Type<unknown>>) ?? []),
      ...(dynamic?.controllers ?? []),
    ];
    for (const c of controllers) found.add(c);
    const imports = [
      ...((Reflect.getMetadata(MODULE_METADATA.IMPORTS, type) as unknown[]) ?? []),
      ...(dynamic?.imports ?? []),
    ];
    for (const i of imports) visit(i as DynamicModule | Type<unknown>);
  };
  visit(root);
  return [...found];
}

/** Every handler of the given controllers with its method, path and public route key. */
export function servedRoutes(controllers: ReadonlyArray<Type<unknown>>): ServedRoute[] {
  const routes: ServedRoute[] = [];
  for (const controller of controllers) {
    const base = Reflect.getMetadata(PATH_METADATA, controller) as string | string[] | undefined;
    const proto = controller.prototype as object;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const handler = Object.getOwnPropertyDescriptor(proto, name)?.value as unknown;
      if (name === 'constructor' || typeof handler !== 'function') continue;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      const sub = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      if (method === undefined || sub === undefined) continue;
      const key = Reflect.getMetadata(PUBLIC_ROUTE_KEY, handler) as PublicRouteKey | undefined;
      routes.push({
        method: METHODS[method] ?? String(method),
        path: joinPath(base, sub),
        ...(key !== undefined ? { publicRoute: key } : {}),
        controller,
        handler: name,
      });
    }
  }
  return routes;
}

const shape = (path: string) => path.replace(/\{[^}]+\}/g, '{}');

/**
 * What disagrees between a service's handlers and the role table: a table route of this service no
 * handler serves, a handler whose path is not its route's, a handler on a table path without
 * `@PublicRoute`. Empty when they agree; each service's unit test asserts that.
 */
export function publicRouteMismatches(
  service: string,
  served: readonly ServedRoute[],
  prefix = '',
): string[] {
  const problems: string[] = [];
  const owned = publicRoutes().filter((r) => r.service === service);
  const upstreamOf = (key: PublicRouteKey) => {
    const route = publicRoute(key);
    return `${prefix}${route.upstreamPath ?? route.path}`;
  };
  for (const route of owned) {
    const handlers = served.filter((s) => s.publicRoute === route.key);
    if (handlers.length !== 1)
      problems.push(`${route.key}: served by ${handlers.length} handlers of ${service}, not 1`);
  }
  for (const s of served) {
    if (s.publicRoute !== undefined) {
      const route = publicRoute(s.publicRoute);
      const where = `${s.controller.name}.${s.handler}`;
      if (route.service !== service)
        problems.push(`${where} serves ${s.publicRoute}, a route of ${route.service}`);
      if (route.method !== s.method || shape(upstreamOf(route.key)) !== shape(s.path))
        problems.push(`${where} is ${s.method} ${s.path}, not ${route.key}`);
      continue;
    }
    const shadowed = owned.find(
      (r) => r.method === s.method && shape(upstreamOf(r.key)) === shape(s.path),
    );
    if (shadowed !== undefined)
      problems.push(
        `${s.controller.name}.${s.handler} serves ${shadowed.key} without @PublicRoute`,
      );
  }
  return problems;
}
