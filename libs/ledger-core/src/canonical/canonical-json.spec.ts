import fc from 'fast-check';
import { canonicalJson, canonicalJsonBytes, isWellFormedString } from './canonical-json';

describe('canonicalJson', () => {
  it('sorts keys, omits undefined, writes bigints as decimal strings, no whitespace', () => {
    expect(
      canonicalJson({ b: 1n, a: [true, null, 'x'], c: undefined, B: { z: -20n, y: 'é"\\\n' } }),
    ).toBe('{"B":{"y":"é\\"\\\\\\n","z":"-20"},"a":[true,null,"x"],"b":"1"}');
  });

  it('sorts by UTF-16 code units like RFC 8785', () => {
    expect(canonicalJson({ '\u20ac': '1', '\r': '2', '\ud83d\ude00': '3', '1': '4', é: '5' })).toBe(
      '{"\\r":"2","1":"4","é":"5","€":"1","😀":"3"}',
    );
  });

  it('escapes control characters as JCS does', () => {
    expect(canonicalJson('\u0000\u0008\u0009\u000a\u000c\u000d\u001f\u007f')).toBe(
      '"\\u0000\\b\\t\\n\\f\\r\\u001f\u007f"',
    );
  });

  it('refuses numbers, lone surrogates and other types', () => {
    expect(() => canonicalJson(1 as unknown as bigint)).toThrow(TypeError);
    expect(() => canonicalJson('\ud800')).toThrow(TypeError);
    expect(() => canonicalJson({ '\udc00': 'x' })).toThrow(TypeError);
    expect(isWellFormedString('a\ud83d\ude00b')).toBe(true);
  });

  it('encodes UTF-8 without BOM', () => {
    expect(canonicalJsonBytes({ k: '中' }).toString('hex')).toBe('7b226b223a22e4b8ad227d');
  });

  it('round-trips through JSON.parse and is independent of key insertion order', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.boolean(), fc.constant(null))),
        (dict) => {
          const text = canonicalJson(dict);
          const reversed = Object.fromEntries(Object.entries(dict).reverse());
          expect(canonicalJson(reversed)).toBe(text);
          expect(canonicalJson(JSON.parse(text) as typeof dict)).toBe(text);
        },
      ),
    );
  });
});
