// Verifying a ledger entry in the browser with Web Crypto only: the entry's canonical bytes hash
// to the proof's leaf, the RFC 6962 audit path leads from that leaf to the checkpoint's root, and
// the checkpoint carries a valid Ed25519 signature of the ledger's public key, and that key is the
// one the reader pinned (its id, printed at the ledger's start) or was announced from it by key
// rotations, each signed by the key it retired.
// Leaf = SHA-256(0x00 ‖ canonical bytes); node = SHA-256(0x01 ‖ left ‖ right).

import type { components } from '../api/schema';

// The shapes of the ledger's answers, generated from its documented views (src/api/schema.d.ts).
type Schemas = components['schemas'];

/** A signed checkpoint (libs/ledger-core `CheckpointJson`). */
export type CheckpointJson = Schemas['LedgerCheckpointView'];

/** `GET /ledger/entries/{seq}/proof`. */
export type InclusionProofJson = Schemas['InclusionProofView'];

/** A rotation as `GET /ledger/public-key` lists it (libs/ledger-core `KeyRotationJson`). */
export type KeyRotationJson = Schemas['KeyRotationView'];

/** `GET /ledger/public-key`. */
export type LedgerPublicKeyJson = Schemas['LedgerPublicKeyView'];

export interface VerifyInput {
  /** The entry's canonical bytes, standard base64, as `GET /ledger/entries` gives them. */
  readonly canonicalBase64: string;
  readonly proof: InclusionProofJson;
  /** `GET /ledger/public-key`: SPKI PEM of the key in force. */
  readonly publicKeyPem: string;
  /** `GET /ledger/public-key`: the ledger's public keys (`keys`) and its rotations. */
  readonly publicKeys?: readonly { readonly keyId: string; readonly publicKeyPem: string }[];
  readonly rotations?: readonly KeyRotationJson[];
  /** The key id the reader pinned; empty = none, which fails the `pinned` check. */
  readonly expectedKeyId: string;
}

export type CheckName = 'leaf' | 'path' | 'root' | 'pinned' | 'keyId' | 'signature';

/** One thing that was checked, with the values compared, for the page to show. */
export interface Check {
  readonly name: CheckName;
  readonly ok: boolean;
  readonly expected: string;
  readonly actual: string;
}

export interface Verification {
  readonly ok: boolean;
  readonly checks: readonly Check[];
}

const subtle = (): SubtleCrypto => globalThis.crypto.subtle;

export function hexToBytes(hex: string): Uint8Array<ArrayBuffer> {
  if (!/^([0-9a-f]{2})*$/i.test(hex)) throw new Error(`not hex: ${hex.slice(0, 16)}…`);
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i += 1) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

export function bytesToHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function base64ToBytes(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/\s+/g, ''));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

async function sha256(...parts: readonly Uint8Array[]): Promise<Uint8Array<ArrayBuffer>> {
  const joined = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.byteLength;
  }
  return new Uint8Array(await subtle().digest('SHA-256', joined));
}

export function leafHash(data: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  return sha256(Uint8Array.of(0x00), data);
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  return sha256(Uint8Array.of(0x01), left, right);
}

/**
 * RFC 9162 §2.1.3.2: the root that `path` leads to from `leaf` at `leafIndex` in a tree of
 * `treeSize` leaves, or undefined when the path cannot fit that index and size.
 */
export async function rootFromAuditPath(
  leafIndex: bigint,
  treeSize: bigint,
  leaf: Uint8Array,
  path: readonly Uint8Array[],
): Promise<Uint8Array | undefined> {
  if (leafIndex < 0n || leafIndex >= treeSize) return undefined;
  if (leaf.byteLength !== 32 || path.some((p) => p.byteLength !== 32)) return undefined;
  let fn = leafIndex;
  let sn = treeSize - 1n;
  let r: Uint8Array = leaf;
  for (const p of path) {
    if (sn === 0n) return undefined;
    if (fn % 2n === 1n || fn === sn) {
      r = await nodeHash(p, r);
      while (fn % 2n === 0n && fn !== 0n) {
        fn /= 2n;
        sn /= 2n;
      }
    } else {
      r = await nodeHash(r, p);
    }
    fn /= 2n;
    sn /= 2n;
  }
  return sn === 0n ? r : undefined;
}

/**
 * The exact text the ledger signs: its five fields as JSON with sorted keys and no spaces
 * (libs/ledger-core `canonicalCheckpointJson`). All five are strings, so JSON.stringify of an
 * object built in key order gives the canonical text.
 */
export function canonicalCheckpointText(cp: CheckpointJson): string {
  return JSON.stringify({
    chainHash: cp.chainHash,
    issuedAt: cp.issuedAt,
    keyId: cp.keyId,
    rootHash: cp.rootHash,
    treeSize: cp.treeSize,
  });
}

/**
 * The text a key rotation's signature covers: libs/ledger-core `canonicalKeyRotationBytes` (its
 * fields and the format name, keys sorted; every value a string, so JSON.stringify in key order
 * is canonical).
 */
export function canonicalKeyRotationText(r: KeyRotationJson): string {
  return JSON.stringify({
    chainHash: r.chainHash,
    format: 'riskpool-ledger-key-rotation/v1',
    keyId: r.keyId,
    previousKeyId: r.previousKeyId,
    publicKeyPem: r.publicKeyPem,
    rootHash: r.rootHash,
    rotatedAt: r.rotatedAt,
    treeSize: r.treeSize,
  });
}

async function keyIdOfPem(pem: string): Promise<string> {
  return bytesToHex((await sha256(spkiFromPem(pem))).subarray(0, 16));
}

async function ed25519Verify(pem: string, signature: string, text: string): Promise<boolean> {
  try {
    const key = await subtle().importKey('spki', spkiFromPem(pem), { name: 'Ed25519' }, false, [
      'verify',
    ]);
    return await subtle().verify(
      { name: 'Ed25519' },
      key,
      base64ToBytes(signature),
      new TextEncoder().encode(text),
    );
  } catch {
    return false;
  }
}

/**
 * The keys trusted from the pinned id: the pinned key, then each key a rotation announced that
 * the key in force signed, in order. Keys are known by PEM only when their id is theirs.
 */
export async function trustedKeyChain(
  pinned: string,
  pems: readonly string[],
  rotations: readonly KeyRotationJson[],
): Promise<Map<string, string>> {
  const known = new Map<string, string>();
  for (const pem of [...pems, ...rotations.map((r) => r.publicKeyPem)]) {
    try {
      known.set(await keyIdOfPem(pem), pem);
    } catch {
      // not a key: ignored
    }
  }
  const chain = new Map<string, string>();
  const first = known.get(pinned);
  if (pinned === '' || first === undefined) return chain;
  chain.set(pinned, first);
  let current = pinned;
  for (const r of rotations) {
    if (r.previousKeyId !== current) continue;
    const pem = chain.get(current) as string;
    if ((await keyIdOfPem(r.publicKeyPem)) !== r.keyId) break;
    if (!(await ed25519Verify(pem, r.signature, canonicalKeyRotationText(r)))) break;
    chain.set(r.keyId, r.publicKeyPem);
    current = r.keyId;
  }
  return chain;
}

export function spkiFromPem(pem: string): Uint8Array<ArrayBuffer> {
  const body = pem
    .replace(/-----BEGIN PUBLIC KEY-----/, '')
    .replace(/-----END PUBLIC KEY-----/, '')
    .replace(/\s+/g, '');
  return base64ToBytes(body);
}

/** Runs every check, even after one fails, so the page can show all of them. */
export async function verifyEntry(input: VerifyInput): Promise<Verification> {
  const { proof, publicKeyPem } = input;
  const cp = proof.checkpoint;
  const checks: Check[] = [];

  const leaf = await leafHash(base64ToBytes(input.canonicalBase64));
  checks.push({
    name: 'leaf',
    ok: bytesToHex(leaf) === proof.leafHash.toLowerCase(),
    expected: proof.leafHash,
    actual: bytesToHex(leaf),
  });

  let computedRoot: Uint8Array | undefined;
  try {
    computedRoot = await rootFromAuditPath(
      BigInt(proof.leafIndex),
      BigInt(cp.treeSize),
      leaf,
      proof.auditPath.map(hexToBytes),
    );
  } catch {
    computedRoot = undefined;
  }
  checks.push({
    name: 'path',
    ok: computedRoot !== undefined && bytesToHex(computedRoot) === cp.rootHash,
    expected: cp.rootHash,
    actual:
      computedRoot === undefined ? '(the path does not fit the tree)' : bytesToHex(computedRoot),
  });
  checks.push({
    name: 'root',
    ok: proof.rootHash === cp.rootHash && proof.treeSize === cp.treeSize,
    expected: `${cp.treeSize} / ${cp.rootHash}`,
    actual: `${proof.treeSize} / ${proof.rootHash}`,
  });

  const chain = await trustedKeyChain(
    input.expectedKeyId,
    [publicKeyPem, ...(input.publicKeys ?? []).map((k) => k.publicKeyPem)],
    input.rotations ?? [],
  );
  checks.push({
    name: 'pinned',
    ok: chain.has(cp.keyId),
    expected:
      input.expectedKeyId === ''
        ? '(no key id pinned)'
        : [...chain.keys()].join(' → ') || `${input.expectedKeyId} (no such key)`,
    actual: cp.keyId,
  });

  // The key that signed: from the pinned chain; else the key in force, which the checks refuse.
  const signingPem = chain.get(cp.keyId) ?? publicKeyPem;
  const keyId = await keyIdOfPem(signingPem);
  checks.push({ name: 'keyId', ok: keyId === cp.keyId, expected: cp.keyId, actual: keyId });

  const signatureOk = await ed25519Verify(signingPem, cp.signature, canonicalCheckpointText(cp));
  checks.push({
    name: 'signature',
    ok: signatureOk,
    expected: 'Ed25519 valid',
    actual: signatureOk ? 'Ed25519 valid' : 'Ed25519 invalid',
  });

  return { ok: checks.every((c) => c.ok), checks };
}
