import { HASH_BYTES } from '../hash/sha256';
import { consistencyProof } from './consistency-proof';
import { inclusionProof } from './inclusion-proof';
import { type MerkleNodeSource, rangeRoot } from './node-source';
import { nodeHash } from './rfc6962';

/** A growable column of 32-byte hashes in one contiguous buffer (no object per hash). */
class HashColumn {
  private bytes = new Uint8Array(HASH_BYTES * 1024);
  length = 0;

  push(hash: Uint8Array): void {
    const offset = this.length * HASH_BYTES;
    if (offset + HASH_BYTES > this.bytes.byteLength) {
      const grown = new Uint8Array(this.bytes.byteLength * 2);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    this.bytes.set(hash, offset);
    this.length++;
  }

  /** A view of slot `i`; slots are never rewritten, so the view stays valid. */
  get(i: number): Uint8Array {
    if (!(i >= 0 && i < this.length)) {
      throw new RangeError(`no hash at slot ${i}`);
    }
    const offset = i * HASH_BYTES;
    return this.bytes.subarray(offset, offset + HASH_BYTES);
  }
}

/**
 * An append-only RFC 6962 tree that stores every perfect subtree root (about 2n hashes, 64 bytes
 * per leaf), so appends cost O(1) amortised hashes and roots, inclusion proofs and consistency
 * proofs for any earlier size cost O(log n). The ledger rebuilds it from stored leaf hashes at
 * start-up with {@link MerkleTree.fromLeafHashes}.
 */
export class MerkleTree implements MerkleNodeSource {
  private readonly levels: HashColumn[] = [new HashColumn()];

  get size(): number {
    return this.column(0).length;
  }

  append(leafHashBytes: Uint8Array): void {
    if (leafHashBytes.byteLength !== HASH_BYTES) {
      throw new RangeError('a leaf hash must be 32 bytes');
    }
    this.column(0).push(leafHashBytes);
    let index = this.size - 1;
    let level = 0;
    while (index % 2 === 1) {
      const column = this.column(level);
      const parent = nodeHash(column.get(index - 1), column.get(index));
      if (this.levels.length === level + 1) {
        this.levels.push(new HashColumn());
      }
      this.column(level + 1).push(parent);
      index = (index - 1) / 2;
      level++;
    }
  }

  perfectNode(level: number, index: number): Uint8Array {
    return this.column(level).get(index);
  }

  /** The leaf hash at 0-based `index`. */
  leafHash(index: number): Buffer {
    return Buffer.from(this.column(0).get(index));
  }

  /** MTH of the first `treeSize` leaves (default: all). */
  root(treeSize: number = this.size): Buffer {
    return rangeRoot(this, 0, treeSize);
  }

  /** Audit path for the leaf at 0-based `leafIndex` in the tree of the first `treeSize` leaves. */
  inclusionProof(leafIndex: number, treeSize: number = this.size): Buffer[] {
    return inclusionProof(this, leafIndex, treeSize);
  }

  /** Consistency proof from the tree of `size1` leaves to the tree of `size2` leaves. */
  consistencyProof(size1: number, size2: number = this.size): Buffer[] {
    return consistencyProof(this, size1, size2);
  }

  static fromLeafHashes(leafHashes: Iterable<Uint8Array>): MerkleTree {
    const tree = new MerkleTree();
    for (const leaf of leafHashes) {
      tree.append(leaf);
    }
    return tree;
  }

  private column(level: number): HashColumn {
    const column = this.levels[level];
    if (column === undefined) {
      throw new RangeError(`no level ${level} in a tree of ${this.size} leaves`);
    }
    return column;
  }
}
