import type { KeyObject } from 'node:crypto';
import { verify } from 'node:crypto';
import { canonicalJson } from '../canonical/canonical-json';
import { isTimestamp } from '../entry/journal-entry';
import { isHashHex } from '../hash/sha256';
import { FieldFormatError } from '../format-error';
import { isKeyId } from './checkpoint';
import {
  type CheckpointSigner,
  keyIdOf,
  loadPublicKey,
  publicKeyToPem,
} from './checkpoint-signing';

/** Name and version of the key-rotation encoding (see README "Key rotation"). */
export const KEY_ROTATION_FORMAT = 'riskpool-ledger-key-rotation/v1';

/**
 * The ledger's statement, signed by the key it retires, that from the journal's first `treeSize`
 * entries on (root and chain hash as signed by that key's checkpoint at the same size) its
 * checkpoints are signed by the announced key. A verifier that trusts the old key learns the new
 * one only this way.
 */
export interface KeyRotation {
  readonly treeSize: bigint;
  readonly rootHash: string;
  readonly chainHash: string;
  /** Id of the key that signs this statement (the one retired). */
  readonly previousKeyId: string;
  /** Id of the announced key: `keyIdOf(publicKeyPem)`. */
  readonly keyId: string;
  /** The announced key, SPKI PEM. */
  readonly publicKeyPem: string;
  /** `YYYY-MM-DDTHH:mm:ss.sssZ`. */
  readonly rotatedAt: string;
  /** Ed25519 signature of the canonical bytes by the previous key, standard base64. */
  readonly signature: string;
}

/** As JSON: `treeSize` a decimal string. */
export type KeyRotationJson = Omit<KeyRotation, 'treeSize'> & { readonly treeSize: string };

export class KeyRotationFormatError extends FieldFormatError {
  override readonly name = 'KeyRotationFormatError';
}

/** The exact bytes signed: canonical JSON of every field but the signature, plus the format. */
export function canonicalKeyRotationBytes(rotation: Omit<KeyRotation, 'signature'>): Buffer {
  return Buffer.from(
    canonicalJson({
      format: KEY_ROTATION_FORMAT,
      treeSize: rotation.treeSize,
      rootHash: rotation.rootHash,
      chainHash: rotation.chainHash,
      previousKeyId: rotation.previousKeyId,
      keyId: rotation.keyId,
      publicKeyPem: rotation.publicKeyPem,
      rotatedAt: rotation.rotatedAt,
    }),
    'utf8',
  );
}

/** Signs a rotation to `nextPublicKey` with the retiring key (`previous`). */
export function signKeyRotation(
  at: {
    readonly treeSize: bigint;
    readonly rootHash: string;
    readonly chainHash: string;
    readonly rotatedAt: string;
  },
  previous: CheckpointSigner,
  nextPublicKey: string | KeyObject,
): KeyRotation {
  const key = loadPublicKey(nextPublicKey);
  const body = {
    treeSize: at.treeSize,
    rootHash: at.rootHash,
    chainHash: at.chainHash,
    previousKeyId: previous.keyId,
    keyId: keyIdOf(key),
    publicKeyPem: publicKeyToPem(key),
    rotatedAt: at.rotatedAt,
  };
  if (body.keyId === previous.keyId) throw new Error('a key cannot rotate to itself');
  return {
    ...body,
    signature: previous.sign(canonicalKeyRotationBytes(body)).toString('base64'),
  };
}

/**
 * Why the rotation may not be followed from `trusted` (the key in force), or undefined when it is
 * signed by that key and announces the key it names.
 */
export function keyRotationProblem(
  rotation: KeyRotation,
  trusted: string | KeyObject,
): string | undefined {
  const trustedKey = loadPublicKey(trusted);
  const trustedId = keyIdOf(trustedKey);
  if (rotation.previousKeyId !== trustedId)
    return `it retires key ${rotation.previousKeyId}, but the key in force is ${trustedId}`;
  let announced: KeyObject;
  try {
    announced = loadPublicKey(rotation.publicKeyPem);
  } catch {
    return 'publicKeyPem is not an Ed25519 public key';
  }
  if (keyIdOf(announced) !== rotation.keyId)
    return `keyId ${rotation.keyId} is not the id of the announced public key`;
  const signature = Buffer.from(rotation.signature, 'base64');
  if (signature.byteLength !== 64 || signature.toString('base64') !== rotation.signature)
    return 'signature must be 64 bytes in standard base64';
  if (!verify(null, canonicalKeyRotationBytes(rotation), trustedKey, signature))
    return `signature does not verify with key ${trustedId}`;
  return undefined;
}

export function keyRotationToJson(rotation: KeyRotation): KeyRotationJson {
  return { ...rotation, treeSize: rotation.treeSize.toString() };
}

const FIELDS = [
  'treeSize',
  'rootHash',
  'chainHash',
  'previousKeyId',
  'keyId',
  'publicKeyPem',
  'rotatedAt',
  'signature',
] as const;

/** Strict parse of {@link KeyRotationJson}; extra keys only when listed. */
export function keyRotationFromJson(
  value: unknown,
  allowExtraKeys: ReadonlySet<string> = new Set(),
): KeyRotation {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new KeyRotationFormatError('keyRotation', 'must be an object');
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record))
    if (!(FIELDS as readonly string[]).includes(key) && !allowExtraKeys.has(key))
      throw new KeyRotationFormatError(key, 'is not a key-rotation field');
  for (const key of FIELDS)
    if (typeof record[key] !== 'string') throw new KeyRotationFormatError(key, 'must be a string');
  const text = (key: (typeof FIELDS)[number]) => record[key] as string;
  if (!/^(0|[1-9][0-9]{0,19})$/.test(text('treeSize')))
    throw new KeyRotationFormatError('treeSize', 'must be a canonical decimal string');
  for (const key of ['rootHash', 'chainHash'] as const)
    if (!isHashHex(text(key)))
      throw new KeyRotationFormatError(key, 'must be 64 lower-case hex digits');
  for (const key of ['previousKeyId', 'keyId'] as const)
    if (!isKeyId(text(key)))
      throw new KeyRotationFormatError(key, 'must be 32 lower-case hex digits');
  if (!isTimestamp(text('rotatedAt')))
    throw new KeyRotationFormatError('rotatedAt', 'must be YYYY-MM-DDTHH:mm:ss.sssZ');
  return {
    treeSize: BigInt(text('treeSize')),
    rootHash: text('rootHash'),
    chainHash: text('chainHash'),
    previousKeyId: text('previousKeyId'),
    keyId: text('keyId'),
    publicKeyPem: text('publicKeyPem'),
    rotatedAt: text('rotatedAt'),
    signature: text('signature'),
  };
}
