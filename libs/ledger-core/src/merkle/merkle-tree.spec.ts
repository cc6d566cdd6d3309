import fc from 'fast-check';
import { hex, loadRfc6962Vectors } from '../test-support/rfc6962-vectors';
import { CompactMerkleTree } from './compact-merkle-tree';
import { verifyConsistency } from './consistency-proof';
import { verifyInclusion } from './inclusion-proof';
import { MerkleTree } from './merkle-tree';
import { leafHash, merkleRoot } from './rfc6962';

const vectors = loadRfc6962Vectors();
const leafHashes = vectors.leafInputsHex.map((input) => leafHash(hex(input)));

describe('MerkleTree (stored nodes)', () => {
  const tree = MerkleTree.fromLeafHashes(leafHashes);

  it('reproduces the vector roots for every earlier size', () => {
    for (const [size, root] of Object.entries(vectors.rootsBySize)) {
      expect(tree.root(Number(size)).toString('hex')).toBe(root);
    }
  });

  it('reproduces the vector inclusion and consistency proofs', () => {
    for (const v of vectors.inclusionProofs) {
      expect(tree.inclusionProof(v.leafIndex, v.treeSize).map((p) => p.toString('hex'))).toEqual(
        v.proofHex,
      );
    }
    for (const v of vectors.consistencyProofs) {
      expect(tree.consistencyProof(v.size1, v.size2).map((p) => p.toString('hex'))).toEqual(
        v.proofHex,
      );
    }
  });

  it('returns stored leaf hashes and refuses sizes beyond what it holds', () => {
    expect(tree.leafHash(3)).toEqual(leafHashes[3]);
    expect(() => tree.root(9)).toThrow(RangeError);
    expect(() => tree.leafHash(8)).toThrow(RangeError);
    expect(() => tree.append(Buffer.alloc(33))).toThrow(RangeError);
  });

  it('agrees with the recursive root and the compact tree, and its proofs verify', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2100 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 12 }),
        (size, picks) => {
          const leaves = Array.from({ length: size }, (_, i) => leafHash(Buffer.from(`#${i}`)));
          const stored = new MerkleTree();
          const compact = new CompactMerkleTree();
          leaves.forEach((leaf) => {
            stored.append(leaf);
            compact.append(leaf);
          });
          const root = merkleRoot(leaves);
          expect(stored.root()).toEqual(root);
          expect(compact.root()).toEqual(root);
          for (const [a, b] of picks) {
            const n = 1 + (b % size);
            const m = a % (n + 1);
            const rootN = stored.root(n);
            expect(rootN).toEqual(merkleRoot(leaves.slice(0, n)));
            const index = a % n;
            expect(
              verifyInclusion(
                index,
                n,
                leaves[index] as Buffer,
                stored.inclusionProof(index, n),
                rootN,
              ),
            ).toBe(true);
            expect(
              verifyConsistency(m, n, stored.root(m), rootN, stored.consistencyProof(m, n)),
            ).toBe(true);
          }
        },
      ),
      { numRuns: 30 },
    );
  });
});
