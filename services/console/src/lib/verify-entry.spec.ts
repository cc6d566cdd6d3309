// The browser verifier against the ledger's own code: proofs and signatures made by
// libs/ledger-core must pass, and any change to the entry, the path or the checkpoint must fail.
import fc from 'fast-check';
import {
  canonicalCheckpointJson,
  checkpointFromJson,
  checkpointToJson,
  createCheckpointSigner,
  generateSigningKeyPair,
  inclusionProof,
  leafHash as coreLeafHash,
  MerkleTree,
  signCheckpoint,
} from '@riskpool/ledger-core';
import { canonicalCheckpointText, InclusionProofJson, verifyEntry } from './verify-entry';

const keys = generateSigningKeyPair();
const signer = createCheckpointSigner(keys.privateKeyPem);

function ledgerOf(size: number) {
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
      signer,
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
    const good = { canonicalBase64: (entries[6] as Buffer).toString('base64'), proof: proofOf(6) };
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
        'keyId',
        'signature',
      ]);
    });
  });
});
