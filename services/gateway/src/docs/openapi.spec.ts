import { ROUTES } from '../routing/route-table';
import { buildOpenApiDocument, exampleOf } from './openapi';
import served from './public-api.json';

type Operation = {
  operationId: string;
  security: unknown[];
  parameters: Array<{ name?: string; in?: string; $ref?: string }>;
  requestBody?: { content: Record<string, { schema: unknown; example: unknown }> };
  responses: Record<string, { content?: Record<string, { schema: unknown; example?: unknown }> }>;
  'x-roles': string[];
};

/** The document the gateway serves: assembled from the services' own by `npm run openapi:generate`. */
describe('OpenAPI document', () => {
  const document = served as unknown as {
    openapi: string;
    paths: Record<string, Record<string, Operation>>;
    components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
  };

  it('is OpenAPI 3.1 with a bearer security scheme and the problem schema', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.components.securitySchemes['apiKey']).toMatchObject({ scheme: 'bearer' });
    expect(document.components.schemas['Problem']).toBeDefined();
  });

  it('documents every route of the route table, and nothing else', () => {
    const documented = Object.entries(document.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual(ROUTES.map((r) => `${r.method} /api/v1${r.path}`).sort());
  });

  it.each(ROUTES.map((r) => [r.method, r.path, r] as const))(
    '%s %s has schemas, examples, errors and its roles',
    (method, path, route) => {
      const op = document.paths[`/api/v1${path}`]?.[method.toLowerCase()] as Operation;
      expect(op.security).toEqual([{ apiKey: [] }]);
      expect(op['x-roles']).toEqual([...route.roles]);
      const status = Object.keys(op.responses).find((s) => /^2/.test(s)) ?? 'none';
      const success = op.responses[status];
      const body = Object.values(success?.content ?? {})[0];
      expect(body?.schema).toBeDefined();
      expect(body?.example).toBeDefined();
      for (const status of ['401', '403', '404', '429', '502', '503'])
        expect(op.responses[status]?.content?.['application/problem+json']).toBeDefined();
      for (const name of path.match(/\{([^}]+)\}/g) ?? [])
        expect(op.parameters.some((p) => p.in === 'path' && `{${p.name}}` === name)).toBe(true);
      if (method !== 'GET') {
        expect(op.parameters).toContainEqual({ $ref: '#/components/parameters/IdempotencyKey' });
        // A write that reads no body (revoking a key) documents none; every body a handler
        // reads has its example (scripts/openapi/examples.spec.ts).
        for (const content of Object.values(op.requestBody?.content ?? {})) {
          expect(content.schema).toBeDefined();
          expect(content.example).toBeDefined();
        }
        expect(op.responses['409']).toBeDefined();
      }
    },
  );

  it('resolves every schema reference', () => {
    const refs = JSON.stringify(document).match(/#\/components\/schemas\/[A-Za-z0-9]+/g) ?? [];
    for (const r of new Set(refs))
      expect(document.components.schemas[r.replace('#/components/schemas/', '')]).toBeDefined();
  });

  it('has unique operation ids', () => {
    const ids = Object.values(document.paths).flatMap((ops) =>
      Object.values(ops).map((op) => op.operationId),
    );
    expect(ids).toHaveLength(ROUTES.length);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('takes a route from its service when the service documents it, with the public path names', () => {
    const schemas = {
      Answer: { type: 'object', properties: { n: { type: 'integer', example: 7 } } },
    };
    const route = ROUTES.find((r) => r.key === 'GET /reports/loans/{loanId}');
    if (route === undefined) throw new Error('no such route');
    const built = buildOpenApiDocument(
      {
        ledger: {
          paths: {
            '/reports/loans/{id}': {
              get: {
                'x-public-route': route.key,
                operationId: 'reportLoan',
                summary: 'Per-loan report',
                parameters: [
                  { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
                ],
                responses: {
                  '200': {
                    description: 'the report',
                    content: {
                      'application/json': { schema: { $ref: '#/components/schemas/Answer' } },
                    },
                  },
                  '422': { description: 'refused' },
                },
              },
            },
          },
          components: { schemas },
        },
      },
      [route],
    ) as { paths: Record<string, Record<string, Operation>> };
    const op = built.paths['/api/v1/reports/loans/{loanId}']?.['get'];
    expect(op?.parameters[0]).toMatchObject({ name: 'loanId', in: 'path' });
    expect(op?.responses['200']?.content?.['application/json']?.example).toEqual({ n: 7 });
    expect(op?.responses['422']?.content?.['application/problem+json']).toBeDefined();
    expect(op?.['x-roles']).toEqual([...route.roles]);
  });

  it('builds examples from the examples of a schema and the schemas it refers to', () => {
    const schemas = {
      Share: { type: 'object', properties: { fundId: { type: 'string', example: 'CITY' } } },
    };
    expect(
      exampleOf(
        {
          type: 'object',
          properties: {
            status: { type: 'string', enum: ['OPEN', 'CLOSED'] },
            shares: { type: 'array', items: { $ref: '#/components/schemas/Share' } },
            note: { type: 'string' },
          },
        },
        schemas,
      ),
    ).toEqual({ status: 'OPEN', shares: [{ fundId: 'CITY' }] });
  });
});
