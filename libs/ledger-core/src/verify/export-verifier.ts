import type { KeyObject } from 'node:crypto';
import type { AccountBalance } from '../accounts/account-book';
import type { AccountFlagsResolver } from '../accounts/chart-of-accounts';
import {
  CheckpointFormatError,
  type SignedCheckpoint,
  checkpointFromJson,
} from '../checkpoint/checkpoint';
import {
  keyIdOf,
  loadPublicKey,
  verifyCheckpointSignature,
} from '../checkpoint/checkpoint-signing';
import {
  KeyRotationFormatError,
  keyRotationFromJson,
  keyRotationProblem,
} from '../checkpoint/key-rotation';
import { entryFromJson, type JournalEntryJson } from '../entry/entry-codec';
import { GENESIS_CHAIN_HASH_HEX } from '../entry/hash-chain';
import { EntryFormatError, type JournalEntry, type Posting } from '../entry/journal-entry';
import { isHashHex } from '../hash/sha256';
import { LedgerState, type ReplayCode } from '../ledger/ledger-state';
import { verifyConsistency } from '../merkle/consistency-proof';
import { EMPTY_TREE_ROOT } from '../merkle/rfc6962';
import type { PreparedChunk } from './export-chunk';
import { EXPORT_FORMAT } from './export-format';

/**
 * Extension point for checks the ledger core cannot make alone. The offline `verify` command
 * plugs in here the recomputation of each compensation entry from its policy version with
 * `libs/domain` (not implemented in this library). Return a message to fail the entry.
 */
export interface EntryCheck {
  readonly name: string;
  check(entry: JournalEntry, context: EntryCheckContext): string | undefined;
}

/** Takes an extension record (in export order); returns a message to refuse it. */
export type ExtensionRecordHandler = (
  record: Readonly<Record<string, unknown>>,
) => string | undefined;

export interface EntryCheckContext {
  /** Counters of an account after this entry. */
  balance(account: string): AccountBalance;
}

export interface VerifyOptions {
  /** Flags to enforce; default the chart's (`chartAccountFlags`). */
  readonly accountFlags?: AccountFlagsResolver;
  readonly entryChecks?: readonly EntryCheck[];
  /**
   * Handlers of record types this library does not define (e.g. the service's `policy` records,
   * which entry checks need). A record of another unknown type fails as BAD_RECORD, as does one
   * whose handler returns a message.
   */
  readonly extensionRecords?: Readonly<Record<string, ExtensionRecordHandler>>;
  /** Fail when entries follow the last checkpoint (they are not signed). Default false. */
  readonly requireFinalCheckpoint?: boolean;
  /**
   * The key id the reader pinned (`keyIdOf` of the ledger's key, printed at its start): the given
   * public key must have it, and every checkpoint must be signed by it or by a key it announced
   * through `key-rotation` records (each signed by the key it retires). Without it the given key
   * is trusted as it is.
   */
  readonly expectedKeyId?: string;
  /**
   * A checkpoint the reader saved earlier: the export must hold at least its tree size, with the
   * same root and chain hash there, and it must be signed by the key in force at that size.
   * Rewritten history fails here even when every checkpoint of the export was signed again.
   */
  readonly trustedCheckpoint?: SignedCheckpoint;
}

export type VerifyReason =
  | 'MISSING_HEADER'
  | 'BAD_HEADER'
  | 'BAD_RECORD'
  | ReplayCode
  | 'LEAF_HASH_MISMATCH'
  | 'CHAIN_HASH_MISMATCH'
  | 'EXTENSION_CHECK_FAILED'
  | 'CHECKPOINT_OUT_OF_PLACE'
  | 'CHECKPOINT_SIGNATURE_INVALID'
  | 'CHECKPOINT_KEY_MISMATCH'
  | 'CHECKPOINT_ROOT_MISMATCH'
  | 'CHECKPOINT_CHAIN_MISMATCH'
  | 'CHECKPOINT_TIME_REGRESSION'
  | 'CONSISTENCY_PROOF_INVALID'
  | 'NO_FINAL_CHECKPOINT'
  | 'PINNED_KEY_MISMATCH'
  | 'KEY_ROTATION_INVALID'
  | 'TRUSTED_CHECKPOINT_MISMATCH';

export interface VerifySuccess {
  readonly ok: true;
  /** Entries verified. */
  readonly entries: number;
  /** Checkpoints verified. */
  readonly checkpoints: number;
  readonly treeSize: bigint;
  readonly rootHash: string;
  readonly chainHash: string;
  /** Key id of the key in force at the end (the given one, or the last rotation's). */
  readonly keyId: string;
  /** Every key in force, oldest first: the given key, then each one a rotation announced. */
  readonly keyIds: readonly string[];
  /** Tree size of the trusted checkpoint the export was found consistent with, if one was given. */
  readonly trustedCheckpointSize: bigint | null;
  /** treeSize of the last checkpoint, null when there was none. */
  readonly lastCheckpointSize: bigint | null;
  /** Entries after the last checkpoint: checked, but not covered by a signature. */
  readonly uncheckpointedEntries: number;
}

export interface VerifyFailure {
  readonly ok: false;
  /**
   * For an entry: the seq expected at the failing record (a missing or misplaced entry is named
   * by the seq that should have been there). For a checkpoint: the first seq after the last
   * checkpoint that verified, i.e. the first entry no valid checkpoint vouches for.
   */
  readonly firstBadSeq: bigint;
  readonly reason: VerifyReason;
  readonly message: string;
  /** 0-based index of the failing record in the export (the header is record 0). */
  readonly record: number;
  /** For a checkpoint failure: the treeSize the bad checkpoint claims. */
  readonly checkpointTreeSize?: bigint;
  readonly account?: string;
  /** For EXTENSION_CHECK_FAILED: the check's name. */
  readonly check?: string;
}

export type VerifyResult = VerifySuccess | VerifyFailure;

const ENTRY_EXTRA_KEYS: ReadonlySet<string> = new Set([
  'type',
  'canonical',
  'leafHash',
  'chainHash',
]);
const CHECKPOINT_EXTRA_KEYS: ReadonlySet<string> = new Set(['type', 'consistencyProof']);
const ROTATION_EXTRA_KEYS: ReadonlySet<string> = new Set(['type']);
/** Record type of a key rotation in the export (libs/ledger-core README "Key rotation"). */
export const KEY_ROTATION_RECORD_TYPE = 'key-rotation';
const HEADER_KEYS: ReadonlySet<string> = new Set([
  'type',
  'format',
  'genesisChainHash',
  'exportedAt',
]);
const INFORMATIVE_HASHES = ['leafHash', 'chainHash'] as const;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Checks an export record by record, holding only O(accounts + open holds + events) state:
 * canonical bytes against fields, seq, chain, rules (double entry, holds, no flagged account
 * over its limit after any entry), Merkle root and chain at each checkpoint, signatures, key id,
 * consistency proofs, and any extension checks. Stops at the first failure.
 */
export class ExportVerifier {
  /** The key in force: the given one until a rotation announces the next. */
  private publicKey: KeyObject;
  private keyId: string;
  private readonly keyIds: string[];
  private readonly state: LedgerState;
  private readonly options: VerifyOptions;
  private records = 0;
  private checkpoints = 0;
  private last: SignedCheckpoint | undefined;
  private failure: VerifyFailure | undefined;

  constructor(publicKeyPem: string | KeyObject, options: VerifyOptions = {}) {
    this.publicKey = loadPublicKey(publicKeyPem);
    this.keyId = keyIdOf(this.publicKey);
    this.keyIds = [this.keyId];
    this.options = options;
    this.state = new LedgerState({
      tree: 'compact',
      fingerprints: false,
      ...(options.accountFlags !== undefined ? { accountFlags: options.accountFlags } : {}),
    });
  }

  /** Feeds the next record (a parsed JSON line); returns the failure once there is one. */
  push(record: unknown): VerifyFailure | undefined {
    if (this.failure !== undefined) {
      return this.failure;
    }
    const index = this.records++;
    this.failure = index === 0 ? this.header(record) : this.body(record, index);
    return this.failure;
  }

  /**
   * Feeds the next stretch of JSON lines, prepared ahead by {@link prepareExportChunk} (usually on
   * a worker thread): prepared entries skip the parse of the whole record, the re-encoding and the
   * leaf hash already checked there; every other line is parsed and pushed as by
   * {@link verifyExportLines}. Returns the failure once there is one.
   */
  pushChunk(chunk: PreparedChunk): VerifyFailure | undefined {
    const { lines, prepared, leafHashes, chainHashes } = chunk;
    for (let i = 0; i < lines.length && this.failure === undefined; i++) {
      const line = lines[i] as string;
      if (prepared[i] === 1 && this.records > 0) {
        const index = this.records++;
        const leaf = Buffer.from(leafHashes.buffer, leafHashes.byteOffset + 32 * i, 32);
        this.failure = this.preparedEntry(line, leaf, chainHashes[i] as string, index);
        continue;
      }
      this.pushLine(line);
    }
    return this.failure;
  }

  /** Parses one JSON line and pushes it; a line that is not JSON fails as BAD_RECORD. */
  pushLine(line: string): VerifyFailure | undefined {
    let record: unknown;
    try {
      record = JSON.parse(line) as unknown;
    } catch (error: unknown) {
      return this.pushUnparseable(error instanceof Error ? error.message : String(error));
    }
    return this.push(record);
  }

  /** Records a line that could not be parsed as JSON (it fails as BAD_RECORD). */
  pushUnparseable(detail: string): VerifyFailure {
    if (this.failure !== undefined) {
      return this.failure;
    }
    const index = this.records++;
    this.failure =
      index === 0
        ? this.fail(0, 'MISSING_HEADER', `the first line is not JSON: ${detail}`)
        : this.fail(index, 'BAD_RECORD', `line is not JSON: ${detail}`);
    return this.failure;
  }

  /** Counters of every account after the entries pushed so far (e.g. for reconciliation). */
  accounts(): IterableIterator<[string, AccountBalance]> {
    return this.state.accounts();
  }

  /** The verdict on everything pushed. */
  finish(): VerifyResult {
    if (this.failure !== undefined) {
      return this.failure;
    }
    if (this.records === 0) {
      return this.fail(0, 'MISSING_HEADER', 'the export is empty');
    }
    const trusted = this.options.trustedCheckpoint;
    if (trusted !== undefined && trusted.treeSize > this.state.size) {
      return this.fail(
        this.records,
        'TRUSTED_CHECKPOINT_MISMATCH',
        `the export has ${this.state.size} entries, fewer than the trusted checkpoint's ${trusted.treeSize}`,
      );
    }
    const lastSize = this.last?.treeSize ?? null;
    const unsigned = Number(this.state.size - (lastSize ?? 0n));
    if (this.options.requireFinalCheckpoint === true && unsigned > 0) {
      return this.fail(
        this.records,
        'NO_FINAL_CHECKPOINT',
        `${unsigned} entries follow the last checkpoint`,
        {
          firstBadSeq: (lastSize ?? 0n) + 1n,
        },
      );
    }
    return {
      ok: true,
      entries: Number(this.state.size),
      checkpoints: this.checkpoints,
      treeSize: this.state.size,
      rootHash: this.state.rootHash().toString('hex'),
      chainHash: this.state.chainHash().toString('hex'),
      keyId: this.keyId,
      keyIds: [...this.keyIds],
      trustedCheckpointSize: trusted?.treeSize ?? null,
      lastCheckpointSize: lastSize,
      uncheckpointedEntries: unsigned,
    };
  }

  private header(record: unknown): VerifyFailure | undefined {
    if (!isObject(record) || record['type'] !== 'header') {
      return this.fail(0, 'MISSING_HEADER', 'the first record must be the header');
    }
    const unknownKey = Object.keys(record).find((k) => !HEADER_KEYS.has(k));
    if (unknownKey !== undefined) {
      return this.fail(0, 'BAD_HEADER', `unknown header field ${unknownKey}`);
    }
    if (record['format'] !== EXPORT_FORMAT) {
      return this.fail(0, 'BAD_HEADER', `format must be ${EXPORT_FORMAT}`);
    }
    if (record['genesisChainHash'] !== GENESIS_CHAIN_HASH_HEX) {
      return this.fail(0, 'BAD_HEADER', `genesisChainHash must be ${GENESIS_CHAIN_HASH_HEX}`);
    }
    const pinned = this.options.expectedKeyId;
    if (pinned !== undefined && pinned !== this.keyId) {
      return this.fail(
        0,
        'PINNED_KEY_MISMATCH',
        `the given public key has id ${this.keyId}, not the pinned ${pinned}`,
      );
    }
    return this.trustedCheckpointAt(0);
  }

  /** When the export has just reached the trusted checkpoint's size: same root, chain and key. */
  private trustedCheckpointAt(index: number): VerifyFailure | undefined {
    const trusted = this.options.trustedCheckpoint;
    if (trusted === undefined || trusted.treeSize !== this.state.size) return undefined;
    const at = `trusted checkpoint ${trusted.treeSize}`;
    if (trusted.rootHash !== this.state.rootHash().toString('hex'))
      return this.trustedFail(index, `${at}: the export's root at that size differs`);
    if (trusted.chainHash !== this.state.chainHash().toString('hex'))
      return this.trustedFail(index, `${at}: the export's chain hash at that size differs`);
    if (trusted.keyId !== this.keyId || !verifyCheckpointSignature(trusted, this.publicKey))
      return this.trustedFail(
        index,
        `${at}: not signed by key ${this.keyId}, the export's key at that size (it names ${trusted.keyId})`,
      );
    return undefined;
  }

  private trustedFail(index: number, message: string): VerifyFailure {
    // The history the reader trusted was rewritten somewhere up to its size: nothing is vouched for.
    return this.fail(index, 'TRUSTED_CHECKPOINT_MISMATCH', message, { firstBadSeq: 1n });
  }

  private body(record: unknown, index: number): VerifyFailure | undefined {
    if (!isObject(record)) {
      return this.fail(index, 'BAD_RECORD', 'a record must be a JSON object');
    }
    switch (record['type']) {
      case 'entry':
        return this.entry(record, index);
      case 'checkpoint':
        return this.checkpoint(record, index);
      case KEY_ROTATION_RECORD_TYPE:
        return this.keyRotation(record, index);
      default: {
        const type = record['type'];
        const handler =
          typeof type === 'string' && Object.hasOwn(this.options.extensionRecords ?? {}, type)
            ? this.options.extensionRecords?.[type]
            : undefined;
        if (handler === undefined)
          return this.fail(index, 'BAD_RECORD', 'type must be "entry" or "checkpoint"');
        const problem = handler(record);
        return problem === undefined
          ? undefined
          : this.fail(index, 'BAD_RECORD', `${String(type)} record: ${problem}`);
      }
    }
  }

  private entry(record: Record<string, unknown>, index: number): VerifyFailure | undefined {
    let entry: JournalEntry;
    try {
      // The format rules are checked by appendEntry (as INVALID_ENTRY), so only once.
      entry = entryFromJson(record, ENTRY_EXTRA_KEYS, false);
    } catch (error: unknown) {
      if (error instanceof EntryFormatError) {
        return this.fail(index, 'BAD_RECORD', error.message);
      }
      throw error;
    }
    const canonicalText = record['canonical'];
    if (typeof canonicalText !== 'string') {
      return this.fail(index, 'BAD_RECORD', 'canonical must be standard base64');
    }
    // Comparing base64 texts is comparing bytes, provided the text is canonical base64: a text
    // that is not is reported as such rather than as different bytes.
    const outcome = this.state.appendEntry(entry, { base64: canonicalText });
    if (!outcome.ok && outcome.code === 'CANONICAL_MISMATCH' && !isCanonicalBase64(canonicalText)) {
      return this.fail(index, 'BAD_RECORD', 'canonical must be standard base64');
    }
    if (!outcome.ok) {
      return this.fail(index, outcome.code, `entry ${entry.seq}: ${outcome.message}`, {
        ...(outcome.account !== undefined ? { account: outcome.account } : {}),
      });
    }
    for (const key of INFORMATIVE_HASHES) {
      const given = record[key];
      if (
        given !== undefined &&
        given !==
          (key === 'chainHash'
            ? this.state.chainHashHex
            : outcome.appended.leafHash.toString('hex'))
      ) {
        return isHashHex(given)
          ? this.failAt(
              entry.seq,
              index,
              key === 'leafHash' ? 'LEAF_HASH_MISMATCH' : 'CHAIN_HASH_MISMATCH',
              `entry ${entry.seq}: ${key} differs from the one computed`,
            )
          : this.failAt(entry.seq, index, 'BAD_RECORD', `${key} must be 64 lower-case hex digits`);
      }
    }
    return this.extensionChecks(entry, index);
  }

  /**
   * An entry whose format, canonical bytes, leaf hash and given leafHash were checked ahead (see
   * {@link prepareExportChunk}); `canonicalText` is its canonical JSON, which carries every entry
   * field. The rest is {@link entry}'s path, in the same order.
   */
  private preparedEntry(
    canonicalText: string,
    leafHash: Buffer,
    chainHash: string,
    index: number,
  ): VerifyFailure | undefined {
    const entry = entryFromPreparedText(canonicalText);
    const outcome = this.state.appendEntry(entry, { verifiedLeafHash: leafHash });
    if (!outcome.ok) {
      return this.fail(index, outcome.code, `entry ${entry.seq}: ${outcome.message}`, {
        ...(outcome.account !== undefined ? { account: outcome.account } : {}),
      });
    }
    if (chainHash !== '' && chainHash !== this.state.chainHashHex) {
      return this.failAt(
        entry.seq,
        index,
        'CHAIN_HASH_MISMATCH',
        `entry ${entry.seq}: chainHash differs from the one computed`,
      );
    }
    return this.extensionChecks(entry, index);
  }

  private extensionChecks(entry: JournalEntry, index: number): VerifyFailure | undefined {
    const trusted = this.trustedCheckpointAt(index);
    if (trusted !== undefined) return trusted;
    for (const check of this.options.entryChecks ?? []) {
      const problem = check.check(entry, { balance: (account) => this.state.balance(account) });
      if (problem !== undefined) {
        return this.failAt(
          entry.seq,
          index,
          'EXTENSION_CHECK_FAILED',
          `entry ${entry.seq}: ${problem}`,
          {
            check: check.name,
          },
        );
      }
    }
    return undefined;
  }

  private checkpoint(record: Record<string, unknown>, index: number): VerifyFailure | undefined {
    let cp: SignedCheckpoint;
    try {
      cp = checkpointFromJson(record, CHECKPOINT_EXTRA_KEYS);
    } catch (error: unknown) {
      if (error instanceof CheckpointFormatError) {
        return this.checkpointFail(index, undefined, 'BAD_RECORD', error.message);
      }
      throw error;
    }
    const proofValue = record['consistencyProof'];
    if (
      proofValue !== undefined &&
      !(Array.isArray(proofValue) && proofValue.length <= 128 && proofValue.every(isHashHex))
    ) {
      return this.checkpointFail(
        index,
        cp.treeSize,
        'BAD_RECORD',
        'consistencyProof must be hex hashes',
      );
    }
    const at = `checkpoint ${cp.treeSize}`;
    if (cp.treeSize !== this.state.size) {
      return this.checkpointFail(
        index,
        cp.treeSize,
        'CHECKPOINT_OUT_OF_PLACE',
        `${at} follows entry ${this.state.size}; it must follow entry ${cp.treeSize}`,
      );
    }
    if (!verifyCheckpointSignature(cp, this.publicKey)) {
      const other =
        cp.keyId === this.keyId ? '' : ` (signed by key ${cp.keyId}, expected ${this.keyId})`;
      return this.checkpointFail(
        index,
        cp.treeSize,
        'CHECKPOINT_SIGNATURE_INVALID',
        `${at}: signature does not verify with the given public key${other}`,
      );
    }
    if (cp.keyId !== this.keyId) {
      return this.checkpointFail(
        index,
        cp.treeSize,
        'CHECKPOINT_KEY_MISMATCH',
        `${at}: keyId ${cp.keyId} != ${this.keyId}`,
      );
    }
    const root = this.state.rootHash();
    if (cp.rootHash !== root.toString('hex')) {
      return this.checkpointFail(
        index,
        cp.treeSize,
        'CHECKPOINT_ROOT_MISMATCH',
        `${at}: signed root differs from the entries' root`,
      );
    }
    if (cp.chainHash !== this.state.chainHash().toString('hex')) {
      return this.checkpointFail(
        index,
        cp.treeSize,
        'CHECKPOINT_CHAIN_MISMATCH',
        `${at}: signed chain hash differs from the entries' chain`,
      );
    }
    const previous = this.last;
    if (previous !== undefined && cp.issuedAt < previous.issuedAt) {
      return this.checkpointFail(
        index,
        cp.treeSize,
        'CHECKPOINT_TIME_REGRESSION',
        `${at}: issued before checkpoint ${previous.treeSize}`,
      );
    }
    if (Array.isArray(proofValue)) {
      const proof = (proofValue as string[]).map((h) => Buffer.from(h, 'hex'));
      const size1 = previous?.treeSize ?? 0n;
      const root1 =
        previous !== undefined ? Buffer.from(previous.rootHash, 'hex') : EMPTY_TREE_ROOT;
      if (!verifyConsistency(Number(size1), Number(cp.treeSize), root1, root, proof)) {
        return this.checkpointFail(
          index,
          cp.treeSize,
          'CONSISTENCY_PROOF_INVALID',
          `${at}: consistency proof from checkpoint ${size1} does not verify`,
        );
      }
    }
    this.last = cp;
    this.checkpoints++;
    return undefined;
  }

  /**
   * A rotation is followed only when it is signed by the key in force and sits right after that
   * key's checkpoint of the same tree size, root and chain: the new key cannot re-sign what the
   * old one signed, and no one without the old key can announce a new one.
   */
  private keyRotation(record: Record<string, unknown>, index: number): VerifyFailure | undefined {
    const fail = (message: string) =>
      this.fail(index, 'KEY_ROTATION_INVALID', `key rotation: ${message}`, {
        firstBadSeq: this.state.size + 1n,
      });
    let rotation;
    try {
      rotation = keyRotationFromJson(record, ROTATION_EXTRA_KEYS);
    } catch (error: unknown) {
      if (error instanceof KeyRotationFormatError) return fail(error.message);
      throw error;
    }
    const last = this.last;
    if (
      last === undefined ||
      last.treeSize !== this.state.size ||
      rotation.treeSize !== last.treeSize
    )
      return fail(
        `at tree size ${rotation.treeSize}, it must follow the checkpoint of that size (entries so far ${this.state.size})`,
      );
    if (rotation.rootHash !== last.rootHash || rotation.chainHash !== last.chainHash)
      return fail(`its root or chain hash differs from checkpoint ${last.treeSize}`);
    const problem = keyRotationProblem(rotation, this.publicKey);
    if (problem !== undefined) return fail(problem);
    this.publicKey = loadPublicKey(rotation.publicKeyPem);
    this.keyId = rotation.keyId;
    this.keyIds.push(rotation.keyId);
    return undefined;
  }

  private fail(
    record: number,
    reason: VerifyReason,
    message: string,
    extra: Partial<
      Pick<VerifyFailure, 'firstBadSeq' | 'account' | 'check' | 'checkpointTreeSize'>
    > = {},
  ): VerifyFailure {
    return { ok: false, firstBadSeq: this.state.size + 1n, reason, message, record, ...extra };
  }

  private failAt(
    seq: bigint,
    record: number,
    reason: VerifyReason,
    message: string,
    extra: Partial<Pick<VerifyFailure, 'check'>> = {},
  ): VerifyFailure {
    return this.fail(record, reason, message, { firstBadSeq: seq, ...extra });
  }

  private checkpointFail(
    record: number,
    treeSize: bigint | undefined,
    reason: VerifyReason,
    message: string,
  ): VerifyFailure {
    return this.fail(record, reason, message, {
      firstBadSeq: (this.last?.treeSize ?? 0n) + 1n,
      ...(treeSize !== undefined ? { checkpointTreeSize: treeSize } : {}),
    });
  }
}

function isCanonicalBase64(text: string): boolean {
  return BASE64.test(text) && Buffer.from(text, 'base64').toString('base64') === text;
}

/** A prepared entry's canonical JSON: the codec's form, its kind and sides already checked. */
interface CanonicalEntryJson extends Omit<JournalEntryJson, 'kind' | 'postings'> {
  readonly kind: JournalEntry['kind'];
  readonly postings: readonly { account: string; side: Posting['side']; amountFen: string }[];
}

/**
 * The entry from the canonical JSON of a prepared entry. Every field's type, grammar and decimal
 * form was checked on these very bytes by `prepareExportChunk` (the full `entryFromJson` with the
 * format rules), so this only converts: the decimals to bigints.
 */
function entryFromPreparedText(canonicalText: string): JournalEntry {
  const json = JSON.parse(canonicalText) as CanonicalEntryJson;
  const raw = json.postings;
  const postings = new Array<Posting>(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const p = raw[i] as CanonicalEntryJson['postings'][number];
    postings[i] = { account: p.account, side: p.side, amountFen: BigInt(p.amountFen) };
  }
  const entry: { -readonly [K in keyof JournalEntry]: JournalEntry[K] } = {
    seq: BigInt(json.seq),
    entryId: json.entryId,
    eventId: json.eventId,
    eventType: json.eventType,
    occurredAt: json.occurredAt,
    kind: json.kind,
    postings,
    prevHash: json.prevHash,
  };
  if (json.pendingEntrySeq !== undefined) entry.pendingEntrySeq = BigInt(json.pendingEntrySeq);
  if (json.claimId !== undefined) entry.claimId = json.claimId;
  if (json.loanId !== undefined) entry.loanId = json.loanId;
  if (json.policyVersion !== undefined) entry.policyVersion = json.policyVersion;
  if (json.documentName !== undefined) entry.documentName = json.documentName;
  if (json.documentSha256 !== undefined) entry.documentSha256 = json.documentSha256;
  return entry;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Verifies a whole export held in (or streamed through) an iterable of parsed records. */
export function verifyExport(
  records: Iterable<unknown>,
  publicKeyPem: string | KeyObject,
  options?: VerifyOptions,
): VerifyResult {
  const verifier = new ExportVerifier(publicKeyPem, options);
  for (const record of records) {
    if (verifier.push(record) !== undefined) {
      break;
    }
  }
  return verifier.finish();
}

/** {@link verifyExport} over an async stream of parsed records. */
export async function verifyExportAsync(
  records: AsyncIterable<unknown> | Iterable<unknown>,
  publicKeyPem: string | KeyObject,
  options?: VerifyOptions,
): Promise<VerifyResult> {
  const verifier = new ExportVerifier(publicKeyPem, options);
  for await (const record of records) {
    if (verifier.push(record) !== undefined) {
      break;
    }
  }
  return verifier.finish();
}

/**
 * Verifies JSON-lines text (e.g. `readline` over a file): blank lines are skipped, a line that is
 * not JSON fails as BAD_RECORD.
 */
export async function verifyExportLines(
  lines: AsyncIterable<string> | Iterable<string>,
  publicKeyPem: string | KeyObject,
  options?: VerifyOptions,
): Promise<VerifyResult> {
  const verifier = new ExportVerifier(publicKeyPem, options);
  for await (const line of lines) {
    if (line.trim() === '') {
      continue;
    }
    if (verifier.pushLine(line) !== undefined) {
      break;
    }
  }
  return verifier.finish();
}
