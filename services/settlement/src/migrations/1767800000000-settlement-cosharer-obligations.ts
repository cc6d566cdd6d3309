import { MigrationInterface } from 'typeorm';
import { qualified, sqlMigration } from '@riskpool/db';
import { allocationsTable, owedAmountColumns, owedIndexes } from './owed-tables.sql';
import { recoveryPositionsTable } from './recovery-positions.sql';

/**
 * Co-sharer obligations (docs/domain.md §8.4): what a co-sharer owes the lender for an approved
 * claim (its part of the loss, `payer` COSHARER) and what the lender owes a co-sharer of each
 * recovery after payout (`payer` LENDER, netted on the cumulative figure as the funds' are), the
 * settlements reported against them, and which obligations each settled. Never netted together.
 */
export function settlementCosharerObligationsMigration(
  schema: string,
): new () => MigrationInterface {
  const t = (table: string) => qualified(schema, table);
  const up = [
    `CREATE TABLE ${t('cosharer_obligations')} (
      obligation_id bigserial PRIMARY KEY,
      claim_id text NOT NULL,
      loan_id text NOT NULL,
      bank_id text NOT NULL,
      party_id text NOT NULL,
      payer text NOT NULL CHECK (payer IN ('COSHARER', 'LENDER')),
      source text NOT NULL CHECK (source IN ('CLAIM_SHARE', 'RECOVERY')),
      -- the claim id (CLAIM_SHARE) or the recovery id (RECOVERY)
      source_ref text NOT NULL,
      ${owedAmountColumns('settled_fen')}
      UNIQUE (source_ref, party_id, payer),
      CHECK ((source = 'CLAIM_SHARE') = (payer = 'COSHARER'))
    )`,
    ...owedIndexes(t('cosharer_obligations'), 'claim_id, party_id, payer, due_on, obligation_id'),
    // Per claim and co-sharer: its cumulative part of the recoveries after payout, and a credit.
    recoveryPositionsTable(t('cosharer_recovery_positions'), 'party_id'),
    `CREATE TABLE ${t('cosharer_settlements')} (
      seq bigserial UNIQUE,
      settlement_id text PRIMARY KEY,
      claim_id text NOT NULL,
      loan_id text NOT NULL,
      bank_id text NOT NULL,
      party_id text NOT NULL,
      payer text NOT NULL CHECK (payer IN ('COSHARER', 'LENDER')),
      amount_fen bigint NOT NULL CHECK (amount_fen > 0),
      received_on date NOT NULL,
      reported_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    allocationsTable(
      t('cosharer_settlement_allocations'),
      { table: t('cosharer_settlements'), key: 'settlement_id' },
      { table: t('cosharer_obligations'), key: 'obligation_id' },
    ),
  ];
  return sqlMigration('SettlementCosharerObligations1767800000000', {
    up,
    down: [
      'cosharer_settlement_allocations',
      'cosharer_settlements',
      'cosharer_recovery_positions',
      'cosharer_obligations',
    ].map((table) => `DROP TABLE ${t(table)}`),
  });
}
