import { hex, loadRfc6962Vectors } from '../test-support/rfc6962-vectors';
import {
  EMPTY_TREE_ROOT,
  isPowerOfTwo,
  leafHash,
  merkleRoot,
  nodeHash,
  splitPoint,
} from './rfc6962';

const vectors = loadRfc6962Vectors();
const leafHashes = vectors.leafInputsHex.map((input) => leafHash(hex(input)));

describe('RFC 6962 hashing', () => {
  it('hashes every vector leaf as SHA-256(0x00 ‖ data)', () => {
    expect(leafHashes.map((h) => h.toString('hex'))).toEqual(vectors.leafHashesHex);
  });

  it('has SHA-256("") as the empty-tree root', () => {
    expect(EMPTY_TREE_ROOT.toString('hex')).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });

  it.each(Object.entries(vectors.rootsBySize))('reproduces the root of size %s', (size, root) => {
    expect(merkleRoot(leafHashes.slice(0, Number(size))).toString('hex')).toBe(root);
  });

  it('hashes nodes as SHA-256(0x01 ‖ left ‖ right)', () => {
    const [a, b] = leafHashes;
    expect(nodeHash(a as Buffer, b as Buffer).toString('hex')).toBe(vectors.rootsBySize['2']);
    expect(() => nodeHash(Buffer.alloc(31), b as Buffer)).toThrow(RangeError);
  });

  it('splits at the largest power of two below n', () => {
    expect([2, 3, 4, 5, 8, 9, 1000].map(splitPoint)).toEqual([1, 2, 2, 4, 4, 8, 512]);
    expect(() => splitPoint(1)).toThrow(RangeError);
    expect([0, 1, 2, 3, 4, 6, 1024].map(isPowerOfTwo)).toEqual([
      false,
      true,
      true,
      false,
      true,
      false,
      true,
    ]);
  });
});
