import { HASH_BYTES, bytesEqual } from '../hash/sha256';
import { type MerkleNodeSource, rangeRoot } from './node-source';
import { EMPTY_TREE_ROOT, assertSize, isPowerOfTwo, nodeHash, splitPoint } from './rfc6962';

/**
 * PROOF(m, D[n]) of RFC 6962 §2.1.2 / RFC 9162 §2.1.4.1: proves the tree of the first `size1`
 * leaves is a prefix of the tree of the first `size2`. Empty when size1 is 0 or equals size2.
 */
export function consistencyProof(source: MerkleNodeSource, size1: number, size2: number): Buffer[] {
  assertSize(size1, 'size1');
  assertSize(size2, 'size2');
  if (size2 > source.size) {
    throw new RangeError(`tree size ${size2} exceeds the ${source.size} leaves stored`);
  }
  if (size1 > size2) {
    throw new RangeError(`size1 ${size1} is larger than size2 ${size2}`);
  }
  const proof: Buffer[] = [];
  if (size1 === 0 || size1 === size2) {
    return proof;
  }
  subproof(source, size1, 0, size2, true, proof);
  return proof;
}

function subproof(
  source: MerkleNodeSource,
  m: number,
  start: number,
  end: number,
  completeSubtree: boolean,
  out: Buffer[],
): void {
  const n = end - start;
  if (m === n) {
    if (!completeSubtree) {
      out.push(rangeRoot(source, start, end));
    }
    return;
  }
  const k = splitPoint(n);
  if (m <= k) {
    subproof(source, m, start, start + k, completeSubtree, out);
    out.push(rangeRoot(source, start + k, end));
  } else {
    subproof(source, m - k, start + k, end, false, out);
    out.push(rangeRoot(source, start, start + k));
  }
}

/**
 * RFC 9162 §2.1.4.2: true when `proof` shows the tree of `size1` leaves with `root1` is a prefix
 * of the tree of `size2` leaves with `root2`. Equal sizes need an empty proof and equal roots; an
 * empty first tree needs an empty proof and the empty-tree root.
 */
export function verifyConsistency(
  size1: number,
  size2: number,
  root1: Uint8Array,
  root2: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  if (!isIndex(size1) || !isIndex(size2) || size1 > size2) {
    return false;
  }
  if (root1.byteLength !== HASH_BYTES || root2.byteLength !== HASH_BYTES) {
    return false;
  }
  if (proof.some((p) => p.byteLength !== HASH_BYTES)) {
    return false;
  }
  if (size1 === size2) {
    return proof.length === 0 && bytesEqual(root1, root2);
  }
  if (size1 === 0) {
    return proof.length === 0 && bytesEqual(root1, EMPTY_TREE_ROOT);
  }
  if (proof.length === 0) {
    return false;
  }
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : proof;
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  const [first, ...rest] = path;
  if (first === undefined) {
    return false;
  }
  let fr: Buffer = Buffer.from(first);
  let sr: Buffer = Buffer.from(first);
  for (const c of rest) {
    if (sn === 0) {
      return false;
    }
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (fn % 2 === 0 && fn !== 0) {
        fn = fn / 2;
        sn = Math.floor(sn / 2);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && bytesEqual(fr, root1) && bytesEqual(sr, root2);
}

function isIndex(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}
