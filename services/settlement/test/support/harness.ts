import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { Consumer, Kafka } from '@riskpool/kafka/client';
import {
  createEvent,
  EventData,
  EventEnvelope,
  envelopeToWire,
  Identity,
  OutgoingEvent,
  Topics,
  TopicName,
  uuidv7,
  wireToEnvelope,
} from '@riskpool/contracts';
import { createKafka, EventProducer, headersToStrings, silentLogger } from '@riskpool/kafka';
import { RunningService, startService } from '@riskpool/service-kit';
import {
  eventually,
  gatewayHeaders,
  testIdentity,
  testInfra,
  testServiceEnv,
} from '@riskpool/testing';
import { SettlementConfig } from '../../src/config/settlement.config';
import { settlementDefinition } from '../../src/settlement.service-definition';

/** The name identities are addressed to. */
export const TARGET = 'settlement';

export const waitFor = eventually;

export const identity = testIdentity;

/** Upstream events as pool-allocation would publish them, produced to the real broker. */
export class Upstream {
  private readonly producer: EventProducer;

  constructor(readonly kafka: Kafka) {
    this.producer = new EventProducer(kafka);
  }

  async send(...events: OutgoingEvent[]): Promise<void> {
    await this.producer.connect();
    await this.producer.send(
      events.map((event) => ({ topic: event.topic, ...envelopeToWire(event.envelope) })),
    );
  }

  async close(): Promise<void> {
    await this.producer.disconnect();
  }
}

export function pool<T extends TopicName>(
  topic: T,
  subject: string,
  data: EventData<T>,
  time?: Date,
): OutgoingEvent<T> {
  return createEvent({
    topic,
    source: 'pool-allocation',
    subject,
    data,
    ...(time ? { time } : {}),
  });
}

export interface ShareSpec {
  fundId: string;
  shareFen: string;
  heldFen: string;
  queuedFen: string;
  filledFen?: string;
}

/** The gateway's business clock announcing `businessDate`. */
export function clockAt(
  businessDate: string,
): OutgoingEvent<typeof Topics.gatewayBusinessDateChanged> {
  return createEvent({
    topic: Topics.gatewayBusinessDateChanged,
    source: 'gateway',
    subject: 'business-clock',
    data: { businessDate, previousBusinessDate: null, changedAt: new Date().toISOString() },
  });
}

/** A fund's share of a claim held in full, nothing queued. */
export const heldShare = (fundId: string, fen: string): ShareSpec => ({
  fundId,
  shareFen: fen,
  heldFen: fen,
  queuedFen: '0',
});

/** A new claim of `bankId`: its ids, its loan and default named after it. */
export function newClaim(bankId = 'B1') {
  const run = uuidv7();
  return { claimId: `C-${run}`, loanId: `L-${run}`, bankId, defaultId: `D-${run}` };
}

export function claimApproved(
  ids: { claimId: string; loanId: string; bankId: string; defaultId?: string },
  shares: ShareSpec[],
  approvedOn = '2026-03-01',
) {
  const pool_ = shares.reduce((sum, s) => sum + BigInt(s.shareFen), 0n);
  return pool(Topics.claimApproved, ids.loanId, {
    claimId: ids.claimId,
    loanId: ids.loanId,
    bankId: ids.bankId,
    defaultId: ids.defaultId ?? `D-${ids.loanId}`,
    approvedOn,
    basisFen: (pool_ * 3n).toString(),
    rateBp: 4500,
    poolFen: pool_.toString(),
    capsApplied: [],
    shares,
    bankShareFen: (pool_ * 2n).toString(),
    economicPolicyVersionId: 'P2026',
    proceduralPolicyVersionId: 'P2026',
  });
}

export function queueFilled(
  ids: { claimId: string; loanId: string },
  fundId: string,
  amountFen: string,
  time?: Date,
  hold: { holdId?: string; filledTotalFen?: string } = {},
) {
  return pool(
    Topics.holdPlaced,
    ids.loanId,
    {
      holdId: hold.holdId ?? `H-${uuidv7()}`,
      fundId,
      claimId: ids.claimId,
      loanId: ids.loanId,
      amountFen,
      cause: 'QUEUE_FILLED',
      ...(hold.filledTotalFen !== undefined ? { filledTotalFen: hold.filledTotalFen } : {}),
      placedAt: (time ?? new Date()).toISOString(),
    },
    time,
  );
}

/** Reads settlement's events with a fresh consumer group. */
export class EventLog {
  readonly seen: EventEnvelope[] = [];
  private consumer: Consumer | undefined;

  constructor(private readonly kafka: Kafka) {}

  async start(): Promise<void> {
    this.consumer = this.kafka.consumer({
      groupId: `settlement-it-${uuidv7()}`,
      maxWaitTimeInMs: 100,
    });
    await this.consumer.connect();
    await this.consumer.subscribe({
      topics: [
        Topics.payoutCompleted,
        Topics.payoutFailed,
        Topics.remittanceReceived,
        Topics.remittanceOverdue,
        Topics.cosharerSettlementReported,
        Topics.cosharerObligationOverdue,
        Topics.subsidyPaymentCompleted,
        Topics.subsidyPaymentFailed,
      ],
      fromBeginning: true,
    });
    await this.consumer.run({
      eachMessage: async ({ message }) => {
        const parsed = wireToEnvelope(
          headersToStrings(message.headers),
          message.value === null ? null : message.value.toString('utf8'),
        );
        if (parsed.ok) this.seen.push(parsed.envelope);
      },
    });
  }

  of<T extends TopicName>(
    topic: T,
    where: (data: EventData<T>) => boolean = () => true,
  ): Array<EventEnvelope<EventData<T>>> {
    return this.seen
      .filter((e) => e.type === topic)
      .map((e) => e as EventEnvelope<EventData<T>>)
      .filter((e) => where(e.data));
  }

  async waitFor<T extends TopicName>(
    topic: T,
    where: (data: EventData<T>) => boolean,
    count = 1,
  ): Promise<Array<EventEnvelope<EventData<T>>>> {
    return waitFor(`${count} ${topic}`, async () => {
      const found = this.of(topic, where);
      return found.length >= count ? found : undefined;
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}

export interface Harness {
  service: RunningService<SettlementConfig>;
  schema: string;
  kafka: Kafka;
  upstream: Upstream;
  events: EventLog;
  get(path: string, who: Identity): request.Test;
  post(path: string, who: Identity, body: unknown, key?: string): request.Test;
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export async function startSettlement(
  schema: string,
  env: Record<string, string>,
  name = `settlement-${schema.replace(/_/g, '-')}`,
): Promise<RunningService<SettlementConfig>> {
  return startService(
    settlementDefinition({ name, schema }),
    await testServiceEnv({
      LOG_LEVEL: 'warn',
      PAYMENT_POLL_INTERVAL_MS: '100',
      ...env,
    }),
  );
}

export async function harness(
  schema: string,
  env: Record<string, string>,
  name?: string,
): Promise<Harness> {
  const infra = testInfra();
  const kafka = createKafka({
    brokers: infra.brokers,
    clientId: `${schema}-test`,
    logger: silentLogger,
  });
  const events = new EventLog(kafka);
  await events.start();
  const service = await startSettlement(schema, env, name);
  const upstream = new Upstream(kafka);
  const sign = (r: request.Test, who: Identity, method: string, path: string, body?: string) => {
    for (const [header, value] of Object.entries(gatewayHeaders(who, TARGET, method, path, body)))
      r.set(header, value);
    return r;
  };
  return {
    service,
    schema,
    kafka,
    upstream,
    events,
    get: (path, who) => sign(request(service.url).get(path), who, 'GET', path),
    post: (path, who, body, key) => {
      const text = JSON.stringify(body);
      return sign(request(service.url).post(path), who, 'POST', path, text)
        .set('idempotency-key', key ?? `k-${uuidv7()}`)
        .set('content-type', 'application/json')
        .send(text);
    },
    query: async <T>(sql: string, params: unknown[] = []) =>
      (await service.dataSource.query(sql, params)) as T[],
    close: async () => {
      await service.stop();
      await upstream.close();
      await events.stop();
    },
  };
}

/**
 * The harness for the enclosing file or describe: started before its tests (and before the hooks
 * registered after this call), closed after them, then `afterClose`. Its members are read once it
 * has started.
 */
export function useHarness(
  schema: string,
  env: Record<string, string>,
  afterClose: () => void = () => undefined,
): Harness {
  let started: Harness | undefined;
  const current = (): Harness => {
    if (started === undefined) throw new Error('the settlement harness is not started yet');
    return started;
  };
  beforeAll(async () => {
    started = await harness(schema, env);
  });
  afterAll(async () => {
    await started?.close();
    afterClose();
  });
  return {
    get service() {
      return current().service;
    },
    schema,
    get kafka() {
      return current().kafka;
    },
    get upstream() {
      return current().upstream;
    },
    get events() {
      return current().events;
    },
    get: (path, who) => current().get(path, who),
    post: (path, who, body, key) => current().post(path, who, body, key),
    query: (sql, params) => current().query(sql, params),
    close: () => current().close(),
  };
}

/** A pain.001 file rail's folders in a new temporary folder (`remove` it), and the XSD of its files. */
export function pain001Folders(prefix: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return {
    dir,
    XSD: path.join(__dirname, '../fixtures/pain.001.001.09.xsd'),
    OUTBOX: path.join(dir, 'outbox'),
    INBOX: path.join(dir, 'inbox'),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
