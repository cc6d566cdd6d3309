import { ROUTES } from '../routing/route-table';
import { buildOpenApiDocument } from './openapi';

type Operation = {
  operationId: string;
  security: unknown[];
  parameters: Array<{ name?: string; in?: string; $ref?: string }>;
  requestBody?: { content: Record<string, { schema: unknown; example: unknown }> };
  responses: Record<string, { content?: Record<string, { schema: unknown; example?: unknown }> }>;
  'x-roles': string[];
};

describe('OpenAPI document', () => {
  const document = JSON.parse(JSON.stringify(buildOpenApiDocument())) as {
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
      const success = op.responses[String(route.operation.response.status)];
      const body = Object.values(success?.content ?? {})[0];
      expect(body?.schema).toBeDefined();
      expect(body?.example).toBeDefined();
      for (const status of ['401', '403', '404', '429', '502', '503'])
        expect(op.responses[status]?.content?.['application/problem+json']).toBeDefined();
      for (const name of path.match(/\{([^}]+)\}/g) ?? [])
        expect(op.parameters.some((p) => p.in === 'path' && `{${p.name}}` === name)).toBe(true);
      if (method !== 'GET') {
        expect(op.parameters).toContainEqual({ $ref: '#/components/parameters/IdempotencyKey' });
        expect(op.requestBody).toBeDefined();
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
    const ids = ROUTES.map((r) => r.operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
