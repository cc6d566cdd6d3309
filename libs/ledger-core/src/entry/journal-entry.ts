import { FieldFormatError } from '../format-error';
import { isHashHex } from '../hash/sha256';

/**
 * - `POST`: moves money now (posted counters).
 * - `PENDING`: a hold; reserves money in the pending counters until resolved.
 * - `POST_PENDING`: resolves a hold by posting all or part of it; the rest is released.
 * - `VOID_PENDING`: resolves a hold by releasing all of it.
 * - `ANCHOR`: moves no money; anchors a document's SHA-256 (an issued statement file) in the
 *   journal, so the Merkle tree and the signed checkpoints cover it.
 */
export const ENTRY_KINDS = ['POST', 'PENDING', 'POST_PENDING', 'VOID_PENDING', 'ANCHOR'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

export const SIDES = ['DEBIT', 'CREDIT'] as const;
export type Side = (typeof SIDES)[number];

export interface Posting {
  /** An account name, see the chart of accounts (`fund:CITY:available`, ...). */
  readonly account: string;
  readonly side: Side;
  /** Integer fen, 1 ≤ amount ≤ {@link MAX_AMOUNT_FEN}. */
  readonly amountFen: bigint;
}

/** One row of the journal, exactly the fields its canonical bytes encode. */
export interface JournalEntry {
  /** 1-based, gapless position in the journal (= Merkle leaf index + 1). */
  readonly seq: bigint;
  /** Lower-case UUID; derived from the event id and the entry's index in the event by default. */
  readonly entryId: string;
  /** Id of the event that caused the entry (the CloudEvents id; the idempotency key). */
  readonly eventId: string;
  /** Event type, e.g. `pool.hold-placed.v1`. */
  readonly eventType: string;
  /** When the event happened: `YYYY-MM-DDTHH:mm:ss.sssZ` (UTC, milliseconds). */
  readonly occurredAt: string;
  readonly kind: EntryKind;
  /** For POST_PENDING and VOID_PENDING: the seq of the PENDING entry resolved; absent otherwise. */
  readonly pendingEntrySeq?: bigint;
  readonly claimId?: string;
  readonly loanId?: string;
  /** Policy version whose rules computed the amounts, when a policy did. */
  readonly policyVersion?: string;
  /** ANCHOR only: the anchored document's name (an identifier), e.g. a statement file name. */
  readonly documentName?: string;
  /** ANCHOR only: SHA-256 of the anchored document's bytes, 64 lower-case hex. */
  readonly documentSha256?: string;
  readonly postings: readonly Posting[];
  /** Chain hash after the previous entry (the genesis value for seq 1), lower-case hex. */
  readonly prevHash: string;
}

/** Largest amount a posting may carry: PostgreSQL `bigint` (2^63 − 1). */
export const MAX_AMOUNT_FEN = 2n ** 63n - 1n;
/** Most postings one entry may carry. */
export const MAX_POSTINGS = 64;
/** Longest id (eventId, claimId, loanId, policyVersion), in UTF-16 code units. */
export const MAX_ID_LENGTH = 128;
/** Longest account name. */
export const MAX_ACCOUNT_LENGTH = 256;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const EVENT_TYPE = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.\d{3}Z$/;
// Printable ASCII without space, '"', '\' and ':' inside a segment; segments joined by ':'.
const ACCOUNT = /^[a-z][a-z0-9-]*(?::[!#-9;-[\]-~]+)+$/;
// A control character, or a UTF-16 surrogate without its pair: what an identifier may not hold.
const NOT_IDENTIFIER =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** Ids: 1-128 UTF-16 units of well-formed Unicode without control characters. */
export function isIdentifier(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length >= 1 &&
    value.length <= MAX_ID_LENGTH &&
    !NOT_IDENTIFIER.test(value)
  );
}

export function isEventType(value: unknown): value is string {
  return typeof value === 'string' && EVENT_TYPE.test(value);
}

/**
 * `YYYY-MM-DDTHH:mm:ss.sssZ` naming a real instant (what `Date#toISOString` prints for years
 * 0000-9999): a real calendar day, hours 00-23, minutes and seconds 00-59.
 */
export function isTimestamp(value: unknown): value is string {
  if (typeof value !== 'string') {
    return false;
  }
  if (value === lastTimestamp) {
    return true;
  }
  const m = TIMESTAMP.exec(value);
  if (m === null) {
    return false;
  }
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return false;
  }
  if (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 59) {
    return false;
  }
  lastTimestamp = value;
  return true;
}

// Entries of one batch usually share timestamps; remembering the last valid one is enough.
let lastTimestamp = '';

function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return leap ? 29 : 28;
  }
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Account grammar: `<type>:<segment>(:<segment>)*`, see the chart of accounts. */
export function isAccountName(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_ACCOUNT_LENGTH && ACCOUNT.test(value);
}

export function isEntryKind(value: unknown): value is EntryKind {
  return typeof value === 'string' && (ENTRY_KINDS as readonly string[]).includes(value);
}

export function isSide(value: unknown): value is Side {
  return value === 'DEBIT' || value === 'CREDIT';
}

/** Thrown when an entry's fields cannot be encoded (a format problem, not a ledger rule). */
export class EntryFormatError extends FieldFormatError {
  override readonly name = 'EntryFormatError';
}

/**
 * The first format problem of `entry`, or undefined. Format only: representable, well-formed
 * values. The ledger rules (two postings, positive amounts, balance, holds) are checked by the
 * rule book, so that a verifier can name the rule an entry breaks.
 */
export function entryFormatProblem(entry: JournalEntry): EntryFormatError | undefined {
  if (typeof entry.seq !== 'bigint' || entry.seq < 1n) {
    return new EntryFormatError('seq', 'must be a bigint >= 1');
  }
  if (!isUuid(entry.entryId)) {
    return new EntryFormatError('entryId', 'must be a lower-case UUID');
  }
  if (!isIdentifier(entry.eventId)) {
    return new EntryFormatError('eventId', 'must be an identifier');
  }
  if (!isEventType(entry.eventType)) {
    return new EntryFormatError('eventType', 'must match [A-Za-z0-9][A-Za-z0-9._:-]{0,127}');
  }
  if (!isTimestamp(entry.occurredAt)) {
    return new EntryFormatError('occurredAt', 'must be YYYY-MM-DDTHH:mm:ss.sssZ');
  }
  if (!isEntryKind(entry.kind)) {
    return new EntryFormatError('kind', `must be one of ${ENTRY_KINDS.join(', ')}`);
  }
  if (
    entry.pendingEntrySeq !== undefined &&
    (typeof entry.pendingEntrySeq !== 'bigint' || entry.pendingEntrySeq < 1n)
  ) {
    return new EntryFormatError('pendingEntrySeq', 'must be a bigint >= 1 when present');
  }
  for (const field of ['claimId', 'loanId', 'policyVersion', 'documentName'] as const) {
    const value = entry[field];
    if (value !== undefined && !isIdentifier(value)) {
      return new EntryFormatError(field, 'must be an identifier when present');
    }
  }
  if (entry.documentSha256 !== undefined && !isHashHex(entry.documentSha256)) {
    return new EntryFormatError('documentSha256', 'must be 64 lower-case hex digits when present');
  }
  if (!Array.isArray(entry.postings) || entry.postings.length > MAX_POSTINGS) {
    return new EntryFormatError('postings', `must be an array of at most ${MAX_POSTINGS}`);
  }
  for (let i = 0; i < entry.postings.length; i++) {
    const posting = entry.postings[i] as Posting;
    if (!isAccountName(posting.account)) {
      return new EntryFormatError(`postings[${i}].account`, 'must be an account name');
    }
    if (!isSide(posting.side)) {
      return new EntryFormatError(`postings[${i}].side`, 'must be DEBIT or CREDIT');
    }
    if (typeof posting.amountFen !== 'bigint' || posting.amountFen < 0n) {
      return new EntryFormatError(`postings[${i}].amountFen`, 'must be a non-negative bigint');
    }
  }
  if (!isHashHex(entry.prevHash)) {
    return new EntryFormatError('prevHash', 'must be 64 lower-case hex digits');
  }
  return undefined;
}

/** Throws {@link EntryFormatError} unless `entry` is well-formed. */
export function assertEntryFormat(entry: JournalEntry): void {
  const problem = entryFormatProblem(entry);
  if (problem !== undefined) {
    throw problem;
  }
}
