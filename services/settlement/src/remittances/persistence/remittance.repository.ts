import { EntityManager } from 'typeorm';
import {
  camelRow,
  columnAs,
  domainRow,
  insertRow,
  keysetPage,
  paramsOf,
  SchemaRepository,
  snakeName,
  SqlFilter,
} from '@riskpool/db';
import { changedRows } from '../../shared/sql';
import { CumulativeOwedStore } from '../domain/cumulative-owed';
import { Allocation, OpenOwed } from '../domain/owed-matching';

export interface RecoveryPosition {
  readonly cumulativeOwedFen: bigint;
  readonly cumulativeNetFen: bigint;
  readonly creditFen: bigint;
  readonly bankId: string;
}

/** A recovery position as written, for one creditor (see writeRecoveryPosition). */
export interface RecoveryPositionWrite {
  readonly claimId: string;
  readonly loanId: string;
  readonly bankId: string;
  readonly cumulativeOwedFen: bigint;
  readonly cumulativeNetFen: bigint;
  readonly creditFen: bigint;
}

export interface OwedRow {
  readonly owedId: string;
  readonly recoveryId: string;
  readonly claimId: string;
  readonly loanId: string;
  readonly bankId: string;
  readonly fundId: string;
  readonly amountFen: bigint;
  readonly remittedFen: bigint;
  readonly outstandingFen: bigint;
  readonly dueOn: string;
  readonly overdueRaisedOn: string | null;
  readonly policyVersionId: string;
}

export interface RemittanceRow {
  readonly seq: string;
  readonly remittanceId: string;
  readonly bankId: string;
  readonly fundId: string;
  readonly claimId: string | null;
  readonly amountFen: bigint;
  readonly matchedFen: bigint;
  readonly overpaidFen: bigint;
  readonly receivedOn: string;
  readonly allocations: Array<{
    owedId: string;
    recoveryId: string;
    claimId: string;
    amountFen: bigint;
  }>;
}

const REMITTANCE_READERS = {
  seq: columnAs.text,
  amountFen: columnAs.fen,
  matchedFen: columnAs.fen,
  overpaidFen: columnAs.fen,
  receivedOn: columnAs.date,
};

type RemittanceAllocation = RemittanceRow['allocations'][number] & { remittanceId: string };

const OWED_COLUMNS = `owed_id, recovery_id, claim_id, loan_id, bank_id, fund_id, amount_fen, remitted_fen,
  due_on::text AS due_on, overdue_raised_on::text AS overdue_raised_on, policy_version_id`;

/**
 * A table of what is owed (a fund's owed amounts, a co-sharer's obligations): the `columns` its
 * reads select, the column of what was paid against each row, and the reader of its rows: the id
 * as text, every fen column as bigint, `dueOn` as a date, and `outstandingFen` the amount less
 * what was paid (`paidField`).
 */
export function owedTable<T extends { amountFen: bigint }>(
  columns: string,
  idField: keyof T & string,
  paidField: keyof T & string,
): {
  columns: string;
  paidColumn: string;
  read: (row: Record<string, unknown>) => T & { outstandingFen: bigint };
} {
  const readers = { [idField]: columnAs.text, dueOn: columnAs.date };
  const read = (row: Record<string, unknown>): T & { outstandingFen: bigint } => {
    const owed = domainRow<Record<string, unknown>>(row, readers) as T;
    return { ...owed, outstandingFen: owed.amountFen - (owed[paidField] as bigint) };
  };
  return { columns, paidColumn: snakeName(paidField), read };
}

/**
 * Marks every row of what is owed (`table`: a fund's owed amounts, a co-sharer's obligations)
 * that is past due on `businessDate`, not paid (`paidColumn` below the amount) and not yet
 * raised; answers their `columns`.
 */
export async function markOverdueRows(
  manager: EntityManager,
  table: string,
  owed: { paidColumn: string; columns: string },
  businessDate: string,
): Promise<Array<Record<string, unknown>>> {
  return changedRows<Record<string, unknown>>(
    manager,
    `UPDATE ${table} SET overdue_raised_on = $1
     WHERE overdue_raised_on IS NULL AND due_on < $1::date AND ${owed.paidColumn} < amount_fen
     RETURNING ${owed.columns}`,
    [businessDate],
  );
}

const OWED = owedTable<Omit<OwedRow, 'outstandingFen'>>(OWED_COLUMNS, 'owedId', 'remittedFen');

export interface ListFilter {
  readonly bankId?: string;
  readonly fundId?: string;
  readonly claimId?: string;
  readonly afterSeq?: string;
  readonly limit: number;
}

function whereOf(filter: Omit<ListFilter, 'limit'>, seqColumn: string): SqlFilter {
  return new SqlFilter()
    .add('bank_id = ?', filter.bankId)
    .add('fund_id = ?', filter.fundId)
    .add('claim_id = ?', filter.claimId)
    .add(`${seqColumn} > ?::bigint`, filter.afterSeq);
}

/**
 * A claim's recovery positions, one per creditor: a fund in `recovery_positions`, a co-sharer in
 * `cosharer_recovery_positions`, named by `creditorColumn`.
 */
export class RecoveryPositions {
  constructor(
    private readonly table: string,
    private readonly creditorColumn: 'fund_id' | 'party_id',
  ) {}

  /** The creditor's position on the claim, locked. */
  async read(
    manager: EntityManager,
    at: { claimId: string; creditorId: string },
  ): Promise<RecoveryPosition | undefined> {
    const rows = (await manager.query(
      `SELECT cumulative_owed_fen, cumulative_net_fen, credit_fen, bank_id
       FROM ${this.table} WHERE claim_id = $1 AND ${this.creditorColumn} = $2 FOR UPDATE`,
      [at.claimId, at.creditorId],
    )) as Array<Record<string, unknown>>;
    return rows[0] === undefined ? undefined : domainRow<RecoveryPosition>(rows[0]);
  }

  async write(
    manager: EntityManager,
    p: RecoveryPositionWrite & { creditorId: string },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO ${this.table} (claim_id, ${this.creditorColumn}, loan_id, bank_id,
         cumulative_owed_fen, cumulative_net_fen, credit_fen) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (claim_id, ${this.creditorColumn}) DO UPDATE SET
         cumulative_owed_fen = EXCLUDED.cumulative_owed_fen,
         cumulative_net_fen = EXCLUDED.cumulative_net_fen, credit_fen = EXCLUDED.credit_fen,
         updated_at = now()`,
      paramsOf(POSITION_COLUMNS, p),
    );
  }

  /** One creditor's position on one claim, read and saved as the cumulative netting needs it. */
  of(
    manager: EntityManager,
    at: { claimId: string; creditorId: string; loanId: string; bankId: string },
  ): Pick<CumulativeOwedStore, 'position' | 'savePosition'> {
    return {
      position: () => this.read(manager, at),
      savePosition: (cumulativeOwedFen, cumulativeNetFen, creditFen) =>
        this.write(manager, { ...at, cumulativeOwedFen, cumulativeNetFen, creditFen }),
    };
  }
}

/** The columns a position is written with, the creditor's under its generic name. */
const POSITION_COLUMNS =
  'claim_id, creditor_id, loan_id, bank_id, cumulative_owed_fen, cumulative_net_fen, credit_fen';

/** What banks owe funds from recoveries, and the remittances that settle it, in SQL. */
export class RemittanceRepository extends SchemaRepository {
  /** Each fund's recovery position on a claim. */
  readonly positions = new RecoveryPositions(this.t('recovery_positions'), 'fund_id');

  async insertOwed(
    manager: EntityManager,
    o: {
      recoveryId: string;
      claimId: string;
      loanId: string;
      bankId: string;
      fundId: string;
      amountFen: bigint;
      remittedFen: bigint;
      dueOn: string;
      policyVersionId: string;
    },
  ): Promise<void> {
    await insertRow(
      manager,
      this.t('owed_amounts'),
      `recovery_id, claim_id, loan_id, bank_id, fund_id, amount_fen, remitted_fen, due_on,
       policy_version_id`,
      o,
      'ON CONFLICT (recovery_id, fund_id) DO NOTHING',
    );
  }

  /** Outstanding owed amounts, locked, oldest due first (or newest first). */
  async openOwed(
    manager: EntityManager,
    where: { bankId: string; fundId: string; claimId?: string },
    newestFirst = false,
  ): Promise<Array<OpenOwed & { row: OwedRow }>> {
    const params: unknown[] = [where.bankId, where.fundId];
    if (where.claimId !== undefined) params.push(where.claimId);
    const order = newestFirst ? 'due_on DESC, owed_id DESC' : 'due_on, owed_id';
    const rows = (await manager.query(
      `SELECT ${OWED_COLUMNS} FROM ${this.t('owed_amounts')}
       WHERE bank_id = $1 AND fund_id = $2 ${where.claimId !== undefined ? 'AND claim_id = $3' : ''}
         AND remitted_fen < amount_fen
       ORDER BY ${order} FOR UPDATE`,
      params,
    )) as Array<Record<string, unknown>>;
    return rows.map(OWED.read).map((row) => ({
      owedId: row.owedId,
      outstandingFen: row.outstandingFen,
      row,
    }));
  }

  async reduceOwedAmount(manager: EntityManager, r: Allocation): Promise<void> {
    await manager.query(
      `UPDATE ${this.t('owed_amounts')} SET amount_fen = amount_fen - $2 WHERE owed_id = $1`,
      [r.owedId, r.amountFen.toString()],
    );
  }

  async claimBanks(manager: EntityManager, claimId: string): Promise<string[]> {
    const rows = (await manager.query(
      `SELECT DISTINCT bank_id FROM ${this.t('recovery_positions')} WHERE claim_id = $1`,
      [claimId],
    )) as Array<{ bank_id: string }>;
    return rows.map((r) => r.bank_id);
  }

  async insertRemittance(
    manager: EntityManager,
    r: {
      remittanceId: string;
      bankId: string;
      fundId: string;
      claimId: string | undefined;
      amountFen: bigint;
      matchedFen: bigint;
      overpaidFen: bigint;
      receivedOn: string;
      receivedBy: string;
      allocations: readonly Allocation[];
    },
  ): Promise<void> {
    await insertRow(
      manager,
      this.t('remittances'),
      `remittance_id, bank_id, fund_id, claim_id, amount_fen, matched_fen, overpaid_fen,
       received_on, received_by`,
      r,
    );
    for (const a of r.allocations) {
      await manager.query(
        `INSERT INTO ${this.t('remittance_allocations')} (remittance_id, owed_id, amount_fen)
         VALUES ($1, $2, $3)`,
        [r.remittanceId, a.owedId, a.amountFen.toString()],
      );
      await manager.query(
        `UPDATE ${this.t('owed_amounts')} SET remitted_fen = remitted_fen + $2 WHERE owed_id = $1`,
        [a.owedId, a.amountFen.toString()],
      );
    }
  }

  async listOwed(
    manager: EntityManager,
    filter: ListFilter & { openOnly?: boolean },
  ): Promise<OwedRow[]> {
    const where = whereOf(filter, 'owed_id').where(
      'remitted_fen < amount_fen',
      filter.openOnly === true,
    );
    const select = `SELECT ${OWED_COLUMNS} FROM ${this.t('owed_amounts')}`;
    const rows = await keysetPage(manager, select, where, 'owed_id', filter.limit);
    return rows.map(OWED.read);
  }

  /** Totals per bank and fund within the filter (not paged). */
  async owedTotals(
    manager: EntityManager,
    filter: Omit<ListFilter, 'limit' | 'afterSeq'>,
  ): Promise<
    Array<{
      bankId: string;
      fundId: string;
      owedFen: string;
      remittedFen: string;
      outstandingFen: string;
      overdueOutstandingFen: string;
      creditFen: string;
      overpaidFen: string;
    }>
  > {
    const { sql, params } = whereOf(filter, 'owed_id');
    const rows = (await manager.query(
      `WITH o AS (
         SELECT bank_id, fund_id, sum(amount_fen) AS owed, sum(remitted_fen) AS remitted,
           sum(CASE WHEN overdue_raised_on IS NOT NULL THEN amount_fen - remitted_fen ELSE 0 END) AS overdue
         FROM ${this.t('owed_amounts')} ${sql} GROUP BY bank_id, fund_id),
       c AS (SELECT bank_id, fund_id, sum(credit_fen) AS credit FROM ${this.t('recovery_positions')}
         ${sql} GROUP BY bank_id, fund_id),
       r AS (SELECT bank_id, fund_id, sum(overpaid_fen) AS overpaid FROM ${this.t('remittances')}
         ${sql} GROUP BY bank_id, fund_id)
       SELECT o.bank_id, o.fund_id, o.owed::text AS owed_fen, o.remitted::text AS remitted_fen,
         (o.owed - o.remitted)::text AS outstanding_fen, o.overdue::text AS overdue_outstanding_fen,
         coalesce(c.credit, 0)::text AS credit_fen, coalesce(r.overpaid, 0)::text AS overpaid_fen
       FROM o LEFT JOIN c USING (bank_id, fund_id) LEFT JOIN r USING (bank_id, fund_id)
       ORDER BY o.bank_id, o.fund_id`,
      params,
    )) as Record<string, unknown>[];
    return rows.map((row) => camelRow(row));
  }

  async listRemittances(manager: EntityManager, filter: ListFilter): Promise<RemittanceRow[]> {
    const where = whereOf(filter, 'seq');
    const select = `SELECT seq, remittance_id, bank_id, fund_id, claim_id, amount_fen, matched_fen,
       overpaid_fen, received_on::text AS received_on FROM ${this.t('remittances')}`;
    const rows = await keysetPage(manager, select, where, 'seq', filter.limit);
    const ids = rows.map((r) => r['remittance_id'] as string);
    const allocations = (await manager.query(
      `SELECT a.remittance_id, a.owed_id, o.recovery_id, o.claim_id, a.amount_fen
       FROM ${this.t('remittance_allocations')} a JOIN ${this.t('owed_amounts')} o USING (owed_id)
       WHERE a.remittance_id = ANY($1::text[]) ORDER BY a.owed_id`,
      [ids],
    )) as Array<Record<string, unknown>>;
    return rows.map((row) => ({
      ...camelRow<Omit<RemittanceRow, 'allocations'>>(row, REMITTANCE_READERS),
      allocations: allocations
        .filter((a) => a['remittance_id'] === row['remittance_id'])
        .map((a) => {
          const { remittanceId: _, ...allocation } = camelRow<RemittanceAllocation>(a, {
            owedId: columnAs.text,
            amountFen: columnAs.fen,
          });
          return allocation;
        }),
    }));
  }

  /** Marks every owed amount past due on `businessDate` and not yet raised; returns them. */
  async markOverdue(manager: EntityManager, businessDate: string): Promise<OwedRow[]> {
    const rows = await markOverdueRows(manager, this.t('owed_amounts'), OWED, businessDate);
    return rows.map(OWED.read);
  }

  /** Records a business date seen; returns true when it moved the clock forward. */
  async observeBusinessDate(manager: EntityManager, businessDate: string): Promise<boolean> {
    const rows = (await manager.query(
      `INSERT INTO ${this.t('business_clock')} (singleton, latest_date) VALUES (true, $1)
       ON CONFLICT (singleton) DO UPDATE SET latest_date = EXCLUDED.latest_date
       WHERE ${this.t('business_clock')}.latest_date < EXCLUDED.latest_date
       RETURNING latest_date`,
      [businessDate],
    )) as unknown[];
    return rows.length === 1;
  }

  async latestBusinessDate(manager: EntityManager): Promise<string | undefined> {
    const rows = (await manager.query(
      `SELECT latest_date::text AS d FROM ${this.t('business_clock')}`,
    )) as Array<{ d: string }>;
    return rows[0]?.d;
  }

  async savePolicy(
    manager: EntityManager,
    p: {
      policyVersionId: string;
      effectiveFrom: string;
      effectiveTo: string | undefined;
      remitWithinDays: number;
      publishedAt: string;
    },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO ${this.t('policies')} (policy_version_id, effective_from, effective_to,
         remit_within_days, published_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (policy_version_id) DO NOTHING`,
      [p.policyVersionId, p.effectiveFrom, p.effectiveTo ?? null, p.remitWithinDays, p.publishedAt],
    );
  }

  /** The version in force on a business date (the latest effectiveFrom on or before it). */
  async policyInForceOn(
    manager: EntityManager,
    businessDate: string,
  ): Promise<{ policyVersionId: string; remitWithinDays: number } | undefined> {
    const rows = (await manager.query(
      `SELECT policy_version_id, remit_within_days FROM ${this.t('policies')}
       WHERE effective_from <= $1::date AND (effective_to IS NULL OR effective_to > $1::date)
       ORDER BY effective_from DESC, published_at DESC LIMIT 1`,
      [businessDate],
    )) as Array<{ policy_version_id: string; remit_within_days: number }>;
    const row = rows[0];
    return row === undefined
      ? undefined
      : { policyVersionId: row.policy_version_id, remitWithinDays: row.remit_within_days };
  }

  async remitWithinDays(
    manager: EntityManager,
    policyVersionId: string,
  ): Promise<number | undefined> {
    const rows = (await manager.query(
      `SELECT remit_within_days FROM ${this.t('policies')} WHERE policy_version_id = $1`,
      [policyVersionId],
    )) as Array<{ remit_within_days: number }>;
    return rows[0]?.remit_within_days;
  }
}
