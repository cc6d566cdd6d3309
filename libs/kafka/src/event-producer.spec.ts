import type { Kafka, PartitionerArgs } from 'kafkajs';
import {
  EventProducer,
  UnacknowledgedPartitionsError,
  unacknowledgedPartitions,
} from './event-producer';

const { KafkaJSConnectionError } = require('kafkajs/src/errors') as {
  KafkaJSConnectionError: new (message: string) => Error;
};
const createSendMessages = require('kafkajs/src/producer/sendMessages') as (
  options: Record<string, unknown>,
) => (request: {
  acks: number;
  topicMessages: Array<{ topic: string; messages: Array<{ key: string; value: string }> }>;
}) => Promise<Array<{ topicName: string; partition: number; errorCode: number }>>;

const ack = (topicName: string, partition: number, errorCode = 0) => ({
  topicName,
  partition,
  errorCode,
});

describe('unacknowledgedPartitions', () => {
  it.each([
    { acked: [ack('t', 0), ack('t', 1)], missing: [] },
    { acked: [ack('t', 0)], missing: ['t:1'] },
    { acked: [ack('t', 0), ack('t', 1, 6)], missing: ['t:1'] },
    { acked: [ack('u', 0), ack('u', 1)], missing: ['t:0', 't:1'] },
  ])('names $missing', ({ acked, missing }) => {
    const sent = [
      { topic: 't', partition: 1 },
      { topic: 't', partition: 0 },
      { topic: 't', partition: 1 },
    ];
    expect(unacknowledgedPartitions(sent, acked)).toEqual(missing);
  });
});

// kafkajs's own send path (sendMessages), with a cluster whose broker 1 dies during the send and
// whose partition 2 is then led by broker 2, which had already answered for partition 0.
describe("kafkajs 2.2.4's send when a partition's leader moves to a broker that answered", () => {
  it('reports success without sending that partition again (why EventProducer checks)', async () => {
    const leaders = new Map([
      [0, 2],
      [1, 3],
      [2, 1],
    ]);
    const written: Array<{ node: number; partition: number }> = [];
    const brokers = new Map<number, object>();
    const brokerOf = (nodeId: number) => {
      let broker = brokers.get(nodeId);
      if (broker === undefined) {
        let calls = 0;
        broker = {
          nodeId,
          produce: async ({
            topicData,
          }: {
            topicData: Array<{ topic: string; partitions: Array<{ partition: number }> }>;
          }) => {
            calls += 1;
            // Broker 1 is killed while its request is out, after the others have answered.
            if (nodeId === 1 && calls === 1) {
              await new Promise((resolve) => setTimeout(resolve, 20));
              throw new KafkaJSConnectionError('read ECONNRESET');
            }
            const partitions = topicData.flatMap((t) => t.partitions.map((p) => p.partition));
            for (const partition of partitions) written.push({ node: nodeId, partition });
            return {
              topics: topicData.map((t) => ({
                topicName: t.topic,
                partitions: t.partitions.map((p) => ({ partition: p.partition, errorCode: 0 })),
              })),
            };
          },
        };
        brokers.set(nodeId, broker);
      }
      return broker;
    };
    const cluster = {
      refreshMetadataIfNecessary: async () => undefined,
      addMultipleTargetTopics: async () => undefined,
      isConnected: () => true,
      removeBroker: () => undefined,
      // The new metadata: partition 2 is led by broker 2 now.
      refreshMetadata: async () => {
        leaders.set(2, 2);
      },
      findTopicPartitionMetadata: () =>
        [...leaders].map(([partitionId, leader]) => ({ partitionId, leader })),
      findLeaderForPartitions: (_topic: string, partitions: string[]) => {
        const byLeader: Record<number, number[]> = {};
        for (const p of partitions.map(Number)) (byLeader[leaders.get(p) as number] ??= []).push(p);
        return byLeader;
      },
      // kafkajs asks by the node id as a string (an object key); one broker object per node.
      findBroker: async ({ nodeId }: { nodeId: number | string }) => brokerOf(Number(nodeId)),
    };
    const eosManager = {
      acquireBrokerLock: async () => undefined,
      releaseBrokerLock: async () => undefined,
      isTransactional: () => false,
      getSequence: () => 0,
      updateSequence: () => undefined,
      getProducerId: () => 1,
      getProducerEpoch: () => 0,
    };
    const retrier = async (
      attempt: (
        bail: (e: Error) => void,
        retryCount: number,
        retryTime: number,
      ) => Promise<unknown>,
    ) => {
      for (let retryCount = 0; ; retryCount += 1) {
        try {
          return await attempt(
            (e) => {
              throw e;
            },
            retryCount,
            0,
          );
        } catch (error) {
          if (retryCount >= 2) throw error;
        }
      }
    };
    const send = createSendMessages({
      logger: { debug: () => undefined, error: () => undefined },
      cluster,
      partitioner: ({ message }: PartitionerArgs) => Number(message.key),
      eosManager,
      retrier,
    });

    const answers = await send({
      acks: -1,
      topicMessages: [
        { topic: 't', messages: ['0', '1', '2'].map((key) => ({ key, value: key })) },
      ],
    });

    expect(answers.map((a) => a.partition).sort()).toEqual([0, 1]);
    expect(written.some((w) => w.partition === 2)).toBe(false);
    expect(
      unacknowledgedPartitions(
        [0, 1, 2].map((partition) => ({ topic: 't', partition })),
        answers,
      ),
    ).toEqual(['t:2']);
  });
});

describe('EventProducer.send', () => {
  /** A kafkajs stand-in: partitions with the producer's partitioner, acknowledges what it is told. */
  function fakeKafka(dropPartition?: number) {
    let createPartitioner: (() => (args: PartitionerArgs) => number) | undefined;
    const partitionMetadata = [0, 1, 2].map((partitionId) => ({
      partitionId,
      leader: partitionId + 1,
      partitionErrorCode: 0,
      replicas: [1, 2, 3],
      isr: [1, 2, 3],
    }));
    const kafka = {
      producer: (options: { createPartitioner: () => (args: PartitionerArgs) => number }) => {
        createPartitioner = options.createPartitioner;
        return {
          connect: async () => undefined,
          sendBatch: async ({
            topicMessages,
          }: {
            topicMessages: Array<{
              topic: string;
              messages: Array<{ key: string; value: string }>;
            }>;
          }) => {
            const partitioner = (createPartitioner as () => (args: PartitionerArgs) => number)();
            const answered = new Set<string>();
            for (const { topic, messages } of topicMessages)
              for (const message of messages) {
                const partition = partitioner({ topic, partitionMetadata, message });
                if (partition !== dropPartition) answered.add(`${topic}|${partition}`);
              }
            return [...answered].map((a) => {
              const [topicName, partition] = a.split('|');
              return { topicName, partition: Number(partition), errorCode: 0 };
            });
          },
        };
      },
    };
    return kafka as unknown as Kafka;
  }
  const messages = ['a', 'b', 'c', 'd', 'e', 'f'].map((key) => ({
    topic: 'credit.test.v1',
    key,
    value: '{}',
    headers: {},
  }));

  it('resolves when every partition it wrote to is acknowledged', async () => {
    await expect(new EventProducer(fakeKafka()).send(messages)).resolves.toBeUndefined();
  });

  it('throws, naming it, when a partition it wrote to is not acknowledged', async () => {
    const producer = new EventProducer(fakeKafka(1));
    await expect(producer.send(messages)).rejects.toBeInstanceOf(UnacknowledgedPartitionsError);
    await expect(producer.send(messages)).rejects.toThrow('credit.test.v1:1');
  });
});
