// The fault tests, short (issue 8; `npm run chaos` is the full run): under load through the
// gateway, every service is SIGKILLed once and started again, the broker is restarted and
// PostgreSQL is restarted (a cluster this test owns; without the server binaries, every backend of
// the test database is terminated instead). Then every accepted request must have exactly its
// effects: no loan, claim, payout or ledger entry missing or doubled, fund balances equal to the
// recomputation with libs/domain, and `verify` passing on the export. The interest subsidy runs
// under the same faults (e2e/support/chaos-subsidy.ts): every accepted interest report in exactly
// one grant, each grant paid exactly once, the ledger reconciling with the subsidy service.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { REPO_ROOT, testInfra } from '@riskpool/testing';
import { ChaosReport, runChaos } from './support/chaos';
import { canOwnPostgres, OwnedPostgres, startOwnedPostgres } from './support/owned-postgres';
import { RunningSystem, SERVICE_NAMES, startSystem } from './support/system';

let system: RunningSystem | undefined;
let postgres: OwnedPostgres | undefined;
let workDir: string;

beforeAll(async () => {
  const infra = testInfra();
  workDir = fs.mkdtempSync(path.join(REPO_ROOT, 'tmp', 'chaos-e2e-'));
  postgres = (await canOwnPostgres()) ? await startOwnedPostgres() : undefined;
  system = await startSystem({
    infra: {
      brokers: infra.brokers,
      adminDatabaseUrl: postgres?.url ?? infra.adminDatabaseUrl,
      databaseName: 'riskpool_chaos',
      kafkaEnvOf: (principal) => infra.kafkaEnvOf(principal),
    },
  });
}, 600_000);

afterAll(async () => {
  await system?.stop();
  await postgres?.destroy();
  fs.rmSync(workDir, { recursive: true, force: true });
});

/** Without a cluster of our own: end every connection to the test database (not a real restart). */
async function terminateBackends(databaseUrl: string): Promise<void> {
  const admin = new Client({ connectionString: testInfra().adminDatabaseUrl });
  await admin.connect();
  try {
    await admin.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [new URL(databaseUrl).pathname.slice(1)],
    );
  } finally {
    await admin.end();
  }
}

it('keeps every accepted request to exactly its effects through kills and restarts', async () => {
  const running = system as RunningSystem;
  const report: ChaosReport = await runChaos(
    {
      system: running,
      restartBroker: () => testInfra().restartBroker(),
      restartPostgres: async () => {
        if (postgres !== undefined) await postgres.restart();
        else await terminateBackends(running.databaseUrl);
      },
      postgresRestartHow:
        postgres !== undefined
          ? 'pg_ctl stop -m immediate, then start (a cluster the test owns)'
          : 'pg_terminate_backend of every connection to the test database',
    },
    {
      banks: 4,
      towns: 2,
      defaults: 900,
      rate: 3,
      rounds: 1,
      gapSeconds: 2,
      downSeconds: 1,
      settleSeconds: 180,
    },
    (line) => process.stdout.write(`chaos: ${line}\n`),
  );
  process.stdout.write(`chaos counts: ${JSON.stringify(report.counts)}\n`);
  expect(report.problems).toEqual([]);
  // The faults really happened, under load.
  expect(report.counts.kills).toEqual(Object.fromEntries(SERVICE_NAMES.map((name) => [name, 1])));
  expect(report.counts.brokerRestarts).toBe(1);
  expect(report.counts.postgresRestarts).toBe(1);
  expect(report.counts.defaultsAccepted).toBeGreaterThan(0);
  expect(report.counts.checks).toBeGreaterThan(report.counts.defaultsAccepted);
  // The interest subsidy went the whole way under the faults: reports, a closed and approved
  // round, one payment per enterprise in the ledger.
  expect(report.counts.subsidy).toMatchObject({ roundClosed: true, approvalsAccepted: 3 });
  expect(report.counts.subsidy.reportsAccepted).toBeGreaterThan(0);
  expect(report.counts.subsidy.paymentsInLedger).toBeGreaterThan(0);
}, 900_000);
