import { EntityManager } from 'typeorm';
import { insertRow, keysetPage, SchemaRepository, SqlFilter } from '@riskpool/db';
import type { Allocation, OpenOwed } from '../../remittances/domain/owed-matching';
import {
  markOverdueRows,
  owedTable,
  RecoveryPositions,
} from '../../remittances/persistence/remittance.repository';

export type CosharerPayer = 'COSHARER' | 'LENDER';
export type ObligationSource = 'CLAIM_SHARE' | 'RECOVERY';

export interface ObligationRow {
  readonly obligationId: string;
  readonly claimId: string;
  readonly loanId: string;
  readonly bankId: string;
  readonly partyId: string;
  readonly payer: CosharerPayer;
  readonly source: ObligationSource;
  readonly sourceRef: string;
  readonly amountFen: bigint;
  readonly settledFen: bigint;
  readonly outstandingFen: bigint;
  readonly dueOn: string;
  readonly overdueRaisedOn: string | null;
  readonly policyVersionId: string;
}

const COLUMNS = `obligation_id, claim_id, loan_id, bank_id, party_id, payer, source, source_ref,
  amount_fen, settled_fen, due_on::text AS due_on, overdue_raised_on::text AS overdue_raised_on,
  policy_version_id`;

const OBLIGATIONS = owedTable<Omit<ObligationRow, 'outstandingFen'>>(
  COLUMNS,
  'obligationId',
  'settledFen',
);

export interface ObligationFilter {
  readonly bankId?: string;
  readonly partyId?: string;
  readonly claimId?: string;
  readonly openOnly?: boolean;
  readonly afterId?: string;
  readonly limit: number;
}

/** What co-sharers and lenders owe each other per claim (docs/domain.md §8.4), in SQL. */
export class CosharerObligationRepository extends SchemaRepository {
  async insertObligation(
    manager: EntityManager,
    o: {
      claimId: string;
      loanId: string;
      bankId: string;
      partyId: string;
      payer: CosharerPayer;
      source: ObligationSource;
      sourceRef: string;
      amountFen: bigint;
      settledFen: bigint;
      dueOn: string;
      policyVersionId: string;
    },
  ): Promise<void> {
    await insertRow(
      manager,
      this.t('cosharer_obligations'),
      `claim_id, loan_id, bank_id, party_id, payer, source, source_ref, amount_fen, settled_fen,
       due_on, policy_version_id`,
      o,
      'ON CONFLICT (source_ref, party_id, payer) DO NOTHING',
    );
  }

  /** Outstanding obligations of a claim, co-sharer and payer, locked, oldest due first (or newest). */
  async openObligations(
    manager: EntityManager,
    where: { claimId: string; partyId: string; payer: CosharerPayer },
    newestFirst = false,
  ): Promise<Array<OpenOwed & { row: ObligationRow }>> {
    const order = newestFirst ? 'due_on DESC, obligation_id DESC' : 'due_on, obligation_id';
    const rows = (await manager.query(
      `SELECT ${COLUMNS} FROM ${this.t('cosharer_obligations')}
       WHERE claim_id = $1 AND party_id = $2 AND payer = $3 AND settled_fen < amount_fen
       ORDER BY ${order} FOR UPDATE`,
      [where.claimId, where.partyId, where.payer],
    )) as Array<Record<string, unknown>>;
    return rows.map(OBLIGATIONS.read).map((row) => ({
      owedId: row.obligationId,
      outstandingFen: row.outstandingFen,
      row,
    }));
  }

  /** Who is on a claim: its lender and co-sharers (from any obligation); empty when none. */
  async claimParties(
    manager: EntityManager,
    claimId: string,
  ): Promise<Array<{ bankId: string; loanId: string; partyId: string }>> {
    return (
      (await manager.query(
        `SELECT DISTINCT bank_id, loan_id, party_id FROM ${this.t('cosharer_obligations')}
         WHERE claim_id = $1`,
        [claimId],
      )) as Array<{ bank_id: string; loan_id: string; party_id: string }>
    ).map((r) => ({ bankId: r.bank_id, loanId: r.loan_id, partyId: r.party_id }));
  }

  async reduceObligation(manager: EntityManager, r: Allocation): Promise<void> {
    await manager.query(
      `UPDATE ${this.t('cosharer_obligations')} SET amount_fen = amount_fen - $2
       WHERE obligation_id = $1`,
      [r.owedId, r.amountFen.toString()],
    );
  }

  /** Each co-sharer's recovery position on a claim. */
  readonly positions = new RecoveryPositions(this.t('cosharer_recovery_positions'), 'party_id');

  async insertSettlement(
    manager: EntityManager,
    s: {
      settlementId: string;
      claimId: string;
      loanId: string;
      bankId: string;
      partyId: string;
      payer: CosharerPayer;
      amountFen: bigint;
      receivedOn: string;
      reportedBy: string;
      allocations: readonly Allocation[];
    },
  ): Promise<void> {
    await insertRow(
      manager,
      this.t('cosharer_settlements'),
      'settlement_id, claim_id, loan_id, bank_id, party_id, payer, amount_fen, received_on, reported_by',
      s,
    );
    for (const a of s.allocations) {
      await manager.query(
        `INSERT INTO ${this.t('cosharer_settlement_allocations')} (settlement_id, obligation_id,
           amount_fen) VALUES ($1, $2, $3)`,
        [s.settlementId, a.owedId, a.amountFen.toString()],
      );
      await manager.query(
        `UPDATE ${this.t('cosharer_obligations')} SET settled_fen = settled_fen + $2
         WHERE obligation_id = $1`,
        [a.owedId, a.amountFen.toString()],
      );
    }
  }

  async listObligations(
    manager: EntityManager,
    filter: ObligationFilter,
  ): Promise<ObligationRow[]> {
    const where = new SqlFilter()
      .add('bank_id = ?', filter.bankId)
      .add('party_id = ?', filter.partyId)
      .add('claim_id = ?', filter.claimId)
      .add('obligation_id > ?::bigint', filter.afterId)
      .where('settled_fen < amount_fen', filter.openOnly === true);
    const select = `SELECT ${COLUMNS} FROM ${this.t('cosharer_obligations')}`;
    const rows = await keysetPage(manager, select, where, 'obligation_id', filter.limit);
    return rows.map(OBLIGATIONS.read);
  }

  /** Marks every obligation past due on `businessDate` and not yet raised; returns them. */
  async markOverdue(manager: EntityManager, businessDate: string): Promise<ObligationRow[]> {
    const table = this.t('cosharer_obligations');
    return (await markOverdueRows(manager, table, OBLIGATIONS, businessDate)).map(OBLIGATIONS.read);
  }
}
