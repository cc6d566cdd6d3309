import { FundState, heldFor, queuedFor } from '@riskpool/domain';
import {
  execute,
  fen,
  findBy,
  insert,
  insertNew,
  query,
  table,
  Tx,
} from '../../shared/persistence/sql';
import { FUND_DEPOSIT_COLUMNS, FundDeposit, SqlFilter } from '@riskpool/db';

export type FundKind = 'CITY' | 'TOWN' | 'OTHER';

export interface FundRow {
  readonly fundId: string;
  readonly name: string;
  readonly kind: FundKind;
  readonly townCode: string | null;
  readonly availableFen: bigint;
  readonly depositedFen: bigint;
  readonly createdAt: string;
}

interface RawFund {
  fund_id: string;
  name: string;
  kind: FundKind;
  town_code: string | null;
  available_fen: string;
  deposited_fen: string;
  next_seq: number;
  created_at: Date;
}

const toRow = (r: RawFund): FundRow => ({
  fundId: r.fund_id,
  name: r.name,
  kind: r.kind,
  townCode: r.town_code,
  availableFen: fen(r.available_fen),
  depositedFen: fen(r.deposited_fen),
  createdAt: new Date(r.created_at).toISOString(),
});

export async function insertFund(
  tx: Tx,
  fund: {
    fundId: string;
    name: string;
    kind: FundKind;
    townCode: string | null;
    createdBy: string;
  },
): Promise<boolean> {
  return insertNew(tx, 'funds', 'fund_id, name, kind, town_code, created_by', fund, 'fund_id');
}

export async function findFund(tx: Tx, fundId: string): Promise<FundRow | undefined> {
  return findBy(tx, 'funds', 'fund_id', fundId, toRow);
}

/** Funds in id order: only `fundIds` when given, only after `afterFundId`, at most `limit`. */
export async function listFunds(
  tx: Tx,
  filter: { fundIds?: readonly string[]; afterFundId?: string; limit: number },
): Promise<FundRow[]> {
  const where = new SqlFilter([filter.limit])
    .add('fund_id = ANY(?::text[])', filter.fundIds)
    .add('fund_id > ?', filter.afterFundId);
  const rows = await query<RawFund>(
    tx,
    `SELECT * FROM ${table(tx, 'funds')} ${where.sql} ORDER BY fund_id LIMIT $1`,
    where.params,
  );
  return rows.map(toRow);
}

export async function existingFundIds(tx: Tx, fundIds: readonly string[]): Promise<Set<string>> {
  const rows = await query<{ fund_id: string }>(
    tx,
    `SELECT fund_id FROM ${table(tx, 'funds')} WHERE fund_id = ANY($1::text[])`,
    [fundIds],
  );
  return new Set(rows.map((r) => r.fund_id));
}

/**
 * Locks the funds' rows (`SELECT ... FOR UPDATE`, in id order so two transactions never wait on
 * each other in a cycle) and loads each fund's money: available, holds and the FIFO queue.
 * Everything that changes a fund's money runs between this and `saveFundState` in one transaction.
 */
export async function lockFundStates(
  tx: Tx,
  fundIds: readonly string[],
): Promise<Map<string, FundState>> {
  const ids = [...new Set(fundIds)].sort();
  const funds = await query<RawFund>(
    tx,
    `SELECT * FROM ${table(tx, 'funds')} WHERE fund_id = ANY($1::text[]) ORDER BY fund_id FOR UPDATE`,
    [ids],
  );
  const parts = await query<{
    fund_id: string;
    claim_id: string;
    held_fen: string;
    queued_fen: string;
    queue_seq: number | null;
  }>(
    tx,
    `SELECT fund_id, claim_id, held_fen, queued_fen, queue_seq FROM ${table(tx, 'claim_parts')}
     WHERE fund_id = ANY($1::text[]) AND (held_fen > 0 OR queued_fen > 0)
     ORDER BY fund_id, queue_seq NULLS LAST, claim_id`,
    [ids],
  );
  const states = new Map<string, FundState>();
  for (const f of funds) {
    const mine = parts.filter((p) => p.fund_id === f.fund_id);
    states.set(f.fund_id, {
      fundId: f.fund_id,
      availableFen: fen(f.available_fen),
      nextSeq: f.next_seq,
      holds: mine
        .filter((p) => fen(p.held_fen) > 0n)
        .map((p) => ({ claimId: p.claim_id, amountFen: fen(p.held_fen) })),
      queue: mine
        .filter((p) => fen(p.queued_fen) > 0n)
        .map((p) => ({ claimId: p.claim_id, amountFen: fen(p.queued_fen), seq: p.queue_seq ?? 0 })),
    });
  }
  return states;
}

/** Writes what changed between two states of a locked fund: its balance and each claim's part. */
export async function saveFundState(tx: Tx, before: FundState, after: FundState): Promise<void> {
  if (before.availableFen !== after.availableFen || before.nextSeq !== after.nextSeq) {
    await execute(
      tx,
      `UPDATE ${table(tx, 'funds')} SET available_fen = $2, next_seq = $3 WHERE fund_id = $1`,
      [after.fundId, after.availableFen.toString(), after.nextSeq],
    );
  }
  const claimIds = new Set<string>();
  for (const state of [before, after]) {
    for (const h of state.holds) claimIds.add(h.claimId);
    for (const q of state.queue) claimIds.add(q.claimId);
  }
  for (const claimId of claimIds) {
    const beforeSeq = before.queue.find((q) => q.claimId === claimId)?.seq ?? null;
    const afterSeq = after.queue.find((q) => q.claimId === claimId)?.seq ?? null;
    const held = heldFor(after, claimId);
    const queued = queuedFor(after, claimId);
    if (
      held === heldFor(before, claimId) &&
      queued === queuedFor(before, claimId) &&
      beforeSeq === afterSeq
    )
      continue;
    await execute(
      tx,
      `UPDATE ${table(tx, 'claim_parts')} SET held_fen = $3, queued_fen = $4, queue_seq = $5
       WHERE claim_id = $1 AND fund_id = $2`,
      [claimId, after.fundId, held.toString(), queued.toString(), afterSeq],
    );
  }
}

export async function addDeposited(tx: Tx, fundId: string, amountFen: bigint): Promise<void> {
  await execute(
    tx,
    `UPDATE ${table(tx, 'funds')} SET deposited_fen = deposited_fen + $2 WHERE fund_id = $1`,
    [fundId, amountFen.toString()],
  );
}

export async function insertDeposit(tx: Tx, deposit: FundDeposit): Promise<void> {
  await insert(tx, 'deposits', FUND_DEPOSIT_COLUMNS, deposit);
}

export interface FundQueueEntry {
  readonly fundId: string;
  readonly claimId: string;
  readonly loanId: string;
  readonly amountFen: bigint;
  readonly seq: number;
}

/** Held totals and queues (in order) of the given funds, for reading. */
export async function fundMoney(
  tx: Tx,
  fundIds: readonly string[],
): Promise<{ held: Map<string, bigint>; queues: Map<string, FundQueueEntry[]> }> {
  const heldRows = await query<{ fund_id: string; held: string }>(
    tx,
    `SELECT fund_id, sum(held_fen)::text AS held FROM ${table(tx, 'claim_parts')}
     WHERE fund_id = ANY($1::text[]) AND held_fen > 0 GROUP BY fund_id`,
    [fundIds],
  );
  const queueRows = await query<{
    fund_id: string;
    claim_id: string;
    loan_id: string;
    queued_fen: string;
    queue_seq: number;
  }>(
    tx,
    `SELECT p.fund_id, p.claim_id, c.loan_id, p.queued_fen, p.queue_seq
     FROM ${table(tx, 'claim_parts')} p JOIN ${table(tx, 'claims')} c ON c.claim_id = p.claim_id
     WHERE p.fund_id = ANY($1::text[]) AND p.queued_fen > 0 ORDER BY p.fund_id, p.queue_seq`,
    [fundIds],
  );
  const held = new Map(heldRows.map((r) => [r.fund_id, fen(r.held)]));
  const queues = new Map<string, FundQueueEntry[]>();
  for (const r of queueRows) {
    const list = queues.get(r.fund_id) ?? [];
    list.push({
      fundId: r.fund_id,
      claimId: r.claim_id,
      loanId: r.loan_id,
      amountFen: fen(r.queued_fen),
      seq: r.queue_seq,
    });
    queues.set(r.fund_id, list);
  }
  return { held, queues };
}
