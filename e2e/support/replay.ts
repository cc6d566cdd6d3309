// Replaying the services' projections (issue 16 item 5; docs/deploy.md "Replay"): a second
// deployment of every service but the ledger (whose replay is services/ledger's replay test) on a
// fresh database, each service in a consumer group of its own that starts at the beginning of
// every topic it reads, publishing nothing (OUTBOX_RELAY=disabled) and paying nothing
// (PAYMENT_RUNNER=disabled). Once each has read to the end of its topics, every table that the
// topics alone decide must equal the live deployment's, row for row; the tables that requests or
// timers write are named, each with the reason it cannot be rebuilt from the topics.
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { SERVICE_CONSUMES, type KafkaService } from '@riskpool/contracts';
import { createKafka } from '@riskpool/kafka';
import { schemaOfService } from '@riskpool/testing';
import { tableDigest } from './state-digest';
import { type RunningSystem, type ServiceName, startSystem } from './system';

/** The services whose projections are rebuilt. */
export const REPLAYED_SERVICES = [
  'loan-registry',
  'default-events',
  'pool-allocation',
  'settlement',
  'subsidy',
  'gateway',
] as const satisfies readonly ServiceName[];
type ReplayedService = (typeof REPLAYED_SERVICES)[number];

/** A table the topics decide, but for the columns named (each with why). */
export interface Projection {
  readonly table: string;
  readonly except?: Readonly<Record<string, string>>;
}

const OWN_DEFAULTS =
  'defaults are reported to default-events itself (requests); the claims’ events move the loan on from there';
const NEEDS_OWN_POLICY =
  'set as a default opens a claim, which needs the policy and funds that pool-allocation itself is given (requests)';
const RUNNER =
  'the payment runner’s (PAYMENT_RUNNER=disabled in the replay: it must not pay twice) and the instruction’s id, drawn when it is made';

const INTERLEAVED =
  'a number drawn in the order rows were made: a replay reads the partitions (and the live ' +
  'instances read them) in another interleaving; one loan’s events keep their order (one partition)';

const RUNNER_COLUMNS = [
  'instruction_id',
  'status',
  'attempts',
  'next_attempt_at',
  'rail',
  'rail_reference',
  'paid_at',
];

/**
 * Per service, the tables its consumers alone write: each must come out of the replay equal to
 * the live one. The service's other tables hold what it is asked to do (its requests, and its
 * timers), which no topic it reads carries; their outcomes are checked by the suites that make
 * the requests. The inbox is compared where the service applies every event it reads whatever its
 * own state (the others skip events about loans or payments they never had).
 */
export const PROJECTIONS: Readonly<Record<ReplayedService, readonly Projection[]>> = {
  'loan-registry': [
    {
      table: 'banks',
      except: { exposure_fen: 'the sum of the bank’s loans, which loan-registry itself registers' },
    },
    { table: 'funds' },
    { table: 'policies' },
  ],
  'default-events': [{ table: 'loans', except: { status: OWN_DEFAULTS } }, { table: 'policies' }],
  'pool-allocation': [
    {
      table: 'loans',
      except: { status: NEEDS_OWN_POLICY, outstanding_at_default_fen: NEEDS_OWN_POLICY },
    },
    { table: 'inbox' },
  ],
  settlement: [
    { table: 'claims' },
    { table: 'claim_shares' },
    { table: 'policies' },
    {
      table: 'payment_instructions',
      except: {
        ...Object.fromEntries(RUNNER_COLUMNS.map((column) => [column, RUNNER])),
        seq: INTERLEAVED,
      },
    },
    { table: 'subsidy_payment_parts', except: { instruction_id: RUNNER } },
    {
      table: 'owed_amounts',
      except: {
        owed_id: INTERLEAVED,
        overdue_raised_on:
          'set when a move of the business clock finds the amount due: whether the clock’s event is read before or after the recovery’s is the interleaving',
      },
    },
    { table: 'recovery_positions' },
    { table: 'inbox' },
  ],
  subsidy: [
    { table: 'loans' },
    { table: 'loan_balances', except: { seq: INTERLEAVED } },
    { table: 'default_episodes' },
    { table: 'policies' },
  ],
  gateway: [{ table: 'funds' }, { table: 'policies' }, { table: 'inbox' }],
};

/** Columns that hold when or by which consumer group a row was written, not what it says. */
const WRITE_COLUMNS = [
  'created_at',
  'updated_at',
  'processed_at',
  'known_at',
  // the inbox's: the live group and the replay's differ by name
  'consumer',
];

export interface TableComparison {
  readonly table: string;
  readonly live: string;
  readonly replay: string;
}

export interface ReplayReport {
  /** schema → tables compared (equal or not), with the live table's rows. */
  readonly compared: Readonly<Record<string, readonly string[]>>;
  /** Tables that differ, with each side's "rows:hash". */
  readonly differences: readonly TableComparison[];
  /** Events each replayed service applied (its inbox), per service. */
  readonly eventsApplied: Readonly<Record<string, number>>;
  readonly seconds: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether `groupId` has committed to the end of every partition of `topics`. */
async function caughtUp(
  admin: ReturnType<ReturnType<typeof createKafka>['admin']>,
  groupId: string,
  topics: readonly string[],
): Promise<boolean> {
  const committed = await admin.fetchOffsets({ groupId, topics: [...topics] });
  for (const topic of topics) {
    const ends = await admin.fetchTopicOffsets(topic);
    const mine = committed.find((c) => c.topic === topic)?.partitions ?? [];
    for (const end of ends) {
      const at = mine.find((p) => p.partition === end.partition)?.offset ?? '-1';
      const high = BigInt(end.high);
      if (high > 0n && BigInt(at) < high) return false;
    }
  }
  return true;
}

async function waitCaughtUp(
  system: RunningSystem,
  groups: ReadonlyArray<{ groupId: string; topics: readonly string[] }>,
  timeoutMs: number,
): Promise<void> {
  const kafka = createKafka({
    brokers: system.brokers,
    clientId: 'replay-e2e',
    credentials: system.kafkaAdmin,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const behind: string[] = [];
      for (const { groupId, topics } of groups)
        if (!(await caughtUp(admin, groupId, topics))) behind.push(groupId);
      if (behind.length === 0) return;
      if (Date.now() > deadline)
        throw new Error(`consumer groups not at the end of their topics: ${behind.join(', ')}`);
      await sleep(1_000);
    }
  } finally {
    await admin.disconnect();
  }
}

/** Waits until no service of the live deployment has an event left to publish. */
async function waitOutboxesPublished(databaseUrl: string, timeoutMs: number): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const waiting: string[] = [];
      for (const service of [...REPLAYED_SERVICES, 'ledger']) {
        const schema = schemaOfService(service);
        const { rows } = await client.query<{ n: string }>(
          `SELECT count(*)::text AS n FROM "${schema}".outbox WHERE published_at IS NULL`,
        );
        if (rows[0]?.n !== '0') waiting.push(`${service} ${rows[0]?.n ?? '?'}`);
      }
      if (waiting.length === 0) return;
      if (Date.now() > deadline) throw new Error(`events not published: ${waiting.join(', ')}`);
      await sleep(500);
    }
  } finally {
    await client.end();
  }
}

/** "rows:hash" of a table of the database at `databaseUrl`, without `dropColumns`. */
async function digestOf(
  databaseUrl: string,
  schema: string,
  table: string,
  dropColumns: readonly string[],
): Promise<string> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await tableDigest(client, schema, table, dropColumns);
  } finally {
    await client.end();
  }
}

/** How many events the service's consumers applied (its inbox). */
async function appliedEvents(databaseUrl: string, schema: string): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM "${schema}".inbox`,
    );
    return Number(rows[0]?.n ?? 0);
  } finally {
    await client.end();
  }
}

/**
 * Rebuilds every service's projections from the topics beside the live system (which must be
 * quiet: no requests in flight) and compares them with the live ones.
 */
export async function replayProjections(
  system: RunningSystem,
  log: (line: string) => void,
  timeoutMs = 300_000,
): Promise<ReplayReport> {
  const started = Date.now();
  const topicsOf = (service: ReplayedService) => SERVICE_CONSUMES[service as KafkaService];
  // The live deployment first publishes everything it committed and reads to the end, so both
  // sides have seen the same events.
  await waitOutboxesPublished(system.databaseUrl, timeoutMs);
  await waitCaughtUp(
    system,
    REPLAYED_SERVICES.map((service) => ({ groupId: service, topics: topicsOf(service) })),
    timeoutMs,
  );
  const suffix = randomBytes(3).toString('hex');
  // Named after the service: its Kafka principal may use only groups with its name as prefix.
  const groupOf = (service: ReplayedService) => `${service}-replay-${suffix}`;
  const env: Partial<Record<ServiceName, Record<string, string>>> = {};
  for (const service of REPLAYED_SERVICES)
    env[service] = {
      KAFKA_GROUP_ID: groupOf(service),
      OUTBOX_RELAY: 'disabled',
      ...(service === 'settlement' ? { PAYMENT_RUNNER: 'disabled' } : {}),
    };
  log(
    `replay: starting ${REPLAYED_SERVICES.join(', ')} on a fresh database (groups *-replay-${suffix})`,
  );
  const replay = await startSystem({
    infra: system.infra,
    instances: 1,
    services: REPLAYED_SERVICES,
    env,
  });
  try {
    await waitCaughtUp(
      system,
      REPLAYED_SERVICES.map((service) => ({
        groupId: groupOf(service),
        topics: topicsOf(service),
      })),
      timeoutMs,
    );
    log(
      `replay: every group at the end of its topics after ${Math.round((Date.now() - started) / 1000)} s`,
    );
    const compared: Record<string, string[]> = {};
    const differences: TableComparison[] = [];
    const eventsApplied: Record<string, number> = {};
    for (const service of REPLAYED_SERVICES) {
      const schema = schemaOfService(service);
      compared[schema] = [];
      for (const { table, except } of PROJECTIONS[service]) {
        const drop = [...WRITE_COLUMNS, ...Object.keys(except ?? {})];
        const live = await digestOf(system.databaseUrl, schema, table, drop);
        const rebuilt = await digestOf(replay.databaseUrl, schema, table, drop);
        compared[schema].push(`${table} (${live.split(':')[0]} rows)`);
        if (live !== rebuilt)
          differences.push({ table: `${schema}.${table}`, live, replay: rebuilt });
      }
      eventsApplied[service] = await appliedEvents(replay.databaseUrl, schema);
    }
    return {
      compared,
      differences,
      eventsApplied,
      seconds: Math.round((Date.now() - started) / 1000),
    };
  } finally {
    await replay.stop();
  }
}
