import { bankAccount, fundAccount } from '../accounts/chart-of-accounts';
import type { SignedCheckpoint } from '../checkpoint/checkpoint';
import {
  type CheckpointSigner,
  type SigningKeyPair,
  createCheckpointSigner,
  generateSigningKeyPair,
  signCheckpoint,
} from '../checkpoint/checkpoint-signing';
import { canonicalEntryBytes } from '../entry/entry-codec';
import { deriveEntryId } from '../entry/entry-id';
import { GENESIS_CHAIN_HASH, nextChainHash } from '../entry/hash-chain';
import type { JournalEntry, Posting } from '../entry/journal-entry';
import { CompactMerkleTree } from '../merkle/compact-merkle-tree';
import { leafHash } from '../merkle/rfc6962';
import type { EntryDraft, LedgerEvent, LedgerState } from '../ledger/ledger-state';
import {
  type ExportRecord,
  exportCheckpointRecord,
  exportEntryRecord,
  exportHeaderRecord,
} from '../verify/export-format';

export const T0 = '2026-01-10T08:00:00.000Z';

export function debit(account: string, amountFen: bigint): Posting {
  return { account, side: 'DEBIT', amountFen };
}

export function credit(account: string, amountFen: bigint): Posting {
  return { account, side: 'CREDIT', amountFen };
}

export function event(
  eventId: string,
  entries: EntryDraft[],
  eventType = 'test.event.v1',
): LedgerEvent {
  return { eventId, eventType, occurredAt: T0, entries };
}

/** Deposit into a fund: contributions → available. */
export function depositDraft(fundId: string, amountFen: bigint): EntryDraft {
  return {
    kind: 'POST',
    postings: [
      debit(fundAccount(fundId, 'contributions'), amountFen),
      credit(fundAccount(fundId, 'available'), amountFen),
    ],
  };
}

/** The postings of a hold of a fund's money for a bank's claim. */
export function holdPostings(fundId: string, bankId: string, amountFen: bigint): Posting[] {
  return [
    debit(fundAccount(fundId, 'available'), amountFen),
    credit(bankAccount(bankId, 'compensation-received'), amountFen),
  ];
}

export function holdDraft(
  fundId: string,
  bankId: string,
  amountFen: bigint,
  claimId = 'claim-1',
): EntryDraft {
  return { kind: 'PENDING', claimId, postings: holdPostings(fundId, bankId, amountFen) };
}

/** The entry that posts (`POST_PENDING`) or voids (`VOID_PENDING`) a pending hold. */
function settleHoldDraft(
  kind: 'POST_PENDING' | 'VOID_PENDING',
  pendingEntrySeq: bigint,
  fundId: string,
  bankId: string,
  amountFen: bigint,
): EntryDraft {
  return { kind, pendingEntrySeq, postings: holdPostings(fundId, bankId, amountFen) };
}

export function postHoldDraft(
  pendingEntrySeq: bigint,
  fundId: string,
  bankId: string,
  amountFen: bigint,
): EntryDraft {
  return settleHoldDraft('POST_PENDING', pendingEntrySeq, fundId, bankId, amountFen);
}

export function voidHoldDraft(
  pendingEntrySeq: bigint,
  fundId: string,
  bankId: string,
  amountFen: bigint,
): EntryDraft {
  return settleHoldDraft('VOID_PENDING', pendingEntrySeq, fundId, bankId, amountFen);
}

/**
 * Applies `batches` to `state`, signing a checkpoint after each batch, and returns the export
 * (header, entries, checkpoints with consistency proofs when the state keeps its full tree).
 */
export function buildExport(
  state: LedgerState,
  signer: CheckpointSigner,
  batches: readonly (readonly LedgerEvent[])[],
  withProofs = true,
): { records: ExportRecord[]; checkpoints: SignedCheckpoint[] } {
  const records: ExportRecord[] = [exportHeaderRecord(T0)];
  const checkpoints: SignedCheckpoint[] = [];
  let previousSize = 0n;
  for (const batch of batches) {
    const result = state.applyBatch(batch);
    for (const appended of result.appended) {
      records.push(exportEntryRecord(appended));
    }
    const checkpoint = state.checkpoint(signer, T0);
    checkpoints.push(checkpoint);
    records.push(
      exportCheckpointRecord(
        checkpoint,
        withProofs ? state.consistencyProof(previousSize, checkpoint.treeSize) : undefined,
      ),
    );
    previousSize = checkpoint.treeSize;
  }
  return { records, checkpoints };
}

/**
 * Writes an export for `entries` exactly as given, without applying the ledger rules, hashing and
 * chaining them correctly and signing a checkpoint at the end: what a dishonest or buggy writer
 * holding the real key could publish. The verifier must still catch the broken rule.
 */
export function forgeExport(
  contents: readonly Omit<JournalEntry, 'seq' | 'prevHash'>[],
  signer: CheckpointSigner,
): ExportRecord[] {
  const records: ExportRecord[] = [exportHeaderRecord()];
  const tree = new CompactMerkleTree();
  let head: Buffer = Buffer.from(GENESIS_CHAIN_HASH);
  contents.forEach((content, i) => {
    const entry: JournalEntry = { ...content, seq: BigInt(i + 1), prevHash: head.toString('hex') };
    const canonical = canonicalEntryBytes(entry);
    const leaf = leafHash(canonical);
    head = nextChainHash(head, leaf);
    tree.append(leaf);
    records.push(exportEntryRecord({ entry, canonical, leafHash: leaf, chainHash: head }));
  });
  const checkpoint = signCheckpoint(
    {
      treeSize: BigInt(tree.size),
      rootHash: tree.root().toString('hex'),
      chainHash: head.toString('hex'),
      issuedAt: T0,
    },
    signer,
  );
  records.push(exportCheckpointRecord(checkpoint));
  return records;
}

/** Entry content for {@link forgeExport}. */
export function content(
  eventId: string,
  kind: JournalEntry['kind'],
  postings: Posting[],
  pendingEntrySeq?: bigint,
): Omit<JournalEntry, 'seq' | 'prevHash'> {
  return {
    entryId: deriveEntryId(eventId, 0),
    eventId,
    eventType: 'test.event.v1',
    occurredAt: T0,
    kind,
    ...(pendingEntrySeq !== undefined ? { pendingEntrySeq } : {}),
    postings,
  };
}

/** A fresh Ed25519 key pair and a checkpoint signer holding its private key. */
export function freshSigner(): { keys: SigningKeyPair; signer: CheckpointSigner } {
  const keys = generateSigningKeyPair();
  return { keys, signer: createCheckpointSigner(keys.privateKeyPem) };
}
