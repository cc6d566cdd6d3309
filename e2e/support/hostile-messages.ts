// Malformed Kafka messages for a topic: broken CloudEvents headers, bodies that are not JSON,
// payloads their topic's schema refuses, oversized ones. Every one must be dead-lettered by every
// consumer of the topic. Payloads are checked against the contract first, so none is valid.
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { z } from 'zod';
import {
  EventSchemas,
  HEADER,
  Topics,
  TopicName,
  uuidv7,
  validateEventData,
} from '@riskpool/contracts';
import { deepNesting, INJECTION_STRINGS, BAD_FEN, toJsonText } from './hostile-requests';

export interface MalformedMessage {
  readonly variant: string;
  readonly key: string | null;
  readonly value: Buffer | string | null;
  readonly headers: Record<string, string>;
}

export function goodHeaders(topic: string): Record<string, string> {
  return {
    [HEADER.specversion]: '1.0',
    [HEADER.id]: uuidv7(),
    [HEADER.type]: topic,
    [HEADER.source]: 'hostile-input-test',
    [HEADER.time]: new Date().toISOString(),
    [HEADER.subject]: 'hostile',
    [HEADER.contentType]: 'application/json',
    [HEADER.correlationId]: uuidv7(),
  };
}

const REQUIRED_HEADERS = [
  HEADER.specversion,
  HEADER.id,
  HEADER.type,
  HEADER.source,
  HEADER.time,
  HEADER.subject,
  HEADER.correlationId,
];

function refused(topic: TopicName, payload: unknown): boolean {
  return !validateEventData(topic, payload).ok;
}

/** The payload's field names, from its zod object schema, for wrong-typed look-alikes. */
function shapeKeys(topic: TopicName): string[] {
  const schema = EventSchemas[topic] as unknown as z.ZodType & { shape?: Record<string, unknown> };
  return schema.shape !== undefined ? Object.keys(schema.shape) : [];
}

const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(...INJECTION_STRINGS, ...BAD_FEN),
  fc.string({ maxLength: 30 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);

/** The fixed catalogue: every header fault, every body fault, once per topic. */
export function fixedMalformed(topic: TopicName): MalformedMessage[] {
  const keys = shapeKeys(topic);
  const wrongTyped = Object.fromEntries(keys.map((k, i) => [k, i % 2 === 0 ? 12345 : { k }]));
  const otherTopic = Object.values(Topics).find((t) => t !== topic) as string;
  const messages: MalformedMessage[] = [
    { variant: 'no-headers', key: 'hostile', value: '{}', headers: {} },
    ...REQUIRED_HEADERS.map((name) => {
      const headers = goodHeaders(topic);
      delete headers[name];
      return { variant: `missing-${name}`, key: 'hostile', value: '{}', headers };
    }),
    {
      variant: 'specversion-0.3',
      key: 'hostile',
      value: '{}',
      headers: { ...goodHeaders(topic), [HEADER.specversion]: '0.3' },
    },
    {
      variant: 'id-not-uuid',
      key: 'hostile',
      value: '{}',
      headers: { ...goodHeaders(topic), [HEADER.id]: "' OR 1=1 --" },
    },
    {
      variant: 'time-not-timestamp',
      key: 'hostile',
      value: '{}',
      headers: { ...goodHeaders(topic), [HEADER.time]: 'yesterday' },
    },
    {
      variant: 'type-of-another-topic',
      key: 'hostile',
      value: '{}',
      headers: { ...goodHeaders(topic), [HEADER.type]: otherTopic },
    },
    {
      variant: 'unknown-type',
      key: 'hostile',
      value: '{}',
      headers: { ...goodHeaders(topic), [HEADER.type]: 'pool.no-such-event.v9' },
    },
    { variant: 'null-body', key: 'hostile', value: null, headers: goodHeaders(topic) },
    { variant: 'empty-body', key: null, value: '', headers: goodHeaders(topic) },
    { variant: 'not-json', key: 'hostile', value: '{"bankId":', headers: goodHeaders(topic) },
    { variant: 'binary', key: 'hostile', value: randomBytes(256), headers: goodHeaders(topic) },
    { variant: 'json-array', key: 'hostile', value: '[1,2,3]', headers: goodHeaders(topic) },
    { variant: 'json-null', key: 'hostile', value: 'null', headers: goodHeaders(topic) },
    {
      variant: 'wrong-types',
      key: 'hostile',
      value: JSON.stringify(wrongTyped),
      headers: goodHeaders(topic),
    },
    {
      variant: 'prototype-keys',
      key: 'hostile',
      value: '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}',
      headers: goodHeaders(topic),
    },
    {
      variant: 'deep-nesting',
      key: 'hostile',
      value: toJsonText(deepNesting(5000)),
      headers: goodHeaders(topic),
    },
    {
      variant: 'oversized',
      key: 'hostile',
      value: JSON.stringify({
        ...Object.fromEntries(keys.map((k) => [k, 'z'.repeat(1000)])),
        padding: 'p'.repeat(512 * 1024),
      }),
      headers: goodHeaders(topic),
    },
  ];
  for (const m of messages) {
    if (m.variant.startsWith('missing-') || m.variant === 'no-headers') continue;
    if (typeof m.value === 'string' && m.value !== '' && parses(m.value))
      if (!refused(topic, JSON.parse(m.value)))
        throw new Error(`${m.variant} is valid on ${topic}`);
  }
  return messages;
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Random payloads the topic's schema refuses: field look-alikes with junk, any JSON, any text. */
export function randomMalformed(topic: TopicName): fc.Arbitrary<MalformedMessage> {
  const keys = shapeKeys(topic);
  const lookAlike =
    keys.length === 0
      ? fc.dictionary(fc.string({ maxLength: 8 }), junk)
      : fc
          .subarray(keys, { minLength: 0 })
          .chain((present) =>
            fc
              .tuple(...present.map((k) => fc.tuple(fc.constant(k), junk)))
              .map((entries) => Object.fromEntries(entries as Array<[string, unknown]>)),
          );
  return fc.oneof(
    lookAlike
      .filter((payload) => refused(topic, payload))
      .map((payload) => ({
        variant: 'random-schema-invalid',
        key: 'hostile',
        value: JSON.stringify(payload),
        headers: goodHeaders(topic),
      })),
    fc
      .jsonValue()
      .filter((payload) => refused(topic, payload))
      .map((payload) => ({
        variant: 'random-json',
        key: 'hostile',
        value: JSON.stringify(payload),
        headers: goodHeaders(topic),
      })),
    fc
      .string({ maxLength: 200 })
      .filter((s) => !parses(s))
      .map((text) => ({
        variant: 'random-text',
        key: null,
        value: text,
        headers: goodHeaders(topic),
      })),
    fc
      .record({
        name: fc.constantFrom(...REQUIRED_HEADERS),
        value: fc.constantFrom('', ' ', '2.0', 'not-a-uuid', 'x'.repeat(10_000), '\u0000'),
      })
      .map(({ name, value }) => ({
        variant: 'random-header',
        key: 'hostile',
        // The header check comes first; the body is refused anyway in case it passes.
        value: '{}',
        headers: { ...goodHeaders(topic), [name]: value },
      })),
  );
}
