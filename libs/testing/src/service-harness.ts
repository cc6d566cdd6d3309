// What the services' own integration suites share: requests straight to one service with a
// signed identity (as the gateway forwards them), upstream events produced onto their topics as
// their owners would, and a reader that keeps what it saw on topics.
import { Consumer, Kafka, logLevel, Partitioners, Producer } from '@riskpool/kafka/client';
import {
  createEvent,
  EventData,
  Identity,
  envelopeToWire,
  TopicName,
  Topics,
  uuidv7,
  policyDocumentOf,
} from '@riskpool/contracts';
import { defaultPolicy, withUsccCheckCharacter } from '@riskpool/domain';
import { asGateway } from './identity-keys';
import { kafkaPrincipalFromEnv, saslOf } from './kafka-credentials';
import { eventually } from './public-api';

export function bankIdentity(bankId: string, businessDate = '2026-03-01'): Identity {
  return { role: 'bank', scope: bankId, keyId: `key-${bankId}`, businessDate, requestId: uuidv7() };
}

/** A caller of `role` (scoped to `scope`, or to everything) on `businessDate`, a fresh request id. */
export function testIdentity(
  role: Identity['role'],
  scope: string | null,
  businessDate = '2026-03-01',
): Identity {
  return { role, scope, keyId: `key-${role}-${scope ?? 'all'}`, businessDate, requestId: uuidv7() };
}

/**
 * A request straight to one service as the gateway would forward it: the identity signed for that
 * service (`target`), this method, path and body, and an Idempotency-Key on writes.
 */
export function signedCall(baseUrl: string, identity: Identity | undefined, target: string) {
  const call = asGateway(baseUrl, target, identity);
  return {
    get: (path: string) => call.get(path),
    post: (path: string, body: unknown, key: string | null = uuidv7(), contentType?: string) => {
      const req = call.post(path, body, contentType);
      return key === null ? req : req.set('idempotency-key', key);
    },
  };
}

let usccSeq = 0;
/** A fresh, valid USCC (right check character). */
export function newUscc(): string {
  usccSeq += 1;
  const body = `9144${String(Date.now() % 1e9).padStart(9, '0')}${String(usccSeq).padStart(4, '0')}`;
  return withUsccCheckCharacter(body.slice(0, 17));
}

export function directLoanBody(
  overrides: Record<string, unknown> = {},
  enterprise: Record<string, unknown> = {},
) {
  return {
    bankReference: `REF-${uuidv7()}`,
    enterprise: {
      uscc: newUscc(),
      name: 'Xiaolan Photonics Co.',
      townCode: 'XIAOLAN',
      qualifications: ['HNTE'],
      ...enterprise,
    },
    principalFen: '100000000',
    annualRateBp: 420,
    disbursementDate: '2026-01-10',
    maturityDate: '2029-01-10',
    flags: ['IP_PLEDGE'],
    ...overrides,
  };
}

/** The two policy versions every test file publishes (identical, so files can share the topic). */
export function testPolicies(): Array<EventData<typeof Topics.policyPublished>> {
  const doc = (id: string, from: string, maxPrincipalFen?: bigint) => {
    const base = defaultPolicy(id, from);
    const policy = policyDocumentOf(
      maxPrincipalFen === undefined
        ? base
        : {
            ...base,
            maxPrincipalFen,
            rateTiers: [{ upToFen: maxPrincipalFen, rateBp: 4000 }],
          },
    );
    return {
      policy,
      publishedBy: 'fund-manager:CITY',
      publishedAt: '2025-12-01T00:00:00.000Z',
    };
  };
  // 2027: a smaller most-per-loan, so which version governs is visible.
  return [doc('IT-POLICY-2026', '2026-01-01'), doc('IT-POLICY-2027', '2027-01-01', 2_000_000_000n)];
}

/**
 * A claim's amounts as pool-allocation computes them under the first test policy: `shares` as
 * [fundId, fen] held in full, the pool their sum and the bank's share the rest of `basisFen`.
 */
export function testClaimComputation(
  basisFen: string,
  rateBp: number,
  shares: ReadonlyArray<readonly [fundId: string, fen: string]>,
) {
  const poolFen = shares.reduce((sum, [, fen]) => sum + BigInt(fen), 0n);
  return {
    basisFen,
    rateBp,
    poolFen: poolFen.toString(),
    capsApplied: [],
    shares: shares.map(([fundId, fen]) => ({
      fundId,
      shareFen: fen,
      heldFen: fen,
      queuedFen: '0',
    })),
    bankShareFen: (BigInt(basisFen) - poolFen).toString(),
    economicPolicyVersionId: 'IT-POLICY-2026',
    proceduralPolicyVersionId: 'IT-POLICY-2026',
  };
}

/** Produces upstream events straight onto their topics, as their owners would. */
export class UpstreamEvents {
  readonly kafka: Kafka;
  readonly producer: Producer;
  private connected = false;

  // Plain kafkajs (@riskpool/kafka/client), not libs/kafka: the libraries' own integration tests
  // use this package. As the test run's principal (KAFKA_SASL_*: the super user, standing in for
  // every topic's owner).
  constructor(brokers: string[], clientId: string) {
    const principal = kafkaPrincipalFromEnv();
    this.kafka = new Kafka({
      brokers,
      clientId,
      logLevel: logLevel.NOTHING,
      ...(principal !== undefined ? { sasl: saslOf(principal) } : {}),
    });
    this.producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  async send<T extends TopicName>(topic: T, subject: string, data: EventData<T>): Promise<string> {
    if (!this.connected) {
      await this.producer.connect();
      this.connected = true;
    }
    const event = createEvent({ topic, source: 'test', subject, data });
    await this.producer.send({ topic, acks: -1, messages: [envelopeToWire(event.envelope)] });
    return event.envelope.id;
  }

  async admitBank(
    bankId: string,
    quotaFen: string,
    kind: 'BANK' | 'MICROLOAN' | 'LEASING' = 'BANK',
  ): Promise<void> {
    await this.send(Topics.bankAdmitted, bankId, {
      bankId,
      name: `Bank ${bankId}`,
      quotaFen,
      admittedAt: new Date().toISOString(),
      ...(kind === 'BANK' ? {} : { kind }),
    });
  }

  /** A co-sharer party as the gateway announces its admission (docs/domain.md §8.4). */
  async admitCoSharer(partyId: string, kind: 'GUARANTOR' | 'INSURER' | 'VALUER'): Promise<void> {
    await this.send(Topics.coSharerAdmitted, partyId, {
      partyId,
      name: `Party ${partyId}`,
      kind,
      admittedAt: new Date().toISOString(),
    });
  }

  async bankStatus(
    topic: typeof Topics.bankSuspended | typeof Topics.bankReinstated,
    bankId: string,
  ) {
    await this.send(topic, bankId, {
      bankId,
      status: topic === Topics.bankSuspended ? 'SUSPENDED' : 'ACTIVE',
      reason: 'test',
      changedBy: 'admin:test',
      changedAt: new Date().toISOString(),
    });
  }

  async fund(fundId: string, kind: 'CITY' | 'TOWN', townCode?: string): Promise<void> {
    await this.send(Topics.fundCreated, fundId, {
      fundId,
      name: fundId,
      kind,
      ...(townCode === undefined ? {} : { townCode }),
      createdAt: new Date().toISOString(),
    });
  }

  /** A loan as loan-registry would announce it. */
  async loanRegistered(loanId: string, bankId: string, principalFen: string): Promise<void> {
    await this.send(Topics.loanRegistered, loanId, {
      loanId,
      bankId,
      bankReference: `REF-${loanId}`,
      enterprise: {
        uscc: newUscc(),
        name: 'Guzhen Lighting',
        townCode: 'GUZHEN',
        qualifications: ['SRDI'],
      },
      principalFen,
      annualRateBp: 400,
      disbursementDate: '2025-06-01',
      maturityDate: '2027-06-01',
      termMonths: 24,
      flags: [],
      registrationDate: '2026-01-05',
      policyVersionId: 'IT-POLICY-2026',
      registeredAt: new Date().toISOString(),
    });
  }

  async disconnect(): Promise<void> {
    await this.producer.disconnect();
  }
}

export interface SeenEvent {
  readonly topic: string;
  readonly key: string;
  readonly id: string;
  readonly data: Record<string, unknown>;
}

/** Reads topics from the beginning with a fresh consumer group and keeps what it saw. */
export class TopicReader {
  readonly seen: SeenEvent[] = [];
  private consumer: Consumer | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly topics: string[],
  ) {}

  async start(): Promise<void> {
    this.consumer = this.kafka.consumer({ groupId: `reader-${uuidv7()}`, maxWaitTimeInMs: 100 });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: this.topics, fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ topic, message }) => {
        this.seen.push({
          topic,
          key: message.key?.toString() ?? '',
          id: message.headers?.['ce_id']?.toString() ?? '',
          data: JSON.parse(message.value?.toString() ?? 'null') as Record<string, unknown>,
        });
      },
    });
  }

  of(key: string, topic?: string): SeenEvent[] {
    return this.seen.filter((e) => e.key === key && (topic === undefined || e.topic === topic));
  }

  async waitForEvent(key: string, topic: string, count = 1): Promise<SeenEvent[]> {
    return eventually(`${count} ${topic} for ${key}`, async () => {
      const found = this.of(key, topic);
      return found.length >= count ? found : undefined;
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
