import { runConsumerUntil } from '@riskpool/kafka/client';
import { Kafka } from 'kafkajs';
import { WireMessage } from './event-consumer';

/** A message's position: `topic/partition/offset`. */
export const positionKey = (p: { topic: string; partition: number; offset: string }): string =>
  `${p.topic}/${p.partition}/${p.offset}`;

/**
 * Every message of `topics`, up to their high watermarks now, by position (positionKey). A
 * consumer of a throw-away group, from the beginning (nothing is committed).
 */
export async function readTopicsToEnd(
  kafka: Kafka,
  topics: readonly string[],
  options: { groupPrefix: string; timeoutMs?: number },
): Promise<Map<string, WireMessage>> {
  const timeoutMs = options.timeoutMs ?? 120_000;
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
  const messages = new Map<string, WireMessage>();
  if (pending.size === 0) return messages;
  const consumer = kafka.consumer({
    groupId: `${options.groupPrefix}-${process.pid}-${Date.now()}`,
    allowAutoTopicCreation: false,
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    await runConsumerUntil(
      consumer,
      (done) => ({
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
          if (pending.size === 0) done();
        },
      }),
      { timeoutMs, timeoutMessage: () => `topics not read within ${timeoutMs / 1000} s` },
    );
  } finally {
    await consumer.disconnect();
  }
  return messages;
}
