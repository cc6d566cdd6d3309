import { publicRoutes } from '@riskpool/contracts';
import { GatewayRoute, TargetService } from './route';

/** Every public route, `/api/v1` + path: the role table of libs/contracts (`PUBLIC_ROUTES`: owner,
 * roles, upstream path). */
export const ROUTES: readonly GatewayRoute[] = publicRoutes();

export const API_PREFIX = '/api/v1';

export interface RouteMatch {
  readonly route: GatewayRoute;
  readonly params: Readonly<Record<string, string>>;
  /** The path (and query, untouched) to request from the owning service. */
  readonly upstreamPath: string;
}

interface CompiledRoute {
  readonly route: GatewayRoute;
  readonly regex: RegExp;
  readonly names: readonly string[];
  readonly staticSegments: number;
}

const SEGMENT = '([^/]+)';

function compile(route: GatewayRoute): CompiledRoute {
  const names: string[] = [];
  const segments = route.path.split('/').slice(1);
  const pattern = segments
    .map((segment) => {
      const param = /^\{([A-Za-z][A-Za-z0-9]*)\}$/.exec(segment);
      if (param !== null) {
        names.push(param[1] as string);
        return SEGMENT;
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return {
    route,
    regex: new RegExp(`^/${pattern}$`),
    names,
    staticSegments: segments.length - names.length,
  };
}

/** Resolves `METHOD /api/v1/...` to its route; static segments win over parameters. */
export class RouteTable {
  private readonly compiled: readonly CompiledRoute[];

  constructor(readonly routes: readonly GatewayRoute[] = ROUTES) {
    const seen = new Set<string>();
    for (const route of routes) {
      const id = `${route.method} ${route.path}`;
      if (seen.has(id)) throw new Error(`route ${id} is declared twice`);
      seen.add(id);
    }
    this.compiled = routes.map(compile).sort((a, b) => b.staticSegments - a.staticSegments);
  }

  /** `url` is the request's original URL (path and query) as the client sent it. */
  match(method: string, url: string): RouteMatch | undefined {
    const queryAt = url.indexOf('?');
    const fullPath = queryAt === -1 ? url : url.slice(0, queryAt);
    const query = queryAt === -1 ? '' : url.slice(queryAt);
    if (!fullPath.startsWith(`${API_PREFIX}/`)) return undefined;
    const path = fullPath.slice(API_PREFIX.length);
    if (!isCleanPath(path)) return undefined;
    for (const candidate of this.compiled) {
      if (candidate.route.method !== method.toUpperCase()) continue;
      const found = candidate.regex.exec(path);
      if (found === null) continue;
      const params: Record<string, string> = {};
      candidate.names.forEach((name, i) => {
        params[name] = found[i + 1] as string;
      });
      const upstream =
        candidate.route.upstreamPath === undefined
          ? path
          : candidate.route.upstreamPath.replace(/\{([A-Za-z0-9]+)\}/g, (_m, name: string) =>
              encodeURIComponent(params[name] ?? ''),
            );
      return { route: candidate.route, params, upstreamPath: `${upstream}${query}` };
    }
    return undefined;
  }

  servicesOf(): readonly TargetService[] {
    return [...new Set(this.routes.map((r) => r.service))];
  }
}

/** No empty, `.` or `..` segments (raw or percent-encoded), so nothing escapes its route. */
function isCleanPath(path: string): boolean {
  return path
    .split('/')
    .slice(1)
    .every((segment) => {
      if (segment === '') return false;
      let decoded: string;
      try {
        decoded = decodeURIComponent(segment);
      } catch {
        return false;
      }
      return decoded !== '.' && decoded !== '..' && !decoded.includes('/');
    });
}
