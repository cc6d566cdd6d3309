import { qualified } from './schema-name';

/**
 * Tables every service schema has: the outbox (events waiting to be published, written in the
 * same transaction as the state change), the inbox (event ids a consumer has applied, written
 * with the effect) and the idempotency keys of HTTP writes (written with the effect too).
 */
export function serviceBaseDdl(schema: string): string[] {
  const outbox = qualified(schema, 'outbox');
  const inbox = qualified(schema, 'inbox');
  const idempotency = qualified(schema, 'idempotency_keys');
  return [
    `CREATE TABLE ${outbox} (
      seq bigserial PRIMARY KEY,
      event_id uuid NOT NULL UNIQUE,
      topic text NOT NULL,
      message_key text NOT NULL,
      headers jsonb NOT NULL,
      payload text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      published_at timestamptz
    )`,
    `CREATE INDEX "outbox_unpublished_idx" ON ${outbox} (seq) WHERE published_at IS NULL`,
    `CREATE TABLE ${inbox} (
      consumer text NOT NULL,
      event_id uuid NOT NULL,
      topic text NOT NULL,
      kafka_partition integer NOT NULL,
      kafka_offset bigint NOT NULL,
      processed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (consumer, event_id)
    )`,
    `CREATE TABLE ${idempotency} (
      principal text NOT NULL,
      idempotency_key text NOT NULL,
      request_hash text NOT NULL,
      response_status integer,
      response_body jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (principal, idempotency_key)
    )`,
  ];
}

export function serviceBaseDropDdl(schema: string): string[] {
  return ['idempotency_keys', 'inbox', 'outbox'].map(
    (table) => `DROP TABLE ${qualified(schema, table)}`,
  );
}
