import { MigrationInterface } from 'typeorm';
import { qualified, sqlMigration } from '@riskpool/db';
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
      amount_fen bigint NOT NULL CHECK (amount_fen >= 0),
      settled_fen bigint NOT NULL DEFAULT 0 CHECK (settled_fen >= 0 AND settled_fen <= amount_fen),
      due_on date NOT NULL,
      policy_version_id text NOT NULL,
      overdue_raised_on date,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (source_ref, party_id, payer),
      CHECK ((source = 'CLAIM_SHARE') = (payer = 'COSHARER'))
    )`,
    `CREATE INDEX ON ${t('cosharer_obligations')} (claim_id, party_id, payer, due_on, obligation_id)`,
    `CREATE INDEX ON ${t('cosharer_obligations')} (due_on) WHERE overdue_raised_on IS NULL`,
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
    `CREATE TABLE ${t('cosharer_settlement_allocations')} (
      settlement_id text NOT NULL REFERENCES ${t('cosharer_settlements')} (settlement_id),
      obligation_id bigint NOT NULL REFERENCES ${t('cosharer_obligations')} (obligation_id),
      amount_fen bigint NOT NULL CHECK (amount_fen > 0),
      PRIMARY KEY (settlement_id, obligation_id)
    )`,
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
