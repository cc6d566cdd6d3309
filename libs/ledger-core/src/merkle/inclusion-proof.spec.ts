import fc from 'fast-check';
import { hex, loadRfc6962Vectors } from '../test-support/rfc6962-vectors';
import { inclusionProof, rootFromInclusionProof, verifyInclusion } from './inclusion-proof';
import { leafHashArraySource } from './node-source';
import { leafHash, merkleRoot } from './rfc6962';

const vectors = loadRfc6962Vectors();
const leafHashes = vectors.leafInputsHex.map((input) => leafHash(hex(input)));
const source = leafHashArraySource(leafHashes);

function rootOf(size: number): Buffer {
  return hex(vectors.rootsBySize[String(size)] ?? '');
}

function flipByte(proof: readonly Buffer[], element: number, byte: number): Buffer[] {
  return proof.map((p, i) => {
    const copy = Buffer.from(p);
    if (i === element) {
      copy[byte] = (copy[byte] ?? 0) ^ 0x01;
    }
    return copy;
  });
}

describe('inclusion proofs (RFC 9162 §2.1.3)', () => {
  describe.each(vectors.inclusionProofs)('vector leaf $leafIndex of $treeSize', (vector) => {
    const proof = vector.proofHex.map(hex);
    const leaf = leafHashes[vector.leafIndex] as Buffer;

    it('is generated exactly', () => {
      expect(
        inclusionProof(source, vector.leafIndex, vector.treeSize).map((p) => p.toString('hex')),
      ).toEqual(vector.proofHex);
    });

    it('verifies against the known root', () => {
      expect(
        verifyInclusion(vector.leafIndex, vector.treeSize, leaf, proof, rootOf(vector.treeSize)),
      ).toBe(true);
    });

    it('fails with any one byte flipped in any proof element', () => {
      for (let element = 0; element < proof.length; element++) {
        for (const byte of [0, 17, 31]) {
          const bad = flipByte(proof, element, byte);
          expect(
            verifyInclusion(vector.leafIndex, vector.treeSize, leaf, bad, rootOf(vector.treeSize)),
          ).toBe(false);
        }
      }
    });

    it('fails for a flipped leaf, a wrong index, a wrong size or a wrong root', () => {
      const root = rootOf(vector.treeSize);
      const badLeaf = Buffer.from(leaf);
      badLeaf[0] = (badLeaf[0] ?? 0) ^ 0x80;
      expect(verifyInclusion(vector.leafIndex, vector.treeSize, badLeaf, proof, root)).toBe(false);
      for (let index = 0; index < vector.treeSize + 2; index++) {
        if (index !== vector.leafIndex) {
          expect(verifyInclusion(index, vector.treeSize, leaf, proof, root)).toBe(false);
        }
      }
      // The RFC algorithm binds the size only through the tree's shape along the path, so sizes
      // that give the same shape verify too (that is why a checkpoint signs size and root
      // together). Sizes that change the height, or exclude the leaf, must fail.
      const wrongSizes = [
        vector.treeSize * 2,
        Math.floor(vector.treeSize / 2),
        vector.leafIndex,
        0,
      ];
      for (const size of wrongSizes) {
        expect(verifyInclusion(vector.leafIndex, size, leaf, proof, root)).toBe(false);
      }
      expect(
        verifyInclusion(
          vector.leafIndex,
          vector.treeSize,
          leaf,
          proof,
          rootOf(vector.treeSize - 1),
        ),
      ).toBe(false);
    });

    it('fails when the proof is truncated, extended or malformed', () => {
      const root = rootOf(vector.treeSize);
      expect(
        verifyInclusion(vector.leafIndex, vector.treeSize, leaf, proof.slice(0, -1), root),
      ).toBe(false);
      expect(verifyInclusion(vector.leafIndex, vector.treeSize, leaf, [...proof, leaf], root)).toBe(
        false,
      );
      const short = proof.map((p, i) => (i === 0 ? p.subarray(0, 31) : p));
      expect(verifyInclusion(vector.leafIndex, vector.treeSize, leaf, short, root)).toBe(false);
    });
  });

  it('proves the single leaf of a one-leaf tree with an empty path', () => {
    expect(inclusionProof(source, 0, 1)).toEqual([]);
    expect(verifyInclusion(0, 1, leafHashes[0] as Buffer, [], rootOf(1))).toBe(true);
    expect(rootFromInclusionProof(0, 0, leafHashes[0] as Buffer, [])).toBeUndefined();
  });

  it('refuses to generate a proof outside the tree', () => {
    expect(() => inclusionProof(source, 8, 8)).toThrow(RangeError);
    expect(() => inclusionProof(source, 0, 9)).toThrow(RangeError);
    expect(() => inclusionProof(source, -1, 4)).toThrow(RangeError);
  });

  it('verifies every proof of every leaf in random trees', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 70 }), fc.nat(), (size, seed) => {
        const leaves = Array.from({ length: size }, (_, i) =>
          leafHash(Buffer.from(`${seed}:${i}`)),
        );
        const root = merkleRoot(leaves);
        const src = leafHashArraySource(leaves);
        for (let i = 0; i < size; i++) {
          const proof = inclusionProof(src, i, size);
          expect(verifyInclusion(i, size, leaves[i] as Buffer, proof, root)).toBe(true);
          if (size > 1) {
            expect(verifyInclusion((i + 1) % size, size, leaves[i] as Buffer, proof, root)).toBe(
              false,
            );
          }
        }
      }),
      { numRuns: 40 },
    );
  });
});
