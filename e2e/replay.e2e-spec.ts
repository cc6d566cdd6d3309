// Every service's projections rebuilt from the topics alone (issue 16 item 5): traffic through
// the gateway (banks, funds, a policy, loans in bulk, defaults, both funds' approvals, payouts,
// deposits, an interest subsidy round paid), then a second deployment of every service but the
// ledger reads every topic it consumes from the beginning on a fresh database, and each table the
// topics decide must equal the live one row for row (e2e/support/replay.ts). The ledger's own
// replay, root for root, is services/ledger/test/integration/replay.int-spec.ts.
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  createTopics,
  type KafkaBroker,
  REPO_ROOT,
  startKafkaBroker,
  testInfra,
} from '@riskpool/testing';
import { clusterMode, RunningSystem, startSystem } from './support/system';
import {
  ballastPerBank,
  DEFAULT_DATE,
  LoadClient,
  loanSpecs,
  registerInBulk,
  reportDefaults,
  setClock,
  setUpWorld,
  startApprover,
  startLedgerTail,
  waitLedgered,
} from './support/load';
import { runSubsidyTraffic, setUpSubsidy, waitSubsidyPaid } from './support/chaos-subsidy';
import { PROJECTIONS, replayProjections } from './support/replay';

const DEFAULTS = 40;
const log = (line: string) => process.stdout.write(`replay: ${line}\n`);

let system: RunningSystem | undefined;
let broker: KafkaBroker | undefined;

beforeAll(async () => {
  if (clusterMode()) {
    system = await startSystem();
    return;
  }
  // A broker of its own: the replay reads every topic from the beginning, and the shared test
  // broker holds every other suite's events (thousands, from other deployments) as well.
  const runDir = fs.mkdtempSync(path.join(REPO_ROOT, 'tmp', 'replay-kafka-'));
  broker = await startKafkaBroker({ runDir });
  await createTopics({ brokers: broker.brokers, credentials: broker.credentialsOf('admin') });
  const own = broker;
  system = await startSystem({
    infra: {
      brokers: own.brokers,
      adminDatabaseUrl: testInfra().adminDatabaseUrl,
      databaseName: 'riskpool_replay',
      kafkaEnvOf: (principal) => own.kafkaEnvOf(principal),
    },
  });
}, 600_000);

afterAll(async () => {
  await system?.stop();
  await broker?.stop();
  if (broker !== undefined) fs.rmSync(broker.runDir, { recursive: true, force: true });
});

it('rebuilds every service’s projections from the topics, equal to the live ones', async () => {
  const running = system as RunningSystem;
  const api = new LoadClient(running.gatewayUrl, 300_000);
  const world = await setUpWorld(api, running.adminKey, { banks: 2, towns: 2 }, log);
  await setClock(world, DEFAULT_DATE);
  const subsidy = await setUpSubsidy(world, log);
  await registerInBulk(world, loanSpecs(world, DEFAULTS, 1, 'RP'), 25, 2);
  const tail = startLedgerTail(world);
  const approver = startApprover(world, 8);
  const defaultable = [...world.accepted.loans.values()].filter((l) => l.kind === 'defaultable');
  try {
    const ballast = ballastPerBank(Math.ceil(DEFAULTS / world.banks.length)) * world.banks.length;
    await Promise.all([
      reportDefaults(world, defaultable, 20, 8),
      runSubsidyTraffic(world, subsidy, ballast, () => true, log),
    ]);
    const ids = [...world.accepted.defaults.keys()];
    expect(await waitLedgered(world, ids, 180_000)).toBe(ids.length);
    expect(await waitSubsidyPaid(world, subsidy, 180_000)).toBe(true);
    // Repayments on two ballast loans and recoveries on two compensated ones: their events reach
    // every service's loans, and pool-allocation's and settlement's recovery sharing.
    const ballastLoans = [...world.accepted.loans.values()].filter((l) => l.kind === 'ballast');
    for (const loan of ballastLoans.slice(0, 2))
      await api.expect(
        201,
        world.bankKeys.get(loan.bankId) as string,
        'POST',
        `/loans/${loan.loanId}/repayments`,
        {
          amountFen: '1000000',
        },
      );
    for (const loan of defaultable.slice(0, 2))
      await api.expect(
        201,
        world.bankKeys.get(loan.bankId) as string,
        'POST',
        `/loans/${loan.loanId}/recoveries`,
        {
          amountFen: '100000',
          costsFen: '0',
        },
      );
  } finally {
    await approver.stop();
    await tail.stop();
  }

  const report = await replayProjections(running, log);
  log(`compared in ${report.seconds} s: ${JSON.stringify(report.compared)}`);
  log(`events each replayed service applied: ${JSON.stringify(report.eventsApplied)}`);
  for (const [service, projections] of Object.entries(PROJECTIONS))
    for (const { table, except } of projections)
      for (const [column, why] of Object.entries(except ?? {}))
        log(`not compared: ${service} ${table}.${column}: ${why}`);
  expect(report.differences).toEqual([]);
  // Nothing compared empty: the traffic wrote every projection compared.
  const empty = Object.entries(report.compared).flatMap(([schema, tables]) =>
    tables.filter((t) => t.endsWith('(0 rows)')).map((t) => `${schema}.${t}`),
  );
  expect(empty).toEqual([]);
}, 1_200_000);
