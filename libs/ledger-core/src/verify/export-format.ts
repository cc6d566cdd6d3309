import {
  type CheckpointJson,
  type SignedCheckpoint,
  checkpointToJson,
} from '../checkpoint/checkpoint';
import {
  type KeyRotation,
  type KeyRotationJson,
  keyRotationToJson,
} from '../checkpoint/key-rotation';
import { type JournalEntryJson, entryToJson } from '../entry/entry-codec';
import { GENESIS_CHAIN_HASH_HEX } from '../entry/hash-chain';
import type { AppendedEntry } from '../ledger/ledger-state';

/** Name and version of the JSON-lines export (see README "Export format"). */
export const EXPORT_FORMAT = 'riskpool-ledger-export/v1';

/** First line of every export. */
export interface ExportHeaderRecord {
  readonly type: 'header';
  readonly format: typeof EXPORT_FORMAT;
  /** chainHash_0; must equal the published genesis value. */
  readonly genesisChainHash: string;
  /** Informative only. */
  readonly exportedAt?: string;
}

/** One journal entry: its fields, and its canonical bytes in standard base64. */
export type ExportEntryRecord = { readonly type: 'entry' } & JournalEntryJson & {
    readonly canonical: string;
    /** Hex of SHA-256(0x00 ‖ canonical), informative; checked when present. */
    readonly leafHash?: string;
    /** Hex of chainHash_seq, informative; checked when present. */
    readonly chainHash?: string;
  };

/**
 * A signed checkpoint, placed right after the entry whose seq equals its treeSize. The optional
 * consistency proof (hex, RFC 9162 §2.1.4) goes from the previous checkpoint record of the export
 * (from the empty tree for the first one) to this one.
 */
export type ExportCheckpointRecord = { readonly type: 'checkpoint' } & CheckpointJson & {
    readonly consistencyProof?: readonly string[];
  };

/**
 * A key rotation, placed right after the checkpoint of its tree size (signed by the retiring key):
 * from there on, checkpoints are signed by the announced key.
 */
export type ExportKeyRotationRecord = { readonly type: 'key-rotation' } & KeyRotationJson;

export type ExportRecord =
  ExportHeaderRecord | ExportEntryRecord | ExportCheckpointRecord | ExportKeyRotationRecord;

export function exportHeaderRecord(exportedAt?: string): ExportHeaderRecord {
  return {
    type: 'header',
    format: EXPORT_FORMAT,
    genesisChainHash: GENESIS_CHAIN_HASH_HEX,
    ...(exportedAt !== undefined ? { exportedAt } : {}),
  };
}

export function exportEntryRecord(appended: AppendedEntry): ExportEntryRecord {
  return {
    type: 'entry',
    ...entryToJson(appended.entry),
    canonical: appended.canonical.toString('base64'),
    leafHash: appended.leafHash.toString('hex'),
    chainHash: appended.chainHash.toString('hex'),
  };
}

export function exportCheckpointRecord(
  checkpoint: SignedCheckpoint,
  consistencyProof?: readonly Uint8Array[],
): ExportCheckpointRecord {
  return {
    type: 'checkpoint',
    ...checkpointToJson(checkpoint),
    ...(consistencyProof !== undefined
      ? { consistencyProof: consistencyProof.map((p) => Buffer.from(p).toString('hex')) }
      : {}),
  };
}

export function exportKeyRotationRecord(rotation: KeyRotation): ExportKeyRotationRecord {
  return { type: 'key-rotation', ...keyRotationToJson(rotation) };
}

/** One line of the export: the record as JSON and a newline. */
export function exportLine(record: ExportRecord): string {
  return `${JSON.stringify(record)}\n`;
}
