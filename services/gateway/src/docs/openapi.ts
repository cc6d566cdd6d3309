import { GatewayRoute, JsonSchema, ref, TargetService } from '../routing/route';
import { API_PREFIX, ROUTES } from '../routing/route-table';

const text: JsonSchema = { type: 'string' };

/** An object schema (`description` only where given, placed as the document has it). */
const objectSchema = (
  required: string[],
  properties: Record<string, JsonSchema>,
  description?: string,
): JsonSchema => ({
  type: 'object',
  ...(description !== undefined ? { description } : {}),
  required,
  properties,
});

/** Schemas every route shares: the RFC 9457 problem and its field errors. */
const commonSchemas: Record<string, JsonSchema> = {
  FieldError: objectSchema(['field', 'code', 'message'], {
    field: { type: 'string', description: 'Dotted path of the bad field; `(body)` for the body' },
    code: text,
    message: text,
  }),
  Problem: objectSchema(
    ['type', 'title', 'status', 'code', 'errors'],
    {
      type: { type: 'string', format: 'uri' },
      title: text,
      status: { type: 'integer' },
      code: {
        type: 'string',
        description: 'Stable and machine-readable, e.g. `AUTH.FORBIDDEN`, `LOAN.QUOTA_EXCEEDED`',
      },
      detail: text,
      errors: { type: 'array', items: ref('FieldError') },
      requestId: text,
    },
    'RFC 9457 problem details, `application/problem+json`.',
  ),
};

const ERRORS: Record<number, { description: string; code: string; title: string }> = {
  400: { description: 'Invalid request', code: 'REQUEST.INVALID', title: 'Invalid request' },
  401: {
    description: 'No API key, an unknown or revoked one',
    code: 'AUTH.UNAUTHENTICATED',
    title: 'Not authenticated',
  },
  403: {
    description: 'The key’s role may not call this route, or the object is outside its scope',
    code: 'AUTH.FORBIDDEN',
    title: 'Forbidden',
  },
  404: { description: 'Not found (or not yours)', code: 'RESOURCE.NOT_FOUND', title: 'Not found' },
  409: {
    description: 'Idempotency-Key reused with another body, or a conflicting state',
    code: 'REQUEST.IDEMPOTENCY_KEY_REUSED',
    title: 'Conflict',
  },
  413: { description: 'Body too large', code: 'REQUEST.TOO_LARGE', title: 'Payload too large' },
  422: {
    description: 'Refused by the rules',
    code: 'RULES.REFUSED',
    title: 'Request refused by the rules',
  },
  429: {
    description: 'Over the key’s rate limit; see Retry-After',
    code: 'RATE.LIMITED',
    title: 'Too many requests',
  },
  502: {
    description: 'The owning service failed to answer properly',
    code: 'UPSTREAM.BAD_GATEWAY',
    title: 'Bad gateway',
  },
  503: {
    description: 'The owning service is unavailable',
    code: 'UPSTREAM.UNAVAILABLE',
    title: 'Service unavailable',
  },
};

const STANDARD_ERRORS = [400, 401, 403, 404, 429, 502, 503];

function problemResponse(status: number): Record<string, unknown> {
  const known = ERRORS[status] ?? { description: 'Error', code: 'REQUEST.REFUSED', title: 'Error' };
  return {
    description: known.description,
    headers: status === 429 ? { 'Retry-After': { $ref: '#/components/headers/RetryAfter' } } : {},
    content: {
      'application/problem+json': {
        schema: ref('Problem'),
        example: {
          type: `https://riskpool.example/problems/${known.code.toLowerCase().replace(/[._]/g, '-')}`,
          title: known.title,
          status,
          code: known.code,
          detail: known.description,
          errors: [],
          requestId: '0f5e2c1a-7d1b-4d0e-9b43-5b2f8c1d9e77',
        },
      },
    },
  };
}

/** The part of an OpenAPI document the assembly reads: a service's own, from its controllers. */
export interface OpenApiDocument {
  readonly paths?: Record<string, Record<string, Record<string, unknown>>>;
  readonly components?: { readonly schemas?: Record<string, JsonSchema> };
}

/** Each service's own document (`buildServiceDocument` of libs/service-kit), by service. */
export type ServiceDocuments = Partial<Record<TargetService, OpenApiDocument>>;

interface ServiceOperation {
  readonly path: string;
  readonly operation: Record<string, unknown>;
}

/** The operation the owning service documents for a public route (`x-public-route`), if any. */
function serviceOperation(
  route: GatewayRoute,
  documents: ServiceDocuments,
): ServiceOperation | undefined {
  for (const [path, methods] of Object.entries(documents[route.service]?.paths ?? {}))
    for (const operation of Object.values(methods))
      if (operation['x-public-route'] === route.key) return { path, operation };
  return undefined;
}

type Responses = Record<
  string,
  { description?: string; headers?: Record<string, unknown>; content?: Record<string, MediaType> }
>;
interface MediaType {
  schema?: JsonSchema;
  example?: unknown;
}

const isSuccess = (status: string) => /^2\d\d$/.test(status);

/** The service documented its answer (a 2xx with a body), so the gateway takes its shapes. */
function documentsShapes(found: ServiceOperation | undefined): found is ServiceOperation {
  const responses = (found?.operation['responses'] ?? {}) as Responses;
  return Object.entries(responses).some(
    ([status, r]) => isSuccess(status) && r.content !== undefined,
  );
}

/**
 * An example built from the examples of a schema's properties (the DTOs' `@ApiProperty`), so the
 * document's examples come from the same declarations as its schemas.
 */
export function exampleOf(
  schema: JsonSchema | undefined,
  schemas: Record<string, JsonSchema>,
  depth = 0,
): unknown {
  if (schema === undefined || depth > 8) return undefined;
  if (schema['example'] !== undefined) return schema['example'];
  const examples = schema['examples'];
  if (Array.isArray(examples) && examples.length > 0) return examples[0];
  const target = schema['$ref'];
  if (typeof target === 'string')
    return exampleOf(schemas[target.replace('#/components/schemas/', '')], schemas, depth + 1);
  const all = schema['allOf'];
  if (Array.isArray(all) && all.length > 0)
    return exampleOf(all[0] as JsonSchema, schemas, depth + 1);
  const enumValues = schema['enum'];
  if (Array.isArray(enumValues) && enumValues.length > 0) return enumValues[0];
  if (schema['type'] === 'array') {
    const item = exampleOf(schema['items'] as JsonSchema | undefined, schemas, depth + 1);
    return item === undefined ? [] : [item];
  }
  const properties = schema['properties'] as Record<string, JsonSchema> | undefined;
  if (properties === undefined) return undefined;
  const example: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(properties)) {
    const value = exampleOf(property, schemas, depth + 1);
    if (value !== undefined) example[name] = value;
  }
  return example;
}

/** OpenAPI 3.0's `nullable: true` (what @nestjs/swagger writes) as 3.1's `type: [T, 'null']`. */
export function to31(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(to31);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (k !== 'nullable') out[k] = to31(v);
  const record = value as Record<string, unknown>;
  if (record['nullable'] === true && typeof record['type'] === 'string')
    out['type'] = [record['type'], 'null'];
  return out;
}

/**
 * The public operation from the service's own: its parameters (path names as the public path
 * spells them), body, answers and examples; the gateway adds roles, keys, headers and problems.
 */
function fromService(
  route: GatewayRoute,
  found: ServiceOperation,
  schemas: Record<string, JsonSchema>,
): Pick<OperationParts, 'operation' | 'parameters' | 'requestBody' | 'responses' | 'errors'> {
  const op = found.operation;
  const upstreamNames = [...found.path.matchAll(/\{([A-Za-z0-9]+)\}/g)].map((m) => m[1]);
  const publicNames = [...route.path.matchAll(/\{([A-Za-z0-9]+)\}/g)].map((m) => m[1]);
  const parameters = ((op['parameters'] ?? []) as Array<Record<string, unknown>>).map((p) => {
    if (p['in'] !== 'path') return p;
    const at = upstreamNames.indexOf(p['name'] as string);
    return { ...p, name: publicNames[at] ?? p['name'] };
  });
  const body = op['requestBody'] as { content?: Record<string, MediaType> } | undefined;
  const withExamples = (content: Record<string, MediaType> | undefined) =>
    Object.fromEntries(
      Object.entries(content ?? {}).map(([type, media]) => [
        type,
        { ...media, example: media.example ?? exampleOf(media.schema, schemas) },
      ]),
    );
  const responses: Record<string, unknown> = {};
  const errors: number[] = [];
  for (const [status, answer] of Object.entries((op['responses'] ?? {}) as Responses)) {
    if (!isSuccess(status)) {
      errors.push(Number(status));
      continue;
    }
    responses[status] = {
      description: answer.description ?? '',
      headers: {
        ...answer.headers,
        'x-request-id': { $ref: '#/components/headers/RequestId' },
      },
      ...(answer.content !== undefined ? { content: withExamples(answer.content) } : {}),
    };
  }
  const tags = (op['tags'] ?? []) as string[];
  return {
    operation: {
      operationId: op['operationId'] as string,
      summary: (op['summary'] as string | undefined) ?? '',
      ...(typeof op['description'] === 'string' ? { description: op['description'] } : {}),
      tag: tags[0] ?? route.service,
    },
    parameters,
    ...(body !== undefined
      ? { requestBody: { required: true, content: withExamples(body.content) } }
      : {}),
    responses,
    errors,
  };
}

interface OperationParts {
  readonly operation: {
    operationId: string;
    summary: string;
    description?: string;
    tag: string;
  };
  readonly parameters: readonly unknown[];
  readonly requestBody?: unknown;
  readonly responses: Record<string, unknown>;
  readonly errors: readonly number[];
}

function operationOf(
  route: GatewayRoute,
  documents: ServiceDocuments,
  schemas: Record<string, JsonSchema>,
): Record<string, unknown> {
  const found = serviceOperation(route, documents);
  if (!documentsShapes(found))
    throw new Error(`${route.key}: the service ${route.service} does not document this route`);
  const parts = fromService(route, found, schemas);
  const op = parts.operation;
  const write = route.method !== 'GET';
  const parameters = [
    ...parts.parameters,
    ...(write ? [{ $ref: '#/components/parameters/IdempotencyKey' }] : []),
    { $ref: '#/components/parameters/RequestId' },
  ];
  const errors = [...new Set([...STANDARD_ERRORS, ...(write ? [409] : []), ...parts.errors])];
  const responses: Record<string, unknown> = { ...parts.responses };
  for (const status of errors.sort()) responses[String(status)] = problemResponse(status);
  const forwarded =
    route.service === 'gateway'
      ? 'Answered by the gateway.'
      : `Forwarded to \`${route.service}\` as \`${route.method} ${route.upstreamPath ?? route.path}\`.`;
  return {
    operationId: op.operationId,
    tags: [op.tag],
    summary: op.summary,
    description: [op.description, `Roles: ${route.roles.join(', ')}.`, forwarded]
      .filter((s) => s !== undefined)
      .join('\n\n'),
    'x-roles': route.roles,
    'x-service': route.service,
    security: [{ apiKey: [] }],
    parameters,
    ...(parts.requestBody !== undefined ? { requestBody: parts.requestBody } : {}),
    responses,
  };
}

/** The schemas `root` refers to, directly or through other schemas. */
function referenced(root: unknown, schemas: Record<string, JsonSchema>): Set<string> {
  const found = new Set<string>();
  const pending = [JSON.stringify(root)];
  while (pending.length > 0) {
    const text = pending.pop() ?? '';
    for (const match of text.matchAll(/"#\/components\/schemas\/([^"]+)"/g)) {
      const name = match[1] as string;
      if (found.has(name)) continue;
      found.add(name);
      pending.push(JSON.stringify(schemas[name] ?? {}));
    }
  }
  return found;
}

/** Every service's component schemas in one map; one name with two shapes is a build error. */
function serviceSchemas(documents: ServiceDocuments): Record<string, JsonSchema> {
  const schemas: Record<string, JsonSchema> = {};
  for (const [service, document] of Object.entries(documents)) {
    for (const [name, schema] of Object.entries(document?.components?.schemas ?? {})) {
      const converted = to31(schema) as JsonSchema;
      const known = schemas[name];
      if (known !== undefined && JSON.stringify(known) !== JSON.stringify(converted))
        throw new Error(`schema ${name} of ${service} differs from another service's`);
      schemas[name] = converted;
    }
  }
  return schemas;
}

/**
 * The OpenAPI 3.1 document of every public route, assembled from the services' own documents
 * (each route's shapes, parameters and examples from the operation its service marks
 * `x-public-route`) and the role table; a route its service does not document yet falls back to
 * the gateway's route documentation. `npm run openapi:generate` writes it to docs/openapi.json.
 */
export function buildOpenApiDocument(
  documents: ServiceDocuments = {},
  routes: readonly GatewayRoute[] = ROUTES,
): Record<string, unknown> {
  const fromServices = serviceSchemas(documents);
  const handWritten = {
    ...commonSchemas,
  };
  for (const name of Object.keys(fromServices))
    if (handWritten[name] !== undefined)
      throw new Error(`schema ${name} is declared by a service and by the gateway's route docs`);
  const allSchemas = { ...handWritten, ...fromServices };
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const key = `${API_PREFIX}${route.path}`;
    paths[key] = {
      ...(paths[key] ?? {}),
      [route.method.toLowerCase()]: operationOf(route, documents, allSchemas),
    };
  }
  // A service's DTOs of internal routes are in its own document, not in the public one.
  const used = referenced(paths, allSchemas);
  const schemas = Object.fromEntries(
    Object.entries(allSchemas).filter(
      ([name]) => handWritten[name] !== undefined || used.has(name),
    ),
  );
  return {
    openapi: '3.1.0',
    info: {
      title: 'riskpool public API',
      version: '1.0.0',
      description: [
        'The one public entry to riskpool, the technology-loan risk-compensation pool.',
        'Authenticate with `Authorization: Bearer rpk_<id>_<secret>`; an admin creates keys with a role (admin, bank, fund-manager, regulator) and a scope (a bankId or fundId).',
        'Every write needs an `Idempotency-Key` (8-128 of `A-Za-z0-9._:-`): the same key and body return the first answer, the same key with another body is 409.',
        'Money is a decimal string of fen. Errors are `application/problem+json` with a stable `code`. Lists are cursor-paged (`cursor`, `limit`, `nextCursor`).',
      ].join('\n\n'),
    },
    servers: [{ url: '/' }],
    security: [{ apiKey: [] }],
    tags: [
      { name: 'admin', description: 'Keys, banks, funds, the clock, the audit trail' },
      { name: 'clock', description: 'The one business clock' },
      { name: 'loans', description: 'Banks register and repay loans' },
      { name: 'credit events', description: 'Defaults, cures, recoveries, write-offs' },
      { name: 'policies', description: 'Versioned policies' },
      { name: 'funds', description: 'Funds and deposits' },
      { name: 'claims', description: 'Claims and decisions' },
      { name: 'settlement', description: 'Payouts, remittances, amounts owed' },
      { name: 'ledger', description: 'The book of record and its proofs' },
      { name: 'reports', description: 'Loss-sharing reports' },
      { name: 'statements', description: 'Monthly statements, their files and ledger anchors' },
      { name: 'interest subsidy', description: 'Subsidy funds, interest reports, rounds, grants' },
    ],
    paths,
    components: {
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'rpk_<id>_<secret>',
          description: 'An API key created by an admin; the first admin key is ADMIN_API_KEY.',
        },
      },
      parameters: {
        IdempotencyKey: {
          name: 'Idempotency-Key',
          in: 'header',
          required: true,
          description: 'Makes the write safe to retry.',
          schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{8,128}$' },
          example: 'admit-ZSBANK-2026-03-01',
        },
        RequestId: {
          name: 'x-request-id',
          in: 'header',
          required: false,
          description: 'Your id for the request; one is made when absent. Echoed in the answer.',
          schema: { type: 'string', pattern: '^[A-Za-z0-9._-]{1,128}$' },
        },
      },
      headers: {
        RequestId: { description: 'The request id, in every answer', schema: { type: 'string' } },
        RetryAfter: { description: 'Seconds to wait', schema: { type: 'integer' } },
      },
      schemas,
    },
  };
}
