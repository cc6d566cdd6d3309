import fc from 'fast-check';
import { hex, loadRfc6962Vectors } from '../test-support/rfc6962-vectors';
import { consistencyProof, verifyConsistency } from './consistency-proof';
import { leafHashArraySource } from './node-source';
import { EMPTY_TREE_ROOT, leafHash, merkleRoot } from './rfc6962';

const vectors = loadRfc6962Vectors();
const leafHashes = vectors.leafInputsHex.map((input) => leafHash(hex(input)));
const source = leafHashArraySource(leafHashes);

function rootOf(size: number): Buffer {
  return hex(vectors.rootsBySize[String(size)] ?? '');
}

describe('consistency proofs (RFC 9162 §2.1.4)', () => {
  describe.each(vectors.consistencyProofs)('vector $size1 -> $size2', (vector) => {
    const proof = vector.proofHex.map(hex);
    const root1 = rootOf(vector.size1);
    const root2 = rootOf(vector.size2);

    it('is generated exactly', () => {
      expect(
        consistencyProof(source, vector.size1, vector.size2).map((p) => p.toString('hex')),
      ).toEqual(vector.proofHex);
    });

    it('verifies against the known roots', () => {
      expect(verifyConsistency(vector.size1, vector.size2, root1, root2, proof)).toBe(true);
    });

    it('fails with any one byte flipped in any element', () => {
      for (let element = 0; element < proof.length; element++) {
        for (const byte of [0, 15, 31]) {
          const bad = proof.map((p, i) => {
            const copy = Buffer.from(p);
            if (i === element) {
              copy[byte] = (copy[byte] ?? 0) ^ 0x01;
            }
            return copy;
          });
          expect(verifyConsistency(vector.size1, vector.size2, root1, root2, bad)).toBe(false);
        }
      }
    });

    it('fails for wrong sizes, swapped roots, truncated or extended proofs', () => {
      for (let size1 = 0; size1 <= 9; size1++) {
        if (size1 !== vector.size1) {
          expect(verifyConsistency(size1, vector.size2, root1, root2, proof)).toBe(false);
        }
      }
      // As for inclusion, size2 is bound only through the tree's shape: probe the sizes that change
      // it (the transparency-dev probes), plus anything below size1.
      for (const size2 of [vector.size2 * 2, Math.floor(vector.size2 / 2), vector.size1 - 1, 0]) {
        expect(verifyConsistency(vector.size1, size2, root1, root2, proof)).toBe(false);
      }
      expect(verifyConsistency(vector.size1, vector.size2, root2, root1, proof)).toBe(false);
      expect(verifyConsistency(vector.size1, vector.size2, root1, root2, proof.slice(1))).toBe(
        false,
      );
      expect(verifyConsistency(vector.size1, vector.size2, root1, root2, proof.slice(0, -1))).toBe(
        false,
      );
      expect(verifyConsistency(vector.size1, vector.size2, root1, root2, [...proof, root1])).toBe(
        false,
      );
    });
  });

  it('treats equal sizes and the empty first tree as trivial cases', () => {
    expect(consistencyProof(source, 5, 5)).toEqual([]);
    expect(consistencyProof(source, 0, 5)).toEqual([]);
    expect(verifyConsistency(5, 5, rootOf(5), rootOf(5), [])).toBe(true);
    expect(verifyConsistency(5, 5, rootOf(5), rootOf(6), [])).toBe(false);
    expect(verifyConsistency(5, 5, rootOf(5), rootOf(5), [rootOf(5)])).toBe(false);
    expect(verifyConsistency(0, 5, EMPTY_TREE_ROOT, rootOf(5), [])).toBe(true);
    expect(verifyConsistency(0, 5, rootOf(1), rootOf(5), [])).toBe(false);
    expect(verifyConsistency(6, 5, rootOf(6), rootOf(5), [])).toBe(false);
    expect(verifyConsistency(3, 5, rootOf(3), rootOf(5), [])).toBe(false);
    expect(() => consistencyProof(source, 6, 5)).toThrow(RangeError);
    expect(() => consistencyProof(source, 1, 9)).toThrow(RangeError);
  });

  it('proves every m <= n consistent in random trees', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 64 }), fc.nat(), (size, seed) => {
        const leaves = Array.from({ length: size }, (_, i) =>
          leafHash(Buffer.from(`${seed}/${i}`)),
        );
        const src = leafHashArraySource(leaves);
        const roots = Array.from({ length: size + 1 }, (_, n) => merkleRoot(leaves.slice(0, n)));
        for (let m = 0; m <= size; m++) {
          const proof = consistencyProof(src, m, size);
          expect(verifyConsistency(m, size, roots[m] as Buffer, roots[size] as Buffer, proof)).toBe(
            true,
          );
          if (m > 0 && m < size) {
            expect(
              verifyConsistency(m, size, roots[m - 1] as Buffer, roots[size] as Buffer, proof),
            ).toBe(false);
          }
        }
      }),
      { numRuns: 25 },
    );
  });
});
