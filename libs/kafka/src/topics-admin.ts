import { retentionMsOf } from '@riskpool/contracts';
import { Kafka } from 'kafkajs';

/**
 * The settings of a topic at creation: retention from @riskpool/contracts (business topics kept
 * for the programme's life); `min.insync.replicas` 2 with replication factor 3, so that an
 * acknowledged (`acks=all`) write is on two brokers.
 */
export function topicConfigEntries(
  topic: string,
  minInsyncReplicas = 1,
): { name: string; value: string }[] {
  return [
    { name: 'retention.ms', value: String(retentionMsOf(topic)) },
    { name: 'retention.bytes', value: '-1' },
    { name: 'min.insync.replicas', value: String(minInsyncReplicas) },
  ];
}

/** Creates the topics that do not exist yet and waits for their leaders. */
export async function ensureTopics(
  kafka: Kafka,
  topics: readonly string[],
  partitions = 3,
  replicationFactor = 1,
): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((topic) => !existing.has(topic));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({
          topic,
          numPartitions: partitions,
          replicationFactor,
          configEntries: topicConfigEntries(topic, Math.min(2, replicationFactor)),
        })),
      });
    }
    return missing;
  } finally {
    await admin.disconnect();
  }
}
