import { HASH_BYTES, bytesEqual } from '../hash/sha256';
import { type MerkleNodeSource, rangeRoot } from './node-source';
import { assertSize, nodeHash, splitPoint } from './rfc6962';

/**
 * The audit path PATH(m, D[n]) of RFC 6962 §2.1.1 / RFC 9162 §2.1.3.1, leaf-side first: the
 * proof that leaf `leafIndex` (0-based) is in the tree of the first `treeSize` leaves of `source`.
 */
export function inclusionProof(
  source: MerkleNodeSource,
  leafIndex: number,
  treeSize: number,
): Buffer[] {
  assertSize(leafIndex, 'leafIndex');
  assertSize(treeSize, 'treeSize');
  if (treeSize > source.size) {
    throw new RangeError(`tree size ${treeSize} exceeds the ${source.size} leaves stored`);
  }
  if (leafIndex >= treeSize) {
    throw new RangeError(`leaf index ${leafIndex} is not in a tree of size ${treeSize}`);
  }
  const proof: Buffer[] = [];
  path(source, leafIndex, 0, treeSize, proof);
  return proof;
}

function path(source: MerkleNodeSource, m: number, start: number, end: number, out: Buffer[]) {
  const n = end - start;
  if (n <= 1) {
    return;
  }
  const k = splitPoint(n);
  if (m < k) {
    path(source, m, start, start + k, out);
    out.push(rangeRoot(source, start + k, end));
  } else {
    path(source, m - k, start + k, end, out);
    out.push(rangeRoot(source, start, start + k));
  }
}

/**
 * RFC 9162 §2.1.3.2: the root that `proof` leads to from `leafHash` at `leafIndex` in a tree of
 * `treeSize` leaves, or undefined when the proof cannot be valid for that index and size (too
 * short, too long, index out of range, an element that is not 32 bytes).
 */
export function rootFromInclusionProof(
  leafIndex: number,
  treeSize: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
): Buffer | undefined {
  if (!isIndex(leafIndex) || !isIndex(treeSize) || leafIndex >= treeSize) {
    return undefined;
  }
  if (leafHash.byteLength !== HASH_BYTES || proof.some((p) => p.byteLength !== HASH_BYTES)) {
    return undefined;
  }
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r: Buffer = Buffer.from(leafHash);
  for (const p of proof) {
    if (sn === 0) {
      return undefined;
    }
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = fn / 2;
        sn = Math.floor(sn / 2);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : undefined;
}

/** RFC 9162 §2.1.3.2: true when `proof` shows `leafHash` at `leafIndex` in the tree with `root`. */
export function verifyInclusion(
  leafIndex: number,
  treeSize: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  const computed = rootFromInclusionProof(leafIndex, treeSize, leafHash, proof);
  return computed !== undefined && bytesEqual(computed, root);
}

function isIndex(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}
