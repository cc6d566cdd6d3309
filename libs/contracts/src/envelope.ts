import { isUuid } from './uuid-v7';

/**
 * A CloudEvents 1.0 event in Kafka's binary content mode: the attributes travel as `ce_*` headers,
 * the body is the JSON payload. `id` is a UUIDv7 and the idempotency key of every consumer.
 */
export interface EventEnvelope<TData = unknown> {
  readonly id: string;
  readonly type: string;
  readonly source: string;
  readonly time: string;
  readonly subject: string;
  readonly correlationId: string;
  readonly causationId?: string;
  readonly traceparent?: string;
  readonly data: TData;
}

export const HEADER = {
  specversion: 'ce_specversion',
  id: 'ce_id',
  type: 'ce_type',
  source: 'ce_source',
  time: 'ce_time',
  subject: 'ce_subject',
  contentType: 'content-type',
  correlationId: 'correlationid',
  causationId: 'causationid',
  traceparent: 'traceparent',
} as const;

export const CLOUDEVENTS_SPEC_VERSION = '1.0';

export type WireHeaders = Record<string, string>;

export interface WireMessage {
  readonly key: string;
  readonly value: string;
  readonly headers: WireHeaders;
}

/** JSON with bigint written as a decimal string, so money never passes through a float. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

export function envelopeToWire(envelope: EventEnvelope): WireMessage {
  const headers: WireHeaders = {
    [HEADER.specversion]: CLOUDEVENTS_SPEC_VERSION,
    [HEADER.id]: envelope.id,
    [HEADER.type]: envelope.type,
    [HEADER.source]: envelope.source,
    [HEADER.time]: envelope.time,
    [HEADER.subject]: envelope.subject,
    [HEADER.contentType]: 'application/json',
    [HEADER.correlationId]: envelope.correlationId,
  };
  if (envelope.causationId !== undefined) headers[HEADER.causationId] = envelope.causationId;
  if (envelope.traceparent !== undefined) headers[HEADER.traceparent] = envelope.traceparent;
  return { key: envelope.subject, value: toJson(envelope.data), headers };
}

export type EnvelopeResult =
  | { readonly ok: true; readonly envelope: EventEnvelope }
  | { readonly ok: false; readonly reason: string };

/** Reads the envelope back from headers and body; says exactly what is missing or malformed. */
export function wireToEnvelope(
  headers: Readonly<Record<string, string | undefined>>,
  value: string | null,
): EnvelopeResult {
  const required = [
    HEADER.specversion,
    HEADER.id,
    HEADER.type,
    HEADER.source,
    HEADER.time,
    HEADER.subject,
    HEADER.correlationId,
  ];
  const missing = required.filter((name) => !headers[name]);
  if (missing.length > 0) return { ok: false, reason: `missing header(s): ${missing.join(', ')}` };
  if (headers[HEADER.specversion] !== CLOUDEVENTS_SPEC_VERSION) {
    return {
      ok: false,
      reason: `unsupported ${HEADER.specversion} ${String(headers[HEADER.specversion])}`,
    };
  }
  const id = headers[HEADER.id] as string;
  if (!isUuid(id)) return { ok: false, reason: `${HEADER.id} is not a UUID` };
  const time = headers[HEADER.time] as string;
  if (Number.isNaN(Date.parse(time)))
    return { ok: false, reason: `${HEADER.time} is not a timestamp` };
  if (value === null) return { ok: false, reason: 'empty body' };
  let data: unknown;
  try {
    data = JSON.parse(value);
  } catch (error) {
    return { ok: false, reason: `body is not JSON: ${(error as Error).message}` };
  }
  const envelope: EventEnvelope = {
    id,
    type: headers[HEADER.type] as string,
    source: headers[HEADER.source] as string,
    time,
    subject: headers[HEADER.subject] as string,
    correlationId: headers[HEADER.correlationId] as string,
    ...(headers[HEADER.causationId] ? { causationId: headers[HEADER.causationId] } : {}),
    ...(headers[HEADER.traceparent] ? { traceparent: headers[HEADER.traceparent] } : {}),
    data,
  };
  return { ok: true, envelope };
}
