import { MigrationInterface } from 'typeorm';
import { qualified, sqlMigration } from '@riskpool/db';

/**
 * Interest subsidy payments (docs/domain.md §9.4) ride the same payment instructions, runner and
 * rails as compensation payouts: an instruction is of kind `COMPENSATION` (a fund's share of a
 * claim to a bank) or `SUBSIDY` (an approved round's grants to one enterprise's payee account).
 * A subsidy instruction is unique per round, enterprise and payee account; its parts (one per
 * grant: report × subsidy fund) say which loans and funds it pays.
 */
export function settlementSubsidyPaymentsMigration(schema: string): new () => MigrationInterface {
  const t = (table: string) => qualified(schema, table);
  const up = [
    `ALTER TABLE ${t('payment_instructions')}
       ADD COLUMN kind text NOT NULL DEFAULT 'COMPENSATION' CHECK (kind IN ('COMPENSATION', 'SUBSIDY')),
       ADD COLUMN round_id text,
       ADD COLUMN round_closing integer,
       ADD COLUMN payee_uscc text,
       ADD COLUMN payee_account_no text,
       ADD COLUMN payee_account_name text,
       ALTER COLUMN claim_id DROP NOT NULL,
       ALTER COLUMN loan_id DROP NOT NULL,
       ALTER COLUMN default_id DROP NOT NULL,
       ALTER COLUMN bank_id DROP NOT NULL,
       DROP CONSTRAINT payment_instructions_source_check,
       ADD CONSTRAINT payment_instructions_source_check
         CHECK (source IN ('APPROVED_SHARE', 'QUEUE_FILLED', 'SUBSIDY_ROUND')),
       ADD CONSTRAINT payment_instructions_kind_fields CHECK (CASE kind
         WHEN 'COMPENSATION' THEN claim_id IS NOT NULL AND loan_id IS NOT NULL
           AND default_id IS NOT NULL AND bank_id IS NOT NULL
         ELSE round_id IS NOT NULL AND round_closing IS NOT NULL AND payee_uscc IS NOT NULL
           AND payee_account_no IS NOT NULL AND payee_account_name IS NOT NULL END)`,
    `CREATE UNIQUE INDEX payment_instructions_subsidy_key ON ${t('payment_instructions')}
       (round_id, payee_uscc, payee_account_no) WHERE kind = 'SUBSIDY'`,
    `CREATE TABLE ${t('subsidy_payment_parts')} (
      instruction_id text NOT NULL REFERENCES ${t('payment_instructions')} (instruction_id),
      report_id text NOT NULL,
      loan_id text NOT NULL,
      bank_id text NOT NULL,
      fund_id text NOT NULL,
      amount_fen bigint NOT NULL CHECK (amount_fen > 0),
      PRIMARY KEY (instruction_id, report_id, fund_id)
    )`,
    `CREATE INDEX ON ${t('subsidy_payment_parts')} (fund_id)`,
  ];
  return sqlMigration('SettlementSubsidyPayments1767700000000', {
    up,
    down: [
      `DROP TABLE ${t('subsidy_payment_parts')}`,
      `DELETE FROM ${t('payment_instructions')} WHERE kind = 'SUBSIDY'`,
      `DROP INDEX ${qualified(schema, 'payment_instructions_subsidy_key')}`,
      `ALTER TABLE ${t('payment_instructions')}
        DROP CONSTRAINT payment_instructions_kind_fields,
        DROP CONSTRAINT payment_instructions_source_check,
        ADD CONSTRAINT payment_instructions_source_check CHECK (source IN ('APPROVED_SHARE', 'QUEUE_FILLED')),
        DROP COLUMN kind, DROP COLUMN round_id, DROP COLUMN round_closing, DROP COLUMN payee_uscc,
        DROP COLUMN payee_account_no, DROP COLUMN payee_account_name`,
    ],
  });
}
