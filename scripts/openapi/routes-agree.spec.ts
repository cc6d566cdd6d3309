import { PUBLIC_ROUTES, publicRoutes, PublicRouteKey } from '@riskpool/contracts';
import { OpenApiDocument, to31 } from '../../services/gateway/src/docs/openapi';
import { API_PREFIX } from '../../services/gateway/src/routing/route-table';
import { consoleHandWrittenShapes, HandWrittenShape, interfacesOf } from './console-types';
import { publicDocument, serviceDocuments } from './render';

/** The console's module of API types; it aliases generated schemas and declares none. */
const CONSOLE_TYPES_MODULE = 'services/console/src/pages/types.ts';

type Operation = Record<string, unknown>;
type Content = Record<string, { schema?: unknown }>;
type Parameter = { name?: string; in?: string; schema?: unknown; required?: boolean };

const shape = (path: string) => path.replace(/\{[^}]+\}/g, '{}');

/** The operation of `key` in a service's own document, by its `x-public-route` mark. */
function markedOperations(document: OpenApiDocument | undefined, key: PublicRouteKey) {
  return Object.entries(document?.paths ?? {}).flatMap(([path, methods]) =>
    Object.entries(methods)
      .filter(([, op]) => op['x-public-route'] === key)
      .map(([method, operation]) => ({ path, method: method.toUpperCase(), operation })),
  );
}

const schemasOf = (content: unknown) =>
  Object.fromEntries(Object.entries((content ?? {}) as Content).map(([t, m]) => [t, m.schema]));

/** Request and answer schemas and query parameters, as the public document should carry them. */
function shapesOf(op: Operation) {
  const responses = (op['responses'] ?? {}) as Record<string, { content?: Content }>;
  return {
    request: schemasOf((op['requestBody'] as { content?: Content } | undefined)?.content),
    answers: Object.fromEntries(
      Object.entries(responses)
        .filter(([status]) => /^2\d\d$/.test(status))
        .map(([status, r]) => [status, schemasOf(r.content)]),
    ),
    query: ((op['parameters'] ?? []) as Parameter[])
      .filter((p) => p.in === 'query')
      .map((p) => ({ name: p.name, required: p.required ?? false, schema: p.schema })),
  };
}

/** The component schemas `root` refers to, directly or through others. */
function referenced(root: unknown, schemas: Record<string, unknown>): string[] {
  const found = new Set<string>();
  const pending = [JSON.stringify(root)];
  while (pending.length > 0)
    for (const match of (pending.pop() ?? '').matchAll(/"#\/components\/schemas\/([^"]+)"/g)) {
      const name = match[1] as string;
      if (found.has(name)) continue;
      found.add(name);
      pending.push(JSON.stringify(schemas[name] ?? {}));
    }
  return [...found].sort();
}

describe('every public route: the role table, the gateway, the serving service and the console agree', () => {
  let document: { paths: Record<string, Record<string, Operation>>; components: Operation };
  let services: Awaited<ReturnType<typeof serviceDocuments>>;

  beforeAll(async () => {
    services = await serviceDocuments();
    document = (await publicDocument()) as typeof document;
  }, 120_000);

  it.each(publicRoutes().map((r) => [r.key, r] as const))(
    '%s: the public operation carries the role table’s roles and owner',
    (key, route) => {
      const op = document.paths[`${API_PREFIX}${route.path}`]?.[route.method.toLowerCase()];
      expect(op).toBeDefined();
      expect(op?.['x-roles']).toEqual([...PUBLIC_ROUTES[key].roles]);
      expect(op?.['x-service']).toBe(route.service);
      expect(op?.['description']).toContain(`Roles: ${route.roles.join(', ')}.`);
    },
  );

  it.each(publicRoutes().map((r) => [r.key, r] as const))(
    '%s: its service documents it, with the shapes the public document shows',
    (key, route) => {
      const own = services[route.service];
      const marked = markedOperations(own, key);
      expect(marked.map((m) => `${m.method} ${shape(m.path)}`)).toEqual([
        `${route.method} ${shape(`${route.service === 'gateway' ? API_PREFIX : ''}${route.upstreamPath ?? route.path}`)}`,
      ]);
      const served = (marked[0]?.operation ?? {}) as Operation;
      const published = document.paths[`${API_PREFIX}${route.path}`]?.[
        route.method.toLowerCase()
      ] as Operation;
      const expected = to31(shapesOf(served)) as ReturnType<typeof shapesOf>;
      const actual = shapesOf(published);
      expect(Object.keys(expected.answers).length).toBeGreaterThan(0);
      expect(actual).toEqual(expected);
      // …and every schema those shapes name is the service's own declaration of it.
      const ownSchemas = (own?.components?.schemas ?? {}) as Record<string, unknown>;
      const publicSchemas = document.components['schemas'] as Record<string, unknown>;
      const names = referenced(actual, publicSchemas);
      expect(referenced(expected, to31(ownSchemas) as Record<string, unknown>)).toEqual(names);
      for (const name of names)
        expect([name, publicSchemas[name]]).toEqual([name, to31(ownSchemas[name])]);
    },
  );
});

describe('the console compiles only against the generated types', () => {
  let shapes: HandWrittenShape[];

  beforeAll(() => {
    const seen = new Set<string>();
    shapes = consoleHandWrittenShapes().filter((s) => {
      const id = `${s.file} ${s.shape}`;
      return !seen.has(id) && seen.add(id) !== undefined;
    });
  }, 120_000);

  it('reads no answer of the API as a shape of its own (use src/pages/types.ts)', () => {
    expect(shapes).toEqual([]);
  });

  it(`${CONSOLE_TYPES_MODULE} aliases generated schemas and declares no interface of its own`, () => {
    expect(interfacesOf(CONSOLE_TYPES_MODULE)).toEqual([]);
  });
});
