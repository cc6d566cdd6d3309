import { createHash, generateKeyPairSync } from 'node:crypto';
import { canonicalCheckpointBytes } from './checkpoint';
import {
  createCheckpointSigner,
  generateSigningKeyPair,
  keyIdOf,
  loadPrivateKey,
  loadPublicKey,
  publicKeyToPem,
  signCheckpoint,
  verifyCheckpointSignature,
} from './checkpoint-signing';
import { freshSigner } from '../test-support/ledger-fixtures';

const { keys, signer } = freshSigner();
const body = {
  treeSize: 1000n,
  rootHash: 'ab'.repeat(32),
  chainHash: 'cd'.repeat(32),
  issuedAt: '2026-01-10T08:00:00.000Z',
};

describe('checkpoint signing (Ed25519)', () => {
  it('derives the key id from the SPKI DER public key', () => {
    const der = loadPublicKey(keys.publicKeyPem).export({ type: 'spki', format: 'der' });
    expect(der).toHaveLength(44);
    expect(keys.keyId).toBe(createHash('sha256').update(der).digest('hex').slice(0, 32));
    expect(signer.keyId).toBe(keys.keyId);
    expect(keyIdOf(keys.publicKeyPem)).toBe(keys.keyId);
    expect(signer.publicKeyPem).toBe(keys.publicKeyPem);
    expect(keys.publicKeyPem.startsWith('-----BEGIN PUBLIC KEY-----')).toBe(true);
    expect(publicKeyToPem(loadPublicKey(keys.publicKeyPem))).toBe(keys.publicKeyPem);
  });

  it('signs the canonical bytes and verifies with the public key only', () => {
    const signed = signCheckpoint(body, signer);
    expect(signed.keyId).toBe(keys.keyId);
    expect(Buffer.from(signed.signature, 'base64')).toHaveLength(64);
    expect(verifyCheckpointSignature(signed, keys.publicKeyPem)).toBe(true);
    // Ed25519 is deterministic: the signature is a function of key and message.
    expect(signer.sign(canonicalCheckpointBytes(signed)).toString('base64')).toBe(signed.signature);
  });

  it('fails for another key, any changed field, or a mangled signature', () => {
    const signed = signCheckpoint(body, signer);
    const other = generateSigningKeyPair();
    expect(verifyCheckpointSignature(signed, other.publicKeyPem)).toBe(false);
    expect(
      verifyCheckpointSignature(
        signCheckpoint(body, createCheckpointSigner(other.privateKeyPem)),
        keys.publicKeyPem,
      ),
    ).toBe(false);
    for (const patch of [
      { treeSize: 1001n },
      { rootHash: 'ac'.repeat(32) },
      { chainHash: 'ce'.repeat(32) },
      { issuedAt: '2026-01-10T08:00:00.001Z' },
      { keyId: other.keyId },
    ]) {
      expect(verifyCheckpointSignature({ ...signed, ...patch }, keys.publicKeyPem)).toBe(false);
    }
    const sig = Buffer.from(signed.signature, 'base64');
    sig[10] = (sig[10] ?? 0) ^ 1;
    expect(
      verifyCheckpointSignature(
        { ...signed, signature: sig.toString('base64') },
        keys.publicKeyPem,
      ),
    ).toBe(false);
    expect(verifyCheckpointSignature({ ...signed, signature: 'AAAA' }, keys.publicKeyPem)).toBe(
      false,
    );
    expect(verifyCheckpointSignature({ ...signed, treeSize: -1n }, keys.publicKeyPem)).toBe(false);
  });

  it('accepts only Ed25519 keys', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    expect(() => loadPublicKey(rsa.publicKey)).toThrow(TypeError);
    expect(() => loadPrivateKey(rsa.privateKey)).toThrow(TypeError);
    expect(() => loadPublicKey(loadPrivateKey(keys.privateKeyPem))).toThrow(TypeError);
    expect(() => createCheckpointSigner(rsa.privateKey)).toThrow(TypeError);
  });
});
