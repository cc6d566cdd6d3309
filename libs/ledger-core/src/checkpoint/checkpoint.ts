import { canonicalJson } from '../canonical/canonical-json';
import { isTimestamp } from '../entry/journal-entry';
import { isHashHex } from '../hash/sha256';
import { FieldFormatError } from '../format-error';

/** Name and version of the checkpoint encoding (see README "Checkpoints"). */
export const CHECKPOINT_FORMAT = 'riskpool-ledger-checkpoint/v1';

/** A statement about the journal's first `treeSize` entries, signed by the ledger. */
export interface Checkpoint {
  readonly treeSize: bigint;
  /** RFC 6962 root of the first `treeSize` leaf hashes, lower-case hex. */
  readonly rootHash: string;
  /** chainHash_treeSize, lower-case hex (the genesis value for an empty journal). */
  readonly chainHash: string;
  /** `YYYY-MM-DDTHH:mm:ss.sssZ`. */
  readonly issuedAt: string;
  /** Id of the signing key: 32 lower-case hex digits, see `keyIdOf`. */
  readonly keyId: string;
}

export interface SignedCheckpoint extends Checkpoint {
  /** Ed25519 signature of the checkpoint's canonical bytes, standard base64 (64 bytes). */
  readonly signature: string;
}

/** A checkpoint as JSON: `treeSize` as a decimal string. */
export interface CheckpointJson {
  readonly treeSize: string;
  readonly rootHash: string;
  readonly chainHash: string;
  readonly issuedAt: string;
  readonly keyId: string;
  readonly signature: string;
}

const KEY_ID = /^[0-9a-f]{32}$/;
const TREE_SIZE = /^(0|[1-9][0-9]{0,19})$/;
const BASE64_SIGNATURE = /^[A-Za-z0-9+/]{86}==$/;

export function isKeyId(value: unknown): value is string {
  return typeof value === 'string' && KEY_ID.test(value);
}

export class CheckpointFormatError extends FieldFormatError {
  override readonly name = 'CheckpointFormatError';
}

export function checkpointFormatProblem(cp: Checkpoint): CheckpointFormatError | undefined {
  if (typeof cp.treeSize !== 'bigint' || cp.treeSize < 0n) {
    return new CheckpointFormatError('treeSize', 'must be a non-negative bigint');
  }
  if (!isHashHex(cp.rootHash)) {
    return new CheckpointFormatError('rootHash', 'must be 64 lower-case hex digits');
  }
  if (!isHashHex(cp.chainHash)) {
    return new CheckpointFormatError('chainHash', 'must be 64 lower-case hex digits');
  }
  if (!isTimestamp(cp.issuedAt)) {
    return new CheckpointFormatError('issuedAt', 'must be YYYY-MM-DDTHH:mm:ss.sssZ');
  }
  if (!isKeyId(cp.keyId)) {
    return new CheckpointFormatError('keyId', 'must be 32 lower-case hex digits');
  }
  return undefined;
}

/**
 * Canonical JSON of the five checkpoint fields (keys sorted: chainHash, issuedAt, keyId,
 * rootHash, treeSize; treeSize a decimal string): the exact text that is signed.
 */
export function canonicalCheckpointJson(cp: Checkpoint): string {
  const problem = checkpointFormatProblem(cp);
  if (problem !== undefined) {
    throw problem;
  }
  return canonicalJson({
    treeSize: cp.treeSize,
    rootHash: cp.rootHash,
    chainHash: cp.chainHash,
    issuedAt: cp.issuedAt,
    keyId: cp.keyId,
  });
}

/** UTF-8 bytes of {@link canonicalCheckpointJson}: the Ed25519 message. */
export function canonicalCheckpointBytes(cp: Checkpoint): Buffer {
  return Buffer.from(canonicalCheckpointJson(cp), 'utf8');
}

export function checkpointToJson(cp: SignedCheckpoint): CheckpointJson {
  const problem = checkpointFormatProblem(cp);
  if (problem !== undefined) {
    throw problem;
  }
  return {
    treeSize: cp.treeSize.toString(),
    rootHash: cp.rootHash,
    chainHash: cp.chainHash,
    issuedAt: cp.issuedAt,
    keyId: cp.keyId,
    signature: cp.signature,
  };
}

/** Strict parse of {@link CheckpointJson}; extra keys only when listed. */
export function checkpointFromJson(
  value: unknown,
  allowExtraKeys: ReadonlySet<string> = new Set(),
): SignedCheckpoint {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CheckpointFormatError('checkpoint', 'must be an object');
  }
  const record = value as Record<string, unknown>;
  const known = new Set(['treeSize', 'rootHash', 'chainHash', 'issuedAt', 'keyId', 'signature']);
  for (const key of Object.keys(record)) {
    if (!known.has(key) && !allowExtraKeys.has(key)) {
      throw new CheckpointFormatError(key, 'is not a checkpoint field');
    }
  }
  const treeSize = record['treeSize'];
  if (typeof treeSize !== 'string' || !TREE_SIZE.test(treeSize)) {
    throw new CheckpointFormatError('treeSize', 'must be a canonical decimal string');
  }
  const signature = record['signature'];
  if (typeof signature !== 'string' || !BASE64_SIGNATURE.test(signature)) {
    throw new CheckpointFormatError('signature', 'must be 64 bytes in standard base64');
  }
  const cp: SignedCheckpoint = {
    treeSize: BigInt(treeSize),
    rootHash: str(record, 'rootHash'),
    chainHash: str(record, 'chainHash'),
    issuedAt: str(record, 'issuedAt'),
    keyId: str(record, 'keyId'),
    signature,
  };
  const problem = checkpointFormatProblem(cp);
  if (problem !== undefined) {
    throw problem;
  }
  return cp;
}

function str(record: Record<string, unknown>, key: string): string {
  const value = record[key];
  if (typeof value !== 'string') {
    throw new CheckpointFormatError(key, 'must be a string');
  }
  return value;
}
