import { applyDecorators, Type } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiOkResponse,
  ApiPropertyOptional,
  getSchemaPath,
  ReferenceObject,
  SchemaObject,
} from '@nestjs/swagger';
import { IsOptional, Matches, ValidateBy } from 'class-validator';
import { Transform } from 'class-transformer';
import { Problems } from './problem';

/**
 * The one paging contract of every list: `?cursor=` (opaque, the `nextCursor` of the previous
 * page) and `?limit=` (1..500, default 50); the answer is `{ items, nextCursor }`, `nextCursor`
 * null on the last page. A bad `limit` or `cursor` is a 400 naming it, never clamped.
 */
export const PAGE_LIMIT_DEFAULT = 50;
export const PAGE_LIMIT_MAX = 500;

const LIMIT_MESSAGE = `limit must be a whole number from 1 to ${PAGE_LIMIT_MAX}`;
const CURSOR_MESSAGE = 'cursor is not a cursor from this API';

/** The query of a list; a list with filters of its own extends it. */
export class PageQuery {
  /** Opaque: the `nextCursor` of the previous page. */
  @ApiPropertyOptional({
    type: 'string',
    pattern: '^[A-Za-z0-9_-]{1,400}$',
    description:
      'Opaque: the `nextCursor` of the previous page of the same list. Omit it for the first page. A cursor this list did not issue is a 400 naming `cursor`.',
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,400}$/, { message: CURSOR_MESSAGE })
  cursor?: string;

  /** Page size, 1..500 (default 50). Digits only: `1e2`, `0500` or `5.0` are refused. */
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: PAGE_LIMIT_MAX,
    default: PAGE_LIMIT_DEFAULT,
    description: `Page size, a whole number from 1 to ${PAGE_LIMIT_MAX} (default ${PAGE_LIMIT_DEFAULT}). Any other value is a 400 naming \`limit\`; it is never clamped.`,
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^[1-9][0-9]{0,5}$/.test(value) ? Number(value) : value,
  )
  @ValidateBy({
    name: 'pageLimit',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'number' &&
        Number.isInteger(value) &&
        value >= 1 &&
        value <= PAGE_LIMIT_MAX,
      defaultMessage: () => LIMIT_MESSAGE,
    },
  })
  limit?: number;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

/** What a list answers beside its page (e.g. totals over the whole filter), each field required. */
export interface PageExtras {
  readonly properties: Record<string, SchemaObject | ReferenceObject>;
  /** The classes those fields refer to (`getSchemaPath`). */
  readonly models?: readonly Type<unknown>[];
}

/**
 * The documented answer of a list: a {@link Page} of `item`s (its schema and examples, from the
 * item class's `@ApiProperty`), so every list's answer reads the same in the public document.
 */
export const ApiPageResponse = (
  item: Type<unknown>,
  description: string,
  extras: PageExtras = { properties: {} },
) =>
  applyDecorators(
    ApiExtraModels(item, ...(extras.models ?? [])),
    ApiOkResponse({
      description,
      schema: {
        type: 'object',
        required: ['items', 'nextCursor', ...Object.keys(extras.properties)],
        properties: {
          items: { type: 'array', items: { $ref: getSchemaPath(item) } },
          nextCursor: {
            anyOf: [{ type: 'string' }, { type: 'null' }],
            description: 'Pass as `cursor` for the next page; null on the last page',
            example: null,
          },
          ...extras.properties,
        },
      },
    }),
  );

/** What a list asks its store for: `limit + 1` rows (to know whether a next page exists) after `after`. */
export interface PageRequest {
  readonly limit: number;
  /** The key of the last item of the previous page, decoded from `cursor`. */
  readonly after?: string;
}

/** Shapes of the key a list orders by; a decoded cursor must match its list's. */
export const PageKeys = {
  /** A positive sequence number that fits a PostgreSQL bigint. */
  seq: /^[1-9][0-9]{0,17}$/,
  /** An id: printable ASCII, no spaces or controls. */
  id: /^[\x21-\x7e]{1,200}$/,
} as const;

// A version tag inside the cursor, so a made-up base64 string is refused rather than read as a key.
const CURSOR_PREFIX = 'p1:';

export const encodeCursor = (key: string): string =>
  Buffer.from(CURSOR_PREFIX + key, 'utf8').toString('base64url');

/** The key a cursor stands for; a cursor this API did not issue (for this list) is a 400. */
export function decodeCursor(cursor: string, key: RegExp = PageKeys.id): string {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const value = text.slice(CURSOR_PREFIX.length);
  if (encodeCursor(value) !== cursor || !text.startsWith(CURSOR_PREFIX) || !key.test(value))
    throw invalidCursor();
  return value;
}

export function invalidCursor() {
  return Problems.invalid([{ field: 'cursor', code: 'cursor', message: CURSOR_MESSAGE }]);
}

/** The validated query as a request to the store; `key` is the shape of this list's order key. */
export function pageRequest(query: PageQuery, key: RegExp = PageKeys.id): PageRequest {
  const limit = query.limit ?? PAGE_LIMIT_DEFAULT;
  // The pipe has checked it; a caller that skipped the pipe still gets the contract.
  if (!Number.isInteger(limit) || limit < 1 || limit > PAGE_LIMIT_MAX)
    throw Problems.invalid([{ field: 'limit', code: 'pageLimit', message: LIMIT_MESSAGE }]);
  return {
    limit,
    ...(query.cursor !== undefined ? { after: decodeCursor(query.cursor, key) } : {}),
  };
}

/** The page from up to `limit + 1` rows read after `request.after` in key order. */
export function pageOf<R, T>(
  rows: readonly R[],
  request: PageRequest,
  view: (row: R) => T,
  keyOf: (row: R) => string,
): Page<T> {
  const page = rows.slice(0, request.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(view),
    nextCursor:
      rows.length > request.limit && last !== undefined ? encodeCursor(keyOf(last)) : null,
  };
}

/**
 * The page of a list held whole in memory, in its order: the items after the one whose key is
 * `request.after`. A key not in the list is a 400 (items of such lists are never removed).
 */
export function pageOfList<T>(
  items: readonly T[],
  request: PageRequest,
  keyOf: (item: T) => string,
): Page<T> {
  let start = 0;
  if (request.after !== undefined) {
    const at = items.findIndex((item) => keyOf(item) === request.after);
    if (at < 0) throw invalidCursor();
    start = at + 1;
  }
  return pageOf(items.slice(start, start + request.limit + 1), request, (item) => item, keyOf);
}
