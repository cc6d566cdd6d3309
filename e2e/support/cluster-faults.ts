// The infrastructure faults of the cluster fault test (issue 16), for runChaos (chaos.ts): the
// leader broker of a busy partition SIGKILLed (Kafka elects a leader among the in-sync replicas),
// and the PostgreSQL primary killed as a whole member, Patroni and PostgreSQL together (Patroni
// promotes the synchronous standby once the leader key expires; HAProxy follows `/primary`).
// Each measures its failover: from the kill until the partition has a new leader, or until a
// write commits through HAProxy again. The killed node is started again after the fault's window.
import { Kafka, logLevel } from '@riskpool/kafka/client';
import { Client } from 'pg';
import { Topics } from '@riskpool/contracts';
import { KafkaBroker, saslOf, type ClusterInfra } from '@riskpool/testing';
import type { ChaosTargets, FaultTiming } from './chaos';
import type { RunningSystem } from './system';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The partition the load writes most: every accepted default is one event on it. */
export const BUSY_TOPIC = Topics.defaultReported;
export const BUSY_PARTITION = 0;

async function partitionLeader(
  cluster: ClusterInfra,
  brokers: string[],
): Promise<number | undefined> {
  const kafka = new Kafka({
    clientId: 'riskpool-chaos-metadata',
    brokers,
    sasl: saslOf(cluster.kafka.credentialsOf('admin')),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 2_000,
    requestTimeout: 5_000,
    retry: { retries: 0 },
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const { topics } = await admin.fetchTopicMetadata({ topics: [BUSY_TOPIC] });
    const leader = topics[0]?.partitions.find((p) => p.partitionId === BUSY_PARTITION)?.leader;
    return leader === undefined || leader < 0 ? undefined : leader;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** Polls until `ok` holds; the milliseconds since `since`. */
async function measure(
  what: string,
  since: number,
  ok: () => Promise<boolean>,
  timeoutMs: number,
): Promise<number> {
  for (;;) {
    if (await ok().catch(() => false)) return Date.now() - since;
    if (Date.now() - since > timeoutMs)
      throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await sleep(100);
  }
}

/** A write that commits through HAProxy: the primary is there and a synchronous standby has it. */
async function primaryTakesWrites(url: string): Promise<boolean> {
  const client = new Client({
    connectionString: url,
    connectionTimeoutMillis: 2_000,
    query_timeout: 5_000,
  });
  try {
    await client.connect();
    const rows = await client.query<{ recovering: boolean }>(
      'SELECT pg_is_in_recovery() AS recovering, txid_current()',
    );
    return rows.rows[0]?.recovering === false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * runChaos's broker and PostgreSQL faults on the cluster topology. `downSeconds`: how long the
 * killed node stays down (the system runs on the others meanwhile).
 */
export function clusterChaosTargets(
  system: RunningSystem & { readonly cluster: ClusterInfra },
  options: { downSeconds: number; timeoutMs?: number; log: (line: string) => void },
): ChaosTargets {
  const { cluster } = system;
  const timeoutMs = options.timeoutMs ?? 180_000;
  return {
    system,
    brokerRestartHow: `SIGKILL of the leader broker of ${BUSY_TOPIC}/${BUSY_PARTITION}, started again after ${options.downSeconds} s`,
    postgresRestartHow: `SIGKILL of the PostgreSQL primary's Patroni and PostgreSQL, started again after ${options.downSeconds} s`,
    restartBroker: async (): Promise<FaultTiming> => {
      const leader = await partitionLeader(cluster, cluster.brokers);
      const node = cluster.kafka.nodes[(leader ?? 0) - 1] as KafkaBroker | undefined;
      if (leader === undefined || node === undefined)
        throw new Error(`no leader for ${BUSY_TOPIC}/${BUSY_PARTITION}`);
      const others = cluster.kafka.nodes.filter((n) => n !== node).flatMap((n) => n.brokers);
      const killedAt = Date.now();
      await node.kill();
      const failoverMs = await measure(
        `a new leader of ${BUSY_TOPIC}/${BUSY_PARTITION}`,
        killedAt,
        async () => {
          const now = await partitionLeader(cluster, others);
          return now !== undefined && now !== leader;
        },
        timeoutMs,
      );
      options.log(`broker ${leader} killed; a new partition leader after ${failoverMs} ms`);
      await sleep(options.downSeconds * 1000);
      await node.start();
      return {
        what: `Kafka node ${leader} (leader of ${BUSY_TOPIC}/${BUSY_PARTITION})`,
        failoverMs,
      };
    },
    restartPostgres: async (): Promise<FaultTiming> => {
      const primary = await cluster.patroni.leader();
      if (primary === undefined) throw new Error('Patroni reports no leader');
      const killedAt = Date.now();
      await cluster.patroni.killMember(primary);
      const failoverMs = await measure(
        'a promoted primary taking writes through HAProxy',
        killedAt,
        () => primaryTakesWrites(cluster.adminUrl),
        timeoutMs,
      );
      const roles = await cluster.patroni.roles();
      options.log(
        `PostgreSQL primary ${primary} killed; writes through HAProxy again after ${failoverMs} ms (${JSON.stringify(roles)})`,
      );
      await sleep(options.downSeconds * 1000);
      await cluster.patroni.startMember(primary);
      return {
        what: `PostgreSQL primary ${primary} (Patroni promoted another member)`,
        failoverMs,
      };
    },
  };
}
