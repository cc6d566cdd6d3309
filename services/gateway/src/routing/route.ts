import { PublicRouteEntry, RouteOwner } from '@riskpool/contracts';

/** Where a public route is served: by the gateway itself or by the service that owns it. */
export type TargetService = RouteOwner;

export type HttpMethod = PublicRouteEntry['method'];

export type JsonSchema = Record<string, unknown>;

export interface ParamDoc {
  readonly name: string;
  readonly description: string;
  readonly schema: JsonSchema;
  readonly required?: boolean;
}

export interface BodyDoc {
  readonly schema: JsonSchema;
  readonly example: unknown;
}

/** The OpenAPI operation of a route; the document builder adds security, errors and headers. */
export interface OperationDoc {
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  readonly tag: string;
  readonly query?: readonly ParamDoc[];
  /** By content type; most routes take `application/json` only. */
  readonly requestBody?: Readonly<Record<string, BodyDoc>>;
  readonly response: {
    readonly status: number;
    readonly description: string;
    readonly contentType?: string;
    readonly schema: JsonSchema;
    readonly example: unknown;
  };
  /** Statuses beyond the standard ones (400, 401, 403, 404, 429, 502, 503, and 409 on writes). */
  readonly errors?: readonly number[];
}

/** The documentation of one public route (`/api/v1` + path); who may call it is `PUBLIC_ROUTES`. */
export interface RouteDoc {
  readonly method: HttpMethod;
  /** Public path after `/api/v1`, with `{param}` placeholders, e.g. `/loans/{loanId}`. */
  readonly path: string;
  readonly operation: OperationDoc;
}

/**
 * One public route: where it goes and who may call it (both from `PUBLIC_ROUTES` in
 * libs/contracts, which the services' own checks read too), and its documentation.
 */
export interface GatewayRoute extends PublicRouteEntry {
  /** Hand-written documentation, for a route whose service does not document it itself yet. */
  readonly operation?: OperationDoc;
}

/** A reference to a component schema. */
export const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });

export const page = (item: string): JsonSchema => ({
  type: 'object',
  required: ['items', 'nextCursor'],
  properties: {
    items: { type: 'array', items: ref(item) },
    nextCursor: {
      type: ['string', 'null'],
      description: 'Pass as `cursor` to get the next page; null on the last page.',
    },
  },
});

/** The one paging contract of every list (libs/service-kit `PageQuery`). */
export const PAGING: readonly ParamDoc[] = [
  {
    name: 'cursor',
    description:
      'Opaque: the `nextCursor` of the previous page of the same list. Omit it for the first page. A cursor this list did not issue is a 400 naming `cursor`.',
    schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,400}$' },
  },
  {
    name: 'limit',
    description:
      'Page size, a whole number from 1 to 500 (default 50). Any other value is a 400 naming `limit`; it is never clamped.',
    schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
  },
];

export const FEN: JsonSchema = {
  type: 'string',
  pattern: '^(0|[1-9][0-9]{0,17})$',
  description: 'Amount in fen (1 yuan = 100 fen) as a decimal string.',
  examples: ['500000000'],
};

export const DATE: JsonSchema = { type: 'string', format: 'date', examples: ['2026-03-01'] };
export const TIMESTAMP: JsonSchema = {
  type: 'string',
  format: 'date-time',
  examples: ['2026-03-01T08:00:00.000Z'],
};
