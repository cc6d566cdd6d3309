import { IsOptional, Matches } from 'class-validator';
import { Problems } from '@riskpool/service-kit';

/** Cursor paging: `?limit=` (1..500, default 100) and `?after=` (the `nextCursor` of a page). */
export class PageQuery {
  @IsOptional()
  @Matches(/^[1-9][0-9]{0,2}$/, { message: 'limit must be a whole number from 1 to 500' })
  limit?: string;

  @IsOptional()
  @Matches(/^[1-9][0-9]{0,18}$/, { message: 'after must be a cursor from a previous page' })
  after?: string;
}

/** The largest PostgreSQL bigint: a cursor above it is no seq of ours (and would be a 500). */
const SEQ_MAX = 9223372036854775807n;

export function pageOf(query: PageQuery): { limit: number; afterSeq?: string } {
  const limit = query.limit === undefined ? 100 : Number(query.limit);
  if (limit > 500)
    throw Problems.invalid([{ field: 'limit', code: 'max', message: 'limit is at most 500' }]);
  if (query.after !== undefined && BigInt(query.after) > SEQ_MAX)
    throw Problems.invalid([
      { field: 'after', code: 'max', message: 'after must be a cursor from a previous page' },
    ]);
  return { limit, ...(query.after !== undefined ? { afterSeq: query.after } : {}) };
}

export function nextCursor<T>(items: readonly T[], limit: number, seq: (item: T) => string) {
  const last = items[items.length - 1];
  return items.length === limit && last !== undefined ? seq(last) : null;
}
