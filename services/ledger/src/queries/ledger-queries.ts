import { DataSource } from 'typeorm';
import { qualified, SqlFilter } from '@riskpool/db';
import { Topics } from '@riskpool/contracts';
import type { SignedCheckpoint } from '@riskpool/ledger-core';
import type { LedgerEntryView } from './ledger-views';
import { checkpointOfRow, countersOfRow, type RowCounters } from '../journal/row-readers';
import { ReadScope, scopeSql } from './scope';

export interface EntryFilter {
  readonly account?: string;
  readonly loanId?: string;
  readonly claimId?: string;
  readonly from?: string;
  readonly to?: string;
  readonly afterSeq: bigint;
  readonly limit: number;
  /** Upper bound (inclusive) on seq, e.g. for an export. */
  readonly maxSeq?: bigint;
}

export type Counters = RowCounters;

type Row = Record<string, unknown>;

/** The read side: SQL over the journal and its read models, scoped to the caller. */
export class LedgerQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly schema: string,
  ) {}

  readonly t = (table: string): string => qualified(this.schema, table);

  async entries(filter: EntryFilter, scope: ReadScope): Promise<LedgerEntryView[]> {
    const where = new SqlFilter()
      .add('e.seq > ?', filter.afterSeq.toString())
      .add('e.seq <= ?', filter.maxSeq?.toString())
      .add(
        `EXISTS (SELECT 1 FROM ${this.t('postings')} ap WHERE ap.seq = e.seq AND ap.account = ?)`,
        filter.account,
      )
      .add('e.loan_id = ?', filter.loanId)
      .add('e.claim_id = ?', filter.claimId)
      .add('e.occurred_at_ts >= ?::timestamptz', filter.from)
      .add('e.occurred_at_ts < ?::timestamptz', filter.to);
    where.where(scopeSql(scope, where.params, this.t));
    const limit = where.param(filter.limit);
    const rows = (await this.dataSource.query(
      `SELECT e.seq::text, e.entry_id, e.event_id, e.event_type, e.occurred_at, e.recorded_at, e.kind,
         e.pending_entry_seq::text, e.claim_id, e.loan_id, e.policy_version,
         encode(e.prev_hash, 'hex') AS prev_hash, encode(e.leaf_hash, 'hex') AS leaf_hash,
         encode(e.chain_hash, 'hex') AS chain_hash, encode(e.canonical, 'base64') AS canonical
       FROM ${this.t('entries')} e ${where.sql} ORDER BY e.seq LIMIT ${limit}`,
      where.params,
    )) as Row[];
    return this.withPostings(rows);
  }

  private async withPostings(rows: Row[]): Promise<LedgerEntryView[]> {
    if (rows.length === 0) return [];
    const seqs = rows.map((r) => String(r['seq']));
    const postings = (await this.dataSource.query(
      `SELECT seq::text, account, side, amount_fen::text FROM ${this.t('postings')}
       WHERE seq = ANY($1::bigint[]) ORDER BY seq::bigint, idx`,
      [seqs],
    )) as Row[];
    const bySeq = new Map<string, Array<{ account: string; side: string; amountFen: string }>>();
    for (const p of postings) {
      const list = bySeq.get(String(p['seq'])) ?? [];
      list.push({
        account: String(p['account']),
        side: String(p['side']),
        amountFen: String(p['amount_fen']),
      });
      bySeq.set(String(p['seq']), list);
    }
    return rows.map((r) => {
      const opt = (key: string, name: string) =>
        r[key] === null ? {} : { [name]: String(r[key]) };
      return {
        seq: String(r['seq']),
        entryId: String(r['entry_id']),
        eventId: String(r['event_id']),
        eventType: String(r['event_type']),
        occurredAt: String(r['occurred_at']),
        recordedAt: (r['recorded_at'] as Date).toISOString(),
        kind: String(r['kind']),
        ...opt('pending_entry_seq', 'pendingEntrySeq'),
        ...opt('claim_id', 'claimId'),
        ...opt('loan_id', 'loanId'),
        ...opt('policy_version', 'policyVersion'),
        ...(String(r['kind']) === 'ANCHOR' ? anchorFields(String(r['canonical'])) : {}),
        postings: bySeq.get(String(r['seq'])) ?? [],
        prevHash: String(r['prev_hash']),
        leafHash: String(r['leaf_hash']),
        chainHash: String(r['chain_hash']),
        canonical: String(r['canonical']).replace(/\n/g, ''),
      };
    });
  }

  async entryVisible(seq: bigint, scope: ReadScope): Promise<boolean> {
    const params: unknown[] = [seq.toString()];
    const rows = (await this.dataSource.query(
      `SELECT 1 FROM ${this.t('entries')} e WHERE e.seq = $1 AND ${scopeSql(scope, params, this.t)}`,
      params,
    )) as Row[];
    return rows.length > 0;
  }

  /**
   * Export `policy` records: each published policy document from the audit trail, oldest first
   * (what verify recomputes compensation entries with; services/ledger README "verify").
   */
  async policyRecords(): Promise<Array<{ type: 'policy'; policy: unknown; publishedAt: unknown }>> {
    const rows = (await this.dataSource.query(
      `SELECT payload FROM ${this.t('audit_trail')} WHERE event_type = $1 ORDER BY id`,
      [Topics.policyPublished],
    )) as Array<{ payload: { policy: unknown; publishedAt: unknown } }>;
    return rows.map((r) => ({
      type: 'policy',
      policy: r.payload.policy,
      publishedAt: r.payload.publishedAt,
    }));
  }

  /**
   * Export `subsidy-report` and `subsidy-round` records: every accepted interest report and every
   * approved round (with the id of the event whose entries booked it), from the audit trail,
   * oldest first (what verify recomputes subsidy grants with; README "verify").
   */
  async subsidyRecords(): Promise<Array<Record<string, unknown>>> {
    const rows = (await this.dataSource.query(
      `SELECT event_id, event_type, payload FROM ${this.t('audit_trail')}
       WHERE event_type = ANY($1) ORDER BY id`,
      [[Topics.interestReported, Topics.subsidyRoundApproved]],
    )) as Array<{ event_id: string; event_type: string; payload: unknown }>;
    return rows.map((r) =>
      r.event_type === Topics.interestReported
        ? { type: 'subsidy-report', report: r.payload }
        : { type: 'subsidy-round', eventId: r.event_id, round: r.payload },
    );
  }

  /**
   * Export `claim` records: every approved claim's payload (with the id of the event whose entries
   * booked it), oldest first, from which verify recomputes each compensation entry.
   */
  async claimRecords(): Promise<Array<Record<string, unknown>>> {
    const rows = (await this.dataSource.query(
      `SELECT event_id, payload FROM ${this.t('audit_trail')} WHERE event_type = $1 ORDER BY id`,
      [Topics.claimApproved],
    )) as Array<{ event_id: string; payload: unknown }>;
    return rows.map((r) => ({ type: 'claim', eventId: r.event_id, claim: r.payload }));
  }

  async checkpoints(
    afterSize: bigint,
    limit: number,
    maxSize?: bigint,
  ): Promise<SignedCheckpoint[]> {
    const params: unknown[] = [afterSize.toString(), limit];
    let bound = '';
    if (maxSize !== undefined) {
      params.push(maxSize.toString());
      bound = `AND tree_size <= $3`;
    }
    const rows = (await this.dataSource.query(
      `SELECT tree_size::text, root_hash, chain_hash, issued_at, key_id, signature FROM ${this.t('checkpoints')}
       WHERE tree_size > $1 ${bound} ORDER BY tree_size::bigint LIMIT $2`,
      params,
    )) as Row[];
    return rows.map(checkpointOfRow);
  }

  async checkpointAt(size: bigint): Promise<SignedCheckpoint | undefined> {
    const rows = (await this.dataSource.query(
      `SELECT tree_size::text, root_hash, chain_hash, issued_at, key_id, signature FROM ${this.t('checkpoints')}
       WHERE tree_size = $1`,
      [size.toString()],
    )) as Row[];
    return rows[0] ? checkpointOfRow(rows[0]) : undefined;
  }

  /** The last seq recorded at or before `time`. */
  async seqAt(time: string): Promise<bigint> {
    const rows = (await this.dataSource.query(
      `SELECT coalesce(max(seq), 0)::text AS seq FROM ${this.t('entries')} WHERE recorded_at <= $1::timestamptz`,
      [time],
    )) as Row[];
    return BigInt(String(rows[0]?.['seq'] ?? '0'));
  }

  /** Counters of every account in scope after entry `asOfSeq` (all entries when undefined). */
  async balances(scope: ReadScope, asOfSeq: bigint | undefined): Promise<Map<string, Counters>> {
    const params: unknown[] = [];
    let owner = 'TRUE';
    if (scope.kind !== 'all') {
      params.push(scope.kind, scope.kind === 'bank' ? scope.bankId : scope.fundId);
      owner = 'owner_type = $1 AND owner_id = $2';
    }
    let rows: Row[];
    if (asOfSeq === undefined) {
      rows = (await this.dataSource.query(
        `SELECT account, debits_pending::text AS dp, debits_posted::text AS dpo, credits_pending::text AS cp,
           credits_posted::text AS cpo FROM ${this.t('account_balances')} WHERE ${owner} ORDER BY account`,
        params,
      )) as Row[];
    } else {
      params.push(asOfSeq.toString());
      rows = (await this.dataSource.query(
        `SELECT account,
           sum(CASE WHEN side = 'DEBIT' THEN pending_delta ELSE 0 END)::text AS dp,
           sum(CASE WHEN side = 'DEBIT' THEN posted_delta ELSE 0 END)::text AS dpo,
           sum(CASE WHEN side = 'CREDIT' THEN pending_delta ELSE 0 END)::text AS cp,
           sum(CASE WHEN side = 'CREDIT' THEN posted_delta ELSE 0 END)::text AS cpo
         FROM ${this.t('postings')} WHERE ${owner} AND seq <= $${params.length}
         GROUP BY account ORDER BY account`,
        params,
      )) as Row[];
    }
    return new Map(rows.map((r) => [String(r['account']), countersOfRow(r)]));
  }

  async balancesOf(
    ownerType: 'fund' | 'bank',
    ownerId?: string,
  ): Promise<Array<{ ownerId: string; account: string; c: Counters }>> {
    const params: unknown[] = [ownerType];
    if (ownerId !== undefined) params.push(ownerId);
    const rows = (await this.dataSource.query(
      `SELECT owner_id, account, debits_pending::text AS dp, debits_posted::text AS dpo,
         credits_pending::text AS cp, credits_posted::text AS cpo
       FROM ${this.t('account_balances')} WHERE owner_type = $1 ${ownerId !== undefined ? 'AND owner_id = $2' : ''}
       ORDER BY owner_id, account`,
      params,
    )) as Row[];
    return rows.map((r) => ({
      ownerId: String(r['owner_id']),
      account: String(r['account']),
      c: countersOfRow(r),
    }));
  }

  /** The bank of a loan, from the claims the ledger has seen or its entries. */
  async bankOfLoan(loanId: string): Promise<string | undefined> {
    const rows = (await this.dataSource.query(
      `SELECT bank_id FROM ${this.t('claims')} WHERE loan_id = $1
       UNION ALL SELECT bank_id FROM ${this.t('entries')} WHERE loan_id = $1 AND bank_id IS NOT NULL LIMIT 1`,
      [loanId],
    )) as Row[];
    return rows[0] ? String(rows[0]['bank_id']) : undefined;
  }

  async loanPostings(loanId: string): Promise<Row[]> {
    return (await this.dataSource.query(
      `SELECT e.event_type, e.kind, e.claim_id, e.policy_version, p.account, p.side, p.owner_type, p.owner_id,
         p.amount_fen::text, p.pending_delta::text, p.posted_delta::text
       FROM ${this.t('entries')} e JOIN ${this.t('postings')} p ON p.seq = e.seq
       WHERE e.loan_id = $1 ORDER BY e.seq, p.idx`,
      [loanId],
    )) as Row[];
  }

  static readonly PAYOUT = Topics.payoutCompleted;
  static readonly RECOVERY = Topics.recoveryShared;
  static readonly REMITTANCE = Topics.remittanceReceived;
}

/** An ANCHOR entry's document fields, read from its canonical bytes (no columns of their own). */
function anchorFields(canonicalBase64: string): { documentName?: string; documentSha256?: string } {
  const fields = JSON.parse(Buffer.from(canonicalBase64, 'base64').toString('utf8')) as {
    documentName?: string;
    documentSha256?: string;
  };
  return {
    ...(fields.documentName !== undefined ? { documentName: fields.documentName } : {}),
    ...(fields.documentSha256 !== undefined ? { documentSha256: fields.documentSha256 } : {}),
  };
}

export function countersJson(c: Counters) {
  return {
    debitsPending: c.debitsPending.toString(),
    debitsPosted: c.debitsPosted.toString(),
    creditsPending: c.creditsPending.toString(),
    creditsPosted: c.creditsPosted.toString(),
  };
}
