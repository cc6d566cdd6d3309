// The cluster fault test, short (issue 16; `npm run chaos -- --cluster` is the full run): on the
// cluster topology (3 Kafka nodes, 3 Patroni members behind HAProxy, every service twice behind
// HAProxy), under load through the gateway: one instance of every service is SIGKILLed (the
// ledger's writer, so its standby takes over), a whole gateway instance stays down for a while,
// the leader broker of a busy partition is killed and the PostgreSQL primary is killed (Patroni
// promotes the synchronous standby). Then the checks of the single-node fault test
// (support/chaos.ts): every accepted request has exactly its effects, balances equal the
// recomputation, `verify` passes.
import type { ClusterInfra } from '@riskpool/testing';
import { ChaosReport, runChaos } from './support/chaos';
import { clusterChaosTargets } from './support/cluster-faults';
import { RunningSystem, SERVICE_NAMES, startSystem, startTestCluster } from './support/system';

const say = (line: string) => process.stdout.write(`chaos-cluster: ${line}\n`);
let cluster: ClusterInfra | undefined;
let system: RunningSystem | undefined;

beforeAll(async () => {
  cluster = await startTestCluster(say);
  system = await startSystem({ cluster });
}, 900_000);

afterAll(async () => {
  await system?.stop();
  await cluster?.stop();
});

it('keeps every accepted request to exactly its effects through node and instance failures', async () => {
  const running = system as RunningSystem;
  const plan = {
    banks: 3,
    towns: 2,
    defaults: 150,
    rate: 1,
    rounds: 1,
    gapSeconds: 2,
    downSeconds: 2,
    settleSeconds: 600,
  };
  const report: ChaosReport = await runChaos(
    clusterChaosTargets(
      { ...running, cluster: cluster as ClusterInfra },
      { downSeconds: plan.downSeconds, log: say },
    ),
    plan,
    say,
  );
  say(`counts ${JSON.stringify(report.counts)}`);
  for (const fault of report.faults)
    say(
      `${fault.fault} at ${fault.atSeconds} s: failover ${fault.failoverMs ?? '-'} ms, ${fault.retried} retried`,
    );
  expect(report.problems).toEqual([]);
  // The faults really happened, under load: one instance of each service, and a gateway
  // instance once more (the whole-instance outage).
  expect(report.counts.kills).toEqual(
    Object.fromEntries(SERVICE_NAMES.map((name) => [name, name === 'gateway' ? 2 : 1])),
  );
  expect(report.counts.brokerRestarts).toBe(1);
  expect(report.counts.postgresRestarts).toBe(1);
  expect(report.faults.find((f) => f.fault.startsWith('Kafka'))?.failoverMs).toBeGreaterThan(0);
  expect(report.faults.find((f) => f.fault.startsWith('PostgreSQL'))?.failoverMs).toBeGreaterThan(
    0,
  );
  expect(report.counts.defaultsAccepted).toBeGreaterThan(0);
  expect(report.counts.checks).toBeGreaterThan(report.counts.defaultsAccepted);
}, 1_800_000);
