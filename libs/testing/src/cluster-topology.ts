// The infrastructure of `npm run start:cluster`: 3 Kafka nodes (KRaft, a voter quorum of 3,
// replication factor 3, min.insync.replicas 2), a Patroni cluster of 3 PostgreSQL members with
// one etcd, and one HAProxy: PostgreSQL routed to the current primary (Patroni's `/primary`),
// each service's two instances behind the port `npm start` gives that service. Everything on
// 127.0.0.1, data under tmp/cluster.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createTopics } from './create-topics';
import { Haproxy, startHaproxy } from './haproxy';
import { KafkaCluster, startKafkaCluster } from './kafka-cluster';
import { PatroniCluster, startPatroniCluster } from './patroni-cluster';
import { REPO_ROOT } from './paths';
import { freePorts } from './process-util';

/** A service to run twice behind HAProxy: its name and the port `npm start` gives it. */
export interface ClusterServiceSpec {
  readonly name: string;
  readonly port: number;
  readonly env?: Record<string, string>;
}

export const CLUSTER_DIR = path.join(REPO_ROOT, 'tmp', 'cluster');
export const INSTANCES_PER_SERVICE = 2;

export interface ServiceInstance {
  readonly spec: ClusterServiceSpec;
  /** 1-based. */
  readonly index: number;
  readonly port: number;
}

export interface ClusterInfra {
  /** The `postgres` database through HAProxy, as the superuser. */
  readonly adminUrl: string;
  readonly brokers: string[];
  readonly kafka: KafkaCluster;
  readonly patroni: PatroniCluster;
  readonly haproxy: Haproxy;
  readonly postgresProxyPort: number;
  readonly instances: readonly ServiceInstance[];
  readonly runDir: string;
  stop(): Promise<void>;
}

/**
 * Starts Kafka and PostgreSQL together (each takes ~20 s), then HAProxy with a listener per
 * service on its usual port (spec.port) over INSTANCES_PER_SERVICE instance ports.
 */
export async function startClusterInfra(options: {
  /** The services HAProxy fronts on their usual ports (none: PostgreSQL only). */
  services: readonly ClusterServiceSpec[];
  log: (message: string) => void;
  /** Default CLUSTER_DIR (emptied first); tests use one of their own. */
  runDir?: string;
}): Promise<ClusterInfra> {
  const runDir = options.runDir ?? CLUSTER_DIR;
  fs.rmSync(runDir, { recursive: true, force: true });
  fs.mkdirSync(runDir, { recursive: true });
  options.log('Kafka: starting 3 KRaft nodes; PostgreSQL: etcd and 3 Patroni members');
  const [kafka, patroni] = await Promise.all([
    startKafkaCluster({ runDir: path.join(runDir, 'kafka') }),
    startPatroniCluster({ runDir: path.join(runDir, 'postgres') }),
  ]);
  const topics = await createTopics({
    brokers: kafka.brokers,
    replicationFactor: kafka.replicationFactor,
    minInsyncReplicas: kafka.minInsyncReplicas,
    credentials: kafka.credentialsOf('admin'),
  });
  options.log(
    `Kafka: ${kafka.brokers.join(',')}, ${topics.created.length + topics.existing.length} topics ` +
      `(replication factor ${kafka.replicationFactor}, min.insync.replicas ${kafka.minInsyncReplicas})`,
  );
  options.log(`PostgreSQL: Patroni roles ${JSON.stringify(await patroni.roles())}`);

  const ports = await freePorts(1 + options.services.length * INSTANCES_PER_SERVICE);
  const postgresProxyPort = ports[0] as number;
  const instances: ServiceInstance[] = options.services.flatMap((spec, s) =>
    Array.from({ length: INSTANCES_PER_SERVICE }, (_, i) => ({
      spec,
      index: i + 1,
      port: ports[1 + s * INSTANCES_PER_SERVICE + i] as number,
    })),
  );
  const haproxy = await startHaproxy({
    runDir: path.join(runDir, 'haproxy'),
    listeners: [
      patroni.primaryListener('postgres', postgresProxyPort),
      ...options.services.map((spec) => ({
        name: spec.name,
        port: spec.port,
        kind: 'http' as const,
        servers: instances
          .filter((instance) => instance.spec === spec)
          .map((instance) => ({ name: `${spec.name}-${instance.index}`, port: instance.port })),
      })),
    ],
  });
  const { user, password } = patroni.superuser;
  return {
    adminUrl: `postgres://${user}:${password}@127.0.0.1:${postgresProxyPort}/postgres`,
    brokers: kafka.brokers,
    kafka,
    patroni,
    haproxy,
    postgresProxyPort,
    instances,
    runDir,
    stop: async () => {
      await haproxy.stop();
      await Promise.all([kafka.stop(), patroni.stop()]);
      // A test's cluster goes with it (RISKPOOL_KEEP_CLUSTER=1 keeps its logs and data).
      if (runDir !== CLUSTER_DIR && process.env['RISKPOOL_KEEP_CLUSTER'] !== '1')
        fs.rmSync(runDir, { recursive: true, force: true });
    },
  };
}
