import { createHash, createHmac, generateKeyPairSync } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { AddressInfo } from 'node:net';
import { Consumer, Kafka } from '@riskpool/kafka/client';
import request from 'supertest';
import {
  createEvent,
  envelopeToWire,
  Identity,
  IDENTITY_HEADER,
  signIdentity,
  Topics,
  USER_ROLES,
  verifyIdentity,
} from '@riskpool/contracts';
import { createKafka, EventProducer } from '@riskpool/kafka';
import { RunningService, startService } from '@riskpool/service-kit';
import { freePorts, pemOf, testGatewayKeys, testInfra, testPolicies } from '@riskpool/testing';
import { GatewayConfig } from '../../src/config/gateway.config';
import { gatewayDefinition } from '../../src/gateway.service-definition';
import { ROUTES } from '../../src/routing/route-table';

const PEPPER = 'gateway-it-pepper-0123456789';
const ADMIN = 'rpk_itadmin_0123456789abcdef0123456789abcdef-_XY';
const BANK_ID = `ITBANK${Date.now().toString(36).toUpperCase()}`;
const FUND_ID = `TOWN:IT${Date.now().toString(36).toUpperCase()}`;

interface Echo {
  identity: Identity;
  /** The service the identity was signed for. */
  target: string;
  method: string;
  url: string;
  headers: Record<string, string | undefined>;
  bodySha256: string;
  bodyLength: number;
  body: string;
}

/** Stands in for every downstream service: trusts only the signed identity, echoes what came. */
async function startStub(): Promise<{ server: http.Server; url: string; calls: Echo[] }> {
  const calls: Echo[] = [];
  const served = new WeakMap<object, number>();
  const server = http.createServer((req, res) => {
    // `?resetReused=1`: a kept-alive connection's second request finds it closed, as when a
    // service drops an idle connection just as the gateway reuses it.
    const count = (served.get(req.socket) ?? 0) + 1;
    served.set(req.socket, count);
    if (count > 1 && (req.url ?? '').includes('resetReused=1')) {
      req.socket.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      // One stub stands for every service: it checks the identity against the target it names,
      // and echoes that target so the tests can see the gateway addressed the right service.
      const target = targetOf(req.headers[IDENTITY_HEADER]);
      const checked = verifyIdentity(
        req.headers,
        { target, method: req.method ?? '', path: req.url ?? '', body: raw },
        [{ issuer: 'gateway', publicKey: testGatewayKeys.publicKey, roles: USER_ROLES }],
      );
      if (!checked.ok) {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ reason: checked.reason }));
        return;
      }
      const echo: Echo = {
        identity: checked.identity,
        target,
        method: req.method ?? '',
        url: req.url ?? '',
        headers: {
          'idempotency-key': req.headers['idempotency-key'] as string | undefined,
          'content-type': req.headers['content-type'],
          'x-request-id': req.headers['x-request-id'] as string | undefined,
          authorization: req.headers.authorization,
        },
        bodySha256: createHash('sha256').update(raw).digest('hex'),
        bodyLength: raw.length,
        body: raw.length <= 10_000 ? raw.toString('utf8') : '',
      };
      calls.push(echo);
      res.writeHead(req.method === 'POST' ? 201 : 200, {
        'content-type': 'application/json',
        'x-stub': 'yes',
      });
      res.end(JSON.stringify(echo));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, calls };
}

function targetOf(header: string | string[] | undefined): string {
  try {
    const claims = JSON.parse(Buffer.from(String(header), 'base64url').toString('utf8')) as {
      target?: unknown;
    };
    return typeof claims.target === 'string' ? claims.target : '';
  } catch {
    return '';
  }
}

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  ms = 30_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

describe('gateway: keys, banks, clock, forwarding, limits and audit on real Kafka and PostgreSQL', () => {
  const infra = testInfra();
  let gateway: RunningService<GatewayConfig>;
  let stub: Awaited<ReturnType<typeof startStub>>;
  let kafka: Kafka;
  let consumer: Consumer;
  let producer: EventProducer;
  const seen: Array<{ topic: string; key: string; value: Record<string, unknown> }> = [];
  let deadPort: number;
  // A console build of one page, to see the headers the console is served with.
  const consoleDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gateway-it-console-'));
  fs.writeFileSync(
    path.join(consoleDir, 'index.html'),
    '<!doctype html><div id="root"></div><script type="module" src="/console/assets/a.js"></script>',
  );

  const env = (port: number, extra: Record<string, string> = {}) => ({
    DATABASE_URL: infra.databaseUrl,
    KAFKA_BROKERS: infra.brokers.join(','),
    PORT: String(port),
    GATEWAY_IDENTITY_PRIVATE_KEY_PEM: pemOf(testGatewayKeys.privateKey),
    API_KEY_PEPPER: PEPPER,
    ADMIN_API_KEY: ADMIN,
    RISKPOOL_MODE: 'demo',
    LOG_LEVEL: 'error',
    LOAN_REGISTRY_URL: stub.url,
    DEFAULT_EVENTS_URL: stub.url,
    POOL_ALLOCATION_URL: stub.url,
    SETTLEMENT_URL: stub.url,
    LEDGER_URL: `http://127.0.0.1:${deadPort}`,
    RATE_LIMIT_PER_SECOND: '5',
    RATE_LIMIT_BURST: '60',
    CONSOLE_DIR: consoleDir,
    ...extra,
  });

  const api = () => request(gateway.url);
  const as = (key: string) => ({ authorization: `Bearer ${key}` });
  let n = 0;
  const idem = () => `it-${Date.now()}-${++n}`;

  beforeAll(async () => {
    stub = await startStub();
    const [port, dead] = await freePorts(2);
    deadPort = dead as number;
    gateway = await startService(gatewayDefinition, env(port as number));
    kafka = createKafka({ brokers: infra.brokers, clientId: 'gateway-it' });
    consumer = kafka.consumer({ groupId: `gateway-it-${Date.now()}` });
    await consumer.connect();
    await consumer.subscribe({
      topics: [
        Topics.bankAdmitted,
        Topics.bankSuspended,
        Topics.bankReinstated,
        Topics.coSharerAdmitted,
      ],
      fromBeginning: true,
    });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        seen.push({
          topic,
          key: message.key?.toString() ?? '',
          value: JSON.parse(message.value?.toString() ?? '{}') as Record<string, unknown>,
        });
      },
    });
    producer = new EventProducer(kafka);
    await producer.connect();
  });

  afterAll(async () => {
    await consumer?.disconnect();
    await producer?.disconnect();
    await gateway?.stop();
    await new Promise((r) => stub?.server.close(r));
  });

  /** A write through the gateway as `key`, under a fresh Idempotency-Key. */
  const write = (path: string, body: object, key = ADMIN) =>
    api().post(path).set(as(key)).set('idempotency-key', idem()).send(body);
  const createKey = (body: Record<string, unknown>, key = ADMIN) =>
    write('/api/v1/admin/api-keys', body, key);

  it('serves health, metrics, the OpenAPI document of every route and the docs UI locally', async () => {
    await api().get('/health').expect(200);
    await api().get('/health/ready').expect(200);
    await api().get('/metrics').expect(200);
    const doc = await api().get('/api/docs/openapi.json').expect(200);
    const paths = (JSON.parse(doc.text) as { paths: Record<string, Record<string, unknown>> })
      .paths;
    for (const route of ROUTES)
      expect(paths[`/api/v1${route.path}`]?.[route.method.toLowerCase()]).toBeDefined();
    const ui = await api().get('/api/docs').expect(200);
    expect(ui.text).toContain('/api/docs/assets/swagger-ui-bundle.js');
    const bundle = await api().get('/api/docs/assets/swagger-ui-bundle.js').expect(200);
    expect(bundle.headers['content-type']).toContain('javascript');
  });

  it('sends security headers on API answers, console pages and the docs; Swagger UI keeps no key', async () => {
    const strict = (csp: string | undefined) => {
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self';");
      expect(csp).toContain("style-src 'self';");
      expect(csp).toContain("connect-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toContain('unsafe');
    };
    const common = (answer: request.Response) => {
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
      expect(answer.headers['referrer-policy']).toBe('no-referrer');
      expect(answer.headers['x-frame-options']).toBe('DENY');
      expect(answer.headers['x-powered-by']).toBeUndefined();
    };
    const answers = [
      await api().get('/api/v1/clock').set(as(ADMIN)).expect(200),
      await api().get('/api/v1/clock').expect(401),
      await api().get('/api/v1/nowhere').set(as(ADMIN)).expect(404),
      await api()
        .post('/api/v1/admin/api-keys')
        .set(as(ADMIN))
        .set('content-type', 'application/json')
        .send('{"role":')
        .expect(400),
      await api().get('/console').expect(200),
      await api().get('/console/claims/c-1').expect(200),
      await api().get('/console/assets/missing.js').expect(404),
    ];
    for (const answer of answers) {
      common(answer);
      strict(answer.headers['content-security-policy']);
    }
    // Swagger UI: its own narrow allowance (inline style attributes, data: icons), scripts 'self'.
    for (const docsPath of ['/api/docs', '/api/docs/init.js', '/api/docs/openapi.json']) {
      const docs = await api().get(docsPath).expect(200);
      common(docs);
      const csp = docs.headers['content-security-policy'];
      expect(csp).toContain("script-src 'self';");
      expect(csp).toContain("style-src 'self' 'unsafe-inline'");
      expect(csp).toContain("img-src 'self' data:");
      expect(csp).toContain("frame-ancestors 'none'");
    }
    const page = await api().get('/api/docs').expect(200);
    expect(page.text).not.toMatch(/<script>|<style|style=|on\w+=/);
    const init = await api().get('/api/docs/init.js').expect(200);
    expect(init.text).toContain('persistAuthorization: false');
  });

  it('refuses a missing or bad key with a 401 problem, and an unknown route with a 404 problem', async () => {
    const none = await api().get('/api/v1/clock').expect(401);
    expect(none.headers['content-type']).toContain('application/problem+json');
    expect(none.body.code).toBe('AUTH.UNAUTHENTICATED');
    expect(none.headers['x-request-id']).toBeDefined();
    expect(none.body.requestId).toBe(none.headers['x-request-id']);
    await api()
      .get('/api/v1/clock')
      .set(as('rpk_itadmin_wrongwrongwrongwrongwrongwrongwrong'))
      .expect(401);
    await api().get('/api/v1/clock').set(as('not-a-key')).expect(401);
    const unknown = await api().get('/api/v1/nowhere').set(as(ADMIN)).expect(404);
    expect(unknown.body.code).toBe('RESOURCE.NOT_FOUND');
  });

  it('bootstraps the admin from ADMIN_API_KEY and creates keys whose secret is shown once and stored hashed', async () => {
    const created = await createKey({ role: 'regulator', label: 'regulator desk' }).expect(201);
    const { key, keyId } = created.body as { key: string; keyId: string };
    expect(key).toMatch(new RegExp(`^rpk_${keyId}_[A-Za-z0-9_-]{43}$`));
    const secret = key.slice(`rpk_${keyId}_`.length);
    await api().get('/api/v1/clock').set(as(key)).expect(200);

    const rows = (await gateway.dataSource.query(`SELECT * FROM gateway.api_keys`)) as Array<
      Record<string, unknown>
    >;
    const dump = JSON.stringify(rows);
    expect(dump).not.toContain(secret);
    expect(dump).not.toContain(ADMIN.slice('rpk_itadmin_'.length));
    const row = rows.find((r) => r['key_id'] === keyId);
    expect(row?.['secret_hash']).toBe(
      createHmac('sha256', PEPPER).update(`${keyId}.${secret}`).digest('hex'),
    );
    expect(rows.find((r) => r['key_id'] === 'itadmin')?.['role']).toBe('admin');
    const idempotencyRows = JSON.stringify(
      await gateway.dataSource.query(`SELECT * FROM gateway.idempotency_keys`),
    );
    expect(idempotencyRows).not.toContain(secret);

    const list = await api().get('/api/v1/admin/api-keys').set(as(ADMIN)).expect(200);
    expect(JSON.stringify(list.body)).not.toContain(secret);
    expect(list.body.items.some((k: { keyId: string }) => k.keyId === keyId)).toBe(true);
    expect(
      list.body.items.every((k: Record<string, unknown>) => !('key' in k) && !('secretHash' in k)),
    ).toBe(true);

    const again = idem();
    await api()
      .post('/api/v1/admin/api-keys')
      .set(as(ADMIN))
      .set('idempotency-key', again)
      .send({ role: 'regulator', label: 'x' })
      .expect(201);
    const replay = await api()
      .post('/api/v1/admin/api-keys')
      .set(as(ADMIN))
      .set('idempotency-key', again)
      .send({ role: 'regulator', label: 'x' })
      .expect(409);
    expect(replay.body.code).toBe('API_KEY.SECRET_SHOWN_ONCE');
  });

  it('refuses a bank key for a bank not admitted, and a 403 for a role not allowed', async () => {
    const refused = await createKey({ role: 'bank', scope: 'NOSUCHBANK', label: 'x' }).expect(422);
    expect(refused.body.code).toBe('API_KEY.UNKNOWN_SCOPE');
    await createKey({ role: 'admin', scope: 'X', label: 'x' }).expect(400);
    const regulator = (await createKey({ role: 'regulator', label: 'r' }).expect(201)).body
      .key as string;
    const forbidden = await createKey({ role: 'regulator', label: 'x' }, regulator).expect(403);
    expect(forbidden.body.code).toBe('AUTH.FORBIDDEN');
  });

  it('admits a micro-loan or finance-lease company with its kind on the event once the policy in force admits the kind; a bank is announced without one', async () => {
    const micro = `${BANK_ID}M`;
    const admitKind = (bankId: string, name: string, kind: string) =>
      write('/api/v1/admin/banks', { bankId, name, quotaFen: '100', kind });
    // No policy known yet: banks only (docs/domain.md §8.1, the default institutionKinds).
    const early = await admitKind(micro, 'IT Micro-loan Co.', 'MICROLOAN').expect(422);
    expect(early.body).toMatchObject({ code: 'BANK.KIND_NOT_ADMITTED' });
    expect(early.body.errors).toEqual([
      expect.objectContaining({ field: 'kind', code: 'INSTITUTION_KIND_NOT_ADMITTED' }),
    ]);
    const [base] = testPolicies();
    if (base === undefined) throw new Error('no test policy');
    const published = createEvent({
      topic: Topics.policyPublished,
      source: 'pool-allocation',
      subject: 'IT-GW-KINDS',
      data: {
        ...base,
        policy: {
          ...base.policy,
          policyVersionId: 'IT-GW-KINDS',
          effectiveFrom: '2026-01-01',
          institutionKinds: ['BANK', 'MICROLOAN'],
        },
      },
    });
    await producer.send([{ topic: published.topic, ...envelopeToWire(published.envelope) }]);
    await until('the policy in the gateway', async () => {
      const rows = (await gateway.dataSource.query(
        `SELECT 1 FROM "gateway".policies WHERE version_id = 'IT-GW-KINDS'`,
      )) as unknown[];
      return rows.length === 1 ? true : undefined;
    });
    const leasing = await admitKind(`${BANK_ID}L`, 'IT Leasing Co.', 'LEASING').expect(422);
    expect(leasing.body.code).toBe('BANK.KIND_NOT_ADMITTED');
    const admitted = await admitKind(micro, 'IT Micro-loan Co.', 'MICROLOAN').expect(201);
    expect(admitted.body).toMatchObject({ bankId: micro, kind: 'MICROLOAN' });
    const refused = await admitKind(`${BANK_ID}X`, 'IT Broker', 'BROKER').expect(400);
    expect(JSON.stringify(refused.body.errors)).toContain('kind');
    const event = await until('bank-admitted event with its kind', async () =>
      seen.find((e) => e.topic === Topics.bankAdmitted && e.key === micro),
    );
    expect(event.value).toMatchObject({ bankId: micro, kind: 'MICROLOAN' });
    const banks = await api().get('/api/v1/admin/banks?limit=500').set(as(ADMIN)).expect(200);
    expect(
      (banks.body.items as Array<{ bankId: string; kind: string }>).find((b) => b.bankId === micro),
    ).toMatchObject({ kind: 'MICROLOAN' });
    const all = await api().get('/api/v1/admin/banks?limit=500').set(as(ADMIN)).expect(200);
    expect(
      (all.body.items as Array<{ bankId: string }>).some((b) => b.bankId === `${BANK_ID}X`),
    ).toBe(false);
  });

  it('admits co-sharer parties (pool.cosharer-admitted.v1), lists them for admin and regulator, refuses a second admission and a bad kind', async () => {
    const partyId = `G-${BANK_ID}`;
    const admitted = await write('/api/v1/admin/cosharers', {
      partyId,
      name: 'IT Guarantee Co.',
      kind: 'GUARANTOR',
    }).expect(201);
    expect(admitted.body).toMatchObject({ partyId, name: 'IT Guarantee Co.', kind: 'GUARANTOR' });
    const again = await write('/api/v1/admin/cosharers', {
      partyId,
      name: 'Another',
      kind: 'INSURER',
    }).expect(409);
    expect(again.body.code).toBe('COSHARER.ALREADY_ADMITTED');
    for (const bad of [
      { partyId: 'lower-case', name: 'x', kind: 'GUARANTOR' },
      { partyId: `I-${BANK_ID}`, name: 'x', kind: 'BROKER' },
    ]) {
      const refused = await write('/api/v1/admin/cosharers', bad).expect(400);
      expect(refused.body.errors.length).toBeGreaterThan(0);
    }
    const event = await until('cosharer-admitted event', async () =>
      seen.find((e) => e.topic === Topics.coSharerAdmitted && e.key === partyId),
    );
    expect(event.value).toMatchObject({ partyId, name: 'IT Guarantee Co.', kind: 'GUARANTOR' });
    expect(
      seen.filter((e) => e.topic === Topics.coSharerAdmitted && e.key === partyId),
    ).toHaveLength(1);
    const regulator = (
      await write('/api/v1/admin/api-keys', { role: 'regulator', label: 'cosharer reader' }).expect(
        201,
      )
    ).body.key as string;
    for (const key of [ADMIN, regulator]) {
      const list = await api().get('/api/v1/admin/cosharers?limit=500').set(as(key)).expect(200);
      expect(list.body.items).toEqual(
        expect.arrayContaining([expect.objectContaining({ partyId, kind: 'GUARANTOR' })]),
      );
    }
    await write(
      '/api/v1/admin/cosharers',
      { partyId: `V-${BANK_ID}`, name: 'x', kind: 'VALUER' },
      regulator,
    ).expect(403);

    // The co-sharer role: keys scoped to an admitted party only; in on its routes, out elsewhere.
    const unknown = await createKey({ role: 'cosharer', scope: 'G-NOBODY', label: 'g' }).expect(
      422,
    );
    expect(unknown.body.code).toBe('API_KEY.UNKNOWN_SCOPE');
    await createKey({ role: 'cosharer', label: 'g' }).expect(400);
    const guarantor = (
      await createKey({ role: 'cosharer', scope: partyId, label: 'guarantor' }).expect(201)
    ).body as { key: string; role: string; scope: string };
    expect(guarantor).toMatchObject({ role: 'cosharer', scope: partyId });
    const claims = await api().get('/api/v1/claims').set(as(guarantor.key)).expect(200);
    expect((claims.body as Echo).target).toBe('pool-allocation');
    expect((claims.body as Echo).identity).toMatchObject({ role: 'cosharer', scope: partyId });
    await api().get('/api/v1/clock').set(as(guarantor.key)).expect(200);
    for (const path of ['/api/v1/loans', '/api/v1/payouts', '/api/v1/admin/cosharers'])
      await api().get(path).set(as(guarantor.key)).expect(403);
  });

  it('admits, suspends and reinstates banks with their events on Kafka; the breaker suspends too', async () => {
    const admitted = await write('/api/v1/admin/banks', {
      bankId: BANK_ID,
      name: 'IT Bank',
      quotaFen: '50000000000',
    }).expect(201);
    expect(admitted.body).toMatchObject({
      bankId: BANK_ID,
      status: 'ACTIVE',
      quotaFen: '50000000000',
    });
    await write('/api/v1/admin/banks', { bankId: BANK_ID, name: 'IT Bank', quotaFen: '1' }).expect(
      409,
    );
    await until('bank-admitted event', async () =>
      seen.find((e) => e.topic === Topics.bankAdmitted && e.key === BANK_ID),
    );
    const event = seen.find((e) => e.topic === Topics.bankAdmitted && e.key === BANK_ID);
    expect(event?.value).toMatchObject({
      bankId: BANK_ID,
      name: 'IT Bank',
      quotaFen: '50000000000',
    });

    await write(`/api/v1/admin/banks/${BANK_ID}/suspend`, { reason: 'review' }).expect(200);
    await write(`/api/v1/admin/banks/${BANK_ID}/reinstate`, { reason: 'review passed' }).expect(
      200,
    );
    await until('suspend and reinstate events', async () =>
      seen.some((e) => e.topic === Topics.bankSuspended && e.key === BANK_ID) &&
      seen.some((e) => e.topic === Topics.bankReinstated && e.key === BANK_ID)
        ? true
        : undefined,
    );
    expect(
      seen.find((e) => e.topic === Topics.bankSuspended && e.key === BANK_ID)?.value,
    ).toMatchObject({
      status: 'SUSPENDED',
      reason: 'review',
      changedBy: 'admin:itadmin',
    });

    const trip = createEvent({
      topic: Topics.breakerTripped,
      source: 'pool-allocation',
      subject: BANK_ID,
      data: {
        bankId: BANK_ID,
        claimId: 'claim-it-1',
        defaultedExposureFen: '400',
        totalExposureFen: '10000',
        thresholdBp: 300,
        policyVersionId: 'P-1',
        trippedOn: '2026-03-01',
      },
    });
    await producer.send([{ topic: trip.topic, ...envelopeToWire(trip.envelope) }]);
    await until('breaker suspension', async () => {
      const banks = await api().get('/api/v1/admin/banks?limit=500').set(as(ADMIN)).expect(200);
      const bank = (
        banks.body.items as Array<{ bankId: string; status: string; statusChangedBy: string }>
      ).find((b) => b.bankId === BANK_ID);
      return bank?.status === 'SUSPENDED' && bank.statusChangedBy === 'breaker' ? bank : undefined;
    });
    await write(`/api/v1/admin/banks/${BANK_ID}/reinstate`, {
      reason: 'after breaker review',
    }).expect(200);
  });

  it('keeps a business clock that is settable in demo mode', async () => {
    const set = await write('/api/v1/admin/clock', { businessDate: '2026-03-01' }).expect(200);
    expect(set.body).toMatchObject({ businessDate: '2026-03-01', source: 'set', settable: true });
    const clock = await api().get('/api/v1/clock').set(as(ADMIN)).expect(200);
    expect(clock.body.businessDate).toBe('2026-03-01');
    await write('/api/v1/admin/clock', { businessDate: '2026-02-30' }).expect(400);
  });

  it('forwards with a signed identity and the business date; a client’s forged identity does not pass', async () => {
    const bankKey = (await createKey({ role: 'bank', scope: BANK_ID, label: 'bank' }).expect(201))
      .body.key as string;
    const body = '{ "bankReference" : "R-1",\n  "principalFen": "800000000" }';
    const forged = signIdentity(
      { role: 'admin', scope: null, keyId: 'evil', businessDate: '1999-01-01', requestId: 'x' },
      { target: 'loan-registry', method: 'POST', path: '/loans?dryRun=1&x=%20y', body },
      { issuer: 'gateway', privateKey: generateKeyPairSync('ed25519').privateKey },
    );
    const answer = await api()
      .post('/api/v1/loans?dryRun=1&x=%20y')
      .set(as(bankKey))
      .set(forged)
      .set('idempotency-key', 'loan-R-1-abc')
      .set('content-type', 'application/json')
      .set('x-request-id', 'req-it-forward-1')
      .send(body)
      .expect(201);
    expect(answer.headers['x-request-id']).toBe('req-it-forward-1');
    expect(answer.headers['x-stub']).toBe('yes');
    const echo = answer.body as Echo;
    expect(echo.method).toBe('POST');
    expect(echo.url).toBe('/loans?dryRun=1&x=%20y');
    expect(echo.target).toBe('loan-registry');
    expect(echo.identity).toMatchObject({
      role: 'bank',
      scope: BANK_ID,
      businessDate: '2026-03-01',
      requestId: 'req-it-forward-1',
    });
    expect(echo.identity.keyId).toBe(bankKey.split('_')[1]);
    expect(echo.headers['idempotency-key']).toBe('loan-R-1-abc');
    expect(echo.headers['content-type']).toBe('application/json');
    expect(echo.headers.authorization).toBeUndefined();
    expect(echo.body).toBe(body);

    // A bulk CSV of a few MB arrives byte for byte.
    const line =
      '91442000MA4UJ1T17N,Torch Photonics,TORCH,HNTE,800000000,385,2026-01-10,2029-01-10\n';
    const csv = `bankReference,uscc,name\n${line.repeat(Math.ceil((3 * 1024 * 1024) / line.length))}`;
    const bulk = await api()
      .post('/api/v1/loans/bulk')
      .set(as(bankKey))
      .set('idempotency-key', idem())
      .set('content-type', 'text/csv')
      .send(csv)
      .expect(201);
    expect(bulk.body.url).toBe('/loans/bulk');
    expect(bulk.body.bodyLength).toBe(Buffer.byteLength(csv));
    expect(bulk.body.bodySha256).toBe(createHash('sha256').update(csv).digest('hex'));
    expect(bulk.body.headers['content-type']).toBe('text/csv');

    const calls = stub.calls.length;
    const denied = await api()
      .post('/api/v1/loans/L1/defaults')
      .set(as((await createKey({ role: 'regulator', label: 'r' }).expect(201)).body.key as string))
      .set('idempotency-key', idem())
      .send({})
      .expect(403);
    expect(denied.body.code).toBe('AUTH.FORBIDDEN');
    expect(stub.calls.length).toBe(calls);
  });

  it('forwards admin/funds to pool-allocation and learns the fund, as it does from pool.fund-created', async () => {
    const created = await write('/api/v1/admin/funds', {
      fundId: FUND_ID,
      name: 'IT fund',
      kind: 'TOWN',
      townCode: 'IT',
    }).expect(201);
    expect(created.body.url).toBe('/funds');
    expect(created.body.identity.role).toBe('admin');
    const manager = await createKey({ role: 'fund-manager', scope: FUND_ID, label: 'm' }).expect(
      201,
    );
    const deposit = await api()
      .post(`/api/v1/funds/${encodeURIComponent(FUND_ID)}/deposits`)
      .set(as(manager.body.key as string))
      .set('idempotency-key', idem())
      .send({ amountFen: '100' })
      .expect(201);
    expect(deposit.body.identity).toMatchObject({ role: 'fund-manager', scope: FUND_ID });

    const otherFund = `${FUND_ID}X`;
    const fundEvent = createEvent({
      topic: Topics.fundCreated,
      source: 'pool-allocation',
      subject: otherFund,
      data: {
        fundId: otherFund,
        name: 'Other',
        kind: 'TOWN',
        townCode: 'ITX',
        createdAt: new Date().toISOString(),
      },
    });
    await producer.send([{ topic: fundEvent.topic, ...envelopeToWire(fundEvent.envelope) }]);
    await until('fund from pool.fund-created', async () => {
      const answer = await createKey({ role: 'fund-manager', scope: otherFund, label: 'm2' });
      return answer.status === 201 ? true : undefined;
    });
  });

  it('answers 503 when the owning service does not answer', async () => {
    const regulator = (await createKey({ role: 'regulator', label: 'r' }).expect(201)).body
      .key as string;
    const down = await api().get('/api/v1/ledger/entries').set(as(regulator)).expect(503);
    expect(down.body.code).toBe('UPSTREAM.UNAVAILABLE');
  });

  it('sends a request again on a fresh connection when a reused one was closed under it', async () => {
    const bank = (await createKey({ role: 'bank', scope: BANK_ID, label: 'reuse' }).expect(201))
      .body.key as string;
    const before = stub.calls.length;
    // Sequential requests reuse the gateway's kept-alive connection; the stub drops it on reuse.
    for (let i = 0; i < 3; i++) {
      const answer = await api().get('/api/v1/loans?resetReused=1').set(as(bank)).expect(200);
      expect((answer.body as Echo).url).toBe('/loans?resetReused=1');
    }
    // Each request reached the service once, on a connection of its own.
    expect(stub.calls.length - before).toBe(3);
  });

  it('refuses a revoked key with 401', async () => {
    const created = await createKey({ role: 'regulator', label: 'to revoke' }).expect(201);
    await api()
      .get('/api/v1/clock')
      .set(as(created.body.key as string))
      .expect(200);
    const revoked = await write(
      `/api/v1/admin/api-keys/${created.body.keyId as string}/revoke`,
      {},
    ).expect(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    const refused = await api()
      .get('/api/v1/clock')
      .set(as(created.body.key as string))
      .expect(401);
    expect(refused.body.detail).toContain('revoked');
  });

  it('limits each key’s rate with 429 and Retry-After', async () => {
    const key = (await createKey({ role: 'regulator', label: 'busy' }).expect(201)).body
      .key as string;
    // Bursts of 30 until refused: the burst is 60 and the refill 5/s, however slow the machine.
    const answers: request.Response[] = [];
    while (answers.length < 300 && !answers.some((a) => a.status === 429))
      answers.push(
        ...(await Promise.all(
          Array.from({ length: 30 }, () => api().get('/api/v1/clock').set(as(key))),
        )),
      );
    const limited = answers.filter((a) => a.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(answers.filter((a) => a.status === 200).length).toBeGreaterThanOrEqual(60);
    expect(limited[0]?.headers['retry-after']).toMatch(/^\d+$/);
    expect(limited[0]?.body.code).toBe('RATE.LIMITED');
    await api().get('/api/v1/clock').set(as(ADMIN)).expect(200);
  });

  it('writes an audit trail that admins and regulators can page through', async () => {
    const regulator = await createKey({ role: 'regulator', label: 'auditor' }).expect(201);
    const page = await api()
      .get('/api/v1/admin/audit?limit=500')
      .set(as(regulator.body.key as string))
      .expect(200);
    const items = page.body.items as Array<Record<string, unknown>>;
    const forward = items.find((i) => i['requestId'] === 'req-it-forward-1');
    expect(forward).toMatchObject({
      method: 'POST',
      path: '/api/v1/loans?dryRun=1&x=%20y',
      status: 201,
      role: 'bank',
      scope: BANK_ID,
      idempotencyKey: 'loan-R-1-abc',
    });
    expect(items.some((i) => i['status'] === 401 && i['keyId'] === null)).toBe(true);
    expect(items.some((i) => i['status'] === 429)).toBe(true);
    const small = await api()
      .get('/api/v1/admin/audit?limit=2&keyId=itadmin')
      .set(as(ADMIN))
      .expect(200);
    expect(small.body.items).toHaveLength(2);
    const next = await api()
      .get(`/api/v1/admin/audit?limit=2&keyId=itadmin&cursor=${small.body.nextCursor as string}`)
      .set(as(ADMIN))
      .expect(200);
    expect(Number(next.body.items[0].id)).toBeLessThan(Number(small.body.items[1].id));
    const bankKey = (await createKey({ role: 'bank', scope: BANK_ID, label: 'b' }).expect(201)).body
      .key as string;
    await api().get('/api/v1/admin/audit').set(as(bankKey)).expect(403);
  });

  it('has the audit record of every request, refused ones included, in PostgreSQL by the time it answers', async () => {
    const rowOf = async (requestId: string) =>
      (
        (await gateway.dataSource.query(
          `SELECT key_id, role, method, path, status, client_address FROM gateway.audit_log WHERE request_id = $1`,
          [requestId],
        )) as Array<Record<string, unknown>>
      )[0];
    const cases: Array<[string, () => request.Test, number, Record<string, unknown>]> = [
      [
        'audit-bad-key',
        () => api().get('/api/v1/clock').set(as('rpk_ghost_wrongwrongwrongwrongwrongwrongwrong')),
        401,
        { key_id: 'ghost', role: null },
      ],
      ['audit-no-key', () => api().get('/api/v1/clock'), 401, { key_id: null }],
      [
        'audit-bad-json',
        () =>
          api()
            .post('/api/v1/admin/api-keys')
            .set(as(ADMIN))
            .set('content-type', 'application/json')
            .send('{"role": "regulator",'),
        400,
        { key_id: 'itadmin', path: '/api/v1/admin/api-keys' },
      ],
      [
        'audit-too-large',
        () =>
          api()
            .post('/api/v1/admin/banks')
            .set('content-type', 'application/json')
            .send(JSON.stringify({ name: 'x'.repeat(1_100_000) })),
        413,
        { key_id: null, method: 'POST' },
      ],
      [
        'audit-forbidden',
        () => api().get('/api/v1/nowhere').set(as(ADMIN)),
        404,
        { key_id: 'itadmin' },
      ],
      ['audit-ok', () => api().get('/api/v1/clock').set(as(ADMIN)), 200, { role: 'admin' }],
    ];
    for (const [requestId, send, status, expected] of cases) {
      const answer = await send().set('x-request-id', requestId).expect(status);
      expect(answer.headers['x-request-id']).toBe(requestId);
      if (status >= 400) expect(answer.body.requestId).toBe(requestId);
      // Read at once, with nothing flushed: the record was committed before the answer left.
      expect(await rowOf(requestId)).toMatchObject({
        status,
        client_address: '127.0.0.1',
        ...expected,
      });
    }
    const page = await api().get('/api/v1/admin/audit?limit=50').set(as(ADMIN)).expect(200);
    expect(
      (page.body.items as Array<Record<string, unknown>>).find(
        (i) => i['requestId'] === 'audit-bad-json',
      ),
    ).toMatchObject({ status: 400, keyId: 'itadmin', clientAddress: '127.0.0.1' });
  });

  it('refuses to set the clock in production mode, where it is today in Asia/Shanghai', async () => {
    await gateway.stop();
    const [port] = await freePorts(1);
    const prodAdmin = 'rpk_prodadmin_prod0123456789abcdef0123456789abcdef';
    gateway = await startService(
      gatewayDefinition,
      env(port as number, {
        RISKPOOL_MODE: 'production',
        ADMIN_API_KEY: prodAdmin,
        // Production needs the service's own Kafka principal (ADR 0011).
        ...infra.kafkaEnvOf('gateway'),
      }),
    );
    const refused = await write(
      '/api/v1/admin/clock',
      { businessDate: '2026-03-01' },
      prodAdmin,
    ).expect(403);
    expect(refused.body.code).toBe('CLOCK.NOT_SETTABLE');
    const clock = await api().get('/api/v1/clock').set(as(prodAdmin)).expect(200);
    expect(clock.body).toMatchObject({ source: 'today', settable: false, mode: 'production' });
    // The earlier environment admin key was replaced.
    await api().get('/api/v1/clock').set(as(ADMIN)).expect(401);
  });
});
