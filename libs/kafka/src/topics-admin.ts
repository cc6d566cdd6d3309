import { Kafka } from 'kafkajs';

/** Creates the topics that do not exist yet and waits for their leaders. */
export async function ensureTopics(
  kafka: Kafka,
  topics: readonly string[],
  partitions = 3,
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
          replicationFactor: 1,
        })),
      });
    }
    return missing;
  } finally {
    await admin.disconnect();
  }
}
