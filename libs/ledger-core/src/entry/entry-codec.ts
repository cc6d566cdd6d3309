import type { CanonicalValue } from '../canonical/canonical-json';
import { leafHash } from '../merkle/rfc6962';
import {
  EntryFormatError,
  type JournalEntry,
  type Posting,
  assertEntryFormat,
  entryFormatProblem,
  isEntryKind,
  isSide,
} from './journal-entry';

/** Name and version of the canonical entry encoding (see README "Canonical entry bytes"). */
export const ENTRY_FORMAT = 'riskpool-ledger-entry/v1';

/** A journal entry as JSON: bigints as decimal strings, optional fields absent when unset. */
export interface JournalEntryJson {
  readonly seq: string;
  readonly entryId: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly occurredAt: string;
  readonly kind: string;
  readonly pendingEntrySeq?: string;
  readonly claimId?: string;
  readonly loanId?: string;
  readonly policyVersion?: string;
  readonly documentName?: string;
  readonly documentSha256?: string;
  readonly postings: readonly {
    readonly account: string;
    readonly side: string;
    readonly amountFen: string;
  }[];
  readonly prevHash: string;
}

const POSITIVE_DECIMAL = /^[1-9][0-9]{0,19}$/;
const NON_NEGATIVE_DECIMAL = /^(0|[1-9][0-9]{0,19})$/;

/**
 * The canonical JSON text of an entry: the canonical JSON rules (sorted keys, no whitespace,
 * bigints as decimal strings, absent optional fields omitted) applied to the entry's fields.
 * Throws {@link EntryFormatError} for a malformed entry.
 */
export function canonicalEntryJson(entry: JournalEntry): string {
  assertEntryFormat(entry);
  return encodeChecked(entry);
}

/** UTF-8 bytes of {@link canonicalEntryJson}: what the Merkle leaf and the chain hash. */
export function canonicalEntryBytes(entry: JournalEntry): Buffer {
  return Buffer.from(canonicalEntryJson(entry), 'utf8');
}

/** RFC 6962 leaf hash of the entry's canonical bytes. */
export function entryLeafHash(entry: JournalEntry): Buffer {
  return leafHash(canonicalEntryBytes(entry));
}

/**
 * The entry as a generic canonical value; `canonicalJson(entryCanonicalValue(e))` equals
 * {@link canonicalEntryJson}, which is a hand-unrolled, faster version of it.
 */
export function entryCanonicalValue(entry: JournalEntry): CanonicalValue {
  return {
    seq: entry.seq,
    entryId: entry.entryId,
    eventId: entry.eventId,
    eventType: entry.eventType,
    occurredAt: entry.occurredAt,
    kind: entry.kind,
    pendingEntrySeq: entry.pendingEntrySeq,
    claimId: entry.claimId,
    loanId: entry.loanId,
    policyVersion: entry.policyVersion,
    documentName: entry.documentName,
    documentSha256: entry.documentSha256,
    postings: entry.postings.map((p) => ({
      account: p.account,
      side: p.side,
      amountFen: p.amountFen,
    })),
    prevHash: entry.prevHash,
  };
}

/** An entry without its position in the journal (`seq`, `prevHash`): what an event asked for. */
export type EntryContent = Omit<JournalEntry, 'seq' | 'prevHash'>;

/**
 * Canonical JSON of an entry's content: the canonical entry JSON without the `prevHash` and `seq`
 * members. Idempotency compares events by this text, since a replayed event lands at another
 * position. Throws {@link EntryFormatError}.
 */
export function entryContentJson(content: EntryContent): string {
  assertEntryFormat({ ...content, seq: 1n, prevHash: ZERO_HASH_HEX });
  return encodeContent(content);
}

/**
 * The canonical entry JSON from the content JSON and the position: `prevHash` and `seq` sort
 * after every content key, so they are simply appended before the closing brace.
 */
export function canonicalFromContentJson(
  contentJson: string,
  prevHash: string,
  seq: bigint,
): string {
  return `${contentJson.slice(0, -1)},"prevHash":"${prevHash}","seq":"${seq.toString()}"}`;
}

const ZERO_HASH_HEX = '0'.repeat(64);

function encodeChecked(entry: JournalEntry): string {
  return canonicalFromContentJson(encodeContent(entry), entry.prevHash, entry.seq);
}

/** {@link entryContentJson} without the format check: only for entries already checked. */
export function entryContentJsonUnchecked(content: EntryContent): string {
  return encodeContent(content);
}

// Keys in sorted order: claimId documentName documentSha256 entryId eventId eventType kind loanId occurredAt pendingEntrySeq
// policyVersion postings (prevHash seq); posting keys: account amountFen side. Account names,
// event types, kinds, UUIDs, timestamps and hex never need escaping (their grammars exclude '"',
// '\' and control characters); free-form ids go through JSON.stringify, which escapes like JCS.
function encodeContent(entry: EntryContent): string {
  let text = '{';
  if (entry.claimId !== undefined) {
    text += `"claimId":${JSON.stringify(entry.claimId)},`;
  }
  if (entry.documentName !== undefined) {
    text += `"documentName":${JSON.stringify(entry.documentName)},`;
  }
  if (entry.documentSha256 !== undefined) {
    text += `"documentSha256":"${entry.documentSha256}",`;
  }
  text += `"entryId":"${entry.entryId}","eventId":${JSON.stringify(entry.eventId)},"eventType":"${entry.eventType}","kind":"${entry.kind}",`;
  if (entry.loanId !== undefined) {
    text += `"loanId":${JSON.stringify(entry.loanId)},`;
  }
  text += `"occurredAt":"${entry.occurredAt}",`;
  if (entry.pendingEntrySeq !== undefined) {
    text += `"pendingEntrySeq":"${entry.pendingEntrySeq.toString()}",`;
  }
  if (entry.policyVersion !== undefined) {
    text += `"policyVersion":${JSON.stringify(entry.policyVersion)},`;
  }
  text += '"postings":[';
  for (let i = 0; i < entry.postings.length; i++) {
    const p = entry.postings[i] as Posting;
    text += `${i === 0 ? '' : ','}{"account":"${p.account}","amountFen":"${p.amountFen.toString()}","side":"${p.side}"}`;
  }
  return `${text}]}`;
}

/** The JSON form of an entry (the entry fields of an export record). */
export function entryToJson(entry: JournalEntry): JournalEntryJson {
  assertEntryFormat(entry);
  return {
    seq: entry.seq.toString(),
    entryId: entry.entryId,
    eventId: entry.eventId,
    eventType: entry.eventType,
    occurredAt: entry.occurredAt,
    kind: entry.kind,
    ...(entry.pendingEntrySeq !== undefined
      ? { pendingEntrySeq: entry.pendingEntrySeq.toString() }
      : {}),
    ...(entry.claimId !== undefined ? { claimId: entry.claimId } : {}),
    ...(entry.loanId !== undefined ? { loanId: entry.loanId } : {}),
    ...(entry.policyVersion !== undefined ? { policyVersion: entry.policyVersion } : {}),
    ...(entry.documentName !== undefined ? { documentName: entry.documentName } : {}),
    ...(entry.documentSha256 !== undefined ? { documentSha256: entry.documentSha256 } : {}),
    postings: entry.postings.map((p) => ({
      account: p.account,
      side: p.side,
      amountFen: p.amountFen.toString(),
    })),
    prevHash: entry.prevHash,
  };
}

/**
 * Parses the JSON form of an entry strictly: every field typed and formatted, decimal strings
 * canonical (no sign, no leading zeros), no unknown keys except those listed in `allowExtraKeys`.
 * Throws {@link EntryFormatError}. `checkFormat: false` skips the format rules (types and
 * decimals are still checked) for a caller that checks them next, as `LedgerState.appendEntry`
 * does.
 */
export function entryFromJson(
  value: unknown,
  allowExtraKeys: ReadonlySet<string> = NO_EXTRA_KEYS,
  checkFormat = true,
): JournalEntry {
  if (!isPlainObject(value)) {
    throw new EntryFormatError('entry', 'must be an object');
  }
  const record = value as Record<string, unknown>;
  for (const key in record) {
    if (!isEntryKey(key) && !allowExtraKeys.has(key)) {
      throw new EntryFormatError(key, 'is not an entry field');
    }
  }
  const rawPostings = record['postings'];
  if (!Array.isArray(rawPostings)) {
    throw new EntryFormatError('postings', 'must be an array');
  }
  const postings: Posting[] = new Array<Posting>(rawPostings.length);
  for (let i = 0; i < rawPostings.length; i++) {
    postings[i] = postingFromJson(rawPostings[i], i);
  }
  const kind = record['kind'];
  if (!isEntryKind(kind)) {
    throw new EntryFormatError(
      'kind',
      'must be POST, PENDING, POST_PENDING, VOID_PENDING or ANCHOR',
    );
  }
  const entry: Mutable<JournalEntry> = {
    seq: decimal(record['seq'], 'seq', POSITIVE_DECIMAL),
    entryId: stringField(record['entryId'], 'entryId'),
    eventId: stringField(record['eventId'], 'eventId'),
    eventType: stringField(record['eventType'], 'eventType'),
    occurredAt: stringField(record['occurredAt'], 'occurredAt'),
    kind,
    postings,
    prevHash: stringField(record['prevHash'], 'prevHash'),
  };
  if (record['pendingEntrySeq'] !== undefined) {
    entry.pendingEntrySeq = decimal(record['pendingEntrySeq'], 'pendingEntrySeq', POSITIVE_DECIMAL);
  }
  if (record['claimId'] !== undefined) {
    entry.claimId = stringField(record['claimId'], 'claimId');
  }
  if (record['loanId'] !== undefined) {
    entry.loanId = stringField(record['loanId'], 'loanId');
  }
  if (record['policyVersion'] !== undefined) {
    entry.policyVersion = stringField(record['policyVersion'], 'policyVersion');
  }
  if (record['documentName'] !== undefined) {
    entry.documentName = stringField(record['documentName'], 'documentName');
  }
  if (record['documentSha256'] !== undefined) {
    entry.documentSha256 = stringField(record['documentSha256'], 'documentSha256');
  }
  const problem = checkFormat ? entryFormatProblem(entry) : undefined;
  if (problem !== undefined) {
    throw problem;
  }
  return entry;
}

function isEntryKey(key: string): boolean {
  switch (key) {
    case 'seq':
    case 'entryId':
    case 'eventId':
    case 'eventType':
    case 'occurredAt':
    case 'kind':
    case 'pendingEntrySeq':
    case 'claimId':
    case 'loanId':
    case 'policyVersion':
    case 'documentName':
    case 'documentSha256':
    case 'postings':
    case 'prevHash':
      return true;
    default:
      return false;
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const NO_EXTRA_KEYS: ReadonlySet<string> = new Set();

function postingFromJson(raw: unknown, i: number): Posting {
  if (!isPlainObject(raw)) {
    throw new EntryFormatError(`postings[${i}]`, 'must be an object');
  }
  const posting = raw as Record<string, unknown>;
  for (const key in posting) {
    if (key !== 'account' && key !== 'side' && key !== 'amountFen') {
      throw new EntryFormatError(`postings[${i}].${key}`, 'is not a posting field');
    }
  }
  const side = posting['side'];
  if (!isSide(side)) {
    throw new EntryFormatError(`postings[${i}].side`, 'must be DEBIT or CREDIT');
  }
  const account = posting['account'];
  if (typeof account !== 'string') {
    throw new EntryFormatError(`postings[${i}].account`, 'must be a string');
  }
  const amount = posting['amountFen'];
  if (typeof amount !== 'string' || !NON_NEGATIVE_DECIMAL.test(amount)) {
    throw new EntryFormatError(`postings[${i}].amountFen`, 'must be a canonical decimal string');
  }
  return { account, side, amountFen: BigInt(amount) };
}

function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringField(value: unknown, field: string): string {
  if (typeof value !== 'string') {
    throw new EntryFormatError(field, 'must be a string');
  }
  return value;
}

function decimal(value: unknown, field: string, pattern: RegExp): bigint {
  if (typeof value !== 'string' || !pattern.test(value)) {
    throw new EntryFormatError(field, 'must be a canonical decimal string');
  }
  return BigInt(value);
}
