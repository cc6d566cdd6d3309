/**
 * What banks owe funds (`owed_amounts`) and what co-sharers and lenders owe each other
 * (`cosharer_obligations`) are kept alike: an amount, the part of it paid, a due date, and the
 * date it was raised overdue. These are the columns and indexes the two tables share.
 */

/** The columns after the owed table's own keys, with `paidColumn` the part of the amount paid. */
export function owedAmountColumns(paidColumn: 'remitted_fen' | 'settled_fen'): string {
  return `amount_fen bigint NOT NULL CHECK (amount_fen >= 0),
      ${paidColumn} bigint NOT NULL DEFAULT 0 CHECK (${paidColumn} >= 0 AND ${paidColumn} <= amount_fen),
      due_on date NOT NULL,
      policy_version_id text NOT NULL,
      overdue_raised_on date,
      created_at timestamptz NOT NULL DEFAULT now(),`;
}

/** The owed table's read index (`readColumns`), and the one the overdue check scans. */
export function owedIndexes(table: string, readColumns: string): string[] {
  return [
    `CREATE INDEX ON ${table} (${readColumns})`,
    `CREATE INDEX ON ${table} (due_on) WHERE overdue_raised_on IS NULL`,
  ];
}

/** Which owed amounts a payment settled, and how much of each. */
export function allocationsTable(
  table: string,
  payment: { table: string; key: string },
  owed: { table: string; key: string },
): string {
  return `CREATE TABLE ${table} (
      ${payment.key} text NOT NULL REFERENCES ${payment.table} (${payment.key}),
      ${owed.key} bigint NOT NULL REFERENCES ${owed.table} (${owed.key}),
      amount_fen bigint NOT NULL CHECK (amount_fen > 0),
      PRIMARY KEY (${payment.key}, ${owed.key})
    )`;
}
