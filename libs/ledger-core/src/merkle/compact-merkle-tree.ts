import { HASH_BYTES } from '../hash/sha256';
import { EMPTY_TREE_ROOT, assertSize, nodeHash } from './rfc6962';

/**
 * An append-only RFC 6962 tree that keeps only its frontier: the roots of the perfect subtrees
 * that make up the current size (one per set bit of the size, largest first). Append is O(1)
 * amortised hashing (at most log2 n), root is O(log n), memory is O(log n). It cannot produce
 * proofs; {@link MerkleTree} stores every node for that.
 */
export class CompactMerkleTree {
  private readonly frontierHashes: Buffer[] = [];
  private count = 0;

  /** Number of leaves appended. */
  get size(): number {
    return this.count;
  }

  /** Appends one 32-byte leaf hash (SHA-256(0x00 ‖ data), see `leafHash`). */
  append(leafHashBytes: Uint8Array): void {
    if (leafHashBytes.byteLength !== HASH_BYTES) {
      throw new RangeError('a leaf hash must be 32 bytes');
    }
    if (this.count >= Number.MAX_SAFE_INTEGER) {
      throw new RangeError('tree is full');
    }
    let hash: Buffer = Buffer.from(leafHashBytes);
    // Each trailing 1 bit of the old size is a perfect subtree of the same height as the one
    // being carried: merge them, exactly like a binary increment.
    let carry = this.count;
    while (carry % 2 === 1) {
      const left = this.frontierHashes.pop();
      if (left === undefined) {
        throw new Error('compact tree frontier is inconsistent with its size');
      }
      hash = nodeHash(left, hash);
      carry = Math.floor(carry / 2);
    }
    this.frontierHashes.push(hash);
    this.count++;
  }

  /** MTH of all leaves appended so far; the empty-tree root when there are none. */
  root(): Buffer {
    const last = this.frontierHashes.length - 1;
    const top = this.frontierHashes[last];
    if (top === undefined) {
      return Buffer.from(EMPTY_TREE_ROOT);
    }
    let root: Buffer = top;
    for (let i = last - 1; i >= 0; i--) {
      root = nodeHash(this.frontierHashes[i] as Buffer, root);
    }
    return last === 0 ? Buffer.from(root) : root;
  }

  /** The frontier, largest subtree first: persist it with the size to resume appending later. */
  frontier(): Buffer[] {
    return this.frontierHashes.map((h) => Buffer.from(h));
  }

  /** A tree resumed from a persisted size and frontier (one hash per set bit of `size`). */
  static fromFrontier(size: number, frontier: readonly Uint8Array[]): CompactMerkleTree {
    assertSize(size, 'size');
    if (frontier.length !== popCount(size)) {
      throw new RangeError(`a tree of ${size} leaves has ${popCount(size)} frontier hashes`);
    }
    const tree = new CompactMerkleTree();
    for (const hash of frontier) {
      if (hash.byteLength !== HASH_BYTES) {
        throw new RangeError('frontier hashes must be 32 bytes');
      }
      tree.frontierHashes.push(Buffer.from(hash));
    }
    tree.count = size;
    return tree;
  }

  /** An independent copy. */
  clone(): CompactMerkleTree {
    return CompactMerkleTree.fromFrontier(this.count, this.frontierHashes);
  }
}

function popCount(n: number): number {
  let bits = 0;
  let rest = n;
  while (rest > 0) {
    bits += rest % 2;
    rest = Math.floor(rest / 2);
  }
  return bits;
}
