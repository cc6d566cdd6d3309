import {
  type CheckpointSigner,
  createCheckpointSigner,
  generateSigningKeyPair,
} from '../checkpoint/checkpoint-signing';
import type { SignedCheckpoint } from '../checkpoint/checkpoint';
import { signKeyRotation } from '../checkpoint/key-rotation';
import { LedgerState } from '../ledger/ledger-state';
import { buildExport, depositDraft, event } from '../test-support/ledger-fixtures';
import { type ExportRecord, exportKeyRotationRecord } from './export-format';
import { type VerifyOptions, verifyExport } from './export-verifier';

const T1 = '2026-03-01T00:00:00.000Z';
const keyA = generateSigningKeyPair();
const keyB = generateSigningKeyPair();
const keyC = generateSigningKeyPair();
const signerA = createCheckpointSigner(keyA.privateKeyPem);
const signerB = createCheckpointSigner(keyB.privateKeyPem);
const signerC = createCheckpointSigner(keyC.privateKeyPem);

const batch = (tag: string, amounts: readonly bigint[]) =>
  amounts.map((amount, i) => event(`${tag}-${i}`, [depositDraft('CITY', amount)]));

/**
 * Two batches signed by `first`; then, when `rotateWith` is given, a rotation to `second` signed
 * by `rotateWith`, and a third batch signed by `second`.
 */
function history(options: {
  first: CheckpointSigner;
  amounts?: readonly bigint[];
  rotateWith?: CheckpointSigner;
  second?: CheckpointSigner;
}): { records: ExportRecord[]; checkpoints: SignedCheckpoint[] } {
  const state = new LedgerState();
  const head = buildExport(state, options.first, [
    batch('a', options.amounts ?? [100n, 200n]),
    batch('b', [300n]),
  ]);
  if (options.rotateWith === undefined || options.second === undefined) return head;
  const last = head.checkpoints[head.checkpoints.length - 1] as SignedCheckpoint;
  const rotation = signKeyRotation(
    { ...last, rotatedAt: T1 },
    options.rotateWith,
    options.second.publicKeyPem,
  );
  // Without consistency proofs: the tail's would start from the empty tree, not from size 3.
  const tail = buildExport(state, options.second, [batch('c', [400n, 500n])], false);
  return {
    // The tail's own header is dropped: one export, one header.
    records: [...head.records, exportKeyRotationRecord(rotation), ...tail.records.slice(1)],
    checkpoints: [...head.checkpoints, ...tail.checkpoints],
  };
}

function verify(records: readonly ExportRecord[], key: string, options: VerifyOptions = {}) {
  // The records as a reader gets them: JSON.
  return verifyExport(JSON.parse(JSON.stringify(records)) as unknown[], key, options);
}

describe('the pinned key id', () => {
  it('accepts an export signed by the pinned key and names it', () => {
    const result = verify(history({ first: signerA }).records, keyA.publicKeyPem, {
      expectedKeyId: keyA.keyId,
    });
    expect(result).toMatchObject({ ok: true, keyId: keyA.keyId, keyIds: [keyA.keyId] });
  });

  it('refuses a public key that is not the pinned one, before any record', () => {
    const result = verify(history({ first: signerC }).records, keyC.publicKeyPem, {
      expectedKeyId: keyA.keyId,
    });
    expect(result).toMatchObject({ ok: false, reason: 'PINNED_KEY_MISMATCH', record: 0 });
  });

  it('refuses checkpoints signed by another key', () => {
    const result = verify(history({ first: signerC }).records, keyA.publicKeyPem, {
      expectedKeyId: keyA.keyId,
    });
    expect(result).toMatchObject({ ok: false, reason: 'CHECKPOINT_SIGNATURE_INVALID' });
  });
});

describe('key rotation', () => {
  it('follows a rotation signed by the key in force', () => {
    const { records } = history({ first: signerA, rotateWith: signerA, second: signerB });
    const result = verify(records, keyA.publicKeyPem, { expectedKeyId: keyA.keyId });
    expect(result).toMatchObject({
      ok: true,
      entries: 5,
      keyId: keyB.keyId,
      keyIds: [keyA.keyId, keyB.keyId],
    });
  });

  it('refuses a rotation signed by the new key or by a stranger', () => {
    for (const forger of [signerB, signerC]) {
      // It names the key in force as the one it retires, but another key signed it.
      const rotateWith = { ...forger, keyId: signerA.keyId };
      const { records } = history({ first: signerA, rotateWith, second: signerB });
      const index = records.findIndex((r) => r.type === 'key-rotation');
      expect(verify(records, keyA.publicKeyPem, { expectedKeyId: keyA.keyId })).toMatchObject({
        ok: false,
        reason: 'KEY_ROTATION_INVALID',
        record: index,
        firstBadSeq: 4n,
      });
    }
  });

  it('refuses checkpoints of the new key without the rotation', () => {
    const { records } = history({ first: signerA, rotateWith: signerA, second: signerB });
    const without = records.filter((r) => r.type !== 'key-rotation');
    expect(verify(without, keyA.publicKeyPem, { expectedKeyId: keyA.keyId })).toMatchObject({
      ok: false,
      reason: 'CHECKPOINT_SIGNATURE_INVALID',
      checkpointTreeSize: 5n,
    });
  });

  it('refuses a rotation that is not right after the retiring key’s checkpoint of its size', () => {
    const { records } = history({ first: signerA, rotateWith: signerA, second: signerB });
    const index = records.findIndex((r) => r.type === 'key-rotation');
    const moved = [...records];
    const [rotation] = moved.splice(index, 1);
    moved.splice(index - 1, 0, rotation as ExportRecord);
    expect(verify(moved, keyA.publicKeyPem)).toMatchObject({
      ok: false,
      reason: 'KEY_ROTATION_INVALID',
    });
    const otherRoot = records.map((r, i) =>
      i === index ? { ...r, rootHash: '0'.repeat(64) } : r,
    ) as ExportRecord[];
    expect(verify(otherRoot, keyA.publicKeyPem)).toMatchObject({
      ok: false,
      reason: 'KEY_ROTATION_INVALID',
    });
  });
});

describe('a trusted checkpoint', () => {
  const original = history({ first: signerA, rotateWith: signerA, second: signerB });
  const saved = original.checkpoints[0] as SignedCheckpoint; // size 2, signed by A
  const savedLater = original.checkpoints[2] as SignedCheckpoint; // size 5, signed by B

  it('passes an export consistent with it, before and after a rotation', () => {
    for (const trustedCheckpoint of [saved, savedLater]) {
      expect(
        verify(original.records, keyA.publicKeyPem, {
          expectedKeyId: keyA.keyId,
          trustedCheckpoint,
        }),
      ).toMatchObject({ ok: true, trustedCheckpointSize: trustedCheckpoint.treeSize });
    }
  });

  it('catches history rewritten and re-signed with a new key', () => {
    // The writer of the database changed an amount and signed everything again with key C.
    const rewritten = history({ first: signerC, amounts: [100n, 201n] });
    // Pinning the key alone catches it ...
    expect(
      verify(rewritten.records, keyA.publicKeyPem, { expectedKeyId: keyA.keyId }),
    ).toMatchObject({ ok: false });
    // ... and so does the saved checkpoint, even for a reader handed the new key.
    const result = verify(rewritten.records, keyC.publicKeyPem, { trustedCheckpoint: saved });
    expect(result).toMatchObject({
      ok: false,
      reason: 'TRUSTED_CHECKPOINT_MISMATCH',
      firstBadSeq: 1n,
    });
    expect(verify(rewritten.records, keyC.publicKeyPem).ok).toBe(true);
  });

  it('catches the same history re-signed with a new key', () => {
    const resigned = history({ first: signerC });
    expect(verify(resigned.records, keyC.publicKeyPem, { trustedCheckpoint: saved })).toMatchObject(
      { ok: false, reason: 'TRUSTED_CHECKPOINT_MISMATCH' },
    );
  });

  it('catches an export cut short of it', () => {
    const short = history({ first: signerA });
    expect(
      verify(short.records, keyA.publicKeyPem, { trustedCheckpoint: savedLater }),
    ).toMatchObject({ ok: false, reason: 'TRUSTED_CHECKPOINT_MISMATCH' });
  });
});
