import { leafHashArraySource, perfectLevel, rangeRoot } from './node-source';
import { EMPTY_TREE_ROOT, leafHash, merkleRoot } from './rfc6962';

describe('node sources', () => {
  const leaves = Array.from({ length: 11 }, (_, i) => leafHash(Buffer.from([i])));
  const source = leafHashArraySource(leaves);

  it('computes the root of any range, aligned or not', () => {
    for (let start = 0; start <= leaves.length; start++) {
      for (let end = start; end <= leaves.length; end++) {
        const expected = start === end ? EMPTY_TREE_ROOT : merkleRoot(leaves.slice(start, end));
        expect(rangeRoot(source, start, end)).toEqual(expected);
      }
    }
  });

  it('refuses ranges outside the tree', () => {
    expect(() => rangeRoot(source, 0, 12)).toThrow(RangeError);
    expect(() => rangeRoot(source, 5, 4)).toThrow(RangeError);
    expect(() => rangeRoot(source, -1, 4)).toThrow(RangeError);
    expect(() => source.perfectNode(0, 11)).toThrow(RangeError);
  });

  it('knows perfect levels', () => {
    expect([1, 2, 3, 4, 8, 12].map(perfectLevel)).toEqual([0, 1, undefined, 2, 3, undefined]);
  });
});
