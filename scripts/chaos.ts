// `npm run chaos`: the fault tests in full (issue 8). Starts its own PostgreSQL cluster (so it
// may really restart it; the machine's shared server is never touched), its own Kafka broker and
// the six services, puts them under load through the gateway, and in each round SIGKILLs every
// service in turn (then starts it again), kills and restarts the broker and restarts PostgreSQL.
// The interest subsidy runs under the same faults: interest reports, a round opened, closed,
// approved and paid (e2e/support/chaos-subsidy.ts).
// Then it checks that every accepted request has exactly its effects (e2e/support/chaos.ts) and
// writes bench/results/chaos.json. Exit 0 only with zero problems.
//
// Knobs: CHAOS_ROUNDS (3), CHAOS_DEFAULTS (4000), CHAOS_RATE (defaults/s offered, 5),
// CHAOS_BANKS (8), CHAOS_TOWNS (4), CHAOS_GAP_SECONDS (5), CHAOS_DOWN_SECONDS (2),
// CHAOS_SETTLE_SECONDS (600).
import * as fs from 'node:fs';
import { loadavg } from 'node:os';
import * as path from 'node:path';
import { createTopics, REPO_ROOT, startKafkaBroker } from '@riskpool/testing';
import { ChaosPlan, runChaos } from '../e2e/support/chaos';
import { canOwnPostgres, startOwnedPostgres } from '../e2e/support/owned-postgres';
import { startSystem } from '../e2e/support/system';

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
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
  if (!(await canOwnPostgres()))
    throw new Error('npm run chaos needs initdb and pg_ctl (PostgreSQL server binaries) on PATH');
  const workDir = path.join(REPO_ROOT, 'tmp', `chaos-${process.pid}`);
  fs.mkdirSync(workDir, { recursive: true });
  say(
    `plan ${JSON.stringify(plan)}; load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
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
  try {
    const report = await runChaos(
      {
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
      plan,
      say,
    );
    const out = { ...report, at: new Date().toISOString(), loadAverage: loadavg() };
    fs.mkdirSync(path.join(REPO_ROOT, 'bench', 'results'), { recursive: true });
    fs.writeFileSync(
      path.join(REPO_ROOT, 'bench', 'results', 'chaos.json'),
      `${JSON.stringify(out, null, 2)}\n`,
    );
    say(`counts ${JSON.stringify(report.counts)}`);
    if (report.problems.length > 0) {
      say(`${report.problems.length} PROBLEMS:\n  ${report.problems.join('\n  ')}`);
      return 1;
    }
    say(
      'chaos: every accepted request has exactly its effects (the interest subsidy round too); verify passes',
    );
    return 0;
  } finally {
    await system.stop();
    await broker.stop().catch(() => broker.kill());
    await postgres.destroy();
    fs.rmSync(workDir, { recursive: true, force: true });
  }
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
