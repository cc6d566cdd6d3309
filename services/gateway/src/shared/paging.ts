import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { Problems } from '@riskpool/service-kit';

export class PageQuery {
  /** Opaque: the `nextCursor` of the previous page. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,200}$/, { message: '$property is not a cursor from this API' })
  cursor?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

export const encodeCursor = (value: string): string =>
  Buffer.from(value, 'utf8').toString('base64url');
/**
 * The text a cursor stands for. A cursor we did not issue (one that does not round-trip, or that
 * decodes to control characters such as NUL, which PostgreSQL text refuses) is a 400, not a 500.
 */
export function decodeCursor(cursor: string): string {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  // eslint-disable-next-line no-control-regex
  if (encodeCursor(text) !== cursor || /[\u0000-\u001f\ufffd]/.test(text))
    throw Problems.invalid([
      { field: 'cursor', code: 'cursor', message: 'cursor is not a cursor from this API' },
    ]);
  return text;
}

/** Given limit + 1 rows, the page and the cursor after its last row. */
export function pageOf<R, T>(
  rows: readonly R[],
  limit: number,
  view: (row: R) => T,
  cursorOf: (row: R) => string,
): Page<T> {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(view),
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(cursorOf(last)) : null,
  };
}
