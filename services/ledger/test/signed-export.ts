// The verify unit specs' exports: written honestly by a LedgerState from the given events, hashed,
// chained and signed with a real key, so that a tampered amount in them is consistent everywhere
// but in the recomputation a check does.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type CheckpointSigner,
  type LedgerEvent,
  LedgerState,
  exportCheckpointRecord,
  exportEntryRecord,
  exportHeaderRecord,
  exportLine,
} from '@riskpool/ledger-core';

export interface SignedExport {
  readonly time: string;
  readonly signer: CheckpointSigner;
  /** Extension records after the header, as JSON. */
  readonly records: readonly unknown[];
  /** Events booked, then covered by the checkpoint. */
  readonly signed: readonly LedgerEvent[];
  /** Events booked after the checkpoint: left unsigned. */
  readonly unsigned?: readonly LedgerEvent[];
}

/** Writes the export to a new temporary folder (named after `prefix`); answers its path. */
export function writeSignedExport(prefix: string, e: SignedExport): string {
  const state = new LedgerState({ tree: 'full' });
  const lines = [
    exportLine(exportHeaderRecord(e.time)),
    ...e.records.map((r) => JSON.stringify(r)),
  ];
  const book = (events: readonly LedgerEvent[]) => {
    const result = state.applyBatch([...events]);
    expect(result.outcomes.filter((o) => o.status !== 'APPLIED')).toEqual([]);
    for (const appended of result.appended) lines.push(exportLine(exportEntryRecord(appended)));
  };
  book(e.signed);
  const cp = state.checkpoint(e.signer, e.time);
  lines.push(exportLine(exportCheckpointRecord(cp, state.consistencyProof(0n, cp.treeSize))));
  if (e.unsigned !== undefined && e.unsigned.length > 0) book(e.unsigned);
  const file = join(mkdtempSync(join(tmpdir(), prefix)), 'export.jsonl');
  writeFileSync(file, lines.map((l) => l.replace(/\n$/, '')).join('\n') + '\n');
  return file;
}
