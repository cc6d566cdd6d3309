import { createHash, hash as oneShotHash } from 'node:crypto';

/** Length in bytes of a SHA-256 digest. */
export const HASH_BYTES = 32;

/** SHA-256 of one byte string. */
export function sha256(data: Uint8Array): Buffer {
  return oneShotHash('sha256', data, 'buffer');
}

/** SHA-256 of the concatenation of `parts`, without building the concatenation first. */
export function sha256Concat(...parts: readonly Uint8Array[]): Buffer {
  const h = createHash('sha256');
  for (const part of parts) {
    h.update(part);
  }
  return h.digest();
}

/** SHA-256 of the UTF-8 bytes of `text`. */
export function sha256Utf8(text: string): Buffer {
  return oneShotHash('sha256', text, 'buffer');
}

/** Lower-case hex of `bytes`. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** True when `value` is 64 lower-case hex digits, the only form a hash takes in this library. */
export function isHashHex(value: unknown): value is string {
  if (typeof value !== 'string' || value.length !== 64) {
    return false;
  }
  for (let i = 0; i < 64; i++) {
    const c = value.charCodeAt(i);
    // '0'-'9' or 'a'-'f'
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) {
      return false;
    }
  }
  return true;
}

/** Parses 64 lower-case hex digits into 32 bytes; throws on anything else. */
export function hashFromHex(hex: string): Buffer {
  if (!isHashHex(hex)) {
    throw new RangeError(`expected 64 lower-case hex digits, got ${describe(hex)}`);
  }
  return Buffer.from(hex, 'hex');
}

/** Byte equality (not constant-time: nothing compared here is secret). */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return (
    a.byteLength === b.byteLength &&
    Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(
      Buffer.from(b.buffer, b.byteOffset, b.byteLength),
    )
  );
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value.slice(0, 80)) : typeof value;
}
