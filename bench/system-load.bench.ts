// The load generator: its own process, driving the public API of the whole running system through
// the gateway (every service a process, a real Kafka broker, PostgreSQL). Measures bulk
// registration (loans/s), default-to-ledger throughput (defaults/s fully processed: claim opened,
// approved by both managers, paid, and all 7 entries in the ledger) and its latency at 50 % and
// 90 % of that maximum, ledger entries and postings/s, `verify` on the system's export, the CPU
// each process used in each phase (the profile) and each service's RSS at the end.
//
// Run: npm run bench -- system-load        (writes bench/results/system-load.json)
//      npm run bench -- system-load --quick  (smaller sizes; the whole run within 6 minutes)
//      npm run bench -- system-load --large  (first registers LOAD_PORTFOLIO loans, 1,000,000 by
//                                              default, then measures cpuMsPerDefaultLargePortfolio)
//      npm run bench -- system-load --soak   (then LOAD_SOAK_MINUTES, 30 by default, at half the
//                                              measured rate: latency, RSS and the outbox, inbox
//                                              and idempotency tables minute by minute; the
//                                              services prune those tables after 6 minutes)
//      npm run bench -- system-load --pg-stat  (PostgreSQL of its own, initdb'd with
//                                              pg_stat_statements: each saturation phase writes
//                                              the statements a default costs, `statements`)
// bench.sh builds the services first and this runs them from the production build (dist/), as
// npm start does. The headline figures (issue's names, numbers without units) are at the top level
// of the JSON: defaultsPerSecond, latencyMsAtHalfRate, cpuMsPerDefault, bulkLoansPerSecond,
// ledgerPostingsPerSecond, portfolioLoans, cpuMsPerDefaultLargePortfolio, idleCpuPercent, rssMb,
// loadAvg, gitSha, and for the bulk forms bulkDefaultsPerSecond and cpuMsPerDefaultBulk; the
// phases' details follow.
// Starts the system itself (a broker of its own, PostgreSQL from DATABASE_URL or 127.0.0.1:5432,
// a fresh database, services through ts-node) unless RISKPOOL_GATEWAY_URL and RISKPOOL_ADMIN_KEY
// name a running one (then no RSS or CPU figures). Size knobs (defaults = the quick run, ~3 min):
//   LOAD_BANKS (20) LOAD_TOWNS (10)          banks and towns (each town a fund and a manager)
//   LOAD_BULK_EXTRA (20000)                  loans registered only for the bulk rate
//   LOAD_BULK_ROWS (5000) LOAD_BULK_CONCURRENCY (2)
//   LOAD_SAT_DEFAULTS (1500) LOAD_SAT_RATE (1000) offered rate of the saturation phase
//   LOAD_SAT_SECONDS (60)                    reporting stops after this (then the backlog drains)
//   LOAD_BULK_DEFAULTS (1500) LOAD_BULK_DEFAULT_ROWS (500)  defaults reported by file
//                                            (POST /defaults/bulk) and approved 500 a request
//                                            (POST /claims/decisions)
//   LOAD_LATENCY_DEFAULTS (300)              defaults registered for each latency phase (50 %, 90 %)
//   LOAD_LATENCY_MAX_SECONDS (30)            ...of which a phase reports at most rate × this
//   LOAD_CONCURRENCY (64)                    requests in flight per driver
// Full run (docs/benchmarks.md): LOAD_BULK_EXTRA=100000 LOAD_SAT_DEFAULTS=6000 LOAD_LATENCY_DEFAULTS=1500
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import {
  createTopics,
  ensurePostgres,
  KafkaBroker,
  REPO_ROOT,
  startKafkaBroker,
  schemaOfService,
} from '@riskpool/testing';
import {
  DEFAULT_DATE,
  LoadClient,
  loanSpecs,
  LoanRecord,
  percentile,
  registerInBulk,
  reportDefaults,
  reportDefaultsInBulk,
  setClock,
  setUpWorld,
  startApprover,
  startLedgerTail,
  waitLedgered,
  World,
} from '../e2e/support/load';
import { startOwnedPostgres } from '../e2e/support/owned-postgres';
import { RunningSystem, SERVICE_NAMES, startSystem } from '../e2e/support/system';
import { runVerifyCli } from '../e2e/support/verify-cli';

const QUICK = process.argv.includes('--quick');
const LARGE = process.argv.includes('--large');
// --pg-stat: PostgreSQL of the bench's own (initdb) with pg_stat_statements, so each saturation
// phase also writes the statements a default costs (calls and execution time per default).
const PG_STAT = process.argv.includes('--pg-stat');
const SOAK = process.argv.includes('--soak');
const num = (name: string, fallback: number, quick = fallback) =>
  Number(process.env[name] ?? (QUICK ? quick : fallback));
const SIZE = {
  banks: num('LOAD_BANKS', 20),
  towns: num('LOAD_TOWNS', 10),
  bulkExtra: num('LOAD_BULK_EXTRA', 20_000, 5_000),
  bulkRows: num('LOAD_BULK_ROWS', 5_000),
  bulkConcurrency: num('LOAD_BULK_CONCURRENCY', 2),
  satDefaults: num('LOAD_SAT_DEFAULTS', 1_500, 600),
  satRate: num('LOAD_SAT_RATE', 1_000),
  satSeconds: num('LOAD_SAT_SECONDS', 60, 30),
  bulkDefaults: num('LOAD_BULK_DEFAULTS', 1_500, 600),
  bulkDefaultRows: num('LOAD_BULK_DEFAULT_ROWS', 500),
  latencyDefaults: num('LOAD_LATENCY_DEFAULTS', 300, 150),
  latencyMaxSeconds: num('LOAD_LATENCY_MAX_SECONDS', 30, 20),
  concurrency: num('LOAD_CONCURRENCY', 64),
  idleSeconds: num('LOAD_IDLE_SECONDS', 60),
  portfolio: LARGE ? num('LOAD_PORTFOLIO', 1_000_000) : 0,
  soakMinutes: SOAK ? num('LOAD_SOAK_MINUTES', 30) : 0,
  // Enough defaultable loans for the soak's half rate (the soak ends early if they run out).
  soakDefaults: SOAK ? num('LOAD_SOAK_DEFAULTS', 30_000) : 0,
};

/** In the soak, published, processed and answered rows older than 6 minutes are pruned each minute. */
const SOAK_RETENTION: Record<string, string> = {
  OUTBOX_RETENTION_HOURS: '0.1',
  INBOX_RETENTION_HOURS: '0.1',
  IDEMPOTENCY_RETENTION_HOURS: '0.1',
  RETENTION_SWEEP_MINUTES: '1',
};

const started = Date.now();
let phase = 'start';
function say(line: string): void {
  const t = ((Date.now() - started) / 1000).toFixed(0).padStart(4);
  process.stdout.write(`[${t}s] ${line}\n`);
}
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/**
 * utime + stime of a process, in seconds; with `withExitedChildren`, also those of its children
 * that have exited and been waited for (a service's worker processes, PostgreSQL's backends).
 */
function cpuSeconds(pid: number | undefined, withExitedChildren = false): number {
  if (pid === undefined) return 0;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const own = Number(fields[11]) + Number(fields[12]);
    const children = withExitedChildren ? Number(fields[13]) + Number(fields[14]) : 0;
    return (own + children) / 100;
  } catch {
    return 0;
  }
}

/**
 * CPU seconds of PostgreSQL (the server's backends, all databases): the live postgres processes
 * and, through the postmaster's children times, the backends that have exited since it started,
 * so a connection closed during a phase does not take its CPU out of the count.
 */
function postgresCpuSeconds(): number {
  let total = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres')
        total += cpuSeconds(Number(entry), true);
    } catch {
      // gone
    }
  }
  return total;
}

/** The live child processes of `pid` (the ledger's statement PDF worker while it runs). */
function liveChildrenOf(pid: number | undefined): number[] {
  if (pid === undefined) return [];
  const children: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) children.push(Number(entry));
    } catch {
      // gone
    }
  }
  return children;
}

/**
 * A service's CPU seconds: its own, its exited children's and its live children's. Counting the
 * live ones keeps the figure continuous (a child's time moves from live to exited as it is
 * reaped), so a worker's CPU lands in the phase it was spent in, not in the one it exits in.
 */
function serviceCpuSeconds(pid: number | undefined): number {
  return liveChildrenOf(pid).reduce(
    (sum, child) => sum + cpuSeconds(child, true),
    cpuSeconds(pid, true),
  );
}

interface Sampler {
  snapshot(): Record<string, number>;
}

function sampler(system: RunningSystem | undefined, broker: KafkaBroker | undefined): Sampler {
  return {
    snapshot: () => {
      const out: Record<string, number> = {};
      // A service's own CPU and its children's (the ledger's statement PDF worker).
      for (const name of SERVICE_NAMES) out[name] = serviceCpuSeconds(system?.pid(name));
      out['kafka'] = cpuSeconds(broker?.pid());
      out['postgres (all backends)'] = postgresCpuSeconds();
      out['load generator'] = process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6;
      return out;
    },
  };
}

/**
 * Waits until the ledger has issued the statements of the months the clock closed: their count
 * unchanged over three looks two seconds apart and no PDF worker alive (the ledger issues them
 * after it consumes the clock's event, so the first looks may still see none).
 */
async function waitForStatements(
  world: World,
  system: RunningSystem | undefined,
): Promise<{ statements: number; seconds: number }> {
  const t0 = Date.now();
  let last = -1;
  let steady = 0;
  while (steady < 3 && Date.now() - t0 < 180_000) {
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    let count = 0;
    let cursor: string | null = null;
    do {
      const query: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
      const page: { items: unknown[]; nextCursor: string | null } = await world.api.expect(
        200,
        world.regulatorKey,
        'GET',
        `/statements?limit=500${query}`,
      );
      count += page.items.length;
      cursor = page.nextCursor;
    } while (cursor !== null);
    const working = liveChildrenOf(system?.pid('ledger')).length > 0;
    steady = count === last && count > 0 && !working ? steady + 1 : 0;
    last = count;
  }
  return { statements: last, seconds: (Date.now() - t0) / 1000 };
}

function cpuDelta(
  before: Record<string, number>,
  after: Record<string, number>,
  seconds: number,
): Record<string, { cpuSeconds: number; cores: number }> {
  const out: Record<string, { cpuSeconds: number; cores: number }> = {};
  for (const [k, v] of Object.entries(after)) {
    const d = v - (before[k] ?? 0);
    out[k] = { cpuSeconds: Number(d.toFixed(2)), cores: Number((d / seconds).toFixed(2)) };
  }
  return out;
}

let statements: StatementStats | undefined;

/** A PostgreSQL of the bench's own, loading pg_stat_statements, on the same durability settings. */
async function ownedPostgresWithStatements() {
  const owned = await startOwnedPostgres([
    'shared_preload_libraries=pg_stat_statements',
    'pg_stat_statements.track=all',
    'pg_stat_statements.max=5000',
  ]);
  return { url: owned.url, stop: () => owned.destroy() };
}

interface StatementFigure {
  readonly query: string;
  readonly callsPerDefault: number;
  readonly execMsPerDefault: number;
  readonly rowsPerCall: number;
}

interface StatementStats {
  reset(): Promise<void>;
  /** The statements since the last reset, most execution time first, per default processed. */
  perDefault(defaults: number): Promise<{
    callsPerDefault: number;
    execMsPerDefault: number;
    top: StatementFigure[];
  }>;
}

/** PostgreSQL's own account of every statement of every database (pg_stat_statements). */
function statementStats(adminUrl: string): StatementStats {
  const query = async <T>(sql: string): Promise<T[]> => {
    const client = new Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
      return (await client.query(sql)).rows as T[];
    } finally {
      await client.end();
    }
  };
  return {
    reset: async () => {
      await query('SELECT pg_stat_statements_reset()');
    },
    perDefault: async (defaults) => {
      const rows = await query<{ query: string; calls: string; ms: number; rows: string }>(
        `SELECT query, calls, total_exec_time AS ms, rows FROM pg_stat_statements
          WHERE query NOT LIKE '%pg_stat_statements%' ORDER BY total_exec_time DESC`,
      );
      const per = (n: number) => (defaults === 0 ? 0 : Number((n / defaults).toFixed(3)));
      return {
        callsPerDefault: per(rows.reduce((sum, r) => sum + Number(r.calls), 0)),
        execMsPerDefault: per(rows.reduce((sum, r) => sum + r.ms, 0)),
        top: rows.slice(0, 40).map((r) => ({
          query: r.query.replace(/\s+/g, ' ').slice(0, 300),
          callsPerDefault: per(Number(r.calls)),
          execMsPerDefault: per(r.ms),
          rowsPerCall: Number((Number(r.rows) / Math.max(1, Number(r.calls))).toFixed(1)),
        })),
      };
    },
  };
}

/** Each service's settings in the bench: quieter logs, no rate limit, and the soak's retention. */
function serviceEnv(): Record<string, Record<string, string>> {
  const env: Record<string, Record<string, string>> = {
    gateway: {
      RATE_LIMIT_PER_SECOND: '1000000',
      RATE_LIMIT_BURST: '1000000',
      RATE_LIMIT_PER_ADDRESS_PER_SECOND: '1000000',
      RATE_LIMIT_PER_ADDRESS_BURST: '1000000',
      LOG_LEVEL: 'warn',
    },
    ledger: {
      LEDGER_CHECKPOINT_EVERY: '1000',
      LEDGER_CHECKPOINT_SECONDS: '10',
      LOG_LEVEL: 'warn',
    },
    'loan-registry': { LOG_LEVEL: 'warn' },
    'default-events': { LOG_LEVEL: 'warn' },
    'pool-allocation': { LOG_LEVEL: 'warn' },
    settlement: { LOG_LEVEL: 'warn' },
  };
  for (const name of SERVICE_NAMES) env[name] = { ...env[name], ...(SOAK ? SOAK_RETENTION : {}) };
  return env;
}

async function main(): Promise<void> {
  const loadAtStart = loadavg()[0] ?? 0;
  say(`size ${JSON.stringify(SIZE)}; load ${load()}${QUICK ? '; quick run' : ''}`);
  if (loadAtStart >= 1.5)
    say(
      `WARNING: load average ${loadAtStart.toFixed(2)} at start (≥ 1.5): figures are not comparable`,
    );
  let system: RunningSystem | undefined;
  let broker: KafkaBroker | undefined;
  let gatewayUrl = process.env['RISKPOOL_GATEWAY_URL'];
  let adminKey = process.env['RISKPOOL_ADMIN_KEY'];
  const runDir = path.join(REPO_ROOT, 'tmp', `bench-system-load-${process.pid}`);
  let stopPostgres = async (): Promise<void> => undefined;
  const stopAll = async () => {
    await system?.stop();
    await broker?.stop().catch(() => broker?.kill());
    await stopPostgres();
    fs.rmSync(runDir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));
  try {
    if (gatewayUrl === undefined) {
      phase = 'infra';
      say(
        `starting a Kafka broker and the services (${process.env['RISKPOOL_E2E_FROM_DIST'] === '1' ? 'production build' : 'ts-node'})`,
      );
      const [b, pg] = await Promise.all([
        startKafkaBroker({ runDir, parentPid: process.pid }),
        PG_STAT ? ownedPostgresWithStatements() : ensurePostgres(),
      ]);
      broker = b;
      statements = PG_STAT ? statementStats(pg.url) : undefined;
      stopPostgres = () => pg.stop();
      await createTopics({ brokers: b.brokers, credentials: b.credentialsOf('admin') });
      system = await startSystem({
        infra: {
          brokers: b.brokers,
          adminDatabaseUrl: pg.url,
          databaseName: 'riskpool_load',
          kafkaEnvOf: (principal) => b.kafkaEnvOf(principal),
        },
        env: serviceEnv(),
      });
      gatewayUrl = system.gatewayUrl;
      adminKey = system.adminKey;
      say(`system ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    } else if (adminKey === undefined) {
      throw new Error('RISKPOOL_GATEWAY_URL needs RISKPOOL_ADMIN_KEY');
    }
    const details = await run(
      new LoadClient(gatewayUrl, 120_000),
      adminKey as string,
      system,
      broker,
    );
    const result = { ...headline(details, loadAtStart), ...details };
    fs.mkdirSync(path.join(REPO_ROOT, 'bench', 'results'), { recursive: true });
    const file = path.join(REPO_ROOT, 'bench', 'results', 'system-load.json');
    fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    say(`written ${path.relative(REPO_ROOT, file)}`);
  } finally {
    await stopAll();
  }
}

async function run(
  api: LoadClient,
  adminKey: string,
  system: RunningSystem | undefined,
  broker: KafkaBroker | undefined,
) {
  const cpu = sampler(system, broker);
  // Each service's RSS once started, before any load: the growth during the run is the difference.
  const rssKbAtStart: Record<string, number | null> = {};
  for (const name of SERVICE_NAMES) rssKbAtStart[name] = system?.rssKb(name) ?? null;
  phase = 'set-up';
  const world = await setUpWorld(api, adminKey, { banks: SIZE.banks, towns: SIZE.towns }, say);
  const tail = startLedgerTail(world);
  const approver = startApprover(world, SIZE.concurrency);
  let ticker: NodeJS.Timeout | undefined;
  const counters = { registered: 0 };
  ticker = setInterval(() => {
    const ledgered = [...world.accepted.defaults.values()].filter((d) => d.ledgerAt).length;
    say(
      `${phase}: loans ${world.accepted.loans.size}, defaults accepted ${world.accepted.defaults.size}, ` +
        `approvals ${world.accepted.approvals.size}, fully ledgered ${ledgered}, ledger entries ` +
        `${tail.entries()}, answers ${JSON.stringify(Object.fromEntries(api.statuses))}; load ${load()}`,
    );
  }, 5_000);
  try {
    // Bulk registration: ballast and defaultable loans for the saturation phase, plus extra.
    phase = 'bulk registration';
    const satSpecs = [
      ...loanSpecs(world, SIZE.satDefaults, 1, 'SAT'),
      ...loanSpecs(world, SIZE.latencyDefaults, 600_000, 'L50'),
      ...loanSpecs(world, SIZE.latencyDefaults, 800_000, 'L90'),
      ...loanSpecs(world, SIZE.bulkDefaults, 900_000, 'BLK'),
    ];
    const largeSpecs = SIZE.portfolio > 0 ? loanSpecs(world, SIZE.satDefaults, 1, 'BIG') : [];
    const soakSpecs =
      SIZE.soakDefaults > 0 ? loanSpecs(world, SIZE.soakDefaults, 5_000_000, 'SOAK') : [];
    const extraSpecs = Array.from({ length: SIZE.bulkExtra }, (_, i) => ({
      bankId: world.banks[i % world.banks.length] as string,
      townCode: world.towns[i % world.towns.length] as string,
      bankReference: `BULK-${i}`,
      usccNo: 2_000_000 + i,
      principalFen: 500_000n,
      kind: 'ballast' as const,
    }));
    const before = cpu.snapshot();
    const bulk = await registerInBulk(
      world,
      [...satSpecs, ...largeSpecs, ...soakSpecs, ...extraSpecs],
      SIZE.bulkRows,
      SIZE.bulkConcurrency,
      (done) => (counters.registered = done),
    );
    const bulkCpu = cpuDelta(before, cpu.snapshot(), bulk.seconds);
    say(
      `bulk: ${bulk.loans} loans in ${bulk.seconds.toFixed(1)} s = ${bulk.loansPerSecond.toFixed(0)} loans/s; load ${load()}`,
    );
    const bulkLoad = load();

    await setClock(world, DEFAULT_DATE);
    // The clock's move closes months, and the ledger issues their statements (CSV and two PDFs
    // each, rendered by a child process). That is month-end work, not a default's: it is measured
    // here on its own and finished before the saturation phases, whose CPU is charged to defaults.
    phase = 'month-end statements';
    const statementsBefore = cpu.snapshot();
    const monthEnd = await waitForStatements(world, system);
    const monthEndStatements = {
      ...monthEnd,
      cpu: cpuDelta(statementsBefore, cpu.snapshot(), monthEnd.seconds),
    };
    say(`month-end: ${monthEnd.statements} statements issued in ${monthEnd.seconds.toFixed(1)} s`);
    const defaultable = (tag: string) =>
      [...world.accepted.loans.values()].filter(
        (l) => l.kind === 'defaultable' && l.bankReference.startsWith(tag),
      );

    // default-events learns of loans from Kafka: wait until it knows the last one registered
    // (a default on it, retried while 404), so the phases below measure defaults, not that lag.
    phase = 'waiting for default-events to know every loan';
    const probe = defaultable('L90-').pop() as LoanRecord;
    const probeStart = Date.now();
    await reportDefaults(world, [probe], 1, 1);
    say(
      `default-events caught up ${((Date.now() - probeStart) / 1000).toFixed(1)} s after the bulk`,
    );
    const isProbe = (l: LoanRecord) => l.loanId === probe.loanId;

    // Saturation: offer more than the system can take; throughput = defaults fully processed
    // per second from the first report to the last one ledgered.
    // `report` is the single form by default; the bulk phase passes the month-end file.
    const saturate = async (
      tag: string,
      report: (offered: LoanRecord[], t0: number) => Promise<{ seconds: number }> = (offered, t0) =>
        reportDefaults(
          world,
          offered,
          SIZE.satRate,
          SIZE.concurrency,
          () => Date.now() - t0 > SIZE.satSeconds * 1000,
        ),
    ) => {
      phase = `saturation (${tag})`;
      const offered = defaultable(`${tag}-`);
      await statements?.reset();
      const b = cpu.snapshot();
      const entriesBefore = tail.entries();
      const t0 = Date.now();
      const reported = await report(offered, t0);
      const loans = offered.filter((l) => world.accepted.defaults.has(l.loanId));
      const done = await waitLedgered(
        world,
        loans.map((l) => l.loanId),
        300_000,
      );
      const end = Math.max(
        ...loans.map((l) => world.accepted.defaults.get(l.loanId)?.ledgerAt ?? 0),
      );
      const seconds = (end - t0) / 1000;
      const entries = tail.entries() - entriesBefore;
      const out = {
        offeredPerSecond: SIZE.satRate,
        defaults: loans.length,
        acceptedPerSecond: Number((loans.length / reported.seconds).toFixed(1)),
        fullyProcessed: done,
        seconds: Number(seconds.toFixed(1)),
        defaultsPerSecond: Number((done / seconds).toFixed(1)),
        ledgerEntriesPerSecond: Number((entries / seconds).toFixed(0)),
        ledgerPostingsPerSecond: Number(((entries * 2) / seconds).toFixed(0)),
        latency: latencies(world, loans),
        cpu: cpuDelta(b, cpu.snapshot(), seconds),
        loadAverage: load(),
        statements: statements === undefined ? null : await statements.perDefault(done),
      };
      say(
        `saturation (${tag}): ${JSON.stringify({ ...out, cpu: undefined, statements: undefined })}`,
      );
      return out;
    };
    const sat = await saturate('SAT');
    const maxRate = sat.defaultsPerSecond;

    const latencyPhase = async (fraction: number) => {
      const rate = Math.max(1, maxRate * fraction);
      const tag = `L${fraction * 100}`;
      const loans = defaultable(`${tag}-`)
        .filter((l) => !isProbe(l))
        .slice(0, Math.max(10, Math.ceil(rate * SIZE.latencyMaxSeconds)));
      phase = `latency at ${fraction * 100} % (${rate.toFixed(1)}/s)`;
      const b = cpu.snapshot();
      const t0 = Date.now();
      await reportDefaults(world, loans, rate, SIZE.concurrency);
      const done = await waitLedgered(
        world,
        loans.map((l) => l.loanId),
        180_000,
      );
      const seconds = (Date.now() - t0) / 1000;
      const out = {
        fraction,
        offeredPerSecond: Number(rate.toFixed(1)),
        defaults: loans.length,
        fullyProcessed: done,
        latency: latencies(world, loans),
        cpu: cpuDelta(b, cpu.snapshot(), seconds),
        loadAverage: load(),
      };
      say(
        `latency at ${fraction * 100} %: ${JSON.stringify(out.latency)}; load ${out.loadAverage}`,
      );
      return out;
    };
    const half = await latencyPhase(0.5);
    const ninety = await latencyPhase(0.9);

    // The bulk forms: each bank's defaults in month-end files (POST /defaults/bulk, JSON lines)
    // and every manager deciding its inbox 500 claims a request (POST /claims/decisions).
    approver.useBulk(true);
    const bulkDefaults = await saturate('BLK', (offered) =>
      reportDefaultsInBulk(world, offered, SIZE.bulkDefaultRows, SIZE.bulkConcurrency),
    );
    approver.useBulk(false);

    const soak =
      SIZE.soakMinutes > 0
        ? await runSoak(world, system, defaultable('SOAK-'), Math.max(1, maxRate * 0.5))
        : null;

    // With --large: the portfolio grows to LOAD_PORTFOLIO loans, then the same saturation again.
    let large: Awaited<ReturnType<typeof saturate>> | undefined;
    let portfolioBulk: Awaited<ReturnType<typeof registerInBulk>> | undefined;
    if (SIZE.portfolio > 0) {
      phase = 'large portfolio registration';
      const more = Math.max(0, SIZE.portfolio - world.accepted.loans.size);
      portfolioBulk = await registerInBulk(
        world,
        Array.from({ length: more }, (_, i) => ({
          bankId: world.banks[i % world.banks.length] as string,
          townCode: world.towns[i % world.towns.length] as string,
          bankReference: `PORTFOLIO-${i}`,
          usccNo: 10_000_000 + i,
          principalFen: 500_000n,
          kind: 'ballast' as const,
        })),
        SIZE.bulkRows,
        SIZE.bulkConcurrency,
        () => undefined,
      );
      say(`portfolio: ${world.accepted.loans.size} loans; load ${load()}`);
      large = await saturate('BIG');
    }

    phase = 'verify';
    const verify = await verifyExport(world, system);
    say(`verify: ${JSON.stringify(verify)}`);

    // Idle: nothing drives the system (the approver and the ledger tail stopped too).
    await approver.stop();
    await tail.stop();
    // The work the load asked for ends first: the statements the clock's moves issue are
    // rendered by the ledger's PDF worker, which exits when it has nothing left to do.
    phase = 'settling';
    const settleDeadline = Date.now() + 120_000;
    while (
      SERVICE_NAMES.some((name) => liveChildrenOf(system?.pid(name)).length > 0) &&
      Date.now() < settleDeadline
    )
      await new Promise((resolve) => setTimeout(resolve, 500));
    phase = `idle (${SIZE.idleSeconds} s)`;
    const idleBefore = cpu.snapshot();
    await new Promise((resolve) => setTimeout(resolve, SIZE.idleSeconds * 1000));
    const idle = cpuDelta(idleBefore, cpu.snapshot(), SIZE.idleSeconds);

    const rssKb: Record<string, number | null> = {};
    for (const name of SERVICE_NAMES) rssKb[name] = system?.rssKb(name) ?? null;
    // What the RSS holds: V8's heap (committed and used) and memory outside it (buffers).
    const memoryMb: Record<string, MemoryBreakdown | null> = {};
    for (const name of SERVICE_NAMES)
      memoryMb[name] = system === undefined ? null : await memoryOf(system.serviceUrl(name));
    say(
      `RSS (MiB): ${Object.entries(rssKb)
        .map(([k, v]) => `${k} ${v === null ? '?' : (v / 1024).toFixed(0)}`)
        .join(', ')}`,
    );
    say(`heap total / used / external (MiB): ${JSON.stringify(memoryMb)}`);
    return {
      benchmark: 'system-load',
      at: new Date().toISOString(),
      machine: {
        cpus: cpus().length,
        cpu: cpus()[0]?.model,
        memoryGiB: Math.round(totalmem() / 2 ** 30),
        node: process.version,
      },
      size: SIZE,
      world: {
        banks: world.banks.length,
        towns: world.towns.length,
        loans: world.accepted.loans.size,
      },
      bulk: {
        ...bulk,
        rowsPerRequest: SIZE.bulkRows,
        concurrency: SIZE.bulkConcurrency,
        cpu: bulkCpu,
        loadAverage: bulkLoad,
      },
      saturation: sat,
      bulkDefaults,
      monthEndStatements,
      soak,
      largePortfolio:
        large === undefined
          ? null
          : { loans: world.accepted.loans.size, bulk: portfolioBulk, saturation: large },
      idle: { seconds: SIZE.idleSeconds, cpu: idle },
      latencyAt50: half,
      latencyAt90: ninety,
      verify,
      rssKbAtStart,
      rssKb,
      memoryMb,
      http: {
        statuses: Object.fromEntries(api.statuses),
        retries: api.retries,
        samples: Object.fromEntries(api.samples),
      },
    };
  } finally {
    clearInterval(ticker);
    ticker = undefined;
    await approver.stop();
    await tail.stop();
  }
}

type Details = Awaited<ReturnType<typeof run>>;
type CpuFigures = Record<string, { cpuSeconds: number; cores: number }>;

/** CPU-milliseconds of the whole system (every process but the load generator). */
function systemCpuMs(cpu: CpuFigures): number {
  return Object.entries(cpu)
    .filter(([name]) => name !== 'load generator')
    .reduce((sum, [, v]) => sum + v.cpuSeconds * 1000, 0);
}

function gitSha(): string | null {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

/** The figures the performance issue names, at the top of the JSON (numbers, no units). */
function headline(d: Details, loadAtStart: number) {
  const perDefault = (phase: { cpu: CpuFigures; fullyProcessed: number }) =>
    phase.fullyProcessed === 0
      ? null
      : Number((systemCpuMs(phase.cpu) / phase.fullyProcessed).toFixed(2));
  return {
    defaultsPerSecond: d.saturation.defaultsPerSecond,
    latencyMsAtHalfRate: {
      p50: d.latencyAt50.latency.p50Ms,
      p95: d.latencyAt50.latency.p95Ms,
      p99: d.latencyAt50.latency.p99Ms,
    },
    cpuMsPerDefault: perDefault(d.saturation),
    bulkLoansPerSecond: Number(d.bulk.loansPerSecond.toFixed(0)),
    // The same pipeline fed by the bulk forms (month-end default files, decisions 500 a request).
    bulkDefaultsPerSecond: d.bulkDefaults.defaultsPerSecond,
    cpuMsPerDefaultBulk: perDefault(d.bulkDefaults),
    ledgerPostingsPerSecond: ledgerServicePostingsPerSecond(),
    ledgerPostingsPerSecondUnderLoad: d.saturation.ledgerPostingsPerSecond,
    portfolioLoans: d.world.loans,
    // The soak (--soak): one value a minute, so a trend shows at a glance.
    soakByMinute:
      d.soak === null
        ? null
        : {
            minutes: d.soak.minutes,
            ratePerSecond: d.soak.ratePerSecond,
            p50MsByMinute: d.soak.perMinute.map((m) => m.latency.p50Ms),
            p99MsByMinute: d.soak.perMinute.map((m) => m.latency.p99Ms),
            rssMbByMinute: Object.fromEntries(
              SERVICE_NAMES.map((name) => [name, d.soak?.perMinute.map((m) => m.rssMb[name])]),
            ),
            rowsByMinute: Object.fromEntries(
              (['outbox', 'inbox', 'idempotency'] as const).map((table) => [
                table,
                d.soak?.perMinute.map((m) =>
                  m.rows === null
                    ? null
                    : Object.values(m.rows).reduce((sum, r) => sum + r[table], 0),
                ),
              ]),
            ),
          },
    // Month-end work the clock's move caused before the saturation phases (not charged to them).
    monthEnd: {
      statements: d.monthEndStatements.statements,
      seconds: Number(d.monthEndStatements.seconds.toFixed(1)),
      cpuMsPerStatement: Number(
        (
          systemCpuMs(d.monthEndStatements.cpu) / Math.max(1, d.monthEndStatements.statements)
        ).toFixed(1),
      ),
    },
    cpuMsPerDefaultLargePortfolio:
      d.largePortfolio === null ? null : perDefault(d.largePortfolio.saturation),
    // Percent of one core used by every process of the system together while nothing drives it.
    idleCpuPercent: Number(((systemCpuMs(d.idle.cpu) / 1000 / d.idle.seconds) * 100).toFixed(2)),
    rssMb: megabytes(d.rssKb),
    rssMbAtStart: megabytes(d.rssKbAtStart),
    memoryMb: d.memoryMb,
    loadAvg: { start: Number(loadAtStart.toFixed(2)), end: Number((loadavg()[0] ?? 0).toFixed(2)) },
    gitSha: gitSha(),
    quick: QUICK,
    runFrom: process.env['RISKPOOL_E2E_FROM_DIST'] === '1' ? 'production build' : 'ts-node',
  };
}

interface MemoryBreakdown {
  readonly heapTotal: number;
  readonly heapUsed: number;
  readonly external: number;
}

/** The service's heap and external memory in MiB, from its Prometheus metrics; null if unread. */
async function memoryOf(serviceUrl: string): Promise<MemoryBreakdown | null> {
  try {
    const text = await (await fetch(`${serviceUrl}/metrics`)).text();
    const mib = (metric: string): number => {
      const line = text.split('\n').find((l) => l.startsWith(`${metric} `));
      return line === undefined ? NaN : Math.round(Number(line.split(' ')[1]) / 2 ** 20);
    };
    return {
      heapTotal: mib('nodejs_heap_size_total_bytes'),
      heapUsed: mib('nodejs_heap_size_used_bytes'),
      external: mib('nodejs_external_memory_bytes'),
    };
  } catch {
    return null;
  }
}

function megabytes(kb: Record<string, number | null>): Record<string, number | null> {
  return Object.fromEntries(
    Object.entries(kb).map(([k, v]) => [k, v === null ? null : Math.round(v / 1024)]),
  );
}

/** The ledger service bench's writer figure (bench/results/ledger-service.json), if it ran. */
function ledgerServicePostingsPerSecond(): number | null {
  try {
    const file = path.join(REPO_ROOT, 'bench', 'results', 'ledger-service.json');
    const r = JSON.parse(fs.readFileSync(file, 'utf8')) as { postingsPerSecondWall?: number };
    return r.postingsPerSecondWall ?? null;
  } catch {
    return null;
  }
}

function latencies(world: World, loans: readonly LoanRecord[]) {
  const ms = loans
    .map((l) => world.accepted.defaults.get(l.loanId))
    .filter((d) => d?.ledgerAt !== undefined)
    .map((d) => (d?.ledgerAt as number) - (d?.reportedAt as number))
    .sort((a, b) => a - b);
  return {
    samples: ms.length,
    p50Ms: percentile(ms, 50),
    p95Ms: percentile(ms, 95),
    p99Ms: percentile(ms, 99),
    maxMs: ms[ms.length - 1] ?? null,
  };
}

/** Rows of each service's outbox, inbox and idempotency tables (what retention keeps bounded). */
async function serviceTableRows(
  db: Client,
): Promise<Record<string, { outbox: number; inbox: number; idempotency: number }>> {
  const rows: Record<string, { outbox: number; inbox: number; idempotency: number }> = {};
  for (const name of SERVICE_NAMES) {
    const schema = schemaOfService(name);
    const count = async (table: string): Promise<number> => {
      const qualified = `"${schema}".${table}`;
      const { rows: exists } = await db.query('SELECT to_regclass($1) IS NOT NULL AS t', [
        qualified,
      ]);
      if (exists[0]?.t !== true) return 0;
      const { rows: found } = await db.query<{ n: string }>(
        `SELECT count(*)::text AS n FROM ${qualified}`,
      );
      return Number(found[0]?.n ?? 0);
    };
    rows[name] = {
      outbox: await count('outbox'),
      inbox: await count('inbox'),
      idempotency: await count('idempotency_keys'),
    };
  }
  return rows;
}

/**
 * The soak: defaults at `rate` for LOAD_SOAK_MINUTES, approved and paid as in the other phases.
 * Each minute it reads every service's RSS and the rows of its outbox, inbox and idempotency
 * tables; at the end, the latency of the defaults reported in each minute. A system without a
 * leak or an unbounded table shows flat lines.
 */
async function runSoak(
  world: World,
  system: RunningSystem | undefined,
  loans: readonly LoanRecord[],
  rate: number,
) {
  phase = `soak (${SIZE.soakMinutes} min at ${rate.toFixed(1)}/s)`;
  const t0 = Date.now();
  const endAt = t0 + SIZE.soakMinutes * 60_000;
  const reporting = reportDefaults(world, loans, rate, SIZE.concurrency, () => Date.now() >= endAt);
  const db =
    system === undefined ? undefined : new Client({ connectionString: system.databaseUrl });
  await db?.connect();
  const samples: Array<{
    minute: number;
    rssMb: Record<string, number | null>;
    rows: Awaited<ReturnType<typeof serviceTableRows>> | null;
  }> = [];
  try {
    for (let minute = 1; minute <= SIZE.soakMinutes; minute += 1) {
      await new Promise((resolve) =>
        setTimeout(resolve, Math.max(0, t0 + minute * 60_000 - Date.now())),
      );
      const rssKb: Record<string, number | null> = {};
      for (const name of SERVICE_NAMES) rssKb[name] = system?.rssKb(name) ?? null;
      const sample = {
        minute,
        rssMb: megabytes(rssKb),
        rows: db === undefined ? null : await serviceTableRows(db),
      };
      samples.push(sample);
      say(`soak minute ${minute}: ${JSON.stringify(sample)}`);
    }
    await reporting;
  } finally {
    await db?.end();
  }
  const reported = loans.filter((l) => world.accepted.defaults.has(l.loanId));
  const fullyProcessed = await waitLedgered(
    world,
    reported.map((l) => l.loanId),
    300_000,
  );
  const reportedIn = (minute: number) =>
    reported.filter((l) => {
      const at = world.accepted.defaults.get(l.loanId)?.reportedAt ?? 0;
      return at >= t0 + (minute - 1) * 60_000 && at < t0 + minute * 60_000;
    });
  return {
    minutes: SIZE.soakMinutes,
    ratePerSecond: Number(rate.toFixed(1)),
    reported: reported.length,
    fullyProcessed,
    perMinute: samples.map((sample) => {
      const defaults = reportedIn(sample.minute);
      return { ...sample, reported: defaults.length, latency: latencies(world, defaults) };
    }),
  };
}

/** Exports the system's ledger through the API and runs the offline `verify` on it. */
async function verifyExport(world: World, system: RunningSystem | undefined) {
  const dir = fs.mkdtempSync(path.join(system?.logDir ?? path.join(REPO_ROOT, 'tmp'), 'verify-'));
  const exportFile = path.join(dir, 'ledger-export.jsonl');
  const keyFile = path.join(dir, 'ledger-key.pem');
  const t0 = Date.now();
  const response = await fetch(`${world.api.baseUrl}/api/v1/ledger/export`, {
    headers: { authorization: `Bearer ${world.regulatorKey}` },
  });
  fs.writeFileSync(exportFile, Buffer.from(await response.arrayBuffer()));
  const exportSeconds = (Date.now() - t0) / 1000;
  const key = await world.api.expect<{ publicKeyPem: string }>(
    200,
    world.regulatorKey,
    'GET',
    '/ledger/public-key',
  );
  fs.writeFileSync(keyFile, key.publicKeyPem);
  const { stdout } = await runVerifyCli(exportFile, keyFile);
  const report = JSON.parse(stdout.slice(stdout.indexOf('{'))) as {
    ok: boolean;
    seconds?: number;
    entriesPerSecond?: number;
    result?: { entries?: number };
  };
  return {
    ok: report.ok,
    exportBytes: fs.statSync(exportFile).size,
    exportSeconds,
    verifySeconds: report.seconds,
    entriesPerSecond: report.entriesPerSecond,
    entries: report.result?.entries,
  };
}

main().catch((error: unknown) => {
  process.stderr.write(
    `system-load failed in phase ${phase}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
