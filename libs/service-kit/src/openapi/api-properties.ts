import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptions, ApiResponse } from '@nestjs/swagger';

interface FieldDoc {
  readonly example?: unknown;
  readonly description?: string;
  readonly required?: boolean;
  readonly nullable?: boolean;
}

const optional = (doc: FieldDoc): Partial<ApiPropertyOptions> => ({
  required: doc.required ?? true,
  ...(doc.description !== undefined ? { description: doc.description } : {}),
  ...(doc.example !== undefined ? { example: doc.example } : {}),
  ...(doc.nullable === true ? { nullable: true } : {}),
});

/** An amount in fen: a decimal string of at most 18 digits (docs/domain.md §2). */
export const ApiFen = (doc: FieldDoc = {}) =>
  ApiProperty({
    type: 'string',
    pattern: '^(0|[1-9][0-9]{0,17})$',
    description: doc.description ?? 'Amount in fen (1 yuan = 100 fen) as a decimal string',
    ...optional({ example: '500000000', ...doc, description: undefined }),
  } as ApiPropertyOptions);

/** A rate, a weight or a share in basis points (1 bp = 0.01 %): an integer. */
export const ApiBp = (doc: { readonly example: number; readonly description?: string }) =>
  ApiProperty({
    type: 'integer',
    example: doc.example,
    ...(doc.description !== undefined ? { description: doc.description } : {}),
  });

/** A string of an OpenAPI `format`, with the example it shows unless the field gives its own. */
const formatted =
  (format: string, example: string) =>
  (doc: FieldDoc = {}) =>
    ApiProperty({ type: 'string', format, ...optional({ example, ...doc }) } as ApiPropertyOptions);

/** A business date, `YYYY-MM-DD` (the gateway's clock, China Standard Time). */
export const ApiDate = formatted('date', '2026-03-01');

/** An instant, ISO 8601 in UTC. */
export const ApiTimestamp = formatted('date-time', '2026-03-01T08:00:00.000Z');

/** Refusals the route can give beyond the standard ones; the gateway adds their problem body. */
export const ApiRefusals = (...statuses: number[]) =>
  applyDecorators(...statuses.map((status) => ApiResponse({ status, description: 'Refused' })));

/** A refused field of one item of a bulk request, as a problem's `errors[]` names it. */
export class ItemFieldError {
  @ApiProperty({ example: 'reason', description: 'The field, dotted within the item' })
  readonly field!: string;

  @ApiProperty({ example: 'required' })
  readonly code!: string;

  @ApiProperty({ example: 'a DENY decision needs a reason' })
  readonly message!: string;
}
