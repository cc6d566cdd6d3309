import fc from 'fast-check';
import { hex, loadRfc6962Vectors } from '../test-support/rfc6962-vectors';
import { CompactMerkleTree } from './compact-merkle-tree';
import { leafHash, merkleRoot } from './rfc6962';

const vectors = loadRfc6962Vectors();

describe('CompactMerkleTree', () => {
  it('reproduces every vector root while appending', () => {
    const tree = new CompactMerkleTree();
    expect(tree.root().toString('hex')).toBe(vectors.rootsBySize['0']);
    vectors.leafInputsHex.forEach((input, i) => {
      tree.append(leafHash(hex(input)));
      expect(tree.size).toBe(i + 1);
      expect(tree.root().toString('hex')).toBe(vectors.rootsBySize[String(i + 1)]);
    });
  });

  it('keeps one frontier hash per set bit of the size', () => {
    const tree = new CompactMerkleTree();
    for (let i = 0; i < 13; i++) {
      tree.append(leafHash(Buffer.from([i])));
    }
    expect(tree.frontier()).toHaveLength(3);
  });

  it('equals the recursive root for random sizes, and resumes from its frontier', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.nat(), (size, split) => {
        const leaves = Array.from({ length: size }, (_, i) => leafHash(Buffer.from(`leaf ${i}`)));
        const tree = new CompactMerkleTree();
        const cut = size === 0 ? 0 : split % (size + 1);
        leaves.slice(0, cut).forEach((leaf) => tree.append(leaf));
        const resumed = CompactMerkleTree.fromFrontier(tree.size, tree.frontier());
        expect(resumed.root()).toEqual(merkleRoot(leaves.slice(0, cut)));
        leaves.slice(cut).forEach((leaf) => resumed.append(leaf));
        expect(resumed.root()).toEqual(merkleRoot(leaves));
        expect(resumed.size).toBe(size);
      }),
      { numRuns: 60 },
    );
  });

  it('rejects malformed input', () => {
    expect(() => new CompactMerkleTree().append(Buffer.alloc(31))).toThrow(RangeError);
    expect(() => CompactMerkleTree.fromFrontier(3, [Buffer.alloc(32)])).toThrow(RangeError);
    expect(() => CompactMerkleTree.fromFrontier(1, [Buffer.alloc(30)])).toThrow(RangeError);
  });

  it('clones independently', () => {
    const tree = new CompactMerkleTree();
    tree.append(leafHash(Buffer.from('a')));
    const copy = tree.clone();
    copy.append(leafHash(Buffer.from('b')));
    expect(tree.size).toBe(1);
    expect(copy.size).toBe(2);
  });
});
