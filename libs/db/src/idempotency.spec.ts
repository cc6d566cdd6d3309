import { storableJson } from './idempotency';

describe('storableJson (answers kept for idempotent replays, in jsonb)', () => {
  it('replaces what jsonb refuses, NUL and lone surrogates, and keeps the rest as it is', () => {
    const body = {
      errors: [{ field: 'row 3', message: 'not JSON: "a\u0000b\ud800c\udc00d"' }],
      name: 'Guzhen 古镇 😀',
    };
    const text = storableJson(body);
    expect(text).not.toMatch(/\\u0000|\\ud800|\\udc00/i);
    expect(JSON.parse(text)).toEqual({
      errors: [{ field: 'row 3', message: 'not JSON: "a\ufffdb\ufffdc\ufffdd"' }],
      name: 'Guzhen 古镇 😀',
    });
  });

  it('is plain JSON.stringify for ordinary bodies', () => {
    const body = { loanId: 'L-1', amounts: ['1', '2'], nested: { ok: true, n: null } };
    expect(storableJson(body)).toBe(JSON.stringify(body));
  });
});
