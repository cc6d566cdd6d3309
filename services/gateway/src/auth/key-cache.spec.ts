import { KeyCache } from './key-cache';

describe('API key cache (LRU with a TTL)', () => {
  it('answers from memory within the TTL and reads again after it', () => {
    const cache = new KeyCache<string>(5_000, 10);
    cache.set('a', 'row-a', 1_000);
    expect(cache.get('a', 5_999)).toEqual({ hit: true, value: 'row-a' });
    expect(cache.get('a', 6_000)).toEqual({ hit: false });
    expect(cache.size).toBe(0);
  });

  it('keeps a known absence (an unknown key id) like a row', () => {
    const cache = new KeyCache<string | undefined>(5_000, 10);
    cache.set('ghost', undefined, 0);
    expect(cache.get('ghost', 1)).toEqual({ hit: true, value: undefined });
  });

  it('when full, drops the least recently used entry only, never the whole cache', () => {
    const cache = new KeyCache<string>(60_000, 3);
    cache.set('a', 'A', 0);
    cache.set('b', 'B', 0);
    cache.set('c', 'C', 0);
    expect(cache.get('a', 1)).toMatchObject({ hit: true }); // a is now the most recent
    cache.set('d', 'D', 2); // b, the least recent, goes
    expect(cache.get('b', 3)).toEqual({ hit: false });
    expect(cache.get('a', 3)).toEqual({ hit: true, value: 'A' });
    expect(cache.get('c', 3)).toEqual({ hit: true, value: 'C' });
    expect(cache.get('d', 3)).toEqual({ hit: true, value: 'D' });
  });

  it('a flood of new ids keeps the size at its bound and pushes out only cold keys', () => {
    const cache = new KeyCache<string>(60_000, 100);
    cache.set('hot', 'H', 0);
    for (let i = 0; i < 10_000; i++) {
      cache.set(`flood${i}`, 'x', 1);
      if (i % 50 === 0) expect(cache.get('hot', 1)).toMatchObject({ hit: true });
    }
    expect(cache.size).toBe(100);
    expect(cache.get('hot', 2)).toEqual({ hit: true, value: 'H' });
  });

  it('forgets a key at once (a revocation on this instance)', () => {
    const cache = new KeyCache<string>(60_000, 10);
    cache.set('k', 'row', 0);
    cache.delete('k');
    expect(cache.get('k', 1)).toEqual({ hit: false });
  });

  it('keeps nothing with a TTL of 0', () => {
    const cache = new KeyCache<string>(0, 10);
    cache.set('k', 'row', 0);
    expect(cache.get('k', 0)).toEqual({ hit: false });
  });
});
