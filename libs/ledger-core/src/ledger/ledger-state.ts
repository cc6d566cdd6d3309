import {
  AccountBook,
  type AccountBalance,
  BookOverlay,
  type PendingHold,
  type RuleCode,
  ZERO_BALANCE,
  applyEffects,
  evaluateEntry,
} from '../accounts/account-book';
import { type AccountFlagsResolver, chartAccountFlags } from '../accounts/chart-of-accounts';
import type { SignedCheckpoint } from '../checkpoint/checkpoint';
import { type CheckpointSigner, signCheckpoint } from '../checkpoint/checkpoint-signing';
import {
  type EntryContent,
  canonicalFromContentJson,
  entryContentJson,
  entryContentJsonUnchecked,
} from '../entry/entry-codec';
import { deriveEntryId } from '../entry/entry-id';
import { GENESIS_CHAIN_HASH, nextChainHash } from '../entry/hash-chain';
import {
  type EntryKind,
  EntryFormatError,
  type JournalEntry,
  type Posting,
  entryFormatProblem,
  isEventType,
  isIdentifier,
  isTimestamp,
} from '../entry/journal-entry';
import { bytesEqual, sha256Utf8, toHex } from '../hash/sha256';
import { CompactMerkleTree } from '../merkle/compact-merkle-tree';
import { MerkleTree } from '../merkle/merkle-tree';
import { utf8WithLeafHash } from '../merkle/rfc6962';
import { type EventIndex, InMemoryEventIndex, type IndexedEvent } from './event-index';

/** What an event asks the ledger to append; the ledger fills in position and hashes. */
export interface EntryDraft {
  readonly kind: EntryKind;
  readonly postings: readonly Posting[];
  /** For POST_PENDING / VOID_PENDING: seq of the hold (see {@link LedgerState.entrySeq}). */
  readonly pendingEntrySeq?: bigint;
  /**
   * Instead of `pendingEntrySeq`: the hold is entry `entryIndex` (default 0) of event `eventId`,
   * applied earlier or earlier in the same batch (not by this event). The journal records the
   * resolved seq.
   */
  readonly pendingRef?: { readonly eventId: string; readonly entryIndex?: number };
  readonly claimId?: string;
  readonly loanId?: string;
  readonly policyVersion?: string;
  /** ANCHOR: the anchored document's name and SHA-256 (hex). */
  readonly documentName?: string;
  readonly documentSha256?: string;
  /**
   * Leave unset: the default `deriveEntryId(eventId, index)` keeps replays identical. An explicit
   * id is part of the content that idempotency compares.
   */
  readonly entryId?: string;
}

/** One event's entries, appended together or not at all. */
export interface LedgerEvent {
  readonly eventId: string;
  readonly eventType: string;
  readonly occurredAt: string;
  readonly entries: readonly EntryDraft[];
}

/** An entry as appended, with what the journal stores beside it. */
export interface AppendedEntry {
  readonly entry: JournalEntry;
  /** Canonical bytes (UTF-8 JSON). */
  readonly canonical: Buffer;
  readonly leafHash: Buffer;
  /** chainHash_seq. */
  readonly chainHash: Buffer;
}

export type LedgerRejectionCode =
  RuleCode | 'INVALID_EVENT' | 'INVALID_ENTRY' | 'EMPTY_EVENT' | 'TOO_MANY_ENTRIES';

export type EventOutcome =
  | {
      readonly status: 'APPLIED';
      readonly eventId: string;
      readonly entries: readonly AppendedEntry[];
    }
  | {
      /** Same id, same content as an event already applied: nothing appended. */
      readonly status: 'DUPLICATE';
      readonly eventId: string;
      readonly firstSeq: bigint;
      readonly entryCount: number;
    }
  | {
      /** Same id as an applied event but different content: refused, nothing appended. */
      readonly status: 'CONFLICT';
      readonly eventId: string;
      readonly firstSeq: bigint;
      readonly message: string;
    }
  | {
      /** Breaks a rule: nothing of the event appended. */
      readonly status: 'REJECTED';
      readonly eventId: string;
      readonly code: LedgerRejectionCode;
      readonly message: string;
      readonly entryIndex?: number;
      readonly account?: string;
    };

export interface BatchResult {
  /** One outcome per input event, in order. */
  readonly outcomes: readonly EventOutcome[];
  /** Every entry appended, in seq order. */
  readonly appended: readonly AppendedEntry[];
  readonly size: bigint;
}

/** A batch validated against the state, not yet applied; see {@link LedgerState.prepareBatch}. */
export interface PreparedBatch {
  readonly outcomes: readonly EventOutcome[];
  readonly appended: readonly AppendedEntry[];
}

export type ReplayCode =
  | RuleCode
  | 'INVALID_ENTRY'
  | 'SEQ_MISMATCH'
  | 'PREV_HASH_MISMATCH'
  | 'CANONICAL_MISMATCH'
  | 'DUPLICATE_EVENT';

export type ReplayOutcome =
  | { readonly ok: true; readonly appended: AppendedEntry }
  | {
      readonly ok: false;
      readonly code: ReplayCode;
      readonly message: string;
      readonly account?: string;
    };

/**
 * Canonical bytes an entry must encode to (e.g. the bytes stored in the journal or carried by an
 * export); `base64` compares with the standard base64 text, so no decoding is needed.
 */
export interface ExpectedCanonical {
  readonly bytes?: Uint8Array;
  readonly base64?: string;
  /**
   * The caller has already checked this entry's format and that the carried canonical bytes are
   * its canonical encoding, and hashed them (as the parallel verifier's workers do, see
   * `prepareExportChunk`): the format check, the encoding and the leaf hash are not redone.
   */
  readonly verifiedLeafHash?: Buffer;
}

export interface LedgerStateOptions {
  /** Which accounts carry flags; default: the chart's ({@link chartAccountFlags}). */
  readonly accountFlags?: AccountFlagsResolver;
  /**
   * `full` (default) keeps every tree node (64 bytes per entry) to serve proofs; `compact` keeps
   * only the frontier (roots and checkpoints, no proofs).
   */
  readonly tree?: 'full' | 'compact';
  /** Where applied events are remembered; default an in-memory map. */
  readonly eventIndex?: EventIndex;
  /** Keep content fingerprints of replayed events (default true; the verifier turns it off). */
  readonly fingerprints?: boolean;
}

/** Most entries one event may carry. */
export const MAX_ENTRIES_PER_EVENT = 256;
/** Most events one batch may carry. */
export const MAX_EVENTS_PER_BATCH = 100_000;

interface Staging {
  readonly state: LedgerState;
  readonly baseVersion: number;
  readonly overlay: BookOverlay;
  readonly events: Map<string, IndexedEvent>;
  readonly chainHead: Buffer;
  committed: boolean;
}

const stagings = new WeakMap<PreparedBatch, Staging>();
const NO_CONTENTS: string[] = [];

/**
 * The ledger's pure core: accounts and holds, the journal's Merkle tree and hash chain, and the
 * event index that makes appends idempotent. The ledger service is its single writer: it feeds
 * events in batches ({@link prepareBatch}, store, {@link commitBatch}) and signs checkpoints;
 * at start-up it rebuilds the state from the stored journal with {@link appendEntry}.
 */
export class LedgerState {
  private readonly book = new AccountBook();
  private readonly tree: MerkleTree | CompactMerkleTree;
  private readonly events: EventIndex;
  private readonly flagsOf: AccountFlagsResolver;
  private readonly fingerprints: boolean;
  private head: Buffer = Buffer.from(GENESIS_CHAIN_HASH);
  private headHex: string = toHex(GENESIS_CHAIN_HASH);
  private count = 0n;
  private version = 0;
  private lastSigned: SignedCheckpoint | undefined;
  // The event whose entries are being replayed (entries of one event are contiguous).
  private replaying:
    { eventId: string; firstSeq: bigint; entryCount: number; contents: string[] } | undefined;

  constructor(options: LedgerStateOptions = {}) {
    this.flagsOf = options.accountFlags ?? chartAccountFlags;
    this.tree = options.tree === 'compact' ? new CompactMerkleTree() : new MerkleTree();
    this.events = options.eventIndex ?? new InMemoryEventIndex();
    this.fingerprints = options.fingerprints ?? true;
  }

  /** Rebuilds a state from a stored journal (seq 1 onwards); throws at the first bad entry. */
  static fromJournal(entries: Iterable<JournalEntry>, options?: LedgerStateOptions): LedgerState {
    const state = new LedgerState(options);
    for (const entry of entries) {
      const outcome = state.appendEntry(entry);
      if (!outcome.ok) {
        throw new Error(`journal entry ${entry.seq}: ${outcome.code}: ${outcome.message}`);
      }
    }
    return state;
  }

  /** Number of entries (= last seq = tree size). */
  get size(): bigint {
    return this.count;
  }

  /** RFC 6962 root of all entries. */
  rootHash(): Buffer {
    return this.tree.root();
  }

  /** chainHash of the last entry (genesis when empty). */
  chainHash(): Buffer {
    return Buffer.from(this.head);
  }

  /** {@link chainHash} as lower-case hex. */
  get chainHashHex(): string {
    return this.headHex;
  }

  balance(account: string): AccountBalance {
    return this.book.balance(account) ?? ZERO_BALANCE;
  }

  /** Every account touched so far, with its counters. */
  accounts(): IterableIterator<[string, AccountBalance]> {
    return this.book.accounts();
  }

  /** Holds neither posted nor voided. */
  openHolds(): IterableIterator<PendingHold> {
    return this.book.openHolds();
  }

  /** Sums of the four counters over all accounts. */
  totals(): ReturnType<AccountBook['totals']> {
    return this.book.totals();
  }

  /** The seq of the entry that resolved hold `seq`, if any. */
  holdResolvedBy(seq: bigint): bigint | undefined {
    return this.book.holdResolvedBy(seq);
  }

  /** Whole-book invariant violations (empty when sound); O(accounts + holds). */
  invariantViolations(): string[] {
    return this.book.invariantViolations(this.flagsOf);
  }

  /** The applied event with this id, if any. */
  event(eventId: string): IndexedEvent | undefined {
    this.finishReplayedEvent();
    return this.events.get(eventId);
  }

  /** Seq of entry `index` (0-based) of applied event `eventId`: how a resolution names a hold. */
  entrySeq(eventId: string, index = 0): bigint | undefined {
    const event = this.event(eventId);
    if (
      event === undefined ||
      !Number.isSafeInteger(index) ||
      index < 0 ||
      index >= event.entryCount
    ) {
      return undefined;
    }
    return event.firstSeq + BigInt(index);
  }

  /** The last checkpoint signed by {@link checkpoint}. */
  get lastCheckpoint(): SignedCheckpoint | undefined {
    return this.lastSigned;
  }

  /**
   * Validates a batch against the current state without changing it. Each event is all or
   * nothing: applied, a duplicate, a conflict, or rejected with the failing entry and rule; later
   * events see the effects of earlier ones. Store `appended`, then {@link commitBatch}.
   */
  prepareBatch(events: readonly LedgerEvent[]): PreparedBatch {
    if (events.length > MAX_EVENTS_PER_BATCH) {
      throw new RangeError(`a batch holds at most ${MAX_EVENTS_PER_BATCH} events`);
    }
    this.finishReplayedEvent();
    const overlay = new BookOverlay(this.book);
    const staged = new Map<string, IndexedEvent>();
    const outcomes: EventOutcome[] = [];
    const appended: AppendedEntry[] = [];
    let seq = this.count;
    let head = this.head;
    for (const event of events) {
      const outcome = this.prepareEvent(event, overlay, staged, seq, head);
      outcomes.push(outcome);
      if (outcome.status === 'APPLIED') {
        appended.push(...outcome.entries);
        const last = outcome.entries[outcome.entries.length - 1] as AppendedEntry;
        seq = last.entry.seq;
        head = last.chainHash;
      }
    }
    const prepared: PreparedBatch = { outcomes, appended };
    stagings.set(prepared, {
      state: this,
      baseVersion: this.version,
      overlay,
      events: staged,
      chainHead: head,
      committed: false,
    });
    return prepared;
  }

  /** Applies a prepared batch; throws if the state changed since it was prepared. */
  commitBatch(prepared: PreparedBatch): BatchResult {
    const staging = stagings.get(prepared);
    if (staging === undefined || staging.state !== this) {
      throw new Error('this batch was not prepared by this ledger state');
    }
    if (staging.committed) {
      throw new Error('this batch was already committed');
    }
    if (staging.baseVersion !== this.version) {
      throw new Error('the ledger state changed after this batch was prepared');
    }
    staging.overlay.commit();
    for (const a of prepared.appended) {
      this.tree.append(a.leafHash);
    }
    for (const [eventId, indexed] of staging.events) {
      this.events.set(eventId, indexed);
    }
    if (prepared.appended.length > 0) {
      this.count += BigInt(prepared.appended.length);
      this.head = staging.chainHead;
      this.headHex = toHex(staging.chainHead);
    }
    staging.committed = true;
    this.version++;
    return { outcomes: prepared.outcomes, appended: prepared.appended, size: this.count };
  }

  /** {@link prepareBatch} then {@link commitBatch}. */
  applyBatch(events: readonly LedgerEvent[]): BatchResult {
    return this.commitBatch(this.prepareBatch(events));
  }

  /**
   * Appends an already sequenced entry (rebuilding from the journal, or verifying an export):
   * checks format, optionally that the canonical bytes are the `expected` ones, seq = size + 1,
   * prevHash = current chain hash, that its event is not one applied earlier, and the ledger
   * rules. Nothing changes when it fails.
   */
  appendEntry(entry: JournalEntry, expected: ExpectedCanonical = {}): ReplayOutcome {
    const verified = expected.verifiedLeafHash;
    let contentJson = '';
    let canonical: Buffer | undefined;
    let leaf: Buffer;
    if (verified !== undefined) {
      leaf = verified;
      if (this.fingerprints) {
        contentJson = entryContentJsonUnchecked(entry);
      }
    } else {
      const problem = entryFormatProblem(entry);
      if (problem !== undefined) {
        return { ok: false, code: 'INVALID_ENTRY', message: problem.message };
      }
      // The content JSON ignores seq and prevHash, so the entry serves as its own content.
      contentJson = entryContentJsonUnchecked(entry);
      const encoded = utf8WithLeafHash(
        canonicalFromContentJson(contentJson, entry.prevHash, entry.seq),
      );
      canonical = encoded.bytes;
      leaf = encoded.leafHash;
      if (
        (expected.bytes !== undefined && !bytesEqual(canonical, expected.bytes)) ||
        (expected.base64 !== undefined && canonical.toString('base64') !== expected.base64)
      ) {
        return {
          ok: false,
          code: 'CANONICAL_MISMATCH',
          message: 'the canonical bytes do not encode the entry fields',
        };
      }
    }
    if (entry.seq !== this.count + 1n) {
      return {
        ok: false,
        code: 'SEQ_MISMATCH',
        message: `expected seq ${this.count + 1n}, got ${entry.seq}`,
      };
    }
    if (entry.prevHash !== this.headHex) {
      return {
        ok: false,
        code: 'PREV_HASH_MISMATCH',
        message: `prevHash ${entry.prevHash} != chain hash ${this.headHex} after entry ${this.count}`,
      };
    }
    const continuing = this.replaying?.eventId === entry.eventId;
    if (!continuing) {
      this.finishReplayedEvent();
      const earlier = this.events.get(entry.eventId);
      if (earlier !== undefined) {
        return {
          ok: false,
          code: 'DUPLICATE_EVENT',
          message: `event ${entry.eventId} was already applied at seq ${earlier.firstSeq}`,
        };
      }
    }
    const rules = evaluateEntry(this.book, entry, this.flagsOf);
    if (!rules.ok) {
      return { ok: false, ...rules.rejection };
    }
    applyEffects(this.book, rules.effects);
    const chain = nextChainHash(this.head, leaf);
    this.tree.append(leaf);
    this.head = chain;
    this.headHex = chain.toString('hex');
    this.count = entry.seq;
    this.version++;
    if (continuing && this.replaying !== undefined) {
      this.replaying.entryCount++;
      if (this.fingerprints) {
        this.replaying.contents.push(contentJson);
      }
    } else {
      this.replaying = {
        eventId: entry.eventId,
        firstSeq: entry.seq,
        entryCount: 1,
        contents: this.fingerprints ? [contentJson] : NO_CONTENTS,
      };
    }
    return {
      ok: true,
      appended: {
        entry,
        // Pre-verified entries are re-encoded only if someone asks for the bytes.
        get canonical(): Buffer {
          canonical ??= Buffer.from(
            canonicalFromContentJson(entryContentJsonUnchecked(entry), entry.prevHash, entry.seq),
            'utf8',
          );
          return canonical;
        },
        leafHash: leaf,
        chainHash: chain,
      },
    };
  }

  /** Signs a checkpoint of the current size, root and chain hash. */
  checkpoint(
    signer: CheckpointSigner,
    issuedAt: string = new Date().toISOString(),
  ): SignedCheckpoint {
    const signed = signCheckpoint(
      {
        treeSize: this.count,
        rootHash: this.tree.root().toString('hex'),
        chainHash: this.headHex,
        issuedAt,
      },
      signer,
    );
    this.lastSigned = signed;
    return signed;
  }

  /** Leaf hash of entry `seq` (full tree only). */
  leafHash(seq: bigint): Buffer {
    return this.fullTree().leafHash(toIndex(seq) - 1);
  }

  /** Root of the first `treeSize` entries (full tree only). */
  rootAt(treeSize: bigint): Buffer {
    return this.fullTree().root(toIndex(treeSize));
  }

  /** Inclusion proof of entry `seq` in the tree of the first `treeSize` entries (full tree only). */
  inclusionProof(seq: bigint, treeSize: bigint = this.count): Buffer[] {
    return this.fullTree().inclusionProof(toIndex(seq) - 1, toIndex(treeSize));
  }

  /** Consistency proof between two sizes (full tree only). */
  consistencyProof(size1: bigint, size2: bigint = this.count): Buffer[] {
    return this.fullTree().consistencyProof(toIndex(size1), toIndex(size2));
  }

  private fullTree(): MerkleTree {
    if (!(this.tree instanceof MerkleTree)) {
      throw new Error('proofs need a state created with tree: "full"');
    }
    return this.tree;
  }

  private finishReplayedEvent(): void {
    const replaying = this.replaying;
    if (replaying === undefined) {
      return;
    }
    this.replaying = undefined;
    this.events.set(replaying.eventId, {
      fingerprint: this.fingerprints ? fingerprintOf(replaying.contents) : '',
      firstSeq: replaying.firstSeq,
      entryCount: replaying.entryCount,
    });
  }

  private prepareEvent(
    event: LedgerEvent,
    batch: BookOverlay,
    staged: Map<string, IndexedEvent>,
    lastSeq: bigint,
    lastHead: Buffer,
  ): EventOutcome {
    const eventId = String(event.eventId);
    const reject = (
      code: LedgerRejectionCode,
      message: string,
      extra: { entryIndex?: number; account?: string } = {},
    ): EventOutcome => ({ status: 'REJECTED', eventId, code, message, ...extra });

    if (!isIdentifier(event.eventId)) {
      return reject('INVALID_EVENT', 'eventId must be an identifier');
    }
    if (!isEventType(event.eventType)) {
      return reject('INVALID_EVENT', 'eventType must match [A-Za-z0-9][A-Za-z0-9._:-]{0,127}');
    }
    if (!isTimestamp(event.occurredAt)) {
      return reject('INVALID_EVENT', 'occurredAt must be YYYY-MM-DDTHH:mm:ss.sssZ');
    }
    if (!Array.isArray(event.entries) || event.entries.length === 0) {
      return reject('EMPTY_EVENT', 'an event must carry at least one entry');
    }
    if (event.entries.length > MAX_ENTRIES_PER_EVENT) {
      return reject(
        'TOO_MANY_ENTRIES',
        `an event carries at most ${MAX_ENTRIES_PER_EVENT} entries`,
      );
    }
    const contents: EntryContent[] = [];
    const contentJsons: string[] = [];
    for (let i = 0; i < event.entries.length; i++) {
      const draft = event.entries[i] as EntryDraft;
      let pendingEntrySeq = draft.pendingEntrySeq;
      if (draft.pendingRef !== undefined) {
        const ref = draft.pendingRef;
        if (pendingEntrySeq !== undefined) {
          return reject('INVALID_ENTRY', 'give pendingEntrySeq or pendingRef, not both', {
            entryIndex: i,
          });
        }
        if (ref.eventId === eventId) {
          return reject('INVALID_ENTRY', 'a hold cannot be resolved by the event that places it', {
            entryIndex: i,
          });
        }
        const held = staged.get(ref.eventId) ?? this.events.get(ref.eventId);
        const refIndex = ref.entryIndex ?? 0;
        if (
          held === undefined ||
          !Number.isSafeInteger(refIndex) ||
          refIndex < 0 ||
          refIndex >= held.entryCount
        ) {
          return reject(
            'PENDING_NOT_FOUND',
            `event ${ref.eventId} has applied no entry ${refIndex}`,
            { entryIndex: i },
          );
        }
        pendingEntrySeq = held.firstSeq + BigInt(refIndex);
      }
      const content = contentFromDraft(event, draft, i, pendingEntrySeq);
      try {
        contentJsons.push(entryContentJson(content));
      } catch (error: unknown) {
        if (error instanceof EntryFormatError) {
          return reject('INVALID_ENTRY', error.message, { entryIndex: i });
        }
        throw error;
      }
      contents.push(content);
    }
    const fingerprint = fingerprintOf(contentJsons);
    const earlier = staged.get(eventId) ?? this.events.get(eventId);
    if (earlier !== undefined) {
      if (earlier.fingerprint === fingerprint) {
        return {
          status: 'DUPLICATE',
          eventId,
          firstSeq: earlier.firstSeq,
          entryCount: earlier.entryCount,
        };
      }
      return {
        status: 'CONFLICT',
        eventId,
        firstSeq: earlier.firstSeq,
        message: `event ${eventId} was applied at seq ${earlier.firstSeq} with different content`,
      };
    }
    const overlay = new BookOverlay(batch);
    const entries: AppendedEntry[] = [];
    let seq = lastSeq;
    let head = lastHead;
    for (let i = 0; i < contents.length; i++) {
      seq += 1n;
      const prevHash = toHex(head);
      const entry: JournalEntry = { ...(contents[i] as EntryContent), seq, prevHash };
      const rules = evaluateEntry(overlay, entry, this.flagsOf);
      if (!rules.ok) {
        return reject(rules.rejection.code, rules.rejection.message, {
          entryIndex: i,
          ...(rules.rejection.account !== undefined ? { account: rules.rejection.account } : {}),
        });
      }
      applyEffects(overlay, rules.effects);
      const { bytes: canonical, leafHash: leaf } = utf8WithLeafHash(
        canonicalFromContentJson(contentJsons[i] as string, prevHash, seq),
      );
      head = nextChainHash(head, leaf);
      entries.push({ entry, canonical, leafHash: leaf, chainHash: head });
    }
    overlay.commit();
    staged.set(eventId, { fingerprint, firstSeq: lastSeq + 1n, entryCount: entries.length });
    return { status: 'APPLIED', eventId, entries };
  }
}

function contentFromDraft(
  event: LedgerEvent,
  draft: EntryDraft,
  index: number,
  pendingEntrySeq: bigint | undefined,
): EntryContent {
  const postings: Posting[] = Array.isArray(draft.postings)
    ? draft.postings.map((p) => ({ account: p.account, side: p.side, amountFen: p.amountFen }))
    : (draft.postings as Posting[]);
  return {
    entryId: draft.entryId ?? deriveEntryId(event.eventId, index),
    eventId: event.eventId,
    eventType: event.eventType,
    occurredAt: event.occurredAt,
    kind: draft.kind,
    ...(pendingEntrySeq !== undefined ? { pendingEntrySeq } : {}),
    ...(draft.claimId !== undefined ? { claimId: draft.claimId } : {}),
    ...(draft.loanId !== undefined ? { loanId: draft.loanId } : {}),
    ...(draft.policyVersion !== undefined ? { policyVersion: draft.policyVersion } : {}),
    ...(draft.documentName !== undefined ? { documentName: draft.documentName } : {}),
    ...(draft.documentSha256 !== undefined ? { documentSha256: draft.documentSha256 } : {}),
    postings,
  };
}

function fingerprintOf(contentJsons: readonly string[]): string {
  return sha256Utf8(contentJsons.join('\n')).subarray(0, 16).toString('hex');
}

function toIndex(value: bigint): number {
  if (value < 0n || value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`${value} is not a valid tree position`);
  }
  return Number(value);
}
