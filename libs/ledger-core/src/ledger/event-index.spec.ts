import { InMemoryEventIndex } from './event-index';

describe('InMemoryEventIndex', () => {
  it('stores and returns events, with or without fingerprints, across growth', () => {
    const index = new InMemoryEventIndex();
    for (let i = 0; i < 3000; i++) {
      index.set(`ev-${i}`, {
        fingerprint: i % 2 === 0 ? i.toString(16).padStart(32, '0') : '',
        firstSeq: BigInt(i * 2 + 1),
        entryCount: (i % 3) + 1,
      });
    }
    expect(index.size).toBe(3000);
    expect(index.get('ev-2998')).toEqual({
      fingerprint: (2998).toString(16).padStart(32, '0'),
      firstSeq: 5997n,
      entryCount: 2,
    });
    expect(index.get('ev-7')).toEqual({ fingerprint: '', firstSeq: 15n, entryCount: 2 });
    expect(index.get('ev-3000')).toBeUndefined();
    index.set('ev-7', { fingerprint: 'ab'.repeat(16), firstSeq: 9n, entryCount: 1 });
    expect(index.get('ev-7')).toEqual({
      fingerprint: 'ab'.repeat(16),
      firstSeq: 9n,
      entryCount: 1,
    });
    expect(index.size).toBe(3000);
  });

  it('refuses values it cannot hold', () => {
    const index = new InMemoryEventIndex();
    expect(() => index.set('a', { fingerprint: 'XY', firstSeq: 1n, entryCount: 1 })).toThrow(
      RangeError,
    );
    expect(() => index.set('a', { fingerprint: '', firstSeq: 0n, entryCount: 1 })).toThrow(
      RangeError,
    );
    expect(() => index.set('a', { fingerprint: '', firstSeq: 2n ** 60n, entryCount: 1 })).toThrow(
      RangeError,
    );
    expect(() => index.set('a', { fingerprint: '', firstSeq: 1n, entryCount: -1 })).toThrow(
      RangeError,
    );
  });
});
