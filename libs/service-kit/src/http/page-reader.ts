import { Page, PageKeys, pageOf, PageQuery, pageRequest } from './paging';

/** The rows a list reads from its store: `rows` of them (the page and one more) after `after`. */
export interface PageWindow {
  /** The key of the last item of the previous page (the decoded cursor); none for the first. */
  readonly after: string | undefined;
  readonly rows: number;
}

/**
 * One page of a list read from its store, the one flow of every list: the query's `cursor` and
 * `limit` checked (`key` is the shape of the list's order key), the window read, and the page's
 * rows turned into its items all at once (so `items` can fetch what they need in one go).
 */
export async function readPage<R, T = R>(
  query: PageQuery,
  key: RegExp,
  read: (window: PageWindow) => Promise<readonly R[]>,
  keyOf: (row: R) => string,
  items: (rows: readonly R[]) => readonly T[] | Promise<readonly T[]> = (rows) =>
    rows as unknown as readonly T[],
): Promise<Page<T>> {
  const page = pageRequest(query, key);
  const rows = await read({ after: page.after, rows: page.limit + 1 });
  const { items: pageRows, nextCursor } = pageOf(rows, page, (row) => row, keyOf);
  return { items: await items(pageRows), nextCursor };
}

/** A store that lists its rows in the order of their id: `rows` of them after the id `after`. */
export interface IdOrderedStore<M, R> {
  list(manager: M, rows: number, after?: string): Promise<readonly R[]>;
}

/** One page of an id-ordered store's rows (as stored, unless `items` turns them into others). */
export const readStorePage = <M, R, T = R>(
  query: PageQuery,
  manager: M,
  store: IdOrderedStore<M, R>,
  keyOf: (row: R) => string,
  items?: (rows: readonly R[]) => readonly T[] | Promise<readonly T[]>,
): Promise<Page<T>> =>
  readPage(query, PageKeys.id, ({ after, rows }) => store.list(manager, rows, after), keyOf, items);
