// Ledger core benchmark: (a) LedgerState append rate with hashing, chaining and a signed
// checkpoint every batch; (b) offline verifyExport rate over the JSON-lines export it produced.
//
//   TS_NODE_PROJECT=tsconfig.base.json node -r ts-node/register/transpile-only bench/ledger-verify.bench.ts
//
// Env: LEDGER_BENCH_ENTRIES (default 1000000), LEDGER_BENCH_BATCH (default 1000; a checkpoint is
// signed after every batch). Writes bench/results/ledger-core.json.
import {
  closeSync,
  createReadStream,
  mkdirSync,
  openSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import {
  type EntryDraft,
  ExportVerifier,
  type LedgerEvent,
  LedgerState,
  type Posting,
  bankAccount,
  createCheckpointSigner,
  defaultVerifyWorkers,
  exportCheckpointRecord,
  exportEntryRecord,
  exportHeaderRecord,
  exportLine,
  fundAccount,
  generateSigningKeyPair,
  verifyExportFile,
} from '../libs/ledger-core/src';

const ENTRIES = positiveInt(process.env['LEDGER_BENCH_ENTRIES'], 1_000_000);
const BATCH = positiveInt(process.env['LEDGER_BENCH_BATCH'], 1_000);
const FUNDS = ['CITY', 'TOWN:XIAOLAN', 'TOWN:TORCH', 'TOWN:GUZHEN'] as const;
const BANKS = ['B1', 'B2', 'B3'] as const;
const OCCURRED_AT = '2026-01-10T08:00:00.000Z';
const CYCLE = 8;

function positiveInt(value: string | undefined, fallback: number): number {
  const n = value === undefined ? fallback : Number(value);
  if (!Number.isSafeInteger(n) || n <= 0) {
    throw new Error(`expected a positive integer, got ${value}`);
  }
  return n;
}

function posting(account: string, side: Posting['side'], amountFen: bigint): Posting {
  return { account, side, amountFen };
}

/**
 * Event `i` (0-based; its entry gets seq i + 1) of a repeating cycle of eight per fund and bank:
 * deposit, two holds, one hold posted in part (the rest released), the other voided, a recovery
 * owed, its remittance (four postings), a small deposit. Every event is valid.
 */
function eventAt(i: number): LedgerEvent {
  const cycle = Math.floor(i / CYCLE);
  const fundId = FUNDS[cycle % FUNDS.length] as string;
  const bankId = BANKS[cycle % BANKS.length] as string;
  const available = fundAccount(fundId, 'available');
  const compensation = bankAccount(bankId, 'compensation-received');
  const hold = (amountFen: bigint): Posting[] => [
    posting(available, 'DEBIT', amountFen),
    posting(compensation, 'CREDIT', amountFen),
  ];
  const firstSeq = BigInt(cycle * CYCLE + 1);
  const claimId = `claim-${cycle}`;
  const loanId = `loan-${cycle}`;
  let draft: EntryDraft;
  let eventType: string;
  switch (i % CYCLE) {
    case 0:
      eventType = 'pool.fund-deposited.v1';
      draft = {
        kind: 'POST',
        postings: [
          posting(fundAccount(fundId, 'contributions'), 'DEBIT', 1_000_000n),
          posting(available, 'CREDIT', 1_000_000n),
        ],
      };
      break;
    case 1:
      eventType = 'pool.hold-placed.v1';
      draft = {
        kind: 'PENDING',
        claimId,
        loanId,
        policyVersion: 'default-v1',
        postings: hold(300_000n),
      };
      break;
    case 2:
      eventType = 'pool.hold-placed.v1';
      draft = {
        kind: 'PENDING',
        claimId,
        loanId,
        policyVersion: 'default-v1',
        postings: hold(200_000n),
      };
      break;
    case 3:
      eventType = 'settlement.payout-completed.v1';
      draft = {
        kind: 'POST_PENDING',
        pendingEntrySeq: firstSeq + 1n,
        claimId,
        loanId,
        postings: hold(250_000n),
      };
      break;
    case 4:
      eventType = 'pool.hold-released.v1';
      draft = {
        kind: 'VOID_PENDING',
        pendingEntrySeq: firstSeq + 2n,
        claimId,
        loanId,
        postings: hold(200_000n),
      };
      break;
    case 5:
      eventType = 'pool.recovery-shared.v1';
      draft = {
        kind: 'POST',
        loanId,
        postings: [
          posting(bankAccount(bankId, 'recoveries-owed'), 'DEBIT', 10_000n),
          posting(fundAccount(fundId, 'recoveries-owed'), 'CREDIT', 10_000n),
        ],
      };
      break;
    case 6:
      eventType = 'settlement.remittance-received.v1';
      draft = {
        kind: 'POST',
        loanId,
        postings: [
          posting(fundAccount(fundId, 'recoveries-owed'), 'DEBIT', 10_000n),
          posting(available, 'CREDIT', 10_000n),
          posting(bankAccount(bankId, 'recoveries-remitted'), 'DEBIT', 10_000n),
          posting(bankAccount(bankId, 'recoveries-owed'), 'CREDIT', 10_000n),
        ],
      };
      break;
    default:
      eventType = 'pool.fund-deposited.v1';
      draft = {
        kind: 'POST',
        postings: [
          posting(fundAccount(fundId, 'contributions'), 'DEBIT', 500n),
          posting(available, 'CREDIT', 500n),
        ],
      };
  }
  return { eventId: `bench-${i}`, eventType, occurredAt: OCCURRED_AT, entries: [draft] };
}

function seconds(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e9;
}

function rate(count: number, secs: number): number {
  return Math.round(count / secs);
}

let peakRssBytes = 0;
function sampleMemory(): void {
  peakRssBytes = Math.max(peakRssBytes, process.memoryUsage().rss);
}

async function main(): Promise<void> {
  const loadAtStart = os.loadavg()[0];
  const keys = generateSigningKeyPair();
  const signer = createCheckpointSigner(keys.privateKeyPem);
  const exportFile = path.join(os.tmpdir(), `ledger-verify-bench-${process.pid}.jsonl`);
  console.log(`ledger-core bench: ${ENTRIES} entries, batches of ${BATCH}, a checkpoint per batch`);
  console.log(`export file: ${exportFile}`);

  // (a) Append: build events (untimed), apply the batch and sign a checkpoint (timed), write the
  // export lines (untimed).
  const state = new LedgerState();
  const fd = openSync(exportFile, 'w');
  writeSync(fd, exportLine(exportHeaderRecord(new Date().toISOString())));
  let appendNs = 0n;
  let appendCpuMicros = 0;
  let postings = 0;
  let checkpoints = 0;
  let previousSize = 0n;
  const wallStart = process.hrtime.bigint();
  for (let start = 0; start < ENTRIES; start += BATCH) {
    const events: LedgerEvent[] = [];
    for (let i = start; i < Math.min(start + BATCH, ENTRIES); i++) {
      events.push(eventAt(i));
    }
    const t = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    const result = state.applyBatch(events);
    const checkpoint = state.checkpoint(signer);
    appendNs += process.hrtime.bigint() - t;
    appendCpuMicros += cpuMicrosSince(cpu);
    checkpoints++;
    const rejected = result.outcomes.find((o) => o.status !== 'APPLIED');
    if (rejected !== undefined) {
      throw new Error(
        `bench event not applied: ${JSON.stringify(rejected, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}`,
      );
    }
    let chunk = '';
    for (const appended of result.appended) {
      postings += appended.entry.postings.length;
      chunk += exportLine(exportEntryRecord(appended));
    }
    chunk += exportLine(
      exportCheckpointRecord(checkpoint, state.consistencyProof(previousSize, checkpoint.treeSize)),
    );
    writeSync(fd, chunk);
    previousSize = checkpoint.treeSize;
    if ((start + BATCH) % 100_000 === 0) {
      sampleMemory();
      const secs = Number(appendNs) / 1e9;
      console.log(`  append ${start + BATCH}: ${rate(start + BATCH, secs)} entries/s`);
    }
  }
  closeSync(fd);
  const appendSeconds = Number(appendNs) / 1e9;
  const violations = state.invariantViolations();
  if (violations.length > 0) {
    throw new Error(`invariants broken: ${violations.join('; ')}`);
  }
  const exportBytes = statSync(exportFile).size;
  const appendCpuSeconds = appendCpuMicros / 1e6;
  console.log(
    `append: ${rate(ENTRIES, appendSeconds)} entries/s, ${rate(postings, appendSeconds)} postings/s ` +
      `(${appendSeconds.toFixed(2)} s timed, ${seconds(wallStart).toFixed(2)} s with export writing; ` +
      `${rate(ENTRIES, appendCpuSeconds)} entries per CPU-second)`,
  );

  // (b) Verify: read and parse lines (timed separately), push records to the verifier (timed).
  const verifier = new ExportVerifier(keys.publicKeyPem);
  const lines = createInterface({ input: createReadStream(exportFile), crlfDelay: Infinity });
  let parseNs = 0n;
  let verifyNs = 0n;
  let verifyCpuMicros = 0;
  let records = 0;
  let pending: string[] = [];
  const verifyStart = process.hrtime.bigint();
  const flush = (): void => {
    let t = process.hrtime.bigint();
    const parsed = pending.map((line) => JSON.parse(line) as unknown);
    parseNs += process.hrtime.bigint() - t;
    t = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    for (const record of parsed) {
      const failure = verifier.push(record);
      if (failure !== undefined) {
        throw new Error(`verify failed: ${failure.reason} ${failure.message}`);
      }
    }
    verifyNs += process.hrtime.bigint() - t;
    verifyCpuMicros += cpuMicrosSince(cpu);
    records += pending.length;
    pending = [];
    if (records % 100_100 < 1_001) {
      sampleMemory();
      console.log(
        `  verify ${records} records: ${rate(records, Number(verifyNs) / 1e9)} records/s`,
      );
    }
  };
  for await (const line of lines) {
    pending.push(line);
    if (pending.length === BATCH + 1) {
      flush();
    }
  }
  flush();
  const result = verifier.finish();
  const verifyWallSeconds = seconds(verifyStart);
  if (!result.ok) {
    throw new Error(`verify failed: ${result.reason} ${result.message}`);
  }
  const verifySeconds = Number(verifyNs) / 1e9;
  const verifyCpuSeconds = verifyCpuMicros / 1e6;
  const parseSeconds = Number(parseNs) / 1e9;
  console.log(
    `verify: ${rate(result.entries, verifySeconds)} entries/s (verifier only, ${verifySeconds.toFixed(2)} s; ` +
      `${rate(result.entries, verifyCpuSeconds)} entries per CPU-second); ` +
      `${rate(result.entries, verifyWallSeconds)} entries/s end to end with reading and JSON.parse (${verifyWallSeconds.toFixed(2)} s)`,
  );

  // (c) The verify command's path: verifyExportFile reads the file in chunks that worker threads
  // prepare (split, parse, format, canonical bytes, leaf hash) while this thread runs the ordered
  // checks; with the default workers, with 2, and with 0 (the same code on one thread).
  const fileRuns: {
    workers: number;
    seconds: number;
    entriesPerSecond: number;
    cpuSeconds: number;
  }[] = [];
  for (const workers of [...new Set([defaultVerifyWorkers(), 2]), 0]) {
    const t = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    const fileResult = await verifyExportFile(exportFile, keys.publicKeyPem, {}, { workers });
    const secs = seconds(t);
    const cpuSecs = cpuMicrosSince(cpu) / 1e6;
    if (!fileResult.ok || fileResult.rootHash !== result.rootHash) {
      throw new Error(
        `verifyExportFile disagrees: ${JSON.stringify(fileResult, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}`,
      );
    }
    fileRuns.push({
      workers,
      seconds: round(secs),
      entriesPerSecond: rate(fileResult.entries, secs),
      cpuSeconds: round(cpuSecs),
    });
    console.log(
      `verifyExportFile (read + parse + verify), ${workers} worker(s): ${rate(fileResult.entries, secs)} entries/s ` +
        `(${secs.toFixed(2)} s, ${cpuSecs.toFixed(2)} CPU-s all threads, load ${os.loadavg()[0]?.toFixed(2)})`,
    );
  }
  rmSync(exportFile, { force: true });

  const cpus = os.cpus();
  const report = {
    benchmark: 'ledger-core',
    date: new Date().toISOString(),
    machine: {
      cpus: cpus.length,
      cpuModel: cpus[0]?.model ?? 'unknown',
      totalMemoryBytes: os.totalmem(),
      loadAverage1mAtStart: loadAtStart,
      loadAverage1mAtEnd: os.loadavg()[0],
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
    },
    parameters: { entries: ENTRIES, batchSize: BATCH, checkpointEveryEntries: BATCH, tree: 'full' },
    append: {
      timedSeconds: round(appendSeconds),
      entriesPerSecond: rate(ENTRIES, appendSeconds),
      postingsPerSecond: rate(postings, appendSeconds),
      cpuSeconds: round(appendCpuSeconds),
      entriesPerCpuSecond: rate(ENTRIES, appendCpuSeconds),
      postings,
      checkpointsSigned: checkpoints,
      note: 'LedgerState.applyBatch + checkpoint signing per batch; building events and writing the export are not timed',
    },
    verify: {
      verifierSeconds: round(verifySeconds),
      entriesPerSecond: rate(result.entries, verifySeconds),
      cpuSeconds: round(verifyCpuSeconds),
      entriesPerCpuSecond: rate(result.entries, verifyCpuSeconds),
      parseSeconds: round(parseSeconds),
      endToEndSeconds: round(verifyWallSeconds),
      endToEndEntriesPerSecond: rate(result.entries, verifyWallSeconds),
      checkpointsVerified: result.checkpoints,
      rootHash: result.rootHash,
      note: 'ExportVerifier.push over parsed records; end to end adds readline and JSON.parse of the JSON-lines file',
    },
    verifyFile: {
      runs: fileRuns,
      note: 'verifyExportFile (what `ledger:verify` runs): file read in 1 MiB chunks, prepared on worker threads, ordered checks on the main thread; end to end',
    },
    exportBytes,
    peakRssBytes,
  };
  const out = path.resolve(__dirname, 'results', 'ledger-core.json');
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`wrote ${out}`);
}

/** User + system CPU time of this process since `start`, in microseconds. */
function cpuMicrosSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return used.user + used.system;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
