import { Identity } from '@riskpool/contracts';
import { Page, PageKeys, readPage, readScopeOf } from '@riskpool/service-kit';
import { ScopedQuery } from './scope';

/** What a scoped list is narrowed to: the caller's own bank or fund, and the named claim. */
export function scopedFilter(identity: Identity, query: ScopedQuery) {
  return {
    ...readScopeOf(identity, { bankId: query.bankId, fundId: query.fundId }),
    ...(query.claimId !== undefined ? { claimId: query.claimId } : {}),
  };
}

export type ScopedWindow = ReturnType<typeof scopedFilter> & { afterSeq?: string; limit: number };

/**
 * One page, in `seq` order, of the rows a scoped list reads: `list` is given the caller's scope,
 * the claim filter and the page window (the scope is checked before the cursor).
 */
export function readScopedPage<R extends { readonly seq: string }, T>(
  query: ScopedQuery,
  identity: Identity,
  list: (window: ScopedWindow) => Promise<readonly R[]>,
  items: (rows: readonly R[]) => readonly T[],
): Promise<Page<T>> {
  const filter = scopedFilter(identity, query);
  return readPage(
    query,
    PageKeys.seq,
    ({ after, rows }) =>
      list({ ...filter, ...(after !== undefined ? { afterSeq: after } : {}), limit: rows }),
    (r) => r.seq,
    items,
  );
}
