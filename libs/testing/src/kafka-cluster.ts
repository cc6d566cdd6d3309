// A local Kafka cluster of 3 KRaft nodes (each a broker and a controller voter: a quorum of 3)
// on 127.0.0.1, from the same jars and scripts as the single broker (deploy/kafka): each node is a
// kafka-broker.ts broker with a node id, the shared voter list and cluster id, and replication
// factor 3 / min ISR 2 for the internal topics and new topics.
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { KafkaBroker, KafkaBrokerOptions, kafkaBroker } from './kafka-broker';
import { freePorts } from './process-util';

export interface KafkaClusterOptions extends Omit<
  KafkaBrokerOptions,
  'runDir' | 'port' | 'controllerPort' | 'clusterNode'
> {
  /** Node i keeps its files in `<runDir>/node-<i>`. */
  readonly runDir: string;
  /** Default 3. */
  readonly nodes?: number;
  /** Default 3 (at most `nodes`). */
  readonly replicationFactor?: number;
  /** Default 2 (at most the replication factor). */
  readonly minInsyncReplicas?: number;
}

export interface KafkaCluster {
  /** Every node's client address, for kafkajs `brokers`. */
  readonly brokers: string[];
  readonly nodes: readonly KafkaBroker[];
  readonly replicationFactor: number;
  readonly minInsyncReplicas: number;
  /** The node with this client port (a partition leader, from describe metadata). */
  nodeOnPort(port: number): KafkaBroker | undefined;
  stop(): Promise<void>;
}

/** A cluster id as `kafka-storage random-uuid` makes them: 22 base64url characters, not `-`-led. */
function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/**
 * Starts the nodes together (none is ready before a majority of voters runs and the offsets topic,
 * replicated 3 times, has its replicas) and resolves when every node answers.
 */
export async function startKafkaCluster(options: KafkaClusterOptions): Promise<KafkaCluster> {
  const count = options.nodes ?? 3;
  const replicationFactor = Math.min(options.replicationFactor ?? 3, count);
  const minInsyncReplicas = Math.min(options.minInsyncReplicas ?? 2, replicationFactor);
  const ports = await freePorts(count * 2);
  const clientPorts = ports.slice(0, count);
  const controllerPorts = ports.slice(count);
  const quorumVoters = controllerPorts.map((port, i) => `${i + 1}@127.0.0.1:${port}`).join(',');
  const clusterId = newClusterId();
  const nodes = clientPorts.map((port, i) =>
    kafkaBroker({
      ...options,
      runDir: path.join(options.runDir, `node-${i + 1}`),
      port,
      controllerPort: controllerPorts[i] as number,
      clusterNode: {
        nodeId: i + 1,
        quorumVoters,
        clusterId,
        replicationFactor,
        minInsyncReplicas,
      },
    }),
  );
  const stop = async () => {
    await Promise.all(nodes.map((node) => node.stop()));
  };
  const started = await Promise.allSettled(nodes.map((node) => node.start()));
  const failed = started.find((result) => result.status === 'rejected');
  if (failed !== undefined) {
    await stop().catch(() => undefined);
    throw (failed as PromiseRejectedResult).reason;
  }
  return {
    brokers: nodes.flatMap((node) => node.brokers),
    nodes,
    replicationFactor,
    minInsyncReplicas,
    nodeOnPort: (port) => nodes.find((node) => node.port === port),
    stop,
  };
}
