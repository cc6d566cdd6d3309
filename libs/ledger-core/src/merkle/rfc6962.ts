import { hash as oneShotHash } from 'node:crypto';
import { HASH_BYTES, sha256 } from '../hash/sha256';

/**
 * RFC 6962 §2.1 / RFC 9162 §2.1.1 hashing with SHA-256:
 *   leaf hash  = SHA-256(0x00 ‖ data)
 *   node hash  = SHA-256(0x01 ‖ left ‖ right)
 *   MTH({})    = SHA-256("")
 */
export const LEAF_PREFIX = 0x00;
export const NODE_PREFIX = 0x01;

/** MTH of the empty tree: SHA-256 of the empty string. */
export const EMPTY_TREE_ROOT: Buffer = sha256(new Uint8Array(0));

/**
 * The UTF-8 bytes of `text` and their leaf hash, encoding the text once straight after the 0x00
 * prefix (the hot path of appending and verifying entries).
 */
export function utf8WithLeafHash(text: string): { bytes: Buffer; leafHash: Buffer } {
  const prefixed = Buffer.allocUnsafe(1 + Buffer.byteLength(text, 'utf8'));
  prefixed[0] = LEAF_PREFIX;
  prefixed.write(text, 1, 'utf8');
  return { bytes: prefixed.subarray(1), leafHash: oneShotHash('sha256', prefixed, 'buffer') };
}

/** SHA-256(0x00 ‖ data). */
export function leafHash(data: Uint8Array): Buffer {
  const buf = Buffer.allocUnsafe(1 + data.byteLength);
  buf[0] = LEAF_PREFIX;
  buf.set(data, 1);
  return oneShotHash('sha256', buf, 'buffer');
}

// One scratch buffer reused for every interior node: hashing is synchronous, so no two calls
// can interleave.
const nodeScratch = Buffer.alloc(1 + 2 * HASH_BYTES);
nodeScratch[0] = NODE_PREFIX;

/** SHA-256(0x01 ‖ left ‖ right); both children must be 32-byte hashes. */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  if (left.byteLength !== HASH_BYTES || right.byteLength !== HASH_BYTES) {
    throw new RangeError('node children must be 32-byte hashes');
  }
  nodeScratch.set(left, 1);
  nodeScratch.set(right, 1 + HASH_BYTES);
  return oneShotHash('sha256', nodeScratch, 'buffer');
}

/** The largest power of two strictly smaller than `n` (the RFC's split point `k`); n ≥ 2. */
export function splitPoint(n: number): number {
  assertSize(n, 'n');
  if (n < 2) {
    throw new RangeError(`split point needs n >= 2, got ${n}`);
  }
  let k = 1;
  while (k * 2 < n) {
    k *= 2;
  }
  return k;
}

/** True when `n` is 1, 2, 4, 8, ... */
export function isPowerOfTwo(n: number): boolean {
  if (n < 1) {
    return false;
  }
  let k = 1;
  while (k < n) {
    k *= 2;
  }
  return k === n;
}

/**
 * MTH(D[n]) computed straight from the RFC definition (recursive, O(n) hashes). The reference
 * against which the faster trees are tested; use {@link CompactMerkleTree} or {@link MerkleTree}
 * for anything large.
 */
export function merkleRoot(leafHashes: readonly Uint8Array[]): Buffer {
  if (leafHashes.length === 0) {
    return Buffer.from(EMPTY_TREE_ROOT);
  }
  return subtreeRoot(leafHashes, 0, leafHashes.length);
}

function subtreeRoot(leaves: readonly Uint8Array[], start: number, end: number): Buffer {
  const n = end - start;
  if (n === 1) {
    return Buffer.from(at(leaves, start));
  }
  const k = splitPoint(n);
  return nodeHash(subtreeRoot(leaves, start, start + k), subtreeRoot(leaves, start + k, end));
}

/** Tree sizes and indices are safe non-negative integers (trees up to 2^53 - 1 leaves). */
export function assertSize(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative safe integer, got ${String(value)}`);
  }
}

function at(leaves: readonly Uint8Array[], i: number): Uint8Array {
  const leaf = leaves[i];
  if (leaf === undefined) {
    throw new RangeError(`no leaf at index ${i}`);
  }
  return leaf;
}
