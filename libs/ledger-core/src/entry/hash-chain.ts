import { hash as oneShotHash } from 'node:crypto';
import { HASH_BYTES, sha256Utf8, toHex } from '../hash/sha256';

/**
 * chainHash_0, the value before the first entry: SHA-256 of the ASCII text
 * `riskpool-ledger-chain/v1` (the hex is asserted in the spec and printed in the README).
 */
export const GENESIS_CHAIN_HASH: Buffer = sha256Utf8('riskpool-ledger-chain/v1');
export const GENESIS_CHAIN_HASH_HEX: string = toHex(GENESIS_CHAIN_HASH);

const scratch = Buffer.alloc(2 * HASH_BYTES);

/** chainHash_n = SHA-256(chainHash_{n-1} ‖ leafHash_n), both 32 raw bytes. */
export function nextChainHash(previous: Uint8Array, leafHashBytes: Uint8Array): Buffer {
  if (previous.byteLength !== HASH_BYTES || leafHashBytes.byteLength !== HASH_BYTES) {
    throw new RangeError('chain inputs must be 32-byte hashes');
  }
  scratch.set(previous, 0);
  scratch.set(leafHashBytes, HASH_BYTES);
  return oneShotHash('sha256', scratch, 'buffer');
}
