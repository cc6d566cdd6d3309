import { Kafka, Partitioners, Producer, type PartitionerArgs, type RecordMetadata } from 'kafkajs';

export interface ProducerMessage {
  readonly topic: string;
  readonly key: string;
  readonly value: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** Thrown when Kafka acknowledged a send without some of its partitions: nothing may count as sent. */
export class UnacknowledgedPartitionsError extends Error {
  constructor(readonly partitions: readonly string[]) {
    super(
      `Kafka acknowledged the send without ${partitions.join(', ')}: not counted as sent, to be sent again`,
    );
    this.name = 'UnacknowledgedPartitionsError';
  }
}

/** The `topic:partition`s of `sent` that `acknowledged` does not name. */
export function unacknowledgedPartitions(
  sent: ReadonlyArray<{ readonly topic: string; readonly partition: number }>,
  acknowledged: ReadonlyArray<Pick<RecordMetadata, 'topicName' | 'partition' | 'errorCode'>>,
): string[] {
  const answered = new Set(
    acknowledged.filter((a) => a.errorCode === 0).map((a) => `${a.topicName}:${a.partition}`),
  );
  const missing = new Set<string>();
  for (const { topic, partition } of sent) {
    const name = `${topic}:${partition}`;
    if (!answered.has(name)) missing.add(name);
  }
  return [...missing].sort();
}

/**
 * An idempotent producer (`acks: -1`, one request in flight) so a retried send neither duplicates
 * nor reorders a partition's messages.
 *
 * kafkajs 2.2.4 keeps a multi-broker send's answers by broker. When one broker fails and a retry
 * finds its partitions led by a broker that already answered for others, it does not send them
 * again and reports success: the cluster fault test lost two events of an outbox batch that way
 * when a broker was killed (kafkajs issue 1303 and pull request 1798, neither released). So each
 * send checks that every partition it wrote to was acknowledged, and throws otherwise (the outbox
 * rows stay unpublished and go again; consumers drop the copies of what did arrive).
 */
export class EventProducer {
  private readonly producer: Producer;
  private connected = false;
  private readonly partitioner = Partitioners.DefaultPartitioner();
  /** Each topic's partitions as kafkajs last partitioned for it. */
  private readonly partitionsOf = new Map<string, PartitionerArgs['partitionMetadata']>();

  constructor(kafka: Kafka) {
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: () => (args) => {
        this.partitionsOf.set(args.topic, args.partitionMetadata);
        return this.partitioner(args);
      },
    });
  }

  async connect(): Promise<void> {
    if (this.connected) return;
    await this.producer.connect();
    this.connected = true;
  }

  /** Sends in the given order; messages with one key land in one partition, in order. */
  async send(messages: ReadonlyArray<ProducerMessage>): Promise<void> {
    if (messages.length === 0) return;
    const byTopic = new Map<
      string,
      Array<{ key: string; value: string; headers: Record<string, string> }>
    >();
    for (const message of messages) {
      const list = byTopic.get(message.topic) ?? [];
      list.push({ key: message.key, value: message.value, headers: { ...message.headers } });
      byTopic.set(message.topic, list);
    }
    const acknowledged = await this.producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic.entries()].map(([topic, topicMessages]) => ({
        topic,
        messages: topicMessages,
      })),
    });
    // The partition of a keyed message is a function of its key and the topic's partitions.
    const sent = messages.map(({ topic, key, value }) => ({
      topic,
      partition: this.partitioner({
        topic,
        partitionMetadata: this.partitionsOf.get(topic) ?? [],
        message: { key, value },
      }),
    }));
    const missing = unacknowledgedPartitions(sent, acknowledged);
    if (missing.length > 0) throw new UnacknowledgedPartitionsError(missing);
  }

  async disconnect(): Promise<void> {
    if (!this.connected) return;
    this.connected = false;
    await this.producer.disconnect();
  }
}
