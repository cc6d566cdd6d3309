import { GatewayRoute, JsonSchema, ref } from '../routing/route';
import { API_PREFIX, ROUTES } from '../routing/route-table';
import { defaultEventsSchemas } from '../routing/routes/default-events.routes';
import { gatewaySchemas } from '../routing/routes/gateway.routes';
import { ledgerSchemas } from '../routing/routes/ledger.routes';
import { statementSchemas } from '../routing/routes/statements.routes';
import { loanRegistrySchemas } from '../routing/routes/loan-registry.routes';
import { poolAllocationSchemas } from '../routing/routes/pool-allocation.routes';
import { settlementSchemas } from '../routing/routes/settlement.routes';

/** Schemas every route shares: the RFC 9457 problem and its field errors. */
const commonSchemas: Record<string, JsonSchema> = {
  FieldError: {
    type: 'object',
    required: ['field', 'code', 'message'],
    properties: {
      field: { type: 'string', description: 'Dotted path of the bad field; `(body)` for the body' },
      code: { type: 'string' },
      message: { type: 'string' },
    },
  },
  Problem: {
    type: 'object',
    description: 'RFC 9457 problem details, `application/problem+json`.',
    required: ['type', 'title', 'status', 'code', 'errors'],
    properties: {
      type: { type: 'string', format: 'uri' },
      title: { type: 'string' },
      status: { type: 'integer' },
      code: {
        type: 'string',
        description: 'Stable and machine-readable, e.g. `AUTH.FORBIDDEN`, `LOAN.QUOTA_EXCEEDED`',
      },
      detail: { type: 'string' },
      errors: { type: 'array', items: ref('FieldError') },
      requestId: { type: 'string' },
    },
  },
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

function operationOf(route: GatewayRoute): Record<string, unknown> {
  const op = route.operation;
  const write = route.method !== 'GET';
  const pathParams = [...route.path.matchAll(/\{([A-Za-z0-9]+)\}/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  const parameters = [
    ...pathParams,
    ...(op.query ?? []).map((q) => ({
      name: q.name,
      in: 'query',
      required: q.required ?? false,
      description: q.description,
      schema: q.schema,
    })),
    ...(write ? [{ $ref: '#/components/parameters/IdempotencyKey' }] : []),
    { $ref: '#/components/parameters/RequestId' },
  ];
  const errors = [...new Set([...STANDARD_ERRORS, ...(write ? [409] : []), ...(op.errors ?? [])])];
  const responses: Record<string, unknown> = {
    [String(op.response.status)]: {
      description: op.response.description,
      headers: { 'x-request-id': { $ref: '#/components/headers/RequestId' } },
      content: {
        [op.response.contentType ?? 'application/json']: {
          schema: op.response.schema,
          example: op.response.example,
        },
      },
    },
  };
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
    ...(op.requestBody !== undefined
      ? {
          requestBody: {
            required: true,
            content: Object.fromEntries(
              Object.entries(op.requestBody).map(([type, body]) => [
                type,
                { schema: body.schema, example: body.example },
              ]),
            ),
          },
        }
      : {}),
    responses,
  };
}

/** The OpenAPI 3.1 document of every public route, built from the route table and its docs. */
export function buildOpenApiDocument(
  routes: readonly GatewayRoute[] = ROUTES,
): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const key = `${API_PREFIX}${route.path}`;
    paths[key] = { ...(paths[key] ?? {}), [route.method.toLowerCase()]: operationOf(route) };
  }
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
      schemas: {
        ...commonSchemas,
        ...gatewaySchemas,
        ...loanRegistrySchemas,
        ...defaultEventsSchemas,
        ...poolAllocationSchemas,
        ...settlementSchemas,
        ...ledgerSchemas,
        ...statementSchemas,
      },
    },
  };
}
