import { createHash } from 'node:crypto';
import type { LedgerInput } from './posting-rules';

/** Stable JSON (sorted keys): the content an event id is compared by. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record)
      .filter((k) => record[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson(record[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** What an event id stands for: a redelivery has the same hash, a conflict another. */
export function payloadHash(input: LedgerInput): string {
  return createHash('sha256')
    .update(`${input.eventType}\n${stableJson(input.data)}`)
    .digest('hex');
}
