import { EntityManager } from 'typeorm';
import { envelopeToWire, OutgoingEvent, WireHeaders } from '@riskpool/contracts';
import { tryTakeSchemaTaskLock } from './schema-lock';
import { qualified } from './schema-name';

export interface OutboxRow {
  readonly seq: string;
  readonly eventId: string;
  readonly topic: string;
  readonly key: string;
  readonly headers: WireHeaders;
  readonly payload: string;
}

/** Inserts events into the outbox within the caller's transaction. */
export async function appendToOutbox(
  manager: EntityManager,
  schema: string,
  events: ReadonlyArray<OutgoingEvent>,
): Promise<void> {
  if (events.length === 0) return;
  // One JSON parameter for all rows: a VALUES list of five parameters an event costs PostgreSQL
  // seconds to parse for a bulk of 10,000; ORDINALITY keeps the rows in the events' order.
  const rows = events.map((event) => {
    const wire = envelopeToWire(event.envelope);
    return { i: event.envelope.id, t: event.topic, k: wire.key, h: wire.headers, p: wire.value };
  });
  await manager.query(
    `INSERT INTO ${qualified(schema, 'outbox')} (event_id, topic, message_key, headers, payload)
     SELECT (e->>'i')::uuid, e->>'t', e->>'k', (e->'h')::jsonb, e->>'p'
     FROM json_array_elements($1::json) WITH ORDINALITY AS v(e, ord)
     ORDER BY ord`,
    [JSON.stringify(rows)],
  );
  // Wakes the relay at once instead of at its next poll; delivered only if the transaction commits.
  await manager.query(`SELECT pg_notify($1, '')`, [outboxChannel(schema)]);
}

export function outboxChannel(schema: string): string {
  return `${schema}_outbox`;
}

interface RawOutboxRow {
  seq: string;
  event_id: string;
  topic: string;
  message_key: string;
  headers: WireHeaders;
  payload: string;
}

/**
 * The oldest unpublished events, in commit order. Call inside a transaction that holds the
 * relay lock so only one relay per schema publishes, which keeps per-key order.
 */
export async function readUnpublished(
  manager: EntityManager,
  schema: string,
  limit: number,
): Promise<OutboxRow[]> {
  const rows = (await manager.query(
    `SELECT seq, event_id, topic, message_key, headers, payload FROM ${qualified(schema, 'outbox')}
     WHERE published_at IS NULL ORDER BY seq LIMIT $1`,
    [limit],
  )) as RawOutboxRow[];
  return rows.map((row) => ({
    seq: String(row.seq),
    eventId: row.event_id,
    topic: row.topic,
    key: row.message_key,
    headers: row.headers,
    payload: row.payload,
  }));
}

export async function markPublished(
  manager: EntityManager,
  schema: string,
  seqs: ReadonlyArray<string>,
): Promise<void> {
  if (seqs.length === 0) return;
  await manager.query(
    `UPDATE ${qualified(schema, 'outbox')} SET published_at = now() WHERE seq = ANY($1::bigint[])`,
    [seqs],
  );
}

/** Only one relay per schema may publish at a time; others skip this round. */
export function tryTakeRelayLock(manager: EntityManager, schema: string): Promise<boolean> {
  return tryTakeSchemaTaskLock(manager, schema, 'outbox-relay');
}
