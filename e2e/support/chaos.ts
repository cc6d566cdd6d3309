// Fault tests under load (issue 8): while banks register loans, report defaults and managers
// approve claims and deposit, every service is SIGKILLed in turn and started again, the Kafka
// broker is restarted and PostgreSQL is restarted. On the cluster topology (issue 16: every
// service twice behind HAProxy, 3 Kafka nodes, Patroni) the same load and checks, with one
// instance of each service killed (the ledger's writer, so the standby takes over), a whole
// gateway instance down for a while, the leader broker of a busy partition and the PostgreSQL
// primary killed (cluster-faults.ts); each fault's failover time and the requests retried in its
// window are in the report. Afterwards every accepted (2xx) request must
// have exactly its effects, checked through the public API and the ledger export:
//   - loans: each accepted registration exactly once (by bank reference), none other;
//   - claims: exactly one per accepted default, none other, APPROVED, amounts equal to an
//     independent recomputation with libs/domain (allocateClaim) and paid in full;
//   - payouts: exactly one PAID payout per claim and fund, of the fund's share;
//   - ledger: each default's 7 entries exactly (2 holds, the approval, 2 × payout), one entry per
//     accepted deposit, nothing for anything refused;
//   - fund balances (GET /reports/funds) equal to the recomputation from the accepted requests;
//   - the interest subsidy (e2e/support/chaos-subsidy.ts): interest reports, a round opened,
//     closed with a pro-rata cut and approved, settlement paying it, all under the same faults;
//     every accepted report in exactly one grant, each grant paid exactly once, the subsidy
//     service's funds and the ledger's reconciliation in agreement;
//   - the offline `verify` passes on the export (it recomputes every grant too).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { Topics } from '@riskpool/contracts';
import { allocateClaim, economicTerms, proceduralTerms } from '@riskpool/domain';
import {
  checkSubsidyEffects,
  isSubsidyEntry,
  runSubsidyTraffic,
  setUpSubsidy,
  SubsidyCounts,
  SubsidyLog,
  waitSubsidyPaid,
} from './chaos-subsidy';

import {
  acceptedDeposit,
  AcceptedDeposit,
  Answer,
  ballastPerBank,
  DEFAULT_DATE,
  ENTRIES_PER_DEFAULT,
  isMemoEntry,
  LoadClient,
  LoanRecord,
  loanSpecs,
  registerInBulk,
  reportDefaults,
  setClock,
  setUpWorld,
  startApprover,
  startLedgerTail,
  waitLedgered,
  World,
} from './load';
import { RunningSystem, SERVICE_NAMES, ServiceName } from './system';
import { runVerifyCli } from './verify-cli';

/** What a fault measured: the node it hit and how long until the system served again. */
export interface FaultTiming {
  readonly what: string;
  readonly failoverMs: number;
}

export interface ChaosTargets {
  readonly system: RunningSystem;
  /** Restarts the Kafka broker (same data), or kills and restarts a cluster node. */
  restartBroker(): Promise<void | FaultTiming>;
  /** Restarts PostgreSQL, or what stands for it; `how` says which. */
  restartPostgres(): Promise<void | FaultTiming>;
  readonly postgresRestartHow: string;
  readonly brokerRestartHow?: string;
}

/** One fault of the run, for the report (docs/benchmarks.md). */
export interface FaultRecord {
  readonly round: number;
  readonly fault: string;
  /** Seconds from the start of the run. */
  readonly atSeconds: number;
  /**
   * From the kill until the system served again: the service's URL ready (through HAProxy: the
   * other instance; the ledger: the standby's takeover), a new partition leader, a promoted
   * primary taking writes.
   */
  readonly failoverMs?: number;
  /** Requests the load retried (no answer, 5xx, 429) from this fault until the next one. */
  retried: number;
}

export interface ChaosPlan {
  readonly banks: number;
  readonly towns: number;
  /** Loans to default (the load); more than the fault schedule needs is fine. */
  readonly defaults: number;
  /** Offered defaults per second. */
  readonly rate: number;
  /** Rounds of: every service killed and restarted in turn, broker restart, PostgreSQL restart. */
  readonly rounds: number;
  /** Seconds between faults. */
  readonly gapSeconds: number;
  /** Seconds a killed service stays down. */
  readonly downSeconds: number;
  /** Bound on the system catching up after the last fault. */
  readonly settleSeconds: number;
}

export interface ChaosReport {
  readonly plan: ChaosPlan;
  readonly counts: {
    readonly loansAccepted: number;
    readonly defaultsAccepted: number;
    readonly approvalsAccepted: number;
    readonly depositsAccepted: number;
    readonly requestsAccepted: number;
    readonly requestsSent: number;
    readonly retries: number;
    /** Retries after the last fault, while the system caught up. */
    readonly retriesSettling: number;
    readonly kills: Record<string, number>;
    readonly restarts: Record<string, number>;
    readonly failedStarts: number;
    readonly brokerRestarts: number;
    readonly postgresRestarts: number;
    readonly unexpectedExits: number;
    /** Ledger exits on losing its writer lock (by design, restarted by the supervisor). */
    readonly ledgerLockLossExits: number;
    readonly checks: number;
    readonly subsidy: SubsidyCounts;
  };
  readonly postgresRestartHow: string;
  readonly brokerRestartHow: string;
  /** 1, or 2 on the cluster topology. */
  readonly instances: number;
  readonly faults: readonly FaultRecord[];
  readonly seconds: number;
  readonly problems: string[];
  readonly statuses: Record<string, number>;
}

/** The ledger's exit code on losing its writer lock (services/ledger/src/writer-lock-watchdog.ts). */
const EXIT_WRITER_LOCK_LOST = 75;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runChaos(
  targets: ChaosTargets,
  plan: ChaosPlan,
  log: (line: string) => void,
): Promise<ChaosReport> {
  const started = Date.now();
  log(`started at ${new Date(started).toISOString()} (faults' times are seconds since)`);
  const { system } = targets;
  const api = new LoadClient(system.gatewayUrl, 300_000);
  const world = await setUpWorld(api, system.adminKey, plan, log);
  await setClock(world, DEFAULT_DATE);
  const subsidy = await setUpSubsidy(world, log);
  const kills: Record<string, number> = {};
  const restarts: Record<string, number> = {};
  let brokerRestarts = 0;
  let postgresRestarts = 0;
  let faultsDone = false;

  // The supervisor: a service that exits on its own is started again at once (as systemd or
  // Kubernetes would). The ledger exits with 75 by design when it loses its writer lock
  // (services/ledger/src/writer-lock-watchdog.ts); any other exit is a problem.
  const intentionallyDown = new Set<string>();
  const instanceIndexes = Array.from({ length: system.instances }, (_, i) => i + 1);
  let supervising = true;
  /** Supervisor restarts that failed (e.g. while PostgreSQL failed over); tried again. */
  let failedStarts = 0;
  const supervisor = (async () => {
    while (supervising) {
      await sleep(500);
      for (const name of SERVICE_NAMES)
        for (const index of instanceIndexes) {
          if (
            !supervising ||
            intentionallyDown.has(`${name}#${index}`) ||
            system.pid(name, index) !== undefined
          )
            continue;
          log(`supervisor: ${name} #${index} exited on its own; starting it again`);
          await system.restart(name, undefined, index).then(
            () => {
              restarts[name] = (restarts[name] ?? 0) + 1;
            },
            (error: unknown) => {
              failedStarts += 1;
              log(`supervisor: ${name} #${index} did not start: ${String(error).slice(0, 300)}`);
            },
          );
        }
    }
  })();

  const tail = startLedgerTail(world);
  const approver = startApprover(world, 32);
  const ticker = setInterval(() => {
    const ledgered = [...world.accepted.defaults.values()].filter((d) => d.ledgerAt).length;
    log(
      `loans ${world.accepted.loans.size}, defaults ${world.accepted.defaults.size}, approvals ` +
        `${world.accepted.approvals.size}, ledgered ${ledgered}, deposits ${world.accepted.deposits.length}, ` +
        `interest reports ${subsidy.reports.size}, ` +
        `answers ${JSON.stringify(Object.fromEntries(api.statuses))}`,
    );
  }, 5_000);

  // The load: loans registered in bulk (small requests, so some are cut by the faults), then
  // defaults at the offered rate, deposits every few seconds, until the faults are over.
  const load = (async () => {
    const specs = loanSpecs(world, plan.defaults, 1, 'CH');
    await registerInBulk(world, specs, 100, 2);
    const loans = [...world.accepted.loans.values()].filter((l) => l.kind === 'defaultable');
    await reportDefaults(world, loans, plan.rate, 16, () => faultsDone);
  })();
  const deposits = (async () => {
    let i = 0;
    while (!faultsDone) {
      await sleep(3_000);
      const town = world.towns[i % world.towns.length] as string;
      const fundId = i % 2 === 0 ? 'CITY' : `TOWN:${town}`;
      const key = fundId === 'CITY' ? world.cityKey : (world.townKeys.get(town) as string);
      const amountFen = BigInt(1_000 + i);
      i += 1;
      const answer = await api.send(key, 'POST', `/funds/${fundId}/deposits`, {
        amountFen: amountFen.toString(),
      });
      if (answer.status >= 200 && answer.status < 300) {
        world.accepted.deposits.push(acceptedDeposit(fundId, amountFen, answer));
      }
    }
  })();

  // The interest subsidy under the same faults: a round over interest reports on the ballast loans.
  const ballastLoans =
    ballastPerBank(Math.ceil(plan.defaults / world.banks.length)) * world.banks.length;
  const subsidyTraffic = runSubsidyTraffic(
    world,
    subsidy,
    ballastLoans,
    () =>
      [...intentionallyDown].some((key) => key.startsWith('subsidy#')) ||
      (kills['subsidy'] ?? 0) > 0 ||
      faultsDone,
    log,
  ).catch((error: unknown) => {
    subsidy.failures.push(`the subsidy traffic failed: ${String(error)}`);
  });

  const faultLog: FaultRecord[] = [];
  const record = (round: number, fault: string, timing?: void | FaultTiming) => {
    faultLog.push({
      round,
      fault: timing ? `${fault}: ${timing.what}` : fault,
      atSeconds: Math.round((Date.now() - started) / 1000),
      ...(timing ? { failoverMs: timing.failoverMs } : {}),
      retried: api.retries,
    });
  };
  /** SIGKILL of one instance, started again after downSeconds; when its URL served again. */
  const killInstance = async (name: ServiceName, index: number, downMs: number) => {
    const key = `${name}#${index}`;
    intentionallyDown.add(key);
    const killedAt = Date.now();
    await system.kill(name, index);
    kills[name] = (kills[name] ?? 0) + 1;
    const served = waitServed(system.serviceUrl(name), killedAt);
    await sleep(downMs);
    await system.restart(name, undefined, index);
    intentionallyDown.delete(key);
    restarts[name] = (restarts[name] ?? 0) + 1;
    return served;
  };
  const faults = (async () => {
    await sleep(plan.gapSeconds * 1000);
    for (let round = 1; round <= plan.rounds; round += 1) {
      for (const name of SERVICE_NAMES) {
        // On the cluster: the ledger's writer (its standby takes over), else one instance in turn.
        const index =
          name === 'ledger' && system.instances > 1
            ? ((await system.ledgerWriter()) ?? 1)
            : ((round - 1) % system.instances) + 1;
        const label = system.instances > 1 ? `${name} #${index}` : name;
        log(`fault: SIGKILL ${label} (round ${round})`);
        const at = faultLog.length;
        record(round, `SIGKILL ${label}`);
        const failoverMs = await killInstance(name, index, plan.downSeconds * 1000);
        faultLog[at] = { ...(faultLog[at] as FaultRecord), failoverMs };
        log(`fault: ${label} restarted; served again after ${failoverMs} ms`);
        await sleep(plan.gapSeconds * 1000);
      }
      if (system.instances > 1) {
        // A whole gateway instance away for a while: the load goes on through the other.
        const index = (round % system.instances) + 1;
        const downMs = plan.gapSeconds * 3000;
        log(`fault: gateway #${index} down for ${downMs / 1000} s (round ${round})`);
        const at = faultLog.length;
        record(round, `gateway #${index} down for ${downMs / 1000} s`);
        const failoverMs = await killInstance('gateway', index, downMs);
        faultLog[at] = { ...(faultLog[at] as FaultRecord), failoverMs };
        await sleep(plan.gapSeconds * 1000);
      }
      log(`fault: restarting the Kafka broker (round ${round})`);
      const brokerAt = faultLog.length;
      record(round, 'Kafka');
      const brokerTiming = await timed(() => targets.restartBroker());
      faultLog[brokerAt] = {
        ...(faultLog[brokerAt] as FaultRecord),
        ...faultTiming('Kafka', brokerTiming),
      };
      brokerRestarts += 1;
      await sleep(plan.gapSeconds * 1000);
      log(`fault: restarting PostgreSQL (${targets.postgresRestartHow}) (round ${round})`);
      const postgresAt = faultLog.length;
      record(round, 'PostgreSQL');
      const postgresTiming = await timed(() => targets.restartPostgres());
      faultLog[postgresAt] = {
        ...(faultLog[postgresAt] as FaultRecord),
        ...faultTiming('PostgreSQL', postgresTiming),
      };
      postgresRestarts += 1;
      await sleep(plan.gapSeconds * 1000);
    }
  })();

  let problems: string[] = [];
  let checks = 0;
  let subsidyCounts: SubsidyCounts | undefined;
  let retriesAtFaultsEnd = 0;
  try {
    await faults;
    faultsDone = true;
    retriesAtFaultsEnd = api.retries;
    log('faults done; the load stops and the system catches up');
    await Promise.all([load, deposits, subsidyTraffic]);
    const ids = [...world.accepted.defaults.keys()];
    const done = await waitLedgered(world, ids, plan.settleSeconds * 1000);
    log(`${done} of ${ids.length} accepted defaults fully in the ledger`);
    // loan-registry's projection follows on its own consumers (a killed instance's partitions
    // wait for the group to rebalance): every defaulted loan COMPENSATED, within the same bound.
    const compensated = await waitLoansCompensated(world, plan.settleSeconds * 1000);
    log(`${compensated} of ${ids.length} defaulted loans COMPENSATED in loan-registry`);
    const paid = await waitSubsidyPaid(world, subsidy, plan.settleSeconds * 1000);
    log(`subsidy round ${paid ? 'paid, in the ledger and the subsidy service' : 'NOT all paid'}`);
    // The last deposits were made during the last fault (the ledger's writer may have been taking
    // over): wait, within the same bound, until the ledger holds every accepted one.
    const depositsWaitStarted = Date.now();
    const fundsDeposited = await waitDepositsLedgered(world, plan.settleSeconds * 1000);
    log(
      `${fundsDeposited.done} of ${fundsDeposited.funds} funds hold every accepted deposit in the ledger ` +
        `(waited ${Math.round((Date.now() - depositsWaitStarted) / 1000)} s)`,
    );
    // Let anything else in flight land before reading the ledger.
    await sleep(3_000);
    const checked = await checkEffects(world, system.logDir, subsidy, system.databaseUrl);
    problems = checked.problems;
    checks = checked.checks;
    subsidyCounts = checked.subsidy;
  } finally {
    clearInterval(ticker);
    supervising = false;
    await supervisor;
    await approver.stop();
    await tail.stop();
  }
  // Each fault's window: from it to the next fault (the last one's: to the end of the faults).
  const faultsReport = faultLog.map((fault, i) => ({
    ...fault,
    retried: (faultLog[i + 1]?.retried ?? retriesAtFaultsEnd) - fault.retried,
  }));
  const sent = [...api.statuses.values()].reduce((a, b) => a + b, 0);
  const accepted = [...api.statuses.entries()]
    .filter(([s]) => s >= 200 && s < 300)
    .reduce((a, [, n]) => a + n, 0);
  return {
    plan,
    counts: {
      loansAccepted: world.accepted.loans.size,
      defaultsAccepted: world.accepted.defaults.size,
      approvalsAccepted: world.accepted.approvals.size,
      depositsAccepted: world.accepted.deposits.length,
      requestsAccepted: accepted,
      requestsSent: sent,
      retries: api.retries,
      retriesSettling: api.retries - retriesAtFaultsEnd,
      kills,
      restarts,
      failedStarts,
      brokerRestarts,
      postgresRestarts,
      unexpectedExits: system.unexpectedExits().length,
      ledgerLockLossExits: system
        .unexpectedExits()
        .filter((e) => e.name === 'ledger' && e.how === `exit code ${EXIT_WRITER_LOCK_LOST}`)
        .length,
      checks,
      subsidy: subsidyCounts ?? {
        reportsSent: subsidy.reportsSent,
        reportsAccepted: subsidy.reports.size,
        roundClosed: subsidy.closed,
        approvalsAccepted: subsidy.approvals.size,
        paymentsInLedger: 0,
        grantEntries: 0,
      },
    },
    postgresRestartHow: targets.postgresRestartHow,
    brokerRestartHow: targets.brokerRestartHow ?? 'stop and start of the broker (same data)',
    instances: system.instances,
    faults: faultsReport,
    seconds: Math.round((Date.now() - started) / 1000),
    problems: [
      ...problems,
      ...system
        .unexpectedExits()
        .filter((e) => !(e.name === 'ledger' && e.how === `exit code ${EXIT_WRITER_LOCK_LOST}`))
        .map(
          (e) =>
            `${e.name} #${e.index} exited on its own (${e.how}) at ${new Date(e.at).toISOString()}`,
        ),
    ],
    statuses: Object.fromEntries([...api.statuses.entries()].map(([k, v]) => [String(k), v])),
  };
}

/** The fault's own measure, or (a single node's restart) how long the restart took. */
async function timed(
  fault: () => Promise<void | FaultTiming>,
): Promise<FaultTiming | { what?: undefined; failoverMs: number }> {
  const startedAt = Date.now();
  return (await fault()) ?? { failoverMs: Date.now() - startedAt };
}

function faultTiming(
  what: string,
  timing: FaultTiming | { what?: undefined; failoverMs: number },
): { fault?: string; failoverMs: number } {
  return timing.what !== undefined
    ? { fault: `${what}: ${timing.what}`, failoverMs: timing.failoverMs }
    : { failoverMs: timing.failoverMs };
}

/** The accepted deposits' count and sum per fund. */
function depositsByFund(
  deposits: readonly AcceptedDeposit[],
): Map<string, { count: number; sum: bigint }> {
  const byFund = new Map<string, { count: number; sum: bigint }>();
  for (const d of deposits) {
    const x = byFund.get(d.fundId) ?? { count: 0, sum: 0n };
    byFund.set(d.fundId, { count: x.count + 1, sum: x.sum + d.amountFen });
  }
  return byFund;
}

/** Waits until the ledger's fund report shows every accepted deposit; how many funds do. */
async function waitDepositsLedgered(
  world: World,
  timeoutMs: number,
): Promise<{ done: number; funds: number }> {
  const want = depositsByFund(world.accepted.deposits);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const report = await world.api
      .send<{ items?: Array<{ fundId: string; depositedFen: string }> }>(
        world.regulatorKey,
        'GET',
        '/reports/funds',
        undefined,
        { retryForMs: 0 },
      )
      .catch(() => undefined);
    const items = report?.status === 200 ? (report.body.items ?? []) : [];
    const done = [...want].filter(([fundId, { sum }]) =>
      items.some((r) => r.fundId === fundId && r.depositedFen === sum.toString()),
    ).length;
    if (done === want.size || Date.now() > deadline) return { done, funds: want.size };
    await sleep(2_000);
  }
}

/** Polls every bank's loans until each accepted default's loan is COMPENSATED; how many are. */
async function waitLoansCompensated(world: World, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let compensated = 0;
    for (const bankId of world.banks) {
      const listed = await world.api
        .all<{ loanId: string; status: string }>(
          world.bankKeys.get(bankId) as string,
          '/loans',
          500,
        )
        .catch(() => []);
      compensated += listed.filter(
        (l) => world.accepted.defaults.has(l.loanId) && l.status === 'COMPENSATED',
      ).length;
    }
    if (compensated === world.accepted.defaults.size || Date.now() > deadline) return compensated;
    await sleep(2_000);
  }
}

/** Resolves with the ms from `since` until `url` answers ready (polling every 100 ms). */
async function waitServed(url: string, since: number): Promise<number> {
  for (;;) {
    try {
      const response = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(5_000) });
      if (response.ok) return Date.now() - since;
    } catch {
      // not served yet
    }
    await sleep(100);
  }
}

interface ClaimView {
  claimId: string;
  loanId: string;
  bankId: string;
  status: string;
  basisFen: string;
  poolFen: string;
  bankShareFen: string;
  shares: Array<{ fundId: string; shareFen: string; paidFen: string }>;
}
interface PayoutView {
  claimId: string;
  loanId: string;
  fundId: string;
  amountFen: string;
  status: string;
}
interface LoanView {
  loanId: string;
  bankReference: string;
  status: string;
}
interface EntryRecord {
  type: string;
  seq: string;
  eventType: string;
  kind: string;
  loanId?: string;
  postings: Array<{ account: string; side: string; amountFen: string }>;
}

/**
 * Where an accepted deposit the ledger lacks got to: its row in pool-allocation, its outbox event
 * (published or not), and whether the ledger consumed, parked or refused that event.
 */
async function traceDeposit(databaseUrl: string, depositId: string | undefined): Promise<string> {
  if (depositId === undefined) return '';
  const client = new Client({ connectionString: databaseUrl });
  try {
    await client.connect();
    const deposit = await client.query<{ created_at: Date }>(
      'SELECT created_at FROM pool_allocation.deposits WHERE deposit_id = $1',
      [depositId],
    );
    const outbox = await client.query<{ event_id: string; published_at: Date | null }>(
      `SELECT event_id, published_at FROM pool_allocation.outbox
       WHERE topic = $1 AND payload LIKE '%' || $2 || '%'`,
      [Topics.fundDeposited, depositId],
    );
    const eventId = outbox.rows[0]?.event_id;
    const facts = [
      `pool-allocation row ${deposit.rows[0]?.created_at.toISOString() ?? 'absent'}`,
      `outbox ${eventId === undefined ? 'absent' : `${eventId} published ${outbox.rows[0]?.published_at?.toISOString() ?? 'no'}`}`,
    ];
    if (eventId !== undefined) {
      const consumed = await client.query<{ batch_seq: string; kafka_offset: string }>(
        'SELECT batch_seq, kafka_offset FROM ledger.consumption_log WHERE event_id = $1',
        [eventId],
      );
      const outcome = await client.query<{
        outcome: string;
        first_seq: string | null;
        reason: string | null;
      }>(
        `SELECT o.outcome, o.first_seq, e.reason FROM ledger.event_outcomes o
         LEFT JOIN ledger.events e USING (event_id) WHERE o.event_id = $1`,
        [eventId],
      );
      const parked = await client.query('SELECT 1 FROM ledger.parked_events WHERE event_id = $1', [
        eventId,
      ]);
      facts.push(
        `ledger consumed ${consumed.rows.map((r) => `batch ${r.batch_seq} offset ${r.kafka_offset}`).join(', ') || 'never'}`,
        `ledger outcome ${outcome.rows.map((r) => `${r.outcome} at ${r.first_seq ?? '-'} ${r.reason ?? ''}`).join(', ') || 'none'}`,
        `parked ${parked.rowCount ?? 0}`,
      );
    }
    return `; ${facts.join('; ')}`;
  } catch (error) {
    return `; trace failed: ${String(error)}`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Compares the system with the accepted requests; returns every difference found. */
export async function checkEffects(
  world: World,
  workDir: string,
  subsidy: SubsidyLog,
  /** The system's database, to trace an accepted deposit the ledger lacks. */
  databaseUrl?: string,
): Promise<{ problems: string[]; checks: number; subsidy: SubsidyCounts }> {
  const { api, accepted } = world;
  const problems: string[] = [];
  let checks = 0;
  const check = (ok: boolean, problem: () => string) => {
    checks += 1;
    if (!ok && problems.length < 200) problems.push(problem());
  };

  // Loans: each accepted registration exactly once, per bank, and nothing else.
  const loanById = new Map<string, LoanRecord>();
  for (const loan of accepted.loans.values()) loanById.set(loan.loanId, loan);
  for (const bankId of world.banks) {
    const listed = await api.all<LoanView>(world.bankKeys.get(bankId) as string, '/loans', 500);
    const byRef = new Map<string, number>();
    for (const l of listed) byRef.set(l.bankReference, (byRef.get(l.bankReference) ?? 0) + 1);
    const expected = [...accepted.loans.values()].filter((l) => l.bankId === bankId);
    for (const loan of expected)
      check(
        byRef.get(loan.bankReference) === 1,
        () => `loan ${loan.bankReference}: ${byRef.get(loan.bankReference) ?? 0} times, want 1`,
      );
    check(
      listed.length === expected.length,
      () => `bank ${bankId}: ${listed.length} loans listed, ${expected.length} accepted`,
    );
    for (const l of listed) {
      const defaulted = accepted.defaults.has(l.loanId);
      check(
        l.status === (defaulted ? 'COMPENSATED' : 'REGISTERED'),
        () => `loan ${l.loanId} is ${l.status}, want ${defaulted ? 'COMPENSATED' : 'REGISTERED'}`,
      );
    }
  }

  // Claims: one per accepted default, recomputed independently.
  const claims = await api.all<ClaimView>(world.regulatorKey, '/claims', 200);
  const claimsByLoan = new Map<string, ClaimView[]>();
  for (const c of claims) claimsByLoan.set(c.loanId, [...(claimsByLoan.get(c.loanId) ?? []), c]);
  check(
    claims.length === accepted.defaults.size,
    () => `${claims.length} claims, ${accepted.defaults.size} defaults accepted`,
  );
  const economic = economicTerms(world.policy);
  const procedural = proceduralTerms(world.policy);
  const expectedShare = new Map<string, bigint>(); // claimId|fundId → share
  const paidOutByFund = new Map<string, bigint>();
  const poolByLoan = new Map<string, bigint>();
  for (const [loanId, record] of accepted.defaults) {
    const found = claimsByLoan.get(loanId) ?? [];
    check(found.length === 1, () => `loan ${loanId}: ${found.length} claims, want 1`);
    const claim = found[0];
    const want = allocateClaim({
      basisFen: record.outstandingFen,
      originalPrincipalFen: record.loan.principalFen,
      flags: [],
      townCode: record.loan.townCode,
      economic,
      procedural,
      bankPoolUsedThisYearFen: 0n,
    });
    poolByLoan.set(loanId, want.poolFen);
    for (const s of want.fundShares)
      paidOutByFund.set(s.fundId, (paidOutByFund.get(s.fundId) ?? 0n) + s.shareFen);
    if (claim === undefined) continue;
    check(claim.status === 'APPROVED', () => `claim ${claim.claimId} is ${claim.status}`);
    check(
      claim.poolFen === want.poolFen.toString() &&
        claim.bankShareFen === want.bankShareFen.toString() &&
        claim.basisFen === want.basisFen.toString(),
      () =>
        `claim ${claim.claimId}: pool ${claim.poolFen} bank ${claim.bankShareFen}, recomputed ${want.poolFen} ${want.bankShareFen}`,
    );
    for (const s of want.fundShares) {
      expectedShare.set(`${claim.claimId}|${s.fundId}`, s.shareFen);
      const got = claim.shares.find((x) => x.fundId === s.fundId);
      check(
        got?.shareFen === s.shareFen.toString() && got.paidFen === s.shareFen.toString(),
        () =>
          `claim ${claim.claimId} ${s.fundId}: share ${got?.shareFen} paid ${got?.paidFen}, want ${s.shareFen}`,
      );
    }
  }
  for (const c of claims)
    check(accepted.defaults.has(c.loanId), () => `claim ${c.claimId} of a loan never defaulted`);

  // Payouts: one PAID per claim and fund, of its share.
  const payouts = await api.all<PayoutView>(world.regulatorKey, '/payouts', 500);
  const payoutsByKey = new Map<string, PayoutView[]>();
  for (const p of payouts)
    payoutsByKey.set(`${p.claimId}|${p.fundId}`, [
      ...(payoutsByKey.get(`${p.claimId}|${p.fundId}`) ?? []),
      p,
    ]);
  for (const [key, share] of expectedShare) {
    const list = payoutsByKey.get(key) ?? [];
    check(
      list.length === (share > 0n ? 1 : 0),
      () => `payout ${key}: ${list.length} payouts, want ${share > 0n ? 1 : 0}`,
    );
    for (const p of list)
      check(
        p.status === 'PAID' && p.amountFen === share.toString(),
        () => `payout ${key}: ${p.status} ${p.amountFen}, want PAID ${share}`,
      );
  }
  check(
    payouts.length === [...expectedShare.values()].filter((s) => s > 0n).length,
    () =>
      `${payouts.length} payouts, want ${[...expectedShare.values()].filter((s) => s > 0n).length}`,
  );

  // The ledger export: entries per default and per deposit.
  const dir = fs.mkdtempSync(path.join(workDir, 'chaos-verify-'));
  const exportFile = path.join(dir, 'ledger-export.jsonl');
  const keyFile = path.join(dir, 'ledger-key.pem');
  // The export streams from whichever ledger instance writes (a takeover may still be settling).
  let response: Response | undefined;
  for (const deadline = Date.now() + 180_000; ;) {
    response = await fetch(`${api.baseUrl}/api/v1/ledger/export`, {
      headers: { authorization: `Bearer ${world.regulatorKey}` },
    }).catch(() => undefined);
    if ((response !== undefined && response.status < 500) || Date.now() > deadline) break;
    await sleep(1_000);
  }
  check(response?.status === 200, () => `ledger export: ${response?.status ?? 'no answer'}`);
  fs.writeFileSync(
    exportFile,
    response?.status === 200 ? Buffer.from(await response.arrayBuffer()) : '',
  );
  const records = fs
    .readFileSync(exportFile, 'utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  const entries = records.filter((r) => r['type'] === 'entry') as unknown as EntryRecord[];
  const entriesByLoan = new Map<string, EntryRecord[]>();
  const deposits = new Map<string, { count: number; sum: bigint }>();
  /** `fundId amountFen` of each deposit entry, to name an accepted deposit the ledger lacks. */
  const depositEntries: string[] = [];
  for (const e of entries) {
    // The interest subsidy's entries (on ballast loans) are checked by checkSubsidyEffects.
    if (isSubsidyEntry(e)) continue;
    // A default's money entries; the loan book's memo entries (ADR 0019) move no money.
    if (e.loanId && !isMemoEntry(e))
      entriesByLoan.set(e.loanId, [...(entriesByLoan.get(e.loanId) ?? []), e]);
    if (e.eventType === Topics.fundDeposited) {
      const credit = e.postings.find((p) => p.account.endsWith(':available'));
      const fundId = credit?.account.slice('fund:'.length, -':available'.length) ?? '?';
      const d = deposits.get(fundId) ?? { count: 0, sum: 0n };
      deposits.set(fundId, { count: d.count + 1, sum: d.sum + BigInt(credit?.amountFen ?? 0) });
      depositEntries.push(`${fundId} ${credit?.amountFen ?? 0}`);
    }
  }
  for (const [loanId, record] of accepted.defaults) {
    const list = entriesByLoan.get(loanId) ?? [];
    const byType = (part: string) => list.filter((e) => e.eventType.includes(part)).length;
    check(
      list.length === ENTRIES_PER_DEFAULT &&
        byType('hold-placed') === 2 &&
        byType('claim-approved') === 1 &&
        byType('payout-completed') === 4,
      () =>
        `ledger, loan ${loanId}: ${list.length} entries (${list.map((e) => `${e.eventType}/${e.kind}`).join(', ')}), want 2 holds, 1 approval, 4 payout entries`,
    );
    const compensated = list
      .flatMap((e) => e.postings)
      .filter((p) => p.account === `bank:${record.loan.bankId}:compensation-received`)
      .reduce((sum, p) => sum + BigInt(p.amountFen), 0n);
    check(
      compensated === poolByLoan.get(loanId),
      () =>
        `ledger, loan ${loanId}: ${compensated} paid to the bank, want ${poolByLoan.get(loanId)}`,
    );
  }
  for (const loanId of entriesByLoan.keys())
    check(
      accepted.defaults.has(loanId),
      () => `ledger entries for loan ${loanId}, never defaulted`,
    );
  const depositedByFund = depositsByFund(accepted.deposits);
  for (const d of accepted.deposits) {
    const at = depositEntries.indexOf(`${d.fundId} ${d.amountFen}`);
    if (at >= 0) {
      depositEntries.splice(at, 1);
      continue;
    }
    const trace = databaseUrl === undefined ? '' : await traceDeposit(databaseUrl, d.depositId);
    check(
      false,
      () =>
        `ledger: no entry for deposit ${d.depositId ?? '?'} (${d.fundId}, ${d.amountFen} fen), ` +
        `answered at ${new Date(d.answeredAt).toISOString()} after ${d.attempts} attempts${trace}`,
    );
  }
  for (const fundId of new Set([...depositedByFund.keys(), ...deposits.keys()])) {
    const want = depositedByFund.get(fundId) ?? { count: 0, sum: 0n };
    const got = deposits.get(fundId) ?? { count: 0, sum: 0n };
    check(
      want.count === got.count && want.sum === got.sum,
      () =>
        `ledger, ${fundId}: ${got.count} deposits of ${got.sum}, want ${want.count} of ${want.sum}`,
    );
  }

  // Fund balances against the recomputation.
  const report = await api.expect<{
    items: Array<{
      fundId: string;
      depositedFen: string;
      availableFen: string;
      heldFen: string;
      paidOutFen: string;
    }>;
  }>(200, world.regulatorKey, 'GET', '/reports/funds');
  for (const fundId of ['CITY', ...world.towns.map((t) => `TOWN:${t}`)]) {
    const row = report.items.find((r) => r.fundId === fundId);
    const deposited = depositedByFund.get(fundId)?.sum ?? 0n;
    const paid = paidOutByFund.get(fundId) ?? 0n;
    const want = {
      depositedFen: deposited.toString(),
      availableFen: (deposited - paid).toString(),
      heldFen: '0',
      paidOutFen: paid.toString(),
    };
    check(
      row !== undefined &&
        row.depositedFen === want.depositedFen &&
        row.availableFen === want.availableFen &&
        row.heldFen === want.heldFen &&
        row.paidOutFen === want.paidOutFen,
      () => `fund ${fundId}: ${JSON.stringify(row)}, recomputed ${JSON.stringify(want)}`,
    );
  }

  // The subsidy's problems apart (and first), so a flood of others cannot hide them.
  const subsidyProblems: string[] = [];
  const subsidyCounts = await checkSubsidyEffects(world, subsidy, records, (ok, problem) => {
    checks += 1;
    if (!ok && subsidyProblems.length < 50) subsidyProblems.push(problem());
  });

  // verify, offline, with only the public key (it recomputes every interest subsidy grant too).
  const key = await api.expect<{ publicKeyPem: string }>(
    200,
    world.regulatorKey,
    'GET',
    '/ledger/public-key',
  );
  fs.writeFileSync(keyFile, key.publicKeyPem);
  const run = await runVerifyCli(exportFile, keyFile);
  const verified = { ok: run.exitedOk && /"ok":\s*true/.test(run.stdout), out: run.stdout };
  check(verified.ok, () => `verify failed: ${verified.out.slice(0, 1000)}`);
  check(entries.length > 0, () => 'the ledger export has no entries');
  return { problems: [...subsidyProblems, ...problems], checks, subsidy: subsidyCounts };
}

export type { Answer };
