import { Type } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ItemFieldError } from '../openapi/api-properties';
import { BulkRow } from './bulk-body';
import { FieldError, Problems } from './problem';

/**
 * The answer of every bulk request (`POST /loans/bulk`, `POST /defaults/bulk`,
 * `POST /claims/decisions`, `POST /subsidy/interest-reports/bulk`): one result per item in the
 * order sent — its number, its status and, refused, why — and how many items got each status.
 */
export interface BulkResultDoc<N extends string, S extends string, F extends string> {
  /** The field that numbers the items from 1, and its description; by default a bulk body's `row`. */
  readonly numberedAs?: { readonly name: N; readonly description: string };
  /** The statuses, the first one the example. */
  readonly statuses: readonly [S, ...S[]];
  readonly statusDescription?: string;
  /** The fields between the status and the refusal, each with its documentation, in order. */
  readonly fields: Record<F, PropertyDecorator>;
  /** An example of a refusal's code. */
  readonly refusedCodeExample: string;
}

/** What one refused item carries. */
export interface ItemRefusal {
  readonly status: 'REFUSED';
  readonly code: string;
  readonly errors: readonly FieldError[];
}

export type BulkItemResult<N extends string, S extends string, F extends string> = Record<
  N,
  number
> & {
  readonly status: S;
  readonly code?: string;
  readonly errors?: readonly ItemFieldError[];
} & Partial<Record<F, string>>;

/** The documented class of one item's result; a route's class extends it under its own name. */
const NUMBERED_BY_ROW = { name: 'row', description: 'The row, from 1, in the order sent' } as const;

export function BulkItemResultOf<S extends string, F extends string, N extends string = 'row'>(
  doc: BulkResultDoc<N, S, F>,
): Type<BulkItemResult<N, S, F>> {
  const numberedAs = doc.numberedAs ?? NUMBERED_BY_ROW;
  class ItemResult {}
  // Declared as a class would (`design:type`), so the documents infer the same types.
  const property = (name: string, decorator: PropertyDecorator, type: unknown = String) => {
    Reflect.defineMetadata('design:type', type, ItemResult.prototype, name);
    decorator(ItemResult.prototype, name);
  };
  property(
    numberedAs.name,
    ApiProperty({ type: 'integer', example: 1, description: numberedAs.description }),
    Number,
  );
  property(
    'status',
    ApiProperty({
      enum: doc.statuses,
      example: doc.statuses[0],
      ...(doc.statusDescription !== undefined ? { description: doc.statusDescription } : {}),
    }),
  );
  for (const [name, decorator] of Object.entries<PropertyDecorator>(doc.fields))
    property(name, decorator);
  property(
    'code',
    ApiPropertyOptional({ example: doc.refusedCodeExample, description: 'Why it was refused' }),
  );
  property('errors', ApiPropertyOptional({ type: [ItemFieldError] }), Array);
  return ItemResult as Type<BulkItemResult<N, S, F>>;
}

/**
 * The documented class of a bulk answer: the counts (each field's value its example, in order:
 * the items, then one per status) and the results.
 */
export function BulkAnswerOf<R, K extends string>(
  item: Type<R>,
  countExamples: Record<K, number>,
  resultsExample?: readonly object[],
): Type<Record<K, number> & { readonly results: readonly R[] }> {
  class Answer {}
  for (const [name, example] of Object.entries<number>(countExamples)) {
    Reflect.defineMetadata('design:type', Number, Answer.prototype, name);
    ApiProperty({ type: 'integer', example })(Answer.prototype, name);
  }
  Reflect.defineMetadata('design:type', Array, Answer.prototype, 'results');
  ApiProperty({
    type: [item],
    ...(resultsExample !== undefined ? { example: resultsExample } : {}),
  })(Answer.prototype, 'results');
  return Answer as Type<Record<K, number> & { readonly results: readonly R[] }>;
}

/** How many results have each status: `{ refused: 'REFUSED' }` counts the REFUSED ones as `refused`. */
export function countByStatus<S extends string, K extends string>(
  results: ReadonlyArray<{ readonly status: S }>,
  counts: Record<K, S>,
): Record<K, number> {
  const tally = {} as Record<K, number>;
  for (const [name, status] of Object.entries<S>(counts))
    tally[name as K] = results.filter((r) => r.status === status).length;
  return tally;
}

/** A refusal as a result reports it: its problem's code and field errors. */
export const refusalOf = (problem: {
  readonly code: string;
  readonly errors: readonly FieldError[];
}): ItemRefusal => ({ status: 'REFUSED', code: problem.code, errors: problem.errors });

export type ReadableBulkRow<T> = Extract<BulkRow<T>, { ok: true }>;

/**
 * Each row's result in the order sent, numbered `row`: an unreadable row refused with its
 * fields' errors (as the single route's 400 would name them), a readable one as `judge` says.
 * Rows are judged one after another, never at once (they share the request's transaction).
 */
export async function rowResults<T, R extends object>(
  rows: readonly BulkRow<T>[],
  judge: (row: ReadableBulkRow<T>) => R | Promise<R>,
): Promise<Array<{ readonly row: number } & (R | ItemRefusal)>> {
  const results: Array<{ readonly row: number } & (R | ItemRefusal)> = [];
  for (const row of rows)
    results.push({
      row: row.row,
      ...(row.ok ? await judge(row) : refusalOf(Problems.invalid(row.errors))),
    });
  return results;
}
