// Replay (README "Replay"): a fresh ledger rebuilt from the topics alone. The business topics are
// kept for the life of the programme (retention.ms=-1); the live ledger's consumption log says
// which messages (topic, partition, offset) it applied in each batch, in order. Fed the same
// messages in the same batches, a fresh writer appends the same entries in the same order: the
// same leaves, the same root at every size. The log holds positions only; every event comes from
// Kafka.
import { Kafka, KafkaMessage } from 'kafkajs';
import { LEDGER_TOPICS, ledgerInputOf } from './ledger-batch.consumer';
import type { KafkaOrigin, LedgerWriter } from './ledger-writer';
import type { JournalRepository, Queryable } from './journal.repository';
import type { LedgerInput } from './posting-rules';

type Message = Pick<KafkaMessage, 'headers' | 'value' | 'offset'>;

const positionKey = (o: KafkaOrigin) => `${o.topic}/${o.partition}/${o.offset}`;

/**
 * Every message of the ledger's topics, up to their high watermarks now, by position. A consumer
 * of a throw-away group, from the beginning (nothing is committed).
 */
export async function readLedgerTopics(
  kafka: Kafka,
  topics: readonly string[] = LEDGER_TOPICS,
  timeoutMs = 120_000,
): Promise<Map<string, Message>> {
  const admin = kafka.admin();
  await admin.connect();
  const pending = new Map<string, bigint>(); // topic/partition → last offset to read
  try {
    for (const topic of topics)
      for (const p of await admin.fetchTopicOffsets(topic)) {
        const high = BigInt(p.high);
        if (high > BigInt(p.low)) pending.set(`${topic}/${p.partition}`, high - 1n);
      }
  } finally {
    await admin.disconnect();
  }
  const messages = new Map<string, Message>();
  if (pending.size === 0) return messages;
  const consumer = kafka.consumer({
    groupId: `ledger-replay-${process.pid}-${Date.now()}`,
    allowAutoTopicCreation: false,
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`replay: topics not read within ${timeoutMs / 1000} s`)),
        timeoutMs,
      );
      consumer
        .run({
          autoCommit: false,
          eachBatch: async ({ batch }) => {
            const key = `${batch.topic}/${batch.partition}`;
            for (const message of batch.messages)
              messages.set(
                positionKey({
                  topic: batch.topic,
                  partition: batch.partition,
                  offset: message.offset,
                }),
                message,
              );
            const last = pending.get(key);
            const lastRead = batch.messages[batch.messages.length - 1]?.offset;
            if (last !== undefined && lastRead !== undefined && BigInt(lastRead) >= last)
              pending.delete(key);
            if (pending.size === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch((error: unknown) => {
          clearTimeout(timer);
          reject(error instanceof Error ? error : new Error(String(error)));
        });
    });
  } finally {
    await consumer.disconnect();
  }
  return messages;
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
  messages: ReadonlyMap<string, Message>;
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
        const checked = ledgerInputOf(consumed.topic, message);
        if (!('input' in checked))
          throw new Error(`replay: ${positionKey(consumed)} is malformed: ${checked.reason}`);
        if (checked.input.eventId !== consumed.eventId)
          throw new Error(
            `replay: ${positionKey(consumed)} holds event ${checked.input.eventId}, the log says ${consumed.eventId}`,
          );
        inputs.push(checked.input);
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
