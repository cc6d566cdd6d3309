import {
  type KeyObject,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
} from 'node:crypto';
import { sha256 } from '../hash/sha256';
import { type Checkpoint, type SignedCheckpoint, canonicalCheckpointBytes } from './checkpoint';

/** Signs checkpoints with one Ed25519 private key. */
export interface CheckpointSigner {
  readonly keyId: string;
  /** The public key as PEM (SPKI, `-----BEGIN PUBLIC KEY-----`). */
  readonly publicKeyPem: string;
  sign(message: Uint8Array): Buffer;
}

export interface SigningKeyPair {
  /** PKCS#8 PEM. Keep secret. */
  readonly privateKeyPem: string;
  /** SPKI PEM. Publish. */
  readonly publicKeyPem: string;
  readonly keyId: string;
}

/** A fresh Ed25519 key pair. */
export function generateSigningKeyPair(): SigningKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKeyToPem(publicKey),
    keyId: keyIdOf(publicKey),
  };
}

/** Loads an Ed25519 public key from PEM (SPKI) text; throws for any other key type. */
export function loadPublicKey(pem: string | KeyObject): KeyObject {
  const key = typeof pem === 'string' ? createPublicKey(pem) : pem;
  if (key.type !== 'public' || key.asymmetricKeyType !== 'ed25519') {
    throw new TypeError('expected an Ed25519 public key');
  }
  return key;
}

/** Loads an Ed25519 private key from PEM (PKCS#8) text; throws for any other key type. */
export function loadPrivateKey(pem: string | KeyObject): KeyObject {
  const key = typeof pem === 'string' ? createPrivateKey(pem) : pem;
  if (key.type !== 'private' || key.asymmetricKeyType !== 'ed25519') {
    throw new TypeError('expected an Ed25519 private key');
  }
  return key;
}

/** SPKI PEM of a public key. */
export function publicKeyToPem(key: KeyObject): string {
  return loadPublicKey(key).export({ type: 'spki', format: 'pem' }).toString();
}

/**
 * Key id: lower-case hex of the first 16 bytes of SHA-256 over the public key's SPKI DER encoding
 * (44 bytes for Ed25519), i.e. `openssl pkey -pubin -in key.pem -outform DER | sha256sum | cut -c1-32`.
 */
export function keyIdOf(publicKey: string | KeyObject): string {
  const der = loadPublicKey(publicKey).export({ type: 'spki', format: 'der' });
  return sha256(der).subarray(0, 16).toString('hex');
}

/** A signer for an Ed25519 private key (PEM or KeyObject). */
export function createCheckpointSigner(privateKey: string | KeyObject): CheckpointSigner {
  const key = loadPrivateKey(privateKey);
  const publicKey = createPublicKey(key);
  return {
    keyId: keyIdOf(publicKey),
    publicKeyPem: publicKeyToPem(publicKey),
    sign: (message) => sign(null, message, key),
  };
}

/** Signs `treeSize, rootHash, chainHash, issuedAt` with the signer's key, adding its key id. */
export function signCheckpoint(
  checkpoint: Omit<Checkpoint, 'keyId'>,
  signer: CheckpointSigner,
): SignedCheckpoint {
  const body: Checkpoint = {
    treeSize: checkpoint.treeSize,
    rootHash: checkpoint.rootHash,
    chainHash: checkpoint.chainHash,
    issuedAt: checkpoint.issuedAt,
    keyId: signer.keyId,
  };
  const signature = signer.sign(canonicalCheckpointBytes(body)).toString('base64');
  return { ...body, signature };
}

/**
 * True when the signature verifies over the checkpoint's canonical bytes with `publicKey`. The
 * key id is not trusted for anything: compare it with `keyIdOf(publicKey)` separately.
 */
export function verifyCheckpointSignature(
  checkpoint: SignedCheckpoint,
  publicKey: string | KeyObject,
): boolean {
  const signature = Buffer.from(checkpoint.signature, 'base64');
  if (signature.byteLength !== 64 || signature.toString('base64') !== checkpoint.signature) {
    return false;
  }
  let message: Buffer;
  try {
    message = canonicalCheckpointBytes(checkpoint);
  } catch {
    return false;
  }
  return verify(null, message, loadPublicKey(publicKey), signature);
}
