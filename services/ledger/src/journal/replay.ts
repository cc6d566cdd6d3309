// Replay (README "Replay"): a fresh ledger rebuilt from the topics alone. The business topics are
// kept for the life of the programme (retention.ms=-1); the live ledger's consumption log says
// which messages (topic, partition, offset) it applied in each batch, in order. Fed the same
// messages in the same batches, a fresh writer appends the same entries in the same order: the
// same leaves, the same root at every size. The log holds positions only; every event comes from
// Kafka.
import {
  type Kafka,
  parseConsumedEvent,
  positionKey,
  readTopicsToEnd,
  type WireMessage,
} from '@riskpool/kafka';
import { LEDGER_TOPICS, ledgerInputOf } from './ledger-batch.consumer';
import type { KafkaOrigin, LedgerWriter } from './ledger-writer';
import type { JournalRepository, Queryable } from './journal.repository';
import type { LedgerInput } from './posting-rules';

/**
 * Every message of the ledger's topics, up to their high watermarks now, by position. A consumer
 * of a throw-away group, from the beginning (nothing is committed).
 */
export function readLedgerTopics(
  kafka: Kafka,
  topics: readonly string[] = LEDGER_TOPICS,
  timeoutMs = 120_000,
): Promise<Map<string, WireMessage>> {
  return readTopicsToEnd(kafka, topics, { groupPrefix: 'ledger-replay', timeoutMs });
}

export interface ReplayResult {
  readonly batches: number;
  readonly events: number;
  /** The rebuilt journal's size. */
  readonly size: bigint;
  /** The first batch after which the rebuilt journal's size differs from the live one's. */
  readonly divergedAt?: { batchSeq: bigint; live: bigint; rebuilt: bigint };
}

/**
 * Feeds `writer` (a fresh ledger) the live ledger's batches, read from its consumption log
 * (`log` on the live schema) with their messages from `messages` (readLedgerTopics). The rebuilt
 * ledger records its own consumption log as it goes.
 */
export async function replayConsumptionLog(options: {
  /** The repository of the live ledger's schema, and a connection to its database. */
  log: JournalRepository;
  live: Queryable;
  messages: ReadonlyMap<string, WireMessage>;
  writer: LedgerWriter;
}): Promise<ReplayResult> {
  let after = 0n;
  let batches = 0;
  let events = 0;
  let size = options.writer.ledgerState.size;
  for (;;) {
    const page = await options.log.consumedBatches(options.live, after, 500);
    if (page.length === 0) return { batches, events, size };
    for (const batch of page) {
      const inputs: LedgerInput[] = [];
      const origins: KafkaOrigin[] = [];
      for (const consumed of batch.events) {
        const message = options.messages.get(positionKey(consumed));
        if (message === undefined)
          throw new Error(
            `replay: no message at ${positionKey(consumed)} (batch ${batch.batchSeq})`,
          );
        const checked = parseConsumedEvent(consumed.topic, consumed.partition, message);
        if (!checked.ok)
          throw new Error(`replay: ${positionKey(consumed)} is malformed: ${checked.reason}`);
        const input = ledgerInputOf(checked.event);
        if (input.eventId !== consumed.eventId)
          throw new Error(
            `replay: ${positionKey(consumed)} holds event ${input.eventId}, the log says ${consumed.eventId}`,
          );
        inputs.push(input);
        origins.push({
          topic: consumed.topic,
          partition: consumed.partition,
          offset: consumed.offset,
        });
      }
      const summary = await options.writer.applyBatch(inputs, origins);
      batches += 1;
      events += inputs.length;
      size = summary.size;
      if (summary.size !== batch.journalSizeAfter)
        return {
          batches,
          events,
          size,
          divergedAt: {
            batchSeq: batch.batchSeq,
            live: batch.journalSizeAfter,
            rebuilt: summary.size,
          },
        };
      after = batch.batchSeq;
    }
  }
}
