// Shared by pool-allocation's integration specs: start the service on its own schema and consumer
// group, call it as the gateway would, feed upstream events to Kafka, read its events back.
import { randomUUID } from 'node:crypto';
import { Consumer, Kafka } from '@riskpool/kafka/client';
import request from 'supertest';
import {
  createEvent,
  envelopeToWire,
  EventData,
  Identity,
  TopicName,
  Topics,
  policyDocumentOf,
} from '@riskpool/contracts';
import { defaultPolicy, PolicyVersion } from '@riskpool/domain';
import { createKafka, EventProducer, silentLogger } from '@riskpool/kafka';
import { RunningService, startService } from '@riskpool/service-kit';
import { eventually, gatewayHeaders, testInfra, testServiceEnv } from '@riskpool/testing';
import { PoolAllocationConfig } from '../../src/config/pool-allocation.config';
import { poolAllocationDefinition } from '../../src/pool-allocation.service-definition';

/** The name identities are addressed to. */
export const TARGET = 'pool-allocation';

export interface PoolUnderTest {
  readonly service: RunningService<PoolAllocationConfig>;
  readonly schema: string;
  readonly group: string;
}

/** Each spec file gets its own schema and consumer group, so files never see each other's state. */
export async function startPool(suffix: string): Promise<PoolUnderTest> {
  const schema = `pool_allocation_${suffix}`;
  const group = `pool-allocation-${suffix}`;
  const service = await startService(
    { ...poolAllocationDefinition, name: group, schema },
    await testServiceEnv(),
  );
  return { service, schema, group };
}

export type Who = Pick<Identity, 'role' | 'scope'>;
export const admin: Who = { role: 'admin', scope: null };
export const regulator: Who = { role: 'regulator', scope: null };
export const manager = (fundId: string): Who => ({ role: 'fund-manager', scope: fundId });
export const bank = (bankId: string): Who => ({ role: 'bank', scope: bankId });

export class Api {
  /** `url` may be asked for at each call: a suite's API is made before its service starts. */
  constructor(
    private readonly baseUrl: string | (() => string),
    public businessDate = '2026-01-01',
  ) {}

  private get url(): string {
    return typeof this.baseUrl === 'string' ? this.baseUrl : this.baseUrl();
  }

  private headers(who: Who, method: string, path: string, body?: string): Record<string, string> {
    return gatewayHeaders(
      {
        ...who,
        keyId: `key-${who.role}`,
        businessDate: this.businessDate,
        requestId: randomUUID(),
      },
      TARGET,
      method,
      path,
      body,
    );
  }

  post(who: Who, path: string, body: unknown, key: string = randomUUID()) {
    const text = JSON.stringify(body);
    return request(this.url)
      .post(path)
      .set(this.headers(who, 'POST', path, text))
      .set('idempotency-key', key)
      .set('content-type', 'application/json')
      .send(text);
  }

  get(who: Who, path: string) {
    return request(this.url)
      .get(path)
      .set(this.headers(who, 'GET', path));
  }

  /** An admin creates the fund. */
  async createFund(fundId: string, name: string): Promise<void> {
    await this.post(admin, '/funds', { fundId, name }).expect(201);
  }

  /** The fund's manager deposits `amountFen`; answers the 201 response. */
  async deposit(fundId: string, amountFen: string): Promise<request.Response> {
    return this.post(manager(fundId), `${fundPath(fundId)}/deposits`, { amountFen }).expect(201);
  }

  /** The city fund's manager publishes the policy (policyDocument with `overrides`). */
  async publishPolicy(overrides: Partial<PolicyVersion> = {}): Promise<void> {
    await this.post(manager('CITY'), '/policies', policyDocument(overrides)).expect(201);
  }

  /** The fund as GET /funds lists it for a regulator. */
  async fund(fundId: string): Promise<Record<string, unknown> | undefined> {
    const response = await this.get(regulator, '/funds').expect(200);
    return (response.body.items as Array<Record<string, unknown>>).find((f) => f.fundId === fundId);
  }

  /** The claim as a regulator reads it. */
  async claim(claimId: string) {
    return (await this.get(regulator, `/claims/${claimId}`).expect(200)).body;
  }
}

/** One spec file's pool, an API on it as the gateway, upstream events in, its events read back. */
export class PoolSuite {
  readonly upstream = new Upstream();
  readonly reader = new EventReader();
  readonly run = runId();
  readonly api = new Api(() => this.pool.service.url);
  started: PoolUnderTest | undefined;

  get pool(): PoolUnderTest {
    if (this.started === undefined) throw new Error('the pool is not started yet');
    return this.started;
  }

  /** Waits until the pool's loan projection holds every given loan. */
  waitForLoans(loanIds: readonly string[]): Promise<void> {
    return waitForLoans(this.pool, loanIds);
  }

  /** Reports a default and waits for the claim it opens (pool.claim-opened.v1 of its loan). */
  async claimOpenedBy(d: Parameters<Upstream['defaultReported']>[0]) {
    await this.upstream.defaultReported(d);
    const [opened] = await this.reader.waitFor(
      Topics.claimOpened,
      (data) => data['loanId'] === d.loanId,
    );
    return opened;
  }

  /** Waits until the queue fills a hold of the claim, then expects the fund's balances. */
  async queueFilled(claimId: string, fundId: string, balances: Record<string, string>) {
    await this.reader.waitFor(
      Topics.holdPlaced,
      (d) => d['claimId'] === claimId && d['cause'] === 'QUEUE_FILLED',
    );
    expect(await this.api.fund(fundId)).toMatchObject(balances);
  }
}

/**
 * A pool for the enclosing describe (startPool(suffix)): started, with its upstream connected and
 * its reader reading, before the describe's own beforeAll hooks; stopped after its tests.
 */
export function usePool(suffix: string): PoolSuite {
  const suite = new PoolSuite();
  beforeAll(async () => {
    suite.started = await startPool(suffix);
    await suite.upstream.connect();
    await suite.reader.start();
  });
  afterAll(async () => {
    await suite.reader.stop();
    await suite.upstream.disconnect();
    await suite.started?.service.stop();
  });
  return suite;
}

/** Settlement's payouts of each fund's approved share, then waits until the claim shows them paid. */
export async function payShares(
  api: Api,
  upstream: Upstream,
  claim: { claimId: string; loanId: string; defaultId: string; bankId: string },
  payoutId: (fundId: string) => string,
  fundIds: readonly string[],
  amountFen: string,
): Promise<void> {
  for (const fundId of fundIds)
    await upstream.emit(Topics.payoutCompleted, claim.loanId, {
      payoutId: payoutId(fundId),
      ...claim,
      fundId,
      amountFen,
      rail: 'SIMULATED',
      railReference: `sim-${fundId}`,
      attempts: 1,
      completedAt: new Date().toISOString(),
    });
  await waitFor('both shares paid', async () => {
    const view = await api.claim(claim.claimId);
    const paid = (view.shares as Array<{ paidFen: string }>).map((s) => s.paidFen);
    return paid.join(',') === fundIds.map(() => amountFen).join(',') ? true : undefined;
  });
}

export const fundPath = (fundId: string) => `/funds/${encodeURIComponent(fundId)}`;

export function policyDocument(overrides: Partial<PolicyVersion> = {}): unknown {
  return policyDocumentOf({ ...defaultPolicy('P2026-01', '2026-01-01'), ...overrides });
}

/** Upstream events, produced to Kafka as the other services would. */
/** A recovery's figures as the bank reports them (credit.recovery-reported.v1). */
export interface RecoveryAmounts {
  amountFen: string;
  costsFen: string;
  netFen: string;
  recoveredOn: string;
}

export class Upstream {
  private readonly kafka: Kafka;
  private readonly producer: EventProducer;

  constructor() {
    this.kafka = createKafka({
      brokers: testInfra().brokers,
      clientId: 'pool-allocation-test',
      logger: silentLogger,
    });
    this.producer = new EventProducer(this.kafka);
  }

  async connect(): Promise<void> {
    await this.producer.connect();
  }

  async disconnect(): Promise<void> {
    await this.producer.disconnect();
  }

  event<T extends TopicName>(topic: T, subject: string, data: EventData<T>) {
    return createEvent({ topic, source: 'pool-allocation-test', subject, data });
  }

  async send(...events: ReturnType<Upstream['event']>[]): Promise<void> {
    await this.producer.send(
      events.map((e) => ({ topic: e.topic, ...envelopeToWire(e.envelope) })),
    );
  }

  async emit<T extends TopicName>(topic: T, subject: string, data: EventData<T>) {
    const event = this.event(topic, subject, data);
    await this.send(event);
    return event;
  }

  async loanRegistered(loan: Parameters<Upstream['loanRegisteredEvent']>[0]) {
    const event = this.loanRegisteredEvent(loan);
    await this.send(event);
    return event;
  }

  loanRegisteredEvent(loan: {
    loanId: string;
    bankId: string;
    townCode: string;
    principalFen: string;
    flags?: Array<'IP_PLEDGE'>;
    registrationDate?: string;
    policyVersionId?: string;
    institutionKind?: 'BANK' | 'MICROLOAN' | 'LEASING';
    coSharers?: Array<{
      partyId: string;
      kind: 'GUARANTOR' | 'INSURER' | 'VALUER';
      shareBp: number;
    }>;
  }) {
    return this.event(Topics.loanRegistered, loan.loanId, {
      loanId: loan.loanId,
      bankId: loan.bankId,
      bankReference: `ref-${loan.loanId}`.slice(0, 64),
      enterprise: {
        uscc: '91350100M000100Y43',
        name: 'Test Tech Co.',
        townCode: loan.townCode,
        qualifications: ['HNTE'],
      },
      principalFen: loan.principalFen,
      annualRateBp: 400,
      disbursementDate: '2026-01-10',
      maturityDate: '2029-01-10',
      termMonths: 36,
      flags: loan.flags ?? [],
      registrationDate: loan.registrationDate ?? '2026-01-05',
      policyVersionId: loan.policyVersionId ?? 'P2026-01',
      registeredAt: new Date().toISOString(),
      ...(loan.institutionKind === undefined ? {} : { institutionKind: loan.institutionKind }),
      ...(loan.coSharers === undefined ? {} : { coSharers: loan.coSharers }),
    });
  }

  defaultData(d: {
    defaultId: string;
    loanId: string;
    bankId: string;
    townCode: string;
    outstandingAtDefaultFen: string;
    reportedOn?: string;
    accruedInterestFen?: string;
    costsFen?: string;
  }): EventData<typeof Topics.defaultReported> {
    return {
      defaultId: d.defaultId,
      loanId: d.loanId,
      bankId: d.bankId,
      townCode: d.townCode,
      outstandingAtDefaultFen: d.outstandingAtDefaultFen,
      daysPastDue: 95,
      reachedMinDaysPastDueOn: '2026-05-01',
      reportedOn: d.reportedOn ?? '2026-05-10',
      ...(d.accruedInterestFen === undefined ? {} : { accruedInterestFen: d.accruedInterestFen }),
      ...(d.costsFen === undefined ? {} : { costsFen: d.costsFen }),
    };
  }

  defaultReported(d: Parameters<Upstream['defaultData']>[0]) {
    return this.emit(Topics.defaultReported, d.loanId, this.defaultData(d));
  }

  /** The bank reporting recovery `recoveryId` on the default `d` of its loan. */
  recoveryReported(
    d: { loanId: string; bankId: string; defaultId: string },
    recoveryId: string,
    amounts: RecoveryAmounts,
  ) {
    return this.emit(Topics.recoveryReported, d.loanId, {
      recoveryId,
      loanId: d.loanId,
      bankId: d.bankId,
      defaultId: d.defaultId,
      ...amounts,
    });
  }
}

export interface SeenEvent {
  readonly topic: string;
  readonly data: Record<string, unknown>;
}

/** Reads pool-allocation's events with a fresh consumer group. */
export class EventReader {
  readonly seen: SeenEvent[] = [];
  private consumer: Consumer | undefined;

  async start(
    topics: readonly string[] = Object.values(Topics).filter((t) => t.startsWith('pool.')),
  ) {
    const kafka = createKafka({
      brokers: testInfra().brokers,
      clientId: 'pool-allocation-test-reader',
      logger: silentLogger,
    });
    this.consumer = kafka.consumer({ groupId: `reader-${randomUUID()}`, maxWaitTimeInMs: 100 });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [...topics], fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ topic, message }) => {
        this.seen.push({
          topic,
          data: JSON.parse(message.value?.toString('utf8') ?? 'null') as Record<string, unknown>,
        });
      },
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }

  of(topic: string, match: (data: Record<string, unknown>) => boolean = () => true): SeenEvent[] {
    return this.seen.filter((e) => e.topic === topic && match(e.data));
  }

  async waitFor(
    topic: string,
    match: (data: Record<string, unknown>) => boolean,
    count = 1,
  ): Promise<SeenEvent[]> {
    return waitFor(`${count} × ${topic}`, async () => {
      const found = this.of(topic, match);
      return found.length >= count ? found : undefined;
    });
  }
}

/** Bounded poll: no sleeps that hope. */
export const waitFor = eventually;

export function runId(): string {
  return randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase();
}

/** Waits until the service's loan projection holds every given loan. */
export async function waitForLoans(pool: PoolUnderTest, loanIds: readonly string[]): Promise<void> {
  await waitFor(`loans ${loanIds.join(',')}`, async () => {
    const rows = (await pool.service.dataSource.query(
      `SELECT count(*)::int AS n FROM "${pool.schema}".loans WHERE loan_id = ANY($1::text[])`,
      [loanIds],
    )) as Array<{ n: number }>;
    return rows[0]?.n === loanIds.length ? true : undefined;
  });
}
