import { DataSource, EntityManager } from 'typeorm';
import { camelRow, columnAs, insertIfNew, insertRow, qualified, SqlFilter } from '@riskpool/db';
import {
  AccountCounters,
  BankPeriodPosting,
  PeriodPosting,
  SUBSIDY_EVENT_TYPES,
  ZERO_COUNTERS,
} from '@riskpool/domain';
import { countersOfRow } from '../journal/row-readers';

type Row = Record<string, unknown>;

export interface StatementPeriodRow {
  readonly period: string;
  readonly closingSeq: bigint;
}

export interface StatementFileRow {
  readonly format: 'csv' | 'pdf-zh-CN' | 'pdf-en';
  readonly fileName: string;
  readonly contentType: string;
  readonly sha256: string;
  readonly content: Buffer;
}

/** A statement file without its bytes, with their count. */
type FileInfo = Omit<StatementFileRow, 'content'> & { bytes: number };

export interface StatementRow {
  readonly statementId: string;
  readonly kind: string;
  readonly subjectType: 'fund' | 'bank' | 'programme';
  readonly subjectId: string;
  readonly period: string;
  readonly openingSeq: bigint;
  readonly closingSeq: bigint;
  readonly issuedAt: string;
  readonly eventId: string;
}

/** The ledger's statement tables and the journal reads a statement needs (SQL only). */
export class StatementRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly schema: string,
  ) {}

  t(table: string): string {
    return qualified(this.schema, table);
  }

  async lastBusinessDate(manager: EntityManager): Promise<string | undefined> {
    const rows = (await manager.query(
      `SELECT business_date FROM ${this.t('statement_clock')} WHERE id = 1`,
    )) as Row[];
    return rows[0] ? String(rows[0]['business_date']) : undefined;
  }

  async setBusinessDate(manager: EntityManager, businessDate: string): Promise<void> {
    await manager.query(
      `INSERT INTO ${this.t('statement_clock')} (id, business_date) VALUES (1, $1)
       ON CONFLICT (id) DO UPDATE SET business_date = EXCLUDED.business_date`,
      [businessDate],
    );
  }

  /** Closes a month at a journal position, once: a month closed before keeps its position. */
  async closePeriod(
    manager: EntityManager,
    period: string,
    closingSeq: bigint,
    businessDate: string,
    closedBy: 'clock' | 'demand',
  ): Promise<void> {
    // Kept between the neighbours' positions, so months closed out of order (a month asked for
    // on demand after a later one closed) never overlap: such a month covers nothing.
    const p = this.t('statement_periods');
    await manager.query(
      `INSERT INTO ${p} (period, closing_seq, business_date, closed_by)
       SELECT $1, LEAST(
           GREATEST($2::bigint, coalesce((SELECT max(closing_seq) FROM ${p} WHERE period < $1), 0)),
           coalesce((SELECT min(closing_seq) FROM ${p} WHERE period > $1), $2::bigint)),
         $3, $4
       ON CONFLICT (period) DO NOTHING`,
      [period, closingSeq.toString(), businessDate, closedBy],
    );
  }

  async periods(): Promise<StatementPeriodRow[]> {
    const rows = (await this.dataSource.query(
      `SELECT period, closing_seq::text FROM ${this.t('statement_periods')} ORDER BY period`,
    )) as Row[];
    return rows.map((r) => ({
      period: String(r['period']),
      closingSeq: BigInt(String(r['closing_seq'])),
    }));
  }

  /** Funds with any posting up to `seq`. */
  fundsUpTo(seq: bigint): Promise<string[]> {
    return this.ownersUpTo('fund', seq);
  }

  /** Banks (institutions) with any posting up to `seq`, or named by a subsidy entry. */
  async banksUpTo(seq: bigint): Promise<string[]> {
    const rows = (await this.dataSource.query(
      `SELECT owner_id AS bank_id FROM ${this.t('postings')} WHERE owner_type = 'bank' AND seq <= $1
       UNION
       SELECT bank_id FROM ${this.t('entries')}
       WHERE bank_id IS NOT NULL AND event_type = ANY($2) AND seq <= $1
       ORDER BY bank_id`,
      [seq.toString(), Object.values(SUBSIDY_EVENT_TYPES)],
    )) as Row[];
    return rows.map((r) => String(r['bank_id']));
  }

  private async ownersUpTo(ownerType: 'fund' | 'bank', seq: bigint): Promise<string[]> {
    const rows = (await this.dataSource.query(
      `SELECT DISTINCT owner_id FROM ${this.t('postings')} WHERE owner_type = $1 AND seq <= $2
       ORDER BY owner_id`,
      [ownerType, seq.toString()],
    )) as Row[];
    return rows.map((r) => String(r['owner_id']));
  }

  async issuedKeys(period: string): Promise<Set<string>> {
    const rows = (await this.dataSource.query(
      `SELECT kind, subject_id FROM ${this.t('statements')} WHERE period = $1`,
      [period],
    )) as Row[];
    return new Set(rows.map((r) => `${String(r['kind'])}|${String(r['subject_id'])}`));
  }

  /** The four counters of an account after entry `seq`. */
  async countersAt(account: string, seq: bigint): Promise<AccountCounters> {
    const rows = (await this.dataSource.query(
      `SELECT
         coalesce(sum(CASE WHEN side = 'DEBIT' THEN pending_delta END), 0)::text AS dp,
         coalesce(sum(CASE WHEN side = 'DEBIT' THEN posted_delta END), 0)::text AS dpo,
         coalesce(sum(CASE WHEN side = 'CREDIT' THEN pending_delta END), 0)::text AS cp,
         coalesce(sum(CASE WHEN side = 'CREDIT' THEN posted_delta END), 0)::text AS cpo
       FROM ${this.t('postings')} WHERE account = $1 AND seq <= $2`,
      [account, seq.toString()],
    )) as Row[];
    const r = rows[0];
    if (r === undefined) return ZERO_COUNTERS;
    return countersOfRow(r);
  }

  /**
   * A fund's or a bank's postings of entries (fromSeq, toSeq], with their entries' event types,
   * claim and loan, in journal order; only those of `accounts` when given.
   */
  async ownerPostings(
    ownerType: 'fund' | 'bank',
    ownerId: string,
    fromSeq: bigint,
    toSeq: bigint,
    accounts?: readonly string[],
  ): Promise<BankPeriodPosting[]> {
    const rows = (await this.dataSource.query(
      `SELECT p.seq::text, e.event_type, e.claim_id, e.loan_id, p.account, p.side,
         p.pending_delta::text, p.posted_delta::text
       FROM ${this.t('postings')} p JOIN ${this.t('entries')} e ON e.seq = p.seq
       WHERE p.owner_type = $1 AND p.owner_id = $2 AND p.seq > $3 AND p.seq <= $4
         AND ($5::text[] IS NULL OR p.account = ANY($5::text[]))
       ORDER BY p.seq, p.idx`,
      [ownerType, ownerId, fromSeq.toString(), toSeq.toString(), accounts ?? null],
    )) as Row[];
    return rows.map((r) => ({
      ...toPosting(r),
      ...(r['claim_id'] !== null ? { claimId: String(r['claim_id']) } : {}),
      ...(r['loan_id'] !== null ? { loanId: String(r['loan_id']) } : {}),
    }));
  }

  /**
   * The postings of the interest subsidy's entries (grants, payments) of (fromSeq, toSeq] that
   * name a bank: they post to loan and fund accounts, so they are found by the entries' bank.
   */
  async bankSubsidyPostings(
    bankId: string,
    fromSeq: bigint,
    toSeq: bigint,
  ): Promise<PeriodPosting[]> {
    const rows = (await this.dataSource.query(
      `SELECT p.seq::text, e.event_type, p.account, p.side, p.pending_delta::text, p.posted_delta::text
       FROM ${this.t('entries')} e JOIN ${this.t('postings')} p ON p.seq = e.seq
       WHERE e.bank_id = $1 AND e.event_type = ANY($2) AND e.seq > $3 AND e.seq <= $4
       ORDER BY p.seq, p.idx`,
      [bankId, Object.values(SUBSIDY_EVENT_TYPES), fromSeq.toString(), toSeq.toString()],
    )) as Row[];
    return rows.map(toPosting);
  }

  /** Inserts a statement and its files; false when one of that kind, subject and period exists. */
  async insertStatement(
    manager: EntityManager,
    row: StatementRow,
    files: readonly StatementFileRow[],
  ): Promise<boolean> {
    const inserted = await insertIfNew(
      manager,
      this.t('statements'),
      'statement_id, kind, subject_type, subject_id, period, opening_seq, closing_seq, issued_at, event_id',
      row,
    );
    if (!inserted) return false;
    for (const f of files)
      await insertRow(
        manager,
        this.t('statement_files'),
        'statement_id, format, file_name, content_type, sha256, content',
        { ...f, statementId: row.statementId },
      );
    return true;
  }

  /** Statements in scope, newest period first, paged by (period, statement id). */
  async list(filter: {
    readonly subjectType?: string;
    readonly subjectId?: string;
    readonly period?: string;
    readonly after?: { readonly period: string; readonly statementId: string };
    readonly limit: number;
  }): Promise<
    Array<StatementRow & { files: Array<Omit<StatementFileRow, 'content'> & { bytes: number }> }>
  > {
    const where = new SqlFilter()
      .add('s.subject_type = ?', filter.subjectType)
      .add('s.subject_id = ?', filter.subjectId)
      .add('s.period = ?', filter.period);
    if (filter.after !== undefined) {
      const period = where.param(filter.after.period);
      const id = where.param(filter.after.statementId);
      where.where(`(s.period < ${period} OR (s.period = ${period} AND s.statement_id > ${id}))`);
    }
    const limit = where.param(filter.limit);
    const rows = (await this.dataSource.query(
      `SELECT s.statement_id, s.kind, s.subject_type, s.subject_id, s.period, s.opening_seq::text,
         s.closing_seq::text, s.issued_at, s.event_id::text,
         coalesce(json_agg(json_build_object('format', f.format, 'fileName', f.file_name,
           'contentType', f.content_type, 'sha256', f.sha256, 'bytes', octet_length(f.content))
           ORDER BY f.format) FILTER (WHERE f.format IS NOT NULL), '[]') AS files
       FROM ${this.t('statements')} s LEFT JOIN ${this.t('statement_files')} f ON f.statement_id = s.statement_id
       ${where.sql}
       GROUP BY s.statement_id
       ORDER BY s.period DESC, s.statement_id
       LIMIT ${limit}`,
      where.params,
    )) as Row[];
    return rows.map((r) => ({
      ...toStatementRow(r),
      files: r['files'] as Array<Omit<StatementFileRow, 'content'> & { bytes: number }>,
    }));
  }

  async statement(statementId: string): Promise<StatementRow | undefined> {
    const rows = (await this.dataSource.query(
      `SELECT statement_id, kind, subject_type, subject_id, period, opening_seq::text, closing_seq::text,
         issued_at, event_id::text FROM ${this.t('statements')} WHERE statement_id = $1`,
      [statementId],
    )) as Row[];
    return rows[0] ? toStatementRow(rows[0]) : undefined;
  }

  async fileInfos(
    statementId: string,
  ): Promise<Array<Omit<StatementFileRow, 'content'> & { bytes: number }>> {
    const rows = (await this.dataSource.query(
      `SELECT format, file_name, content_type, sha256, octet_length(content) AS bytes
       FROM ${this.t('statement_files')} WHERE statement_id = $1 ORDER BY format`,
      [statementId],
    )) as Row[];
    return rows.map((r) => camelRow<FileInfo>(r, { bytes: Number }));
  }

  async file(statementId: string, format: string): Promise<StatementFileRow | undefined> {
    const rows = (await this.dataSource.query(
      `SELECT format, file_name, content_type, sha256, content FROM ${this.t('statement_files')}
       WHERE statement_id = $1 AND format = $2`,
      [statementId, format],
    )) as Row[];
    return rows[0] === undefined ? undefined : camelRow<StatementFileRow>(rows[0]);
  }

  /** The ANCHOR entries of a statement's event (seq and document name), once the ledger booked them. */
  async anchors(eventId: string): Promise<Array<{ seq: string; documentName: string }>> {
    const rows = (await this.dataSource.query(
      `SELECT seq::text, canonical FROM ${this.t('entries')} WHERE event_id = $1 AND kind = 'ANCHOR'
       ORDER BY seq`,
      [eventId],
    )) as Row[];
    return rows.map((r) => ({
      seq: String(r['seq']),
      documentName: String(
        (JSON.parse((r['canonical'] as Buffer).toString('utf8')) as { documentName?: string })
          .documentName ?? '',
      ),
    }));
  }
}

function toStatementRow(r: Row): StatementRow {
  return camelRow<StatementRow>(r, {
    openingSeq: columnAs.bigint,
    closingSeq: columnAs.bigint,
    issuedAt: String,
  });
}

/** A posting of the statement reads (`seq`, `event_type`, `account`, `side`, the two deltas). */
function toPosting(r: Row): PeriodPosting {
  return {
    seq: BigInt(String(r['seq'])),
    eventType: String(r['event_type']),
    account: String(r['account']),
    side: String(r['side']) as 'DEBIT' | 'CREDIT',
    pendingDeltaFen: BigInt(String(r['pending_delta'])),
    postedDeltaFen: BigInt(String(r['posted_delta'])),
  };
}
