import { DataSource } from 'typeorm';
import { qualified } from '@riskpool/db';
import { LedgerState, type SignedCheckpoint, entryFromJson } from '@riskpool/ledger-core';
import { ExposureBook } from './exposure-memo';
import { type ClaimFacts, HoldBook, type LedgerInput } from './posting-rules';
import { checkpointOfRow } from './row-readers';

/** What the writer keeps in memory, read back from the stored journal and its read models. */
export interface LoadedJournal {
  readonly state: LedgerState;
  readonly exposure: ExposureBook;
  readonly holds: HoldBook;
  readonly claims: ReadonlyMap<string, ClaimFacts>;
  readonly parked: LedgerInput[];
  /** The next batch's number in the consumption log. */
  readonly nextBatchSeq: bigint;
  readonly lastCheckpoint: SignedCheckpoint | undefined;
}

/** Replays the stored journal (checking canonical bytes, chain and rules) and loads the rest. */
export async function loadJournal(ds: DataSource, schema: string): Promise<LoadedJournal> {
  const t = (table: string) => qualified(schema, table);
  const state = new LedgerState({ tree: 'full' });
  const exposure = new ExposureBook();
  let after = '0';
  for (;;) {
    const rows = (await ds.query(
      `SELECT seq::text, canonical FROM ${t('entries')} WHERE seq > $1 ORDER BY seq::bigint LIMIT 20000`,
      [after],
    )) as Array<{ seq: string; canonical: Buffer }>;
    if (rows.length === 0) break;
    for (const row of rows) {
      const entry = entryFromJson(JSON.parse(row.canonical.toString('utf8')) as unknown);
      const outcome = state.appendEntry(entry, { bytes: row.canonical });
      if (!outcome.ok)
        throw new Error(`journal entry ${row.seq}: ${outcome.code}: ${outcome.message}`);
      exposure.apply(entry.eventType, entry);
    }
    after = rows[rows.length - 1]?.seq ?? after;
  }
  const holds = new HoldBook();
  const open = (await ds.query(
    `SELECT h.hold_id, h.fund_id, h.claim_id, h.loan_id, h.amount_fen::text, h.event_id, h.entry_index
     FROM ${t('holds')} h LEFT JOIN ${t('hold_resolutions')} r USING (pending_seq)
     WHERE r.pending_seq IS NULL ORDER BY h.pending_seq`,
  )) as Array<Record<string, string | number>>;
  for (const h of open) {
    holds.add({
      holdId: String(h['hold_id']),
      fundId: String(h['fund_id']),
      claimId: String(h['claim_id']),
      loanId: String(h['loan_id']),
      amountFen: BigInt(String(h['amount_fen'])),
      eventId: String(h['event_id']),
      entryIndex: Number(h['entry_index']),
    });
  }
  const claims = new Map<string, ClaimFacts>();
  const claimRows = (await ds.query(
    `SELECT claim_id, loan_id, bank_id, policy_version FROM ${t('claims')}`,
  )) as Array<Record<string, string>>;
  for (const c of claimRows)
    claims.set(String(c['claim_id']), {
      claimId: String(c['claim_id']),
      loanId: String(c['loan_id']),
      bankId: String(c['bank_id']),
      policyVersion: String(c['policy_version']),
    });
  const parked = (await ds.query(
    `SELECT envelope FROM ${t('parked_events')} ORDER BY parked_at, event_id`,
  )) as Array<{ envelope: LedgerInput }>;
  const batches = (await ds.query(
    `SELECT coalesce(max(batch_seq), 0)::text AS last FROM ${t('consumption_log')}`,
  )) as Array<{ last: string }>;
  const cps = (await ds.query(
    `SELECT tree_size::text, root_hash, chain_hash, issued_at, key_id, signature FROM ${t('checkpoints')}
     ORDER BY tree_size::bigint DESC LIMIT 1`,
  )) as Array<Record<string, string>>;
  const cp = cps[0];
  return {
    state,
    exposure,
    holds,
    claims,
    parked: parked.map((p) => p.envelope),
    nextBatchSeq: BigInt(batches[0]?.last ?? '0') + 1n,
    lastCheckpoint: cp === undefined ? undefined : checkpointOfRow(cp),
  };
}
