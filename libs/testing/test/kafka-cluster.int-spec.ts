// The local 3-node Kafka cluster (startKafkaCluster, the Kafka of `npm run start:cluster`):
// topics created with replication factor 3, min.insync.replicas 2 and business topics kept for
// the programme's life; an idempotent acks=all producer keeps writing when the leader of its
// partition is killed, and no acknowledged message is lost or doubled.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ALL_TOPICS, deadLetterTopicOf, Topics } from '@riskpool/contracts';
import {
  createTopics,
  REPO_ROOT,
  saslOf,
  startKafkaCluster,
  type KafkaCluster,
} from '@riskpool/testing';
import { ConfigResourceTypes, Kafka, logLevel, Partitioners } from '@riskpool/kafka/client';

const runDir = path.join(REPO_ROOT, 'tmp', 'kafka-cluster-int', `${process.pid}`);
let cluster: KafkaCluster;

/** A client as `principal` (every node authenticates with SASL/SCRAM and authorizes by ACL). */
function kafka(principal = 'admin'): Kafka {
  return new Kafka({
    clientId: 'kafka-cluster-int-spec',
    brokers: cluster.brokers,
    sasl: saslOf(cluster.credentialsOf(principal)),
    logLevel: logLevel.NOTHING,
    retry: { retries: 10, initialRetryTime: 200 },
  });
}

beforeAll(async () => {
  fs.rmSync(runDir, { recursive: true, force: true });
  cluster = await startKafkaCluster({ runDir });
  await createTopics({
    brokers: cluster.brokers,
    replicationFactor: cluster.replicationFactor,
    credentials: cluster.credentialsOf('admin'),
  });
}, 240_000);

afterAll(async () => {
  await cluster?.stop();
  fs.rmSync(runDir, { recursive: true, force: true });
}, 60_000);

describe('a local 3-node Kafka cluster', () => {
  it('has 3 brokers and every topic and DLQ on 3 replicas with min.insync.replicas 2', async () => {
    const admin = kafka().admin();
    await admin.connect();
    try {
      expect((await admin.describeCluster()).brokers).toHaveLength(3);
      const { topics } = await admin.fetchTopicMetadata({ topics: [...ALL_TOPICS] });
      for (const topic of topics)
        for (const partition of topic.partitions)
          expect({ topic: topic.name, replicas: partition.replicas.length }).toEqual({
            topic: topic.name,
            replicas: 3,
          });
      const business = Topics.loanRegistered;
      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [business, deadLetterTopicOf(business)].map((name) => ({
          type: ConfigResourceTypes.TOPIC,
          name,
          configNames: ['retention.ms', 'min.insync.replicas'],
        })),
      });
      const value = (topic: string, name: string) =>
        resources
          .find((r) => r.resourceName === topic)
          ?.configEntries.find((e) => e.configName === name)?.configValue;
      expect(value(business, 'retention.ms')).toBe('-1');
      expect(value(business, 'min.insync.replicas')).toBe('2');
      expect(Number(value(deadLetterTopicOf(business), 'retention.ms'))).toBeGreaterThan(0);
    } finally {
      await admin.disconnect();
    }
  });

  it('keeps every acknowledged message, once, when the leader of the partition dies', async () => {
    const topic = Topics.loanRepaid;
    const admin = kafka().admin();
    await admin.connect();
    const [metadata] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
    const leaderId = metadata?.partitions.find((p) => p.partitionId === 0)?.leader;
    const leaderPort = (await admin.describeCluster()).brokers.find(
      (b) => b.nodeId === leaderId,
    )?.port;
    await admin.disconnect();
    const leader = cluster.nodeOnPort(leaderPort ?? -1);
    expect(leader).toBeDefined();

    // The topic's own producer and a consumer, each as its service's principal.
    const producer = kafka('loan-registry').producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    // A send the client gives up on (its retries can run out while the cluster elects a new
    // leader) is not acknowledged, and is sent again as the outbox relay does: each attempt
    // carries its own value, so an unacknowledged attempt that landed all the same shows up as
    // itself and never as a double of an acknowledged one.
    const sent: string[] = [];
    const attempted = new Set<string>();
    const send = async (value: string) => {
      for (let attempt = 1; ; attempt += 1) {
        const attemptValue = `${value}#${attempt}`;
        attempted.add(attemptValue);
        try {
          await producer.send({
            topic,
            acks: -1,
            messages: [{ value: attemptValue, partition: 0 }],
          });
          sent.push(attemptValue);
          return;
        } catch (error) {
          if (attempt >= 5) throw error;
          await new Promise((resolve) => setTimeout(resolve, 1_000));
        }
      }
    };
    for (let i = 0; i < 20; i += 1) await send(`before-${i}`);
    await leader?.kill();
    for (let i = 0; i < 20; i += 1) await send(`after-${i}`);
    await producer.disconnect();

    const consumer = kafka('pool-allocation').consumer({
      groupId: `pool-allocation-cluster-int-${process.pid}`,
    });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${received.length} received`)), 60_000);
      void consumer.run({
        eachMessage: async ({ partition, message }) => {
          if (partition !== 0) return;
          received.push(String(message.value));
          if (sent.every((value) => received.includes(value))) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
    await consumer.disconnect();
    // Every acknowledged message, in the order acknowledged, once; nothing that was never sent.
    expect(received.filter((value) => sent.includes(value))).toEqual(sent);
    expect(received.filter((value) => !attempted.has(value))).toEqual([]);
    expect(new Set(received).size).toBe(received.length);
    await leader?.start();
  }, 180_000);
});
