// `npm run chaos`: the fault tests in full (issue 8). Starts its own PostgreSQL cluster (so it
// may really restart it; the machine's shared server is never touched), its own Kafka broker and
// the six services, puts them under load through the gateway, and in each round SIGKILLs every
// service in turn (then starts it again), kills and restarts the broker and restarts PostgreSQL.
// The interest subsidy runs under the same faults: interest reports, a round opened, closed,
// approved and paid (e2e/support/chaos-subsidy.ts).
// Then it checks that every accepted request has exactly its effects (e2e/support/chaos.ts) and
// writes bench/results/chaos.json. Exit 0 only with zero problems.
// `npm run chaos -- --cluster` (issue 16): the same load and checks on the cluster topology
// (libs/testing/src/cluster-topology.ts: 3 Kafka nodes, 3 Patroni members, HAProxy, every service twice);
// each round kills one instance of every service (the ledger's writer), keeps a gateway instance
// down for a while, kills the leader broker of a busy partition and the PostgreSQL primary, and
// measures each failover (e2e/support/cluster-faults.ts); writes bench/results/chaos-cluster.json.
//
// Knobs: CHAOS_ROUNDS (3), CHAOS_DEFAULTS (4000), CHAOS_RATE (defaults/s offered, 5),
// CHAOS_BANKS (8), CHAOS_TOWNS (4), CHAOS_GAP_SECONDS (5), CHAOS_DOWN_SECONDS (2),
// CHAOS_SETTLE_SECONDS (600).
import * as fs from 'node:fs';
import { loadavg } from 'node:os';
import * as path from 'node:path';
import { createTopics, REPO_ROOT, startKafkaBroker } from '@riskpool/testing';
import { ChaosPlan, ChaosReport, ChaosTargets, runChaos } from '../e2e/support/chaos';
import { clusterChaosTargets } from '../e2e/support/cluster-faults';
import { canOwnPostgres, startOwnedPostgres } from '../e2e/support/owned-postgres';
import { RunningSystem, startSystem, startTestCluster } from '../e2e/support/system';

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const CLUSTER = process.argv.slice(2).includes('--cluster');
const started = Date.now();
const say = (line: string) =>
  process.stdout.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)}s] ${line}\n`);

async function main(): Promise<number> {
  const plan: ChaosPlan = {
    banks: num('CHAOS_BANKS', 8),
    towns: num('CHAOS_TOWNS', 4),
    defaults: num('CHAOS_DEFAULTS', 4000),
    rate: num('CHAOS_RATE', 5),
    rounds: num('CHAOS_ROUNDS', 3),
    gapSeconds: num('CHAOS_GAP_SECONDS', 5),
    downSeconds: num('CHAOS_DOWN_SECONDS', 2),
    settleSeconds: num('CHAOS_SETTLE_SECONDS', 600),
  };
  say(
    `plan ${JSON.stringify(plan)}${CLUSTER ? ' on the cluster' : ''}; load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const run = CLUSTER ? await clusterRun(plan) : await singleNodeRun();
  try {
    const report = await runChaos(run.targets, plan, say);
    const out = { ...report, at: new Date().toISOString(), loadAverage: loadavg() };
    fs.mkdirSync(path.join(REPO_ROOT, 'bench', 'results'), { recursive: true });
    fs.writeFileSync(
      path.join(REPO_ROOT, 'bench', 'results', CLUSTER ? 'chaos-cluster.json' : 'chaos.json'),
      `${JSON.stringify(out, null, 2)}\n`,
    );
    say(`counts ${JSON.stringify(report.counts)}`);
    sayFaults(report);
    if (report.problems.length > 0) {
      say(`${report.problems.length} PROBLEMS:\n  ${report.problems.join('\n  ')}`);
      return 1;
    }
    say(
      'chaos: every accepted request has exactly its effects (the interest subsidy round too); verify passes',
    );
    return 0;
  } finally {
    await run.stop();
  }
}

function sayFaults(report: ChaosReport): void {
  for (const fault of report.faults)
    say(
      `  round ${fault.round} ${fault.fault}: failover ${fault.failoverMs ?? '-'} ms, ${fault.retried} requests retried`,
    );
}

/** `npm run chaos`: an owned PostgreSQL cluster, one broker, every service once. */
async function singleNodeRun(): Promise<{ targets: ChaosTargets; stop(): Promise<void> }> {
  if (!(await canOwnPostgres()))
    throw new Error('npm run chaos needs initdb and pg_ctl (PostgreSQL server binaries) on PATH');
  const workDir = path.join(REPO_ROOT, 'tmp', `chaos-${process.pid}`);
  fs.mkdirSync(workDir, { recursive: true });
  const postgres = await startOwnedPostgres();
  say(`PostgreSQL (owned) on port ${postgres.port}`);
  const broker = await startKafkaBroker({ runDir: path.join(workDir, 'kafka') });
  await createTopics({ brokers: broker.brokers, credentials: broker.credentialsOf('admin') });
  say(`Kafka on ${broker.brokers.join(',')}`);
  const system = await startSystem({
    infra: {
      brokers: broker.brokers,
      adminDatabaseUrl: postgres.url,
      databaseName: 'riskpool_chaos',
      kafkaEnvOf: (principal) => broker.kafkaEnvOf(principal),
    },
  });
  say('system ready');
  return {
    targets: {
      system,
      restartBroker: async () => {
        await broker.kill();
        await broker.start();
      },
      restartPostgres: async () => {
        const { downMs } = await postgres.restart();
        say(`PostgreSQL back after ${downMs} ms`);
      },
      postgresRestartHow: 'pg_ctl stop -m immediate, then start (a cluster the test owns)',
    },
    stop: async () => {
      await system.stop();
      await broker.stop().catch(() => broker.kill());
      await postgres.destroy();
      fs.rmSync(workDir, { recursive: true, force: true });
    },
  };
}

/** `npm run chaos -- --cluster`: the cluster topology, every service twice. */
async function clusterRun(
  plan: ChaosPlan,
): Promise<{ targets: ChaosTargets; stop(): Promise<void> }> {
  const cluster = await startTestCluster(say);
  let system: RunningSystem;
  try {
    system = await startSystem({ cluster });
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  say(`system ready: ${system.instances} instances of every service behind HAProxy`);
  return {
    targets: clusterChaosTargets(
      { ...system, cluster },
      { downSeconds: plan.downSeconds, log: say },
    ),
    stop: async () => {
      await system.stop();
      await cluster.stop();
    },
  };
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `chaos failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
