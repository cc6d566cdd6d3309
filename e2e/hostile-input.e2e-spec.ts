// Hostile input (issue 8): fast-check generates malformed, oversized, wrong-typed, boundary and
// injection-shaped requests for every route of the gateway's OpenAPI document and every role it
// allows, and malformed messages for every topic a running service consumes. No answer may be a
// 5xx, no state may change, no consumer may stop, and every refused message must be in its DLQ.
//
// HOSTILE_RUNS (requests per route and role, default 80), HOSTILE_KAFKA_RUNS (random messages
// per topic, default 6) and HOSTILE_SEED make bigger or repeatable runs. The counts tried are
// printed and written to tmp/hostile-input-report.json.
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { Admin, AssignerProtocol, Kafka } from '@riskpool/kafka/client';
import {
  deadLetterTopicOf,
  KAFKA_SERVICES,
  SERVICE_CONSUMES,
  Topics,
  TopicName,
  validateEventData,
  policyDocumentOf,
} from '@riskpool/contracts';
import { defaultPolicy } from '@riskpool/domain';
import { createKafka } from '@riskpool/kafka';
import {
  createCoSharerKey,
  createKey,
  eventually,
  Keys,
  loanBody,
  PublicApi,
  REPO_ROOT,
  setUpProgramme,
} from '@riskpool/testing';
import { fixedMalformed, MalformedMessage, randomMalformed } from './support/hostile-messages';
import {
  HostileRequest,
  hostileRequests,
  Operation,
  operationsOf,
  oversizedRequests,
  RequestContext,
} from './support/hostile-requests';
import { DIGEST_EXCLUSIONS, digestChanges, StateDigest, stateDigest } from './support/state-digest';
import { RunningSystem, SERVICE_NAMES, startSystem } from './support/system';

/** Ids of nothing, well-formed for each path parameter. */
const GHOST_IDS: Record<string, string> = {
  loanId: '0195f3a2-0000-7000-8000-00000000dead',
  claimId: '0195f3a2-0000-7000-8000-00000000beef',
  payoutId: '0195f3a2-0000-7000-8000-00000000f00d',
  fundId: 'TOWN:GHOST',
  bankId: 'GHOSTBANK',
  keyId: 'ghostkey00000000',
  seq: '999999999',
  reportId: '0195f3a2-0000-7000-8000-0000000feed0',
  roundId: '0195f3a2-0000-7000-8000-0000000cafe0',
};
const RUNS = Number(process.env['HOSTILE_RUNS'] ?? '80');
const KAFKA_RUNS = Number(process.env['HOSTILE_KAFKA_RUNS'] ?? '6');
const SEED = Number(process.env['HOSTILE_SEED'] ?? String(Date.now() % 2_147_483_647));
const GATEWAY_MAX_BODY_BYTES = 20 * 1024 * 1024;

let system: RunningSystem;
let api: PublicApi;
let keys: Keys;
let kafka: Kafka;
let admin: Admin;
const report: {
  seed: number;
  runsPerRouteAndRole: number;
  randomMessagesPerTopic: number;
  http?: { requests: number; routes: number; routeRoles: number; perRoute: unknown[] };
  kafka?: {
    /** Topics no running service consumes: nothing to dead-letter there. */
    unconsumed: string[];
    messages: number;
    deadLetters: number;
    topics: number;
    perTopic: unknown[];
  };
  excludedFromDigest: typeof DIGEST_EXCLUSIONS;
} = {
  seed: SEED,
  runsPerRouteAndRole: RUNS,
  randomMessagesPerTopic: KAFKA_RUNS,
  excludedFromDigest: DIGEST_EXCLUSIONS,
};

/** Waits until two digests a while apart agree: the outbox published, consumers caught up. */
async function quietDigest(): Promise<StateDigest> {
  let previous = await stateDigest(system.databaseUrl);
  for (let i = 0; i < 60; i++) {
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const current = await stateDigest(system.databaseUrl);
    if (digestChanges(previous, current).length === 0) return current;
    previous = current;
  }
  throw new Error('the system did not settle in two minutes');
}

async function topicEndOffsets(topics: readonly string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const topic of topics) {
    for (const p of await admin.fetchTopicOffsets(topic)) out[`${topic}/${p.partition}`] = p.high;
  }
  return out;
}

const BUSINESS_TOPICS: readonly string[] = Object.values(Topics);

interface Fixture {
  readonly keyOf: Record<string, string>;
  readonly idsOf: Record<string, Record<string, string>>;
}
let fixture: Fixture;

beforeAll(async () => {
  system = await startSystem();
  api = new PublicApi(system.gatewayUrl);
  keys = await setUpProgramme(api, system.adminKey, '2026-01-05');
  kafka = createKafka({
    brokers: system.brokers,
    clientId: 'hostile-input-e2e',
    credentials: system.kafkaAdmin,
  });
  admin = kafka.admin();
  await admin.connect();

  // Something to aim at: a loan, its default and the claim it opens.
  const loan = await api.expect<{ loanId: string }>(
    201,
    keys.b1,
    'POST',
    '/loans',
    loanBody({ bankReference: 'H-1', usccNo: 1, townCode: 'XIAOLAN', principalFen: '80000000' }),
  );
  await api.expect(200, system.adminKey, 'POST', '/admin/clock', { businessDate: '2026-06-01' });
  await eventually('the default to be accepted', async () => {
    const r = await api.call(keys.b1, 'POST', `/loans/${loan.loanId}/defaults`, {
      outstandingAtDefaultFen: '60000000',
      daysPastDue: 100,
      reachedMinDaysPastDueOn: '2026-05-20',
    });
    if (r.status === 404) return undefined;
    expect(r.status).toBe(201);
    return true;
  });
  const claim = await eventually('the claim', async () => {
    const page = await api.expect<{ items: Array<{ claimId: string; loanId: string }> }>(
      200,
      keys.city,
      'GET',
      '/claims',
    );
    return page.items.find((c) => c.loanId === loan.loanId);
  });
  const apiKeys = await api.expect<{ items: Array<{ keyId: string }> }>(
    200,
    system.adminKey,
    'GET',
    '/admin/api-keys',
  );
  const common = {
    loanId: loan.loanId,
    claimId: claim.claimId,
    payoutId: claim.claimId,
    seq: '1',
    bankId: 'B2',
    // Not the admin's own key: a request that wrongly got through must not lock the test out.
    keyId: apiKeys.items.find((k) => k.keyId !== 'admin')?.keyId ?? 'none',
  };
  fixture = {
    keyOf: {
      admin: system.adminKey,
      bank: keys.b1,
      'fund-manager': keys.city,
      regulator: keys.regulator,
      cosharer: await createCoSharerKey(api, system.adminKey, 'G-HOSTILE'),
    },
    idsOf: {
      admin: { ...common, fundId: 'CITY' },
      bank: { ...common, fundId: 'CITY' },
      'fund-manager': { ...common, fundId: 'CITY' },
      regulator: { ...common, fundId: 'CITY' },
      cosharer: { ...common, fundId: 'CITY' },
    },
  };
}, 600_000);

afterAll(async () => {
  await admin?.disconnect();
  await system?.stop();
  const file = path.join(REPO_ROOT, 'tmp', 'hostile-input-report.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`hostile input report: ${file}\n`);
});

interface Answer {
  status: number;
  contentType: string;
  body: unknown;
}

async function send(request: HostileRequest, key: string): Promise<Answer> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) headers.append(name, value);
  headers.set('authorization', `Bearer ${key}`);
  const response = await fetch(`${system.gatewayUrl}/api/v1${request.path}`, {
    method: request.method,
    headers,
    redirect: 'manual',
    ...(request.body !== undefined ? { body: request.body } : {}),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  // A server may answer an oversized upload early and close the connection; give the client a
  // moment to see the close, so the next request does not go out on the dead connection.
  if (request.category === 'oversized-body')
    await new Promise((resolve) => setTimeout(resolve, 500));
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', body };
}

/** Why the answer breaks the rules, or undefined when it keeps them. */
function breach(request: HostileRequest, answer: Answer): string | undefined {
  if (answer.status >= 500) return `a ${answer.status}`;
  const { refused, field, statuses } = request.expect;
  if (!refused) return undefined;
  if (answer.status < 400) return `accepted (${answer.status}) a request that must be refused`;
  if (statuses !== undefined && !statuses.includes(answer.status))
    return `${answer.status} instead of ${statuses.join('/')}`;
  if (!answer.contentType.startsWith('application/problem+json'))
    return `${answer.status} as ${answer.contentType}, not problem+json`;
  if (field !== undefined && answer.status === 400) {
    const errors = ((answer.body as { errors?: Array<{ field?: string }> }).errors ?? []).map(
      (e) => e.field ?? '',
    );
    const named = errors.some(
      (f) =>
        f === field ||
        f.startsWith(`${field}.`) ||
        f.startsWith(`${field}[`) ||
        field.startsWith(`${f}.`) ||
        f.toLowerCase() === field.toLowerCase(),
    );
    if (!named) return `400 without naming ${field} (errors: ${JSON.stringify(errors)})`;
  }
  return undefined;
}

function describeRequest(request: HostileRequest): string {
  const body =
    request.body === undefined
      ? ''
      : ` body(${request.body.length})=${request.body.slice(0, 300)}${request.body.length > 300 ? '…' : ''}`;
  return `${request.category} ${request.method} ${request.path.slice(0, 300)} headers=${JSON.stringify(request.headers).slice(0, 300)}${body}`;
}

describe('hostile input', () => {
  let operations: Operation[];
  let before: StateDigest;

  it('reads every route and its roles from the OpenAPI document', async () => {
    const response = await fetch(`${system.gatewayUrl}/api/docs/openapi.json`);
    operations = operationsOf((await response.json()) as Parameters<typeof operationsOf>[0]);
    expect(operations.length).toBeGreaterThan(30);
    expect(operations.every((op) => op.roles.length > 0)).toBe(true);
  });

  it('answers no 5xx to hostile requests on every route for every role, refuses each with problem+json naming the field, and changes no state', async () => {
    before = await quietDigest();
    const offsetsBefore = await topicEndOffsets(BUSINESS_TOPICS);
    const failures: string[] = [];
    const perRoute: Array<{
      method: string;
      path: string;
      role: string;
      tried: number;
      categories: Record<string, number>;
    }> = [];
    let total = 0;
    const started = Date.now();
    for (const op of operations) {
      for (const role of op.roles) {
        const key = fixture.keyOf[role];
        if (key === undefined) throw new Error(`no key for role ${role}`);
        const context: RequestContext = { ids: fixture.idsOf[role] ?? {}, ghostIds: GHOST_IDS };
        const categories: Record<string, number> = {};
        let tried = 0;
        const check = async (request: HostileRequest): Promise<boolean> => {
          tried += 1;
          categories[request.category] = (categories[request.category] ?? 0) + 1;
          let answer: Answer;
          try {
            answer = await send(request, key);
          } catch (error) {
            const cause = (error as { cause?: unknown }).cause;
            failures.push(
              `${role} ${describeRequest(request)}: no answer (${String(error)}: ${String(cause)})`,
            );
            return false;
          }
          const why = breach(request, answer);
          if (why !== undefined) {
            failures.push(
              `${role} ${describeRequest(request)}: ${why} → ${JSON.stringify(answer.body).slice(0, 400)}`,
            );
            return false;
          }
          return true;
        };
        const result = await fc.check(
          fc.asyncProperty(hostileRequests(op, context), (request) => check(request)),
          { numRuns: RUNS, seed: SEED, endOnFailure: true },
        );
        if (result.failed && result.errorInstance !== undefined && failures.length === 0)
          failures.push(`${op.method} ${op.template} as ${role}: ${String(result.errorInstance)}`);
        for (const request of oversizedRequests(op, context, GATEWAY_MAX_BODY_BYTES))
          await check(request);
        total += tried;
        perRoute.push({ method: op.method, path: op.template, role, tried, categories });
      }
    }
    const seconds = (Date.now() - started) / 1000;
    report.http = {
      requests: total,
      routes: operations.length,
      routeRoles: perRoute.length,
      perRoute,
    };
    process.stdout.write(
      `hostile HTTP: ${total} requests on ${operations.length} routes (${perRoute.length} route × role) in ${seconds.toFixed(0)} s, seed ${SEED}, ${failures.length} failures\n`,
    );
    expect(failures.slice(0, 30)).toEqual([]);

    const after = await quietDigest();
    expect(digestChanges(before, after)).toEqual([]);
    expect(await topicEndOffsets(BUSINESS_TOPICS)).toEqual(offsetsBefore);
  }, 1_200_000);

  it('dead-letters malformed messages on every consumed topic, with a reason, by every consumer; none stops and no state changes', async () => {
    const consumersOf = await consumedTopics();
    const topics = [...consumersOf.keys()].sort();
    // Every topic some service consumes; a new consumer is covered without editing this test.
    expect(topics.length).toBeGreaterThan(15);
    // ... and each service consumes every topic libs/contracts topic-access.ts gives it (the
    // subsidy.* and settlement.subsidy-* topics among them), so none is left out of this test.
    for (const service of KAFKA_SERVICES)
      expect([
        service,
        topics.filter((t) => [...(consumersOf.get(t) ?? [])].some((g) => g.startsWith(service))),
      ]).toEqual([service, [...SERVICE_CONSUMES[service]].sort()]);
    for (const topic of topics)
      expect([topic, validateEventData(topic as TopicName, {}).ok]).toEqual([topic, false]);

    const digestBefore = await quietDigest();
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    const sent: Array<{
      topic: string;
      partition: number;
      offset: string;
      variant: string;
    }> = [];
    const perTopic: Array<{
      topic: string;
      consumers: string[];
      tried: number;
      variants: Record<string, number>;
    }> = [];
    try {
      for (const topic of topics) {
        const messages: MalformedMessage[] = [
          ...fixedMalformed(topic as TopicName),
          ...fc.sample(randomMalformed(topic as TopicName), { numRuns: KAFKA_RUNS, seed: SEED }),
        ];
        const variants: Record<string, number> = {};
        for (const m of messages) {
          const [meta] = await producer.send({
            topic,
            messages: [
              {
                partition: 0,
                key: m.key,
                value: m.value,
                headers: m.headers,
              },
            ],
          });
          if (meta === undefined) throw new Error(`no metadata producing to ${topic}`);
          sent.push({
            topic,
            partition: meta.partition,
            offset: meta.baseOffset ?? '-1',
            variant: m.variant,
          });
          variants[m.variant] = (variants[m.variant] ?? 0) + 1;
        }
        perTopic.push({
          topic,
          consumers: [...(consumersOf.get(topic) ?? [])].sort(),
          tried: messages.length,
          variants,
        });
      }
    } finally {
      await producer.disconnect();
    }

    // Every consumer moves past every malformed message (it is not stuck or crashed) ...
    await eventually(
      'every consumer to commit past the malformed messages',
      async () => {
        const lagging = await laggingConsumers(consumersOf);
        return lagging.length === 0 ? true : undefined;
      },
      180_000,
    ).catch(async (error: unknown) => {
      throw new Error(`${String(error)}: ${JSON.stringify(await laggingConsumers(consumersOf))}`);
    });
    // ... and dead-letters each one, with its reason.
    const expected = new Map<string, string>();
    for (const s of sent)
      for (const group of consumersOf.get(s.topic) ?? [])
        expected.set(`${s.topic}|${s.partition}|${s.offset}|${group}`, s.variant);
    const found = await readDeadLetters(topics, expected, 120_000);
    const missing = [...expected.entries()]
      .filter(([id]) => !found.has(id))
      .map(([id, variant]) => `${id} (${variant})`);
    expect(missing.slice(0, 20)).toEqual([]);
    const reasonless = [...found.entries()]
      .filter(([, h]) => !(h['dlq_reason'] ?? '').trim() || h['dlq_cause'] !== 'MALFORMED')
      .map(([id, h]) => `${id}: ${h['dlq_cause']} ${h['dlq_reason']}`);
    expect(reasonless.slice(0, 20)).toEqual([]);

    for (const name of SERVICE_NAMES) {
      const ready = await fetch(`${system.serviceUrl(name)}/health/ready`);
      expect([name, ready.status]).toEqual([name, 200]);
    }
    expect(digestChanges(digestBefore, await quietDigest())).toEqual([]);

    report.kafka = {
      unconsumed: BUSINESS_TOPICS.filter((t) => !consumersOf.has(t)),
      messages: sent.length,
      deadLetters: found.size,
      topics: topics.length,
      perTopic,
    };
    process.stdout.write(
      `hostile Kafka: ${sent.length} malformed messages on ${topics.length} topics, ${found.size} dead letters (one per consumer), seed ${SEED}\n`,
    );
  }, 600_000);

  it('positive control: valid requests afterwards change state, and every consumer applies their events', async () => {
    const quiet = await quietDigest();
    const inboxBefore = await inboxCounts();
    await api.expect(201, system.adminKey, 'POST', '/admin/banks', {
      bankId: 'B9',
      name: 'Bank Nine',
      quotaFen: '1000000000',
    });
    await api.expect(201, system.adminKey, 'POST', '/admin/funds', {
      fundId: 'TOWN:GUZHEN2',
      name: 'Guzhen two',
    });
    await createKey(api, system.adminKey, 'bank', 'B9', 'B9 after the storm');
    // B2: B1's one loan defaulted, so the NPL breaker suspended B1.
    await api.expect(
      201,
      keys.b2,
      'POST',
      '/loans',
      loanBody({ bankReference: 'H-2', usccNo: 2, townCode: 'TORCH', principalFen: '1000000' }),
    );
    await api.expect(
      201,
      keys.city,
      'POST',
      '/policies',
      policyDocumentOf(defaultPolicy('P-2027-1', '2027-01-01')),
    );
    // The digest sees the change (so its silence above means something) ...
    const changed = digestChanges(quiet, await stateDigest(system.databaseUrl));
    expect(changed.length).toBeGreaterThan(0);
    // ... and each service's consumer applies the new events after the malformed ones.
    const grown = await eventually(
      'every consumer to apply the new events',
      async () => {
        const now = await inboxCounts();
        return Object.keys(inboxBefore).every((s) => (now[s] ?? 0) > (inboxBefore[s] ?? 0))
          ? now
          : undefined;
      },
      120_000,
    );
    expect(Object.keys(grown).sort()).toEqual([
      'default_events',
      'gateway',
      'ledger',
      'loan_registry',
      'pool_allocation',
      'settlement',
    ]);
  }, 300_000);

  // Last: the examples are real writes (a clock move among them).
  it('accepts every request example the document shows: no 400, sent by a role the route allows', async () => {
    const keyOf: Record<string, string> = {
      admin: system.adminKey,
      bank: keys.b2,
      'fund-manager': keys.city,
      regulator: keys.regulator,
    };
    let sent = 0;
    for (const op of operations) {
      const role = op.roles[0] as string;
      const path = op.template.replace(/\{([A-Za-z]+)\}/g, (_m, name: string) =>
        encodeURIComponent(GHOST_IDS[name] ?? 'ghost'),
      );
      for (const [type, body] of Object.entries(op.bodies)) {
        expect([op.method, op.template, type, body.example === undefined]).toEqual([
          op.method,
          op.template,
          type,
          false,
        ]);
        const response = await fetch(`${system.gatewayUrl}/api/v1${path}`, {
          method: op.method,
          headers: {
            authorization: `Bearer ${keyOf[role] ?? ''}`,
            'content-type': type,
            'idempotency-key': `example-${sent}-${SEED}`,
          },
          body: typeof body.example === 'string' ? body.example : JSON.stringify(body.example),
        });
        const answer = await response.text();
        // A 404 for the ghost id or a 409/422 from the rules is fine: the body itself was accepted.
        expect([
          op.method,
          op.template,
          role,
          response.status === 400 ? answer : 'accepted',
        ]).toEqual([op.method, op.template, role, 'accepted']);
        // A 403 can be the scope of a write (the city's manager on a ghost fund); never a 5xx.
        expect([op.method, op.template, response.status < 500 && response.status !== 401]).toEqual([
          op.method,
          op.template,
          true,
        ]);
        sent += 1;
      }
    }
    expect(sent).toBeGreaterThan(15);
    process.stdout.write(`documented request examples: ${sent} sent, all accepted\n`);
  }, 120_000);
});

/** topic → consumer groups, from the live group assignments on the broker. */
async function consumedTopics(): Promise<Map<string, Set<string>>> {
  const { groups } = await admin.listGroups();
  const described = await admin.describeGroups(groups.map((g) => g.groupId));
  const out = new Map<string, Set<string>>();
  for (const group of described.groups) {
    for (const member of group.members) {
      const decoded = AssignerProtocol.MemberAssignment.decode(member.memberAssignment);
      for (const topic of Object.keys(decoded?.assignment ?? {})) {
        if (!BUSINESS_TOPICS.includes(topic)) continue;
        const set = out.get(topic) ?? new Set<string>();
        set.add(group.groupId);
        out.set(topic, set);
      }
    }
  }
  return out;
}

async function laggingConsumers(consumersOf: Map<string, Set<string>>): Promise<string[]> {
  const lagging: string[] = [];
  const groups = new Set([...consumersOf.values()].flatMap((s) => [...s]));
  for (const groupId of groups) {
    const topics = [...consumersOf.entries()].filter(([, s]) => s.has(groupId)).map(([t]) => t);
    const committed = await admin.fetchOffsets({ groupId, topics });
    for (const { topic, partitions } of committed) {
      const ends = await admin.fetchTopicOffsets(topic);
      for (const end of ends) {
        const mine = partitions.find((p) => p.partition === end.partition);
        const at = BigInt(mine?.offset ?? '-1');
        if (BigInt(end.high) > 0n && at < BigInt(end.high))
          lagging.push(`${groupId} ${topic}/${end.partition} at ${String(at)} of ${end.high}`);
      }
    }
  }
  return lagging;
}

/** Reads the DLQs until every expected dead letter is found (or the time is up). */
async function readDeadLetters(
  topics: readonly string[],
  expected: Map<string, string>,
  timeoutMs: number,
): Promise<Map<string, Record<string, string>>> {
  const found = new Map<string, Record<string, string>>();
  const consumer = kafka.consumer({
    groupId: `hostile-dlq-reader-${Date.now()}`,
    maxWaitTimeInMs: 200,
  });
  await consumer.connect();
  await consumer.subscribe({ topics: topics.map(deadLetterTopicOf), fromBeginning: true });
  let resolveAll: () => void = () => undefined;
  const all = new Promise<void>((resolve) => (resolveAll = resolve));
  await consumer.run({
    eachMessage: async ({ message }) => {
      const h: Record<string, string> = {};
      for (const [name, value] of Object.entries(message.headers ?? {}))
        if (value !== undefined)
          h[name] = (Array.isArray(value) ? value[0] : value)?.toString() ?? '';
      const id = `${h['dlq_source_topic']}|${h['dlq_source_partition']}|${h['dlq_source_offset']}|${h['dlq_consumer']}`;
      if (expected.has(id)) found.set(id, h);
      if (found.size >= expected.size) resolveAll();
    },
  });
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([all, new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
  clearTimeout(timer);
  await consumer.disconnect();
  return found;
}

/** Rows in each service's inbox (the ledger's is its events table). */
async function inboxCounts(): Promise<Record<string, number>> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: system.databaseUrl });
  await client.connect();
  try {
    const out: Record<string, number> = {};
    for (const schema of [
      'gateway',
      'loan_registry',
      'default_events',
      'pool_allocation',
      'settlement',
    ])
      out[schema] = Number(
        (await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM "${schema}".inbox`))
          .rows[0]?.n ?? 0,
      );
    out['ledger'] = Number(
      (await client.query<{ n: string }>('SELECT count(*)::text AS n FROM ledger.events')).rows[0]
        ?.n ?? 0,
    );
    return out;
  } finally {
    await client.end();
  }
}
