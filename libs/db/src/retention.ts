import { EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import { tryTakeSchemaTaskLock } from './schema-lock';
import { qualified } from './schema-name';

/**
 * Bounded growth of the tables every service schema has (ADR 0018). Each sweep removes:
 * - outbox rows published longer ago than `outboxHours` (unpublished rows are never touched);
 * - inbox rows older than `inboxHours`, moving the partition's low-water mark past them, so that a
 *   message below the mark still counts as processed even with its row gone (claimInbox);
 * - idempotency records older than `idempotencyHours` whose answer was stored (a retry with such
 *   an old key is a new request).
 * Hours may be fractions (0.1 is six minutes: the soak benchmark prunes within its run).
 */
export interface RetentionHours {
  readonly outboxHours: number;
  readonly inboxHours: number;
  readonly idempotencyHours: number;
}

export interface PrunedRows {
  readonly outbox: number;
  readonly inbox: number;
  readonly idempotency: number;
}

/** Only one instance per schema sweeps at a time; the others skip this round. */
export function tryTakeRetentionLock(manager: EntityManager, schema: string): Promise<boolean> {
  return tryTakeSchemaTaskLock(manager, schema, 'retention');
}

export async function pruneServiceTables(
  manager: EntityManager,
  schema: string,
  hours: RetentionHours,
): Promise<PrunedRows> {
  const outbox = qualified(schema, 'outbox');
  const inbox = qualified(schema, 'inbox');
  const marks = qualified(schema, 'inbox_watermarks');
  const idempotency = qualified(schema, 'idempotency_keys');
  const [, outboxCount] = (await manager.query(
    `DELETE FROM ${outbox} WHERE published_at < now() - make_interval(secs => $1::float8 * 3600)`,
    [hours.outboxHours],
  )) as [unknown, number];
  // Offsets of one partition are applied in order, so every row below the newest old one is old.
  const [, inboxCount] = (await manager.query(
    `WITH cut AS (
       SELECT consumer, topic, kafka_partition, max(kafka_offset) + 1 AS below_offset
       FROM ${inbox} WHERE processed_at < now() - make_interval(secs => $1::float8 * 3600)
       GROUP BY consumer, topic, kafka_partition
     ), marked AS (
       INSERT INTO ${marks} AS m (consumer, topic, kafka_partition, below_offset)
       SELECT consumer, topic, kafka_partition, below_offset FROM cut
       ON CONFLICT (consumer, topic, kafka_partition)
         DO UPDATE SET below_offset = greatest(m.below_offset, EXCLUDED.below_offset)
       RETURNING consumer, topic, kafka_partition, below_offset
     )
     DELETE FROM ${inbox} i USING marked
     WHERE i.consumer = marked.consumer AND i.topic = marked.topic
       AND i.kafka_partition = marked.kafka_partition AND i.kafka_offset < marked.below_offset`,
    [hours.inboxHours],
  )) as [unknown, number];
  const [, idempotencyCount] = (await manager.query(
    `DELETE FROM ${idempotency}
     WHERE response_status IS NOT NULL AND created_at < now() - make_interval(secs => $1::float8 * 3600)`,
    [hours.idempotencyHours],
  )) as [unknown, number];
  return { outbox: outboxCount, inbox: inboxCount, idempotency: idempotencyCount };
}

/** The low-water marks and the indexes the sweep reads by; every service runs it after its base. */
export function serviceRetentionMigration(schema: string): new () => MigrationInterface {
  return class ServiceRetention1768100000000 implements MigrationInterface {
    readonly name = 'ServiceRetention1768100000000';

    async up(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query(
        `CREATE TABLE ${qualified(schema, 'inbox_watermarks')} (
           consumer text NOT NULL,
           topic text NOT NULL,
           kafka_partition integer NOT NULL,
           below_offset bigint NOT NULL,
           PRIMARY KEY (consumer, topic, kafka_partition)
         )`,
      );
      await queryRunner.query(
        `CREATE INDEX "outbox_published_at_idx" ON ${qualified(schema, 'outbox')} (published_at)
         WHERE published_at IS NOT NULL`,
      );
      await queryRunner.query(
        `CREATE INDEX "inbox_processed_at_idx" ON ${qualified(schema, 'inbox')} (processed_at)`,
      );
      await queryRunner.query(
        `CREATE INDEX "idempotency_keys_created_at_idx" ON ${qualified(schema, 'idempotency_keys')} (created_at)`,
      );
    }

    async down(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query(`DROP TABLE ${qualified(schema, 'inbox_watermarks')}`);
      for (const index of [
        'outbox_published_at_idx',
        'inbox_processed_at_idx',
        'idempotency_keys_created_at_idx',
      ])
        await queryRunner.query(`DROP INDEX "${schema}"."${index}"`);
    }
  };
}
