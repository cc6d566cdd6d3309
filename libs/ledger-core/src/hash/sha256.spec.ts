import {
  bytesEqual,
  hashFromHex,
  isHashHex,
  sha256,
  sha256Concat,
  sha256Utf8,
  toHex,
} from './sha256';

describe('sha256 helpers', () => {
  it.each([
    ['bytes', () => sha256(Buffer.from('abc'))],
    ['text', () => sha256Utf8('abc')],
    ['a concatenation', () => sha256Concat(Buffer.from('a'), Buffer.from('bc'))],
  ])('hashes %s (FIPS 180-2 "abc")', (_input, hash) => {
    expect(hash().toString('hex')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('converts hex strictly', () => {
    const h = sha256Utf8('x');
    expect(hashFromHex(toHex(h))).toEqual(h);
    expect(toHex(new Uint8Array(h).subarray(1, 3))).toBe(h.subarray(1, 3).toString('hex'));
    expect(isHashHex(toHex(h))).toBe(true);
    expect(isHashHex(toHex(h).toUpperCase())).toBe(false);
    expect(isHashHex(42)).toBe(false);
    expect(() => hashFromHex('00')).toThrow(RangeError);
    expect(() => hashFromHex(`${'0'.repeat(63)}g`)).toThrow(RangeError);
  });

  it('compares bytes', () => {
    expect(bytesEqual(Buffer.from([1, 2]), new Uint8Array([1, 2]))).toBe(true);
    expect(bytesEqual(Buffer.from([1, 2]), Buffer.from([1, 3]))).toBe(false);
    expect(bytesEqual(Buffer.from([1]), Buffer.from([1, 2]))).toBe(false);
  });
});
