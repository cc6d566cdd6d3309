// Rows the ledger's SQL reads back, turned into the journal's values: one reading of each column
// set, whichever query selected it.
import type { SignedCheckpoint } from '@riskpool/ledger-core';

type Row = Record<string, unknown>;

/** An account's four counters, selected as `dp`, `dpo`, `cp`, `cpo` (text). */
export interface RowCounters {
  debitsPending: bigint;
  debitsPosted: bigint;
  creditsPending: bigint;
  creditsPosted: bigint;
}

export function countersOfRow(r: Row): RowCounters {
  return {
    debitsPending: BigInt(String(r['dp'])),
    debitsPosted: BigInt(String(r['dpo'])),
    creditsPending: BigInt(String(r['cp'])),
    creditsPosted: BigInt(String(r['cpo'])),
  };
}

/** A row of the `checkpoints` table (`tree_size` as text). */
export function checkpointOfRow(r: Row): SignedCheckpoint {
  return {
    treeSize: BigInt(String(r['tree_size'])),
    rootHash: String(r['root_hash']),
    chainHash: String(r['chain_hash']),
    issuedAt: String(r['issued_at']),
    keyId: String(r['key_id']),
    signature: String(r['signature']),
  };
}
