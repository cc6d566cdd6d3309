// The browser verifier against the ledger's own code: proofs and signatures made by
// libs/ledger-core must pass, and any change to the entry, the path or the checkpoint must fail.
import fc from 'fast-check';
import {
  canonicalCheckpointJson,
  canonicalKeyRotationBytes,
  keyRotationToJson,
  signKeyRotation,
  checkpointFromJson,
  checkpointToJson,
  createCheckpointSigner,
  generateSigningKeyPair,
  inclusionProof,
  leafHash as coreLeafHash,
  MerkleTree,
  signCheckpoint,
} from '@riskpool/ledger-core';
import {
  canonicalCheckpointText,
  canonicalKeyRotationText,
  InclusionProofJson,
  verifyEntry,
} from './verify-entry';

const keys = generateSigningKeyPair();
const signer = createCheckpointSigner(keys.privateKeyPem);

function ledgerOf(size: number, by = signer) {
  const entries = Array.from({ length: size }, (_, i) =>
    Buffer.from(`{"seq":"${i + 1}","postings":[]}`, 'utf8'),
  );
  const tree = new MerkleTree();
  for (const e of entries) tree.append(coreLeafHash(e));
  const checkpoint = checkpointToJson(
    signCheckpoint(
      {
        treeSize: BigInt(size),
        rootHash: tree.root().toString('hex'),
        chainHash: 'ab'.repeat(32),
        issuedAt: '2026-06-01T08:00:00.000Z',
      },
      by,
    ),
  );
  const proofOf = (index: number): InclusionProofJson => ({
    seq: String(index + 1),
    leafIndex: String(index),
    treeSize: String(size),
    leafHash: coreLeafHash(entries[index] as Buffer).toString('hex'),
    auditPath: inclusionProof(tree, index, size).map((h) => h.toString('hex')),
    rootHash: checkpoint.rootHash,
    checkpoint,
  });
  return { entries, proofOf };
}

const flipHex = (hex: string): string => (hex[0] === '0' ? '1' : '0') + hex.slice(1);

describe('verifyEntry', () => {
  it('signs the same text as the ledger', () => {
    const { proofOf } = ledgerOf(3);
    const cp = proofOf(0).checkpoint;
    expect(canonicalCheckpointText(cp)).toBe(canonicalCheckpointJson(checkpointFromJson(cp)));
  });

  it('accepts every entry of ledgers of many sizes, proven by the ledger code', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .integer({ min: 1, max: 40 })
          .chain((size) => fc.tuple(fc.constant(size), fc.integer({ min: 0, max: size - 1 }))),
        async ([size, index]) => {
          const { entries, proofOf } = ledgerOf(size);
          const result = await verifyEntry({
            canonicalBase64: (entries[index] as Buffer).toString('base64'),
            proof: proofOf(index),
            publicKeyPem: keys.publicKeyPem,
            expectedKeyId: keys.keyId,
          });
          expect(result.checks.filter((c) => !c.ok)).toEqual([]);
          expect(result.ok).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  describe('rejects, naming the failed check', () => {
    const { entries, proofOf } = ledgerOf(11);
    const good = {
      canonicalBase64: (entries[6] as Buffer).toString('base64'),
      proof: proofOf(6),
      expectedKeyId: keys.keyId,
    };
    const failed = async (input: Parameters<typeof verifyEntry>[0]) => {
      const result = await verifyEntry(input);
      expect(result.ok).toBe(false);
      return result.checks.filter((c) => !c.ok).map((c) => c.name);
    };

    it('an entry whose bytes were changed', async () => {
      const changed = Buffer.from(entries[6] as Buffer);
      changed[3] = 0x41;
      expect(
        await failed({
          ...good,
          canonicalBase64: changed.toString('base64'),
          publicKeyPem: keys.publicKeyPem,
        }),
      ).toEqual(expect.arrayContaining(['leaf', 'path']));
    });

    it('an audit path with one hash changed', async () => {
      const auditPath = [...good.proof.auditPath];
      auditPath[1] = flipHex(auditPath[1] as string);
      expect(
        await failed({
          ...good,
          proof: { ...good.proof, auditPath },
          publicKeyPem: keys.publicKeyPem,
        }),
      ).toEqual(['path']);
    });

    it('an audit path that is one hash short', async () => {
      expect(
        await failed({
          ...good,
          proof: { ...good.proof, auditPath: good.proof.auditPath.slice(1) },
          publicKeyPem: keys.publicKeyPem,
        }),
      ).toEqual(['path']);
    });

    it('a checkpoint whose root was replaced (the signature no longer matches)', async () => {
      const rootHash = flipHex(good.proof.checkpoint.rootHash);
      expect(
        await failed({
          ...good,
          proof: { ...good.proof, rootHash, checkpoint: { ...good.proof.checkpoint, rootHash } },
          publicKeyPem: keys.publicKeyPem,
        }),
      ).toEqual(['path', 'signature']);
    });

    it('a checkpoint signed by another key', async () => {
      const other = generateSigningKeyPair();
      expect(await failed({ ...good, publicKeyPem: other.publicKeyPem })).toEqual([
        'pinned',
        'keyId',
        'signature',
      ]);
    });

    it('no pinned key id', async () => {
      expect(await failed({ ...good, publicKeyPem: keys.publicKeyPem, expectedKeyId: '' })).toEqual(
        ['pinned'],
      );
    });

    it('a ledger re-signed with a new key that the API now serves', async () => {
      const other = generateSigningKeyPair();
      const resigned = ledgerOf(11, createCheckpointSigner(other.privateKeyPem));
      expect(
        await failed({ ...good, proof: resigned.proofOf(6), publicKeyPem: other.publicKeyPem }),
      ).toEqual(['pinned']);
    });
  });

  describe('key rotation', () => {
    const next = generateSigningKeyPair();
    const { entries, proofOf } = ledgerOf(5, createCheckpointSigner(next.privateKeyPem));
    const at = {
      treeSize: 3n,
      rootHash: 'cd'.repeat(32),
      chainHash: 'ef'.repeat(32),
      rotatedAt: '2026-06-01T09:00:00.000Z',
    };
    const input = (rotatedBy: ReturnType<typeof createCheckpointSigner>) => ({
      canonicalBase64: (entries[1] as Buffer).toString('base64'),
      proof: proofOf(1),
      publicKeyPem: next.publicKeyPem,
      publicKeys: [{ keyId: keys.keyId, publicKeyPem: keys.publicKeyPem }],
      rotations: [keyRotationToJson(signKeyRotation(at, rotatedBy, next.publicKeyPem))],
      expectedKeyId: keys.keyId,
    });

    it('signs the same rotation text as the ledger', () => {
      const rotation = signKeyRotation(at, signer, next.publicKeyPem);
      expect(canonicalKeyRotationText(keyRotationToJson(rotation))).toBe(
        canonicalKeyRotationBytes(rotation).toString('utf8'),
      );
    });

    it('follows a rotation the pinned key signed', async () => {
      const result = await verifyEntry(input(signer));
      expect(result.checks.filter((c) => !c.ok)).toEqual([]);
    });

    it('refuses one signed by another key in the pinned key’s name', async () => {
      const stranger = createCheckpointSigner(generateSigningKeyPair().privateKeyPem);
      const result = await verifyEntry(input({ ...stranger, keyId: keys.keyId }));
      expect(result.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(['pinned']);
    });
  });
});
