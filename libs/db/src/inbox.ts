import { EntityManager } from 'typeorm';
import { qualified } from './schema-name';

export interface InboxRecord {
  readonly eventId: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

/**
 * Records events as processed by `consumer` within the caller's transaction and returns the ids
 * that were new. An id already there (a redelivery or a duplicate) is left out: its effect
 * happened before, so the caller must not apply it again.
 */
export async function claimInbox(
  manager: EntityManager,
  schema: string,
  consumer: string,
  records: ReadonlyArray<InboxRecord>,
): Promise<Set<string>> {
  if (records.length === 0) return new Set();
  // A message below its partition's low-water mark was processed and its row pruned since
  // (retention.ts): it is a redelivery, not new.
  const rows = (await manager.query(
    `INSERT INTO ${qualified(schema, 'inbox')} (consumer, event_id, topic, kafka_partition, kafka_offset)
     SELECT $1, r.event_id, r.topic, r.kafka_partition, r.kafka_offset
     FROM unnest($2::uuid[], $3::text[], $4::int[], $5::bigint[])
       AS r(event_id, topic, kafka_partition, kafka_offset)
     WHERE NOT EXISTS (
       SELECT 1 FROM ${qualified(schema, 'inbox_watermarks')} m
       WHERE m.consumer = $1 AND m.topic = r.topic AND m.kafka_partition = r.kafka_partition
         AND r.kafka_offset < m.below_offset)
     ON CONFLICT (consumer, event_id) DO NOTHING
     RETURNING event_id`,
    [
      consumer,
      records.map((r) => r.eventId),
      records.map((r) => r.topic),
      records.map((r) => r.partition),
      records.map((r) => r.offset),
    ],
  )) as Array<{ event_id: string }>;
  return new Set(rows.map((row) => row.event_id));
}
