// Ledger service benchmark: postings per second through the running service (Kafka in, one
// PostgreSQL transaction per batch of LEDGER_BATCH_MAX events, canonical bytes, leaf and chain
// hashes, Merkle tree, balances, holds, a signed checkpoint every 1,000 entries or 10 s).
//
//   TS_NODE_PROJECT=tsconfig.spec.json node -r ./scripts/register-aliases.js \
//     -r ts-node/register/transpile-only bench/ledger-service.bench.ts
//
// Starts its own broker and database (libs/testing) unless KAFKA_BROKERS / DATABASE_URL are set.
// Env: LEDGER_BENCH_EVENTS (events per phase, default 20000), LEDGER_BENCH_BATCH (default 1000).
// Four phases, each produced after the previous one is booked (topics are not ordered among each
// other): deposits; holds; payouts of half the holds and releases of the other half; recovery
// shares and their remittances. Writes bench/results/ledger-service.json.
import 'reflect-metadata';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createEvent, envelopeToWire, OutgoingEvent, Topics, uuidv7 } from '@riskpool/contracts';
import { createKafka, EventProducer, silentLogger } from '@riskpool/kafka';
import { startService } from '@riskpool/service-kit';
import {
  ensureLedgerKeyFile,
  createDatabase,
  createTopics,
  dropDatabase,
  ensurePostgres,
  freePorts,
  identityKeyEnv,
  identitySigningEnv,
  startKafkaBroker,
  REPO_ROOT,
} from '@riskpool/testing';
import { LEDGER_TOPICS } from '../services/ledger/src/journal/ledger-batch.consumer';
import { LedgerWriter } from '../services/ledger/src/journal/ledger-writer';
import { ledgerDefinition } from '../services/ledger/src/ledger.service-definition';

const EVENTS = Number(process.env['LEDGER_BENCH_EVENTS'] ?? 20_000);
const BATCH = Number(process.env['LEDGER_BENCH_BATCH'] ?? 1000);
const FUNDS = ['CITY', 'TOWN:XIAOLAN', 'TOWN:TORCH', 'TOWN:GUZHEN'];
const BANKS = ['B1', 'B2', 'B3'];
const T = new Date().toISOString();

function log(message: string): void {
  process.stdout.write(`${new Date().toISOString()} ${message}\n`);
}

function claimOf(i: number) {
  const fundId = FUNDS[i % FUNDS.length] as string;
  const bankId = BANKS[i % BANKS.length] as string;
  return { claimId: `C${i}`, loanId: `L${i}`, fundId, bankId, holdId: `C${i}:${fundId}` };
}

function phases(n: number): Array<{ name: string; events: OutgoingEvent[] }> {
  const deposits: OutgoingEvent[] = [];
  const claims: OutgoingEvent[] = [];
  const holds: OutgoingEvent[] = [];
  const resolutions: OutgoingEvent[] = [];
  const recoveries: OutgoingEvent[] = [];
  for (let i = 0; i < n; i++) {
    const fundId = FUNDS[i % FUNDS.length] as string;
    deposits.push(
      createEvent({
        topic: Topics.fundDeposited,
        source: 'bench',
        subject: fundId,
        data: {
          depositId: `dep-${i}`,
          fundId,
          amountFen: '1000000',
          depositedBy: 'bench',
          depositedAt: T,
          availableAfterFen: '0',
        },
      }),
    );
    const c = claimOf(i);
    claims.push(
      createEvent({
        topic: Topics.claimOpened,
        source: 'bench',
        subject: c.loanId,
        data: {
          claimId: c.claimId,
          loanId: c.loanId,
          bankId: c.bankId,
          defaultId: `D${i}`,
          townCode: 'XIAOLAN',
          status: 'OPEN',
          openedOn: '2026-03-01',
          basisFen: '30000',
          rateBp: 4500,
          poolFen: '10000',
          capsApplied: [],
          shares: [{ fundId: c.fundId, shareFen: '10000', heldFen: '10000', queuedFen: '0' }],
          bankShareFen: '20000',
          economicPolicyVersionId: 'P1',
          proceduralPolicyVersionId: 'P1',
        },
      }),
    );
    holds.push(
      createEvent({
        topic: Topics.holdPlaced,
        source: 'bench',
        subject: c.loanId,
        data: {
          holdId: c.holdId,
          fundId: c.fundId,
          claimId: c.claimId,
          loanId: c.loanId,
          amountFen: '10000',
          cause: 'CLAIM_OPENED',
          placedAt: T,
        },
      }),
    );
    resolutions.push(
      i % 2 === 0
        ? createEvent({
            topic: Topics.payoutCompleted,
            source: 'bench',
            subject: c.loanId,
            data: {
              payoutId: `p${i}`,
              claimId: c.claimId,
              loanId: c.loanId,
              defaultId: `D${i}`,
              bankId: c.bankId,
              fundId: c.fundId,
              amountFen: i % 4 === 0 ? '10000' : '7000',
              rail: 'SIMULATED',
              railReference: 'bench',
              attempts: 1,
              completedAt: T,
            },
          })
        : createEvent({
            topic: Topics.holdReleased,
            source: 'bench',
            subject: c.loanId,
            data: {
              holdId: c.holdId,
              fundId: c.fundId,
              claimId: c.claimId,
              loanId: c.loanId,
              amountFen: '10000',
              reason: 'CLAIM_DENIED',
              releasedAt: T,
            },
          }),
    );
    recoveries.push(
      i % 2 === 0
        ? createEvent({
            topic: Topics.recoveryShared,
            source: 'bench',
            subject: c.loanId,
            data: {
              recoveryId: `r${i}`,
              claimId: c.claimId,
              loanId: c.loanId,
              bankId: c.bankId,
              cumulativeNetFen: '3000',
              owed: [
                { fundId: 'CITY', cumulativeOwedFen: '1000', changeFen: '1000' },
                {
                  fundId: c.fundId === 'CITY' ? 'TOWN:TORCH' : c.fundId,
                  cumulativeOwedFen: '1000',
                  changeFen: '1000',
                },
              ],
              bankPartFen: '1000',
              dueOn: '2026-04-01',
              policyVersionId: 'P1',
            },
          })
        : createEvent({
            topic: Topics.remittanceReceived,
            source: 'bench',
            subject: c.bankId,
            data: {
              remittanceId: `m${i}`,
              bankId: c.bankId,
              fundId: 'CITY',
              amountFen: '1000',
              matched: [
                {
                  recoveryId: `r${i - 1}`,
                  claimId: `C${i - 1}`,
                  loanId: `L${i - 1}`,
                  amountFen: '1000',
                },
              ],
              overpaidFen: '0',
              receivedOn: '2026-03-03',
            },
          }),
    );
  }
  return [
    { name: 'deposits', events: deposits },
    // Claims go to the audit trail (no postings); holds wait for their claim, so they come first.
    { name: 'claims (audit trail, not counted)', events: claims },
    { name: 'holds', events: holds },
    { name: 'payouts-and-releases', events: resolutions },
    { name: 'recoveries-and-remittances', events: recoveries },
  ];
}

async function main(): Promise<void> {
  const cleanups: Array<() => Promise<void>> = [];
  try {
    let brokers = process.env['KAFKA_BROKERS']?.split(',');
    if (brokers === undefined) {
      log('starting a Kafka broker');
      const runDir = path.join(REPO_ROOT, 'tmp', `bench-kafka-${process.pid}`);
      const broker = await startKafkaBroker({ runDir });
      cleanups.push(async () => {
        await broker.stop();
        rmSync(runDir, { recursive: true, force: true });
      });
      brokers = broker.brokers;
      Object.assign(process.env, broker.kafkaEnvOf('admin'));
    }
    let databaseUrl = process.env['DATABASE_URL'];
    const schema = `ledger_bench_${process.pid}`;
    if (databaseUrl === undefined) {
      const pg = await ensurePostgres();
      cleanups.push(() => pg.stop());
      const name = `riskpool_ledger_bench_${process.pid}`;
      databaseUrl = await createDatabase(pg.url, name);
      cleanups.push(() => dropDatabase(pg.url, name));
    }
    await createTopics({
      brokers,
      topics: [...LEDGER_TOPICS, Topics.ledgerEntryPosted, Topics.ledgerCheckpointSigned],
    });
    const [port] = await freePorts(1);
    const group = `ledger-bench-${uuidv7()}`;
    const service = await startService(ledgerDefinition({ name: group, schema }), {
      DATABASE_URL: databaseUrl,
      KAFKA_BROKERS: brokers.join(','),
      PORT: String(port),
      LOG_LEVEL: 'warn',
      RISKPOOL_MODE: 'test',
      // The test gateway's public key and the test ledger's identity key, as every service
      // under test is given them (no secret has a default).
      ...identityKeyEnv(),
      LEDGER_IDENTITY_PRIVATE_KEY_PEM:
        identitySigningEnv()['LEDGER_IDENTITY_PRIVATE_KEY_PEM'] ?? '',
      LEDGER_CONSUMER_GROUP: group,
      LEDGER_BATCH_MAX: String(BATCH),
      LEDGER_CHECKPOINT_EVERY: '1000',
      LEDGER_CHECKPOINT_SECONDS: '10',
      LEDGER_SIGNING_KEY_FILE: ensureLedgerKeyFile(
        mkdtempSync(path.join(os.tmpdir(), 'ledger-bench-')),
      ).file,
    });
    cleanups.unshift(() => service.stop());
    const writer = service.app.get(LedgerWriter);
    const producer = new EventProducer(
      createKafka({ brokers, clientId: 'ledger-bench', logger: silentLogger }),
    );
    await producer.connect();
    cleanups.unshift(() => producer.disconnect());

    const results: Array<Record<string, unknown>> = [];
    let totalPostings = 0;
    let totalMs = 0;
    let totalApplyMs = 0;
    for (const phase of phases(EVENTS)) {
      // The ledger consumes while the phase is produced: wall time covers both; writer time is
      // the sum of its batch transactions (plan, hash, write, commit, checkpoints).
      const before = { ...writer.stats };
      const t0 = performance.now();
      for (let i = 0; i < phase.events.length; i += 2000) {
        await producer.send(
          phase.events
            .slice(i, i + 2000)
            .map((e) => ({ topic: e.topic, ...envelopeToWire(e.envelope) })),
        );
      }
      const produced = performance.now();
      const deadline = Date.now() + 600_000;
      while (writer.stats.events - before.events < phase.events.length) {
        if (Date.now() > deadline) throw new Error(`phase ${phase.name} did not finish`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const done = performance.now();
      const postings = writer.stats.postings - before.postings;
      const applyMs = writer.stats.applyMs - before.applyMs;
      const ms = done - t0;
      if (postings > 0) {
        totalPostings += postings;
        totalMs += ms;
        totalApplyMs += applyMs;
      }
      const row = {
        phase: phase.name,
        events: phase.events.length,
        entries: writer.stats.entries - before.entries,
        postings,
        batches: writer.stats.batches - before.batches,
        produceMs: Math.round(produced - t0),
        wallMs: Math.round(ms),
        writerMs: Math.round(applyMs),
        postingsPerSecondWall: Math.round((postings / ms) * 1000),
        postingsPerSecondWriter: Math.round((postings / applyMs) * 1000),
      };
      results.push(row);
      log(JSON.stringify(row));
    }
    const state = writer.ledgerState;
    const summary = {
      benchmark: 'ledger-service',
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, loadavg: os.loadavg() },
      batchSize: BATCH,
      eventsPerPhase: EVENTS,
      checkpointEvery: 1000,
      treeSize: state.size.toString(),
      checkpoints: writer.stats.checkpoints,
      parked: writer.parkedCount,
      invariantViolations: state.invariantViolations().length,
      postings: totalPostings,
      postingsPerSecondWall: Math.round((totalPostings / totalMs) * 1000),
      postingsPerSecondWriter: Math.round((totalPostings / totalApplyMs) * 1000),
      writerStageMs: Object.fromEntries(
        Object.entries(writer.stats.stageMs).map(([k, v]) => [k, Math.round(v)]),
      ),
      phases: results,
    };
    mkdirSync(path.join(REPO_ROOT, 'bench', 'results'), { recursive: true });
    writeFileSync(
      path.join(REPO_ROOT, 'bench', 'results', 'ledger-service.json'),
      `${JSON.stringify(summary, null, 2)}\n`,
    );
    log(JSON.stringify({ ...summary, phases: undefined }));
  } finally {
    for (const cleanup of cleanups)
      await cleanup().catch((e: unknown) => log(`cleanup: ${String(e)}`));
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  },
);
