// Bulk registration throughput of loan-registry: loans per second through `POST /loans/bulk`,
// counted when every loans.loan-registered.v1 event is on Kafka (read back by a consumer).
//
// Run: TS_NODE_PROJECT=tsconfig.spec.json node -r ts-node/register/transpile-only \
//        -r ./scripts/register-aliases.js bench/loan-registry.bench.ts
// Uses KAFKA_BROKERS / DATABASE_URL when set; otherwise starts its own broker and database
// through libs/testing. Optional: BENCH_BATCHES (default 3), BENCH_ROWS (rows per request,
// default 10000), BENCH_FORMAT (jsonl | csv, default jsonl). Writes bench/results/loan-registry.json.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import * as path from 'node:path';
import { Kafka } from '@riskpool/kafka/client';
import {
  createEvent,
  envelopeToWire,
  EventData,
  TopicName,
  Topics,
  uuidv7,
  policyDocumentOf,
} from '@riskpool/contracts';
import { defaultPolicy, withUsccCheckCharacter } from '@riskpool/domain';
import { createKafka, EventProducer, silentLogger } from '@riskpool/kafka';
import { startService } from '@riskpool/service-kit';
import {
  createDatabase,
  createTopics,
  dropDatabase,
  ensurePostgres,
  freePorts,
  gatewayHeaders,
  identityKeyEnv,
  KafkaBroker,
  PostgresServer,
  REPO_ROOT,
  startKafkaBroker,
} from '@riskpool/testing';
import { loanRegistryDefinition } from '../services/loan-registry/src/loan-registry.service-definition';

const BATCHES = Number(process.env['BENCH_BATCHES'] ?? '3');
const ROWS = Number(process.env['BENCH_ROWS'] ?? '10000');
const FORMAT = process.env['BENCH_FORMAT'] === 'csv' ? 'csv' : 'jsonl';
const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

let usccSeq = 0;
function row(bankRef: string): Record<string, unknown> {
  usccSeq += 1;
  const uscc = withUsccCheckCharacter(
    `91440${String(Date.now() % 1e6).padStart(6, '0')}${String(usccSeq).padStart(6, '0')}`,
  );
  return {
    bankReference: bankRef,
    enterprise: {
      uscc,
      name: `Enterprise ${usccSeq}`,
      townCode: 'XIAOLAN',
      qualifications: ['HNTE'],
    },
    principalFen: String(1_000_000 + (usccSeq % 1000) * 100),
    annualRateBp: 420,
    disbursementDate: '2026-01-10',
    maturityDate: '2028-01-10',
    flags: usccSeq % 3 === 0 ? ['IP_PLEDGE'] : [],
  };
}

function body(rows: Array<Record<string, unknown>>): { contentType: string; text: string } {
  if (FORMAT === 'jsonl')
    return {
      contentType: 'application/x-ndjson',
      text: rows.map((r) => JSON.stringify(r)).join('\n'),
    };
  const header =
    'bankReference,uscc,enterpriseName,townCode,qualifications,principalFen,annualRateBp,disbursementDate,maturityDate,flags';
  const lines = rows.map((r) => {
    const e = r['enterprise'] as {
      uscc: string;
      name: string;
      townCode: string;
      qualifications: string[];
    };
    return [
      r['bankReference'],
      e.uscc,
      e.name,
      e.townCode,
      e.qualifications.join('|'),
      r['principalFen'],
      r['annualRateBp'],
      r['disbursementDate'],
      r['maturityDate'],
      (r['flags'] as string[]).join('|'),
    ].join(',');
  });
  return { contentType: 'text/csv', text: [header, ...lines].join('\n') };
}

async function main(): Promise<void> {
  let broker: KafkaBroker | undefined;
  let postgres: PostgresServer | undefined;
  let databaseName: string | undefined;
  const id = `${Date.now()}_${process.pid}`;
  let brokers = process.env['KAFKA_BROKERS']?.split(',');
  let databaseUrl = process.env['DATABASE_URL'];
  if (brokers === undefined) {
    log('starting a Kafka broker');
    broker = await startKafkaBroker({
      runDir: path.join(REPO_ROOT, 'tmp', 'bench-kafka', `run_${id}`),
    });
    brokers = broker.brokers;
    Object.assign(process.env, broker.kafkaEnvOf('admin'));
  }
  if (databaseUrl === undefined) {
    postgres = await ensurePostgres();
    databaseName = `bench_loan_registry_${id}`;
    databaseUrl = await createDatabase(postgres.url, databaseName);
  }
  await createTopics({ brokers });
  const [port] = await freePorts(1);
  const service = await startService(loanRegistryDefinition, {
    DATABASE_URL: databaseUrl,
    KAFKA_BROKERS: brokers.join(','),
    PORT: String(port),
    ...identityKeyEnv(),
    RISKPOOL_MODE: 'test',
    LOG_LEVEL: 'warn',
  });
  const kafka: Kafka = createKafka({ brokers, clientId: 'bench', logger: silentLogger });
  const producer = new EventProducer(kafka);
  const reader = kafka.consumer({ groupId: `bench-${uuidv7()}`, maxWaitTimeInMs: 50 });
  try {
    await producer.connect();
    const send = async <T extends TopicName>(topic: T, subject: string, data: EventData<T>) => {
      const event = createEvent({ topic, source: 'bench', subject, data });
      await producer.send([{ topic, ...envelopeToWire(event.envelope) }]);
    };
    const bankId = `bench-${id}`;
    await send(Topics.policyPublished, 'BENCH-2026', {
      policy: policyDocumentOf(defaultPolicy('BENCH-2026', '2026-01-01')),
      publishedBy: 'bench',
      publishedAt: new Date().toISOString(),
    });
    const now = new Date().toISOString();
    await send(Topics.fundCreated, 'CITY', {
      fundId: 'CITY',
      name: 'City',
      kind: 'CITY',
      createdAt: now,
    });
    await send(Topics.fundCreated, 'TOWN:XIAOLAN', {
      fundId: 'TOWN:XIAOLAN',
      name: 'Xiaolan',
      kind: 'TOWN',
      townCode: 'XIAOLAN',
      createdAt: now,
    });
    await send(Topics.bankAdmitted, bankId, {
      bankId,
      name: 'Bench Bank',
      quotaFen: '900000000000000000',
      admittedAt: now,
    });
    await waitFor('the bank, funds and policy in loan-registry', async () => {
      const rows = (await service.dataSource.query(
        `SELECT (SELECT count(*) FROM "loan_registry".banks WHERE bank_id = $1 AND admitted)::int +
                (SELECT count(*) FROM "loan_registry".funds)::int +
                (SELECT count(*) FROM "loan_registry".policies WHERE version_id = 'BENCH-2026')::int AS n`,
        [bankId],
      )) as Array<{ n: number }>;
      return (rows[0]?.n ?? 0) >= 4;
    });

    let seen = 0;
    await reader.connect();
    await reader.subscribe({ topic: Topics.loanRegistered, fromBeginning: true });
    await reader.run({
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages)
          if (message.value?.includes(bankId) === true) seen += 1;
      },
    });

    const post = async (rows: Array<Record<string, unknown>>) => {
      const { contentType, text } = body(rows);
      const response = await fetch(`${service.url}/loans/bulk`, {
        method: 'POST',
        headers: {
          'content-type': contentType,
          'idempotency-key': uuidv7(),
          ...gatewayHeaders(
            {
              role: 'bank',
              scope: bankId,
              keyId: 'bench',
              businessDate: '2026-03-01',
              requestId: uuidv7(),
            },
            'loan-registry',
            'POST',
            '/loans/bulk',
            text,
          ),
        },
        body: text,
      });
      const result = (await response.json()) as { registered?: number; refused?: number };
      if (response.status !== 200 || result.registered !== rows.length)
        throw new Error(
          `bulk answered ${response.status}: ${JSON.stringify(result).slice(0, 500)}`,
        );
    };

    log('warm-up: 500 rows');
    await post(Array.from({ length: 500 }, () => row(`W-${uuidv7()}`)));
    await waitFor('the warm-up events', async () => seen >= 500);
    seen = 0;

    const total = BATCHES * ROWS;
    const payloads = Array.from({ length: BATCHES }, (_, b) =>
      Array.from({ length: ROWS }, (_x, i) => row(`B${b}-${i}-${uuidv7()}`)),
    );
    log(`measuring ${BATCHES} × ${ROWS} rows (${FORMAT})`);
    const started = process.hrtime.bigint();
    const httpMs: number[] = [];
    for (const rows of payloads) {
      const t0 = process.hrtime.bigint();
      await post(rows);
      httpMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    const httpDoneMs = Number(process.hrtime.bigint() - started) / 1e6;
    await waitFor('every loan-registered event on Kafka', async () => seen >= total, 300_000);
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    const result = {
      benchmark: 'loan-registry bulk registration (POST /loans/bulk, events on Kafka included)',
      loansPerSecond: Math.round(total / (elapsedMs / 1000)),
      loans: total,
      requests: BATCHES,
      rowsPerRequest: ROWS,
      format: FORMAT,
      elapsedMs: Math.round(elapsedMs),
      httpDoneMs: Math.round(httpDoneMs),
      httpMsPerRequest: httpMs.map((ms) => Math.round(ms)),
      eventsSeen: seen,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      node: process.version,
      at: new Date().toISOString(),
    };
    mkdirSync(path.join(REPO_ROOT, 'bench', 'results'), { recursive: true });
    writeFileSync(
      path.join(REPO_ROOT, 'bench', 'results', 'loan-registry.json'),
      `${JSON.stringify(result, null, 2)}\n`,
    );
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await reader.disconnect().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    await service.stop().catch(() => undefined);
    if (postgres !== undefined && databaseName !== undefined)
      await dropDatabase(postgres.url, databaseName).catch(() => undefined);
    await postgres?.stop().catch(() => undefined);
    await broker?.stop().catch(() => undefined);
    if (broker !== undefined) rmSync(broker.runDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
