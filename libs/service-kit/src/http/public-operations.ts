import { applyDecorators, HttpCode, Type } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiOperationOptions,
  ApiResponseOptions,
} from '@nestjs/swagger';
import { PublicRouteKey } from '@riskpool/contracts';
import { ApiRefusals } from '../openapi/api-properties';
import { IdempotentWrite } from './idempotency.interceptor';
import { ApiPageResponse, PageExtras } from './paging';
import { PublicRoute } from './public-route';

/**
 * The decorator stacks every public handler repeats, each one place: its role rule
 * (`@PublicRoute`), its OpenAPI operation and answers, and for a write the idempotency record.
 * The decorators are applied in the order a stack written top-down would apply them (bottom
 * first), so the documents they make read exactly as the stacks did.
 */
const stack = (...decorators: Array<MethodDecorator | undefined>) =>
  applyDecorators(...decorators.filter((d): d is MethodDecorator => d !== undefined).reverse());

/**
 * The route a handler serves: its key in `PUBLIC_ROUTES` (the handler then allows the roles the
 * table gives it, `@PublicRoute`), or the decorator that marks it otherwise (the gateway's own
 * routes, `@GatewayRoute`, check API keys instead).
 */
export type OperationRoute = PublicRouteKey | MethodDecorator;

const routeOf = (route: OperationRoute): MethodDecorator =>
  typeof route === 'string' ? PublicRoute(route) : route;

/** A public read answering a page of `item`s (`ApiPageResponse`). */
export const PublicList = (
  route: OperationRoute,
  operation: ApiOperationOptions,
  item: Type<unknown>,
  description: string,
  extras?: PageExtras,
) => stack(routeOf(route), ApiOperation(operation), ApiPageResponse(item, description, extras));

/** A public read answering one object (or a file, by `answer.content`). */
export const PublicRead = (
  route: OperationRoute,
  operation: ApiOperationOptions,
  answer: ApiResponseOptions,
) => stack(routeOf(route), ApiOperation(operation), ApiOkResponse(answer));

/** What a write answers: 201 with what it made, and/or 200 (a repeat, or a write that makes nothing new). */
export interface WriteAnswers {
  readonly created?: ApiResponseOptions;
  readonly ok?: ApiResponseOptions;
}

/**
 * A public write in one transaction with its idempotency record, refused beyond the standard
 * answers with `refusals`. A write without a 201 answer answers 200 (`@HttpCode(200)`).
 */
export const PublicWrite = (
  route: OperationRoute,
  operation: ApiOperationOptions,
  answers: WriteAnswers,
  ...refusals: number[]
) =>
  stack(
    answers.created === undefined ? HttpCode(200) : undefined,
    routeOf(route),
    ApiOperation(operation),
    answers.created !== undefined ? ApiCreatedResponse(answers.created) : undefined,
    answers.ok !== undefined ? ApiOkResponse(answers.ok) : undefined,
    ApiRefusals(...refusals),
    IdempotentWrite(),
  );

/** The documentation of a bulk route whose body is read raw: CSV or JSON lines. */
export interface BulkOperation {
  readonly operationId: string;
  readonly summary: string;
  readonly description: string;
  readonly csvExample: string;
  readonly jsonLinesExample: string;
}

/**
 * A public bulk write (`readBulkRows`): CSV or JSON lines, answered 200 with one result per row
 * (`result`), 413 over its row limit.
 */
export const PublicBulkWrite = (
  route: OperationRoute,
  { csvExample, jsonLinesExample, ...operation }: BulkOperation,
  result: Type<unknown>,
) =>
  PublicWrite(
    route,
    {
      ...operation,
      requestBody: {
        required: true,
        content: {
          'text/csv': { schema: { type: 'string' }, example: csvExample },
          'application/x-ndjson': { schema: { type: 'string' }, example: jsonLinesExample },
        },
      },
    },
    { ok: { type: result, description: 'One result per row' } },
    413,
  );
