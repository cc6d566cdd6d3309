import { sha256Utf8 } from '../hash/sha256';
import { isIdentifier } from './journal-entry';

/**
 * The default entry id: an RFC 9562 UUIDv8 whose 122 free bits are the first bits of
 * SHA-256(UTF-8 "riskpool-ledger-entry-id/v1\n" ‖ eventId ‖ "\n" ‖ decimal index), so replaying an
 * event yields the same ids and the id says nothing the entry does not already say.
 */
export function deriveEntryId(eventId: string, indexInEvent: number): string {
  if (!isIdentifier(eventId)) {
    throw new TypeError('eventId must be an identifier');
  }
  if (!Number.isSafeInteger(indexInEvent) || indexInEvent < 0) {
    throw new RangeError('indexInEvent must be a non-negative integer');
  }
  const bytes = sha256Utf8(`riskpool-ledger-entry-id/v1\n${eventId}\n${indexInEvent}`).subarray(
    0,
    16,
  );
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x80;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
