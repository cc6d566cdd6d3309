import 'reflect-metadata';
import fc from 'fast-check';
import { ProblemException } from './problem';
import { throughPipe } from './pipe-result.spec-helper';
import {
  decodeCursor,
  encodeCursor,
  PAGE_LIMIT_DEFAULT,
  PageKeys,
  pageOf,
  pageOfList,
  PageQuery,
  pageRequest,
} from './paging';

const parse = (query: Record<string, unknown>) => throughPipe(PageQuery, 'query', query);

function fieldsOf(result: PageQuery | ProblemException): string[] {
  if (!(result instanceof ProblemException)) throw new Error('expected a 400');
  expect(result.getStatus()).toBe(400);
  return [...new Set(result.errors.map((e) => e.field))];
}

describe('the paging contract', () => {
  it('defaults to 50 items from the start', async () => {
    const query = await parse({});
    expect(pageRequest(query as PageQuery)).toEqual({ limit: PAGE_LIMIT_DEFAULT });
  });

  it.each(['1', '50', '500'])('accepts limit=%s as a number', async (limit) => {
    const query = (await parse({ limit })) as PageQuery;
    expect(query.limit).toBe(Number(limit));
  });

  it.each(['0', '501', '1000', '-1', '1.5', '1e2', '0500', '', 'ten', ' 5', '99999999'])(
    'refuses limit=%j with a 400 naming limit (never clamped)',
    async (limit) => {
      expect(fieldsOf(await parse({ limit }))).toEqual(['limit']);
    },
  );

  it('refuses a repeated limit or cursor', async () => {
    expect(fieldsOf(await parse({ limit: ['1', '2'] }))).toEqual(['limit']);
    expect(fieldsOf(await parse({ cursor: [encodeCursor('a'), encodeCursor('b')] }))).toEqual([
      'cursor',
    ]);
  });

  it.each(['', 'not a cursor', '%00', 'x'.repeat(401)])(
    'refuses the malformed cursor %j with a 400 naming cursor',
    async (cursor) => {
      expect(fieldsOf(await parse({ cursor }))).toEqual(['cursor']);
    },
  );

  it('refuses a well-formed cursor this API did not issue, or one of another list', () => {
    const refused = (cursor: string, key?: RegExp) => {
      try {
        decodeCursor(cursor, key);
      } catch (error) {
        return fieldsOf(error as ProblemException);
      }
      return [];
    };
    expect(refused('abc')).toEqual(['cursor']);
    expect(refused(Buffer.from('L-1').toString('base64url'))).toEqual(['cursor']);
    expect(refused(encodeCursor('L-1'), PageKeys.seq)).toEqual(['cursor']);
    expect(refused(encodeCursor('99999999999999999999'), PageKeys.seq)).toEqual(['cursor']);
    expect(refused(encodeCursor('a\u0000b'))).toEqual(['cursor']);
    // Not canonical base64url (a trailing "=") is not the cursor we issued.
    expect(refused(`${encodeCursor('L-1')}=`)).toEqual(['cursor']);
  });

  it('round-trips every key through an opaque cursor', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[\x21-\x7e]{1,200}$/), (key) => {
        const cursor = encodeCursor(key);
        expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(decodeCursor(cursor)).toBe(key);
      }),
    );
  });

  it('builds a page from limit + 1 rows: a cursor only when a next page exists', () => {
    const request = { limit: 2 };
    const view = (n: number) => `#${n}`;
    const key = (n: number) => String(n);
    expect(pageOf([1, 2, 3], request, view, key)).toEqual({
      items: ['#1', '#2'],
      nextCursor: encodeCursor('2'),
    });
    expect(pageOf([1, 2], request, view, key)).toEqual({ items: ['#1', '#2'], nextCursor: null });
    expect(pageOf([], request, view, key)).toEqual({ items: [], nextCursor: null });
  });

  it('walks any in-memory list in pages with no gap and no overlap', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 7 }), (n, limit) => {
        const list = Array.from({ length: n }, (_, i) => `k${i}`);
        const seen: string[] = [];
        let cursor: string | undefined;
        for (let pages = 0; pages <= n + 1; pages += 1) {
          const page = pageOfList(
            list,
            pageRequest({ limit, ...(cursor ? { cursor } : {}) }),
            (k) => k,
          );
          expect(page.items.length).toBeLessThanOrEqual(limit);
          seen.push(...page.items);
          if (page.nextCursor === null) break;
          expect(page.items).toHaveLength(limit);
          cursor = page.nextCursor;
        }
        expect(seen).toEqual(list);
      }),
    );
  });

  it('refuses a cursor whose key is not in an in-memory list', () => {
    expect(() => pageOfList(['a'], { limit: 5, after: 'gone' }, (k) => k)).toThrow(
      ProblemException,
    );
  });
});
