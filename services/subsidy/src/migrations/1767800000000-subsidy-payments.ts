import { sqlMigration } from '@riskpool/db';

/**
 * Settlement's subsidy payments as the subsidy service applied them: one row per payment (the
 * pain.001 EndToEndId), so a payment lowers its funds' `held_fen` once even when its event comes
 * again after the inbox has forgotten it (ADR 0018 prunes the inbox, never this table).
 */
export const SubsidyPayments1767800000000 = sqlMigration('SubsidyPayments1767800000000', {
  up: [
    `CREATE TABLE "subsidy"."payments" (
        payment_id text PRIMARY KEY,
        round_id text NOT NULL REFERENCES "subsidy"."rounds" (round_id),
        uscc text NOT NULL,
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        parts jsonb NOT NULL,
        completed_at timestamptz NOT NULL,
        event_id text NOT NULL
      )`,
    `CREATE INDEX "payments_round_idx" ON "subsidy"."payments" (round_id)`,
  ],
  down: [`DROP TABLE "subsidy"."payments"`],
});
