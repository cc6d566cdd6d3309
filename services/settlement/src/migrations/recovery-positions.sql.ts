/**
 * A recovery position table: per claim and creditor (a fund's `fund_id`, a co-sharer's
 * `party_id`), the cumulative figure of the recoveries after payout and a credit. The funds' and
 * the co-sharers' tables are the same but for the creditor.
 */
export function recoveryPositionsTable(
  table: string,
  creditorColumn: 'fund_id' | 'party_id',
): string {
  return `CREATE TABLE ${table} (
      claim_id text NOT NULL,
      ${creditorColumn} text NOT NULL,
      loan_id text NOT NULL,
      bank_id text NOT NULL,
      cumulative_owed_fen bigint NOT NULL CHECK (cumulative_owed_fen >= 0),
      cumulative_net_fen bigint NOT NULL,
      credit_fen bigint NOT NULL DEFAULT 0 CHECK (credit_fen >= 0),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (claim_id, ${creditorColumn})
    )`;
}
