import { EMPTY_TREE_ROOT, assertSize, nodeHash, splitPoint } from './rfc6962';

/**
 * Where proofs read tree nodes from. `perfectNode(level, index)` is the root of the perfect
 * subtree of 2^level leaves whose first leaf is `index * 2^level`; it is only asked for subtrees
 * that lie entirely within the first `size` leaves.
 */
export interface MerkleNodeSource {
  readonly size: number;
  perfectNode(level: number, index: number): Uint8Array;
}

/**
 * MTH(D[start:end]) over a node source. Every range the RFC 6962 proof recursions ask for is a
 * left-aligned power of two or splits into such ranges, so with a source that stores the perfect
 * subtrees ({@link MerkleTree}) this is O(log n) hashes.
 */
export function rangeRoot(source: MerkleNodeSource, start: number, end: number): Buffer {
  assertSize(start, 'start');
  assertSize(end, 'end');
  if (start > end || end > source.size) {
    throw new RangeError(`range [${start}, ${end}) is outside a tree of ${source.size} leaves`);
  }
  return rangeRootUnchecked(source, start, end);
}

function rangeRootUnchecked(source: MerkleNodeSource, start: number, end: number): Buffer {
  const n = end - start;
  if (n === 0) {
    return Buffer.from(EMPTY_TREE_ROOT);
  }
  const level = perfectLevel(n);
  if (level !== undefined && start % n === 0) {
    return Buffer.from(source.perfectNode(level, start / n));
  }
  const k = splitPoint(n);
  return nodeHash(
    rangeRootUnchecked(source, start, start + k),
    rangeRootUnchecked(source, start + k, end),
  );
}

/** log2(n) when n is a power of two, otherwise undefined. */
export function perfectLevel(n: number): number | undefined {
  let level = 0;
  let k = 1;
  while (k < n) {
    k *= 2;
    level++;
  }
  return k === n ? level : undefined;
}

/**
 * A node source over a plain array of leaf hashes. Perfect subtrees are recomputed on demand
 * (O(2^level) hashes each), so proofs cost O(n): fine for tests and small trees.
 */
export function leafHashArraySource(leafHashes: readonly Uint8Array[]): MerkleNodeSource {
  const perfect = (level: number, index: number): Uint8Array => {
    if (level === 0) {
      const leaf = leafHashes[index];
      if (leaf === undefined) {
        throw new RangeError(`no leaf at index ${index}`);
      }
      return leaf;
    }
    return nodeHash(perfect(level - 1, 2 * index), perfect(level - 1, 2 * index + 1));
  };
  return { size: leafHashes.length, perfectNode: perfect };
}
