// A local Kafka cluster of 3 KRaft nodes (each a broker and a controller voter: a quorum of 3)
// on 127.0.0.1, from the same jars and scripts as the single broker (deploy/kafka): each node is a
// kafka-broker.ts broker with a node id, the shared voter list and cluster id, and replication
// factor 3 / min ISR 2 for the internal topics and new topics.
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import * as fs from 'node:fs';
import { createAllServiceAcls } from './kafka-acls';
import type { KafkaPrincipal } from './kafka-credentials';
import { generateKafkaUsers, KafkaBroker, KafkaBrokerOptions, kafkaBroker } from './kafka-broker';
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
  /** A principal's credentials (the same on every node: one users file). */
  credentialsOf(principal: string): KafkaPrincipal;
  kafkaEnvOf(principal: string): Record<string, string>;
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
  // One set of principals for every node (SCRAM credentials formatted into each node's metadata).
  fs.mkdirSync(options.runDir, { recursive: true, mode: 0o700 });
  const saslUsers =
    options.saslUsers ??
    (await generateKafkaUsers(path.join(options.runDir, 'sasl-users.properties')));
  const nodes = clientPorts.map((port, i) =>
    kafkaBroker({
      ...options,
      saslUsers,
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
  const first = nodes[0] as KafkaBroker;
  const brokers = nodes.flatMap((node) => node.brokers);
  try {
    await createAllServiceAcls(brokers, first.credentialsOf('admin'));
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
  return {
    brokers,
    nodes,
    replicationFactor,
    minInsyncReplicas,
    nodeOnPort: (port) => nodes.find((node) => node.port === port),
    credentialsOf: (principal) => first.credentialsOf(principal),
    kafkaEnvOf: (principal) => first.kafkaEnvOf(principal),
    stop,
  };
}
