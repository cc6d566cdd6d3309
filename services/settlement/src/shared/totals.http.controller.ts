import { Controller, Get, Inject } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { qualified } from '@riskpool/db';
import { AllowRoles } from '@riskpool/service-kit';
import { SETTLEMENT_SCHEMA } from './tokens';

/**
 * `GET /totals`: money settled per bank and per fund (payouts paid, remittances received, amounts
 * as received, overpaid included) and interest subsidies paid per subsidy fund, for the ledger's reconciliation check (services/ledger README
 * "Reconciliation"). Read-only; regulators and admins, and the ledger's reconciliation with its own
 * `service:ledger` identity (ADR 0013).
 */
@Controller('totals')
export class SettlementTotalsController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(SETTLEMENT_SCHEMA) private readonly schema: string,
  ) {}

  @Get()
  @AllowRoles('regulator', 'admin', 'service:ledger')
  async totals(): Promise<{
    banks: Array<{ bankId: string; paidFen: string; remittedFen: string }>;
    funds: Array<{ fundId: string; paidFen: string; remittedFen: string }>;
    subsidyFunds: Array<{ fundId: string; paidFen: string }>;
  }> {
    const t = (table: string) => qualified(this.schema, table);
    const rows = (await this.dataSource.query(
      `SELECT party, id, sum(paid)::text AS paid, sum(remitted)::text AS remitted FROM (
         SELECT 'bank' AS party, bank_id AS id, amount_fen AS paid, 0::bigint AS remitted
           FROM ${t('payment_instructions')} WHERE status = 'PAID' AND kind = 'COMPENSATION'
         UNION ALL SELECT 'fund', fund_id, amount_fen, 0 FROM ${t('payment_instructions')}
           WHERE status = 'PAID' AND kind = 'COMPENSATION'
         UNION ALL SELECT 'bank', bank_id, 0, amount_fen FROM ${t('remittances')}
         UNION ALL SELECT 'fund', fund_id, 0, amount_fen FROM ${t('remittances')}
       ) money GROUP BY party, id ORDER BY party, id`,
    )) as Array<{ party: 'bank' | 'fund'; id: string; paid: string; remitted: string }>;
    // Interest subsidy payments, per subsidy fund from their parts (docs/domain.md §9.4).
    const subsidy = (await this.dataSource.query(
      `SELECT p.fund_id, sum(p.amount_fen)::text AS paid
       FROM ${t('subsidy_payment_parts')} p
       JOIN ${t('payment_instructions')} i ON i.instruction_id = p.instruction_id
       WHERE i.status = 'PAID' GROUP BY p.fund_id ORDER BY p.fund_id`,
    )) as Array<{ fund_id: string; paid: string }>;
    return {
      subsidyFunds: subsidy.map((r) => ({ fundId: r.fund_id, paidFen: r.paid })),
      banks: rows
        .filter((r) => r.party === 'bank')
        .map((r) => ({ bankId: r.id, paidFen: r.paid, remittedFen: r.remitted })),
      funds: rows
        .filter((r) => r.party === 'fund')
        .map((r) => ({ fundId: r.id, paidFen: r.paid, remittedFen: r.remitted })),
    };
  }
}
