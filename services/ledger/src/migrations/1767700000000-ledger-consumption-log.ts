import { MigrationInterface } from 'typeorm';
import { appendOnlyTriggers, qualified, sqlMigration } from '@riskpool/db';

/**
 * The consumption log (README "Replay"): for each batch the writer applied, in order, the Kafka
 * position (topic, partition, offset) of every event it was given. The journal's order depends on
 * how the consumer interleaved the partitions and cut the batches (an event that waits for its
 * hold is posted in the batch that brings the hold); with this log a fresh ledger fed the same
 * messages from the topics, in the same batches, rebuilds the same journal, root for root.
 * Append-only, like the journal.
 */
export const CONSUMPTION_LOG_TABLE = 'consumption_log';

export function ledgerConsumptionLogMigration(schema: string): new () => MigrationInterface {
  const t = (table: string) => qualified(schema, table);
  return sqlMigration('LedgerConsumptionLog1767700000000', {
    up: [
      `CREATE TABLE ${t(CONSUMPTION_LOG_TABLE)} (
        batch_seq bigint NOT NULL CHECK (batch_seq >= 1),
        position int NOT NULL CHECK (position >= 0),
        topic text NOT NULL,
        kafka_partition int NOT NULL,
        kafka_offset bigint NOT NULL,
        event_id text NOT NULL,
        journal_size_after bigint NOT NULL,
        PRIMARY KEY (batch_seq, position)
      )`,
      ...appendOnlyTriggers(t, [CONSUMPTION_LOG_TABLE], 'refuse_change'),
    ],
    down: [`DROP TABLE IF EXISTS ${t(CONSUMPTION_LOG_TABLE)}`],
  });
}
