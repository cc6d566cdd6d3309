import { Body, Controller, DynamicModule, Module, Post } from '@nestjs/common';
import { IsString } from 'class-validator';
import request from 'supertest';
import { generateKeyPairSync } from 'node:crypto';
import { createEvent, Identity, signIdentity, Topics } from '@riskpool/contracts';
import { gatewayHeaders, testLedgerSigner, testServiceEnv } from '@riskpool/testing';
import {
  AllowRoles,
  CurrentIdentity,
  currentUnitOfWork,
  IdempotentWrite,
  IsFen,
  ServiceConfig,
  CommonServiceConfig,
  RunningService,
  startService,
} from '../src';

const TARGET = 'service-kit-test';
const SCHEMA = 'service_kit_it';

class DepositDto {
  @IsFen({ positive: true })
  amountFen!: string;

  @IsString()
  note!: string;
}

@Controller('funds')
class DepositController {
  @Post('deposits')
  @AllowRoles('fund-manager')
  @IdempotentWrite()
  async deposit(
    @Body() body: DepositDto,
    @CurrentIdentity() identity: Identity,
  ): Promise<{ depositId: string; amountFen: string }> {
    const uow = currentUnitOfWork();
    const depositId = `dep-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    uow.publish(
      createEvent({
        topic: Topics.fundDeposited,
        source: 'service-kit-test',
        subject: identity.scope ?? 'CITY',
        data: {
          depositId,
          fundId: identity.scope ?? 'CITY',
          amountFen: body.amountFen,
          depositedBy: identity.keyId,
          depositedAt: new Date().toISOString(),
          availableAfterFen: body.amountFen,
        },
      }),
    );
    return { depositId, amountFen: body.amountFen };
  }
}

@Module({ controllers: [DepositController] })
class DepositModule {}

class TestConfig extends CommonServiceConfig implements ServiceConfig {
  PORT: number = 0;
}

const manager: Identity = {
  role: 'fund-manager',
  scope: 'TOWN:XIAOLAN',
  keyId: 'key-1',
  businessDate: '2026-03-01',
  requestId: 'r',
};

describe('service kit: a real NestJS service on a real database and broker', () => {
  let service: RunningService<TestConfig>;

  beforeAll(async () => {
    service = await startService(
      {
        name: TARGET,
        schema: SCHEMA,
        configClass: TestConfig,
        entities: [],
        migrations: [],
        module: (): DynamicModule => ({ module: DepositModule }),
      },
      await testServiceEnv(),
    );
  });

  afterAll(async () => {
    await service.stop();
  });

  const post = (identity: Identity | undefined, key: string | undefined, body: unknown) => {
    const text = JSON.stringify(body);
    let req = request(service.url).post('/funds/deposits').set('content-type', 'application/json');
    if (identity) req = req.set(gatewayHeaders(identity, TARGET, 'POST', '/funds/deposits', text));
    if (key) req = req.set('idempotency-key', key);
    return req.send(text);
  };

  /** Sends `body` with identity headers made for some (possibly other) request. */
  const postWith = (headers: Record<string, string>, key: string, body: string) =>
    request(service.url)
      .post('/funds/deposits')
      .set('content-type', 'application/json')
      .set(headers)
      .set('idempotency-key', key)
      .send(body);

  const outboxCount = async (): Promise<number> => {
    const rows = (await service.dataSource.query(
      `SELECT count(*)::int AS n FROM "${SCHEMA}".outbox`,
    )) as Array<{ n: number }>;
    return rows[0]?.n ?? -1;
  };

  it('is live and ready (database and Kafka answer)', async () => {
    await request(service.url).get('/health').expect(200);
    const ready = await request(service.url).get('/health/ready').expect(200);
    expect(ready.body).toEqual({ status: 'ok', checks: { database: 'ok', kafka: 'ok' } });
  });

  it('serves Prometheus metrics', async () => {
    const metrics = await request(service.url).get('/metrics').expect(200);
    expect(metrics.text).toContain('process_cpu_user_seconds_total');
  });

  it('refuses a request that did not come through the gateway (401) and changes nothing', async () => {
    const before = await outboxCount();
    const response = await post(undefined, 'key-00000001', { amountFen: '100', note: 'x' }).expect(
      401,
    );
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body.code).toBe('AUTH.UNAUTHENTICATED');
    // Signed with a key that is not the gateway's, under the gateway's name.
    const body = JSON.stringify({ amountFen: '100', note: 'x' });
    const forged = await postWith(
      signIdentity(
        manager,
        { target: TARGET, method: 'POST', path: '/funds/deposits', body },
        { issuer: 'gateway', privateKey: generateKeyPairSync('ed25519').privateKey },
      ),
      'key-00000002',
      body,
    );
    expect(forged.status).toBe(401);
    expect(forged.body.detail).toContain('bad identity signature');
    expect(await outboxCount()).toBe(before);
  });

  it('refuses a replayed, re-targeted, re-pathed or body-swapped identity, and the ledger as admin', async () => {
    const before = await outboxCount();
    const body = JSON.stringify({ amountFen: '100', note: 'once' });
    const headers = gatewayHeaders(manager, TARGET, 'POST', '/funds/deposits', body);
    await postWith(headers, 'key-00000010', body).expect(201);
    const afterOne = await outboxCount();
    expect(afterOne).toBe(before + 1);
    const cases: Array<[string, Record<string, string>, string]> = [
      ['identity replayed', headers, body],
      [
        'identity is for settlement, not this service',
        gatewayHeaders(manager, 'settlement', 'POST', '/funds/deposits', body),
        body,
      ],
      [
        'identity is for another path',
        gatewayHeaders(manager, TARGET, 'POST', '/funds/deposits?x=1', body),
        body,
      ],
      [
        'body does not match the identity',
        gatewayHeaders(manager, TARGET, 'POST', '/funds/deposits', body),
        JSON.stringify({ amountFen: '999999', note: 'once' }),
      ],
      [
        'issuer ledger may not vouch for admin',
        signIdentity(
          { ...manager, role: 'admin', scope: null },
          { target: TARGET, method: 'POST', path: '/funds/deposits', body },
          testLedgerSigner,
        ),
        body,
      ],
    ];
    for (const [reason, caseHeaders, sent] of cases) {
      const refused = await postWith(caseHeaders, `key-${reason.length}-${sent.length}`, sent);
      expect({ reason, status: refused.status, detail: refused.body.detail as string }).toEqual({
        reason,
        status: 401,
        detail: `request did not come through the gateway: ${reason}`,
      });
    }
    expect(await outboxCount()).toBe(afterOne);
  });

  it('refuses a role the route does not allow (403)', async () => {
    const response = await post({ ...manager, role: 'regulator', scope: null }, 'key-00000003', {
      amountFen: '100',
      note: 'x',
    }).expect(403);
    expect(response.body.code).toBe('AUTH.FORBIDDEN');
  });

  it('answers bad input with every field and reason, and changes nothing', async () => {
    const before = await outboxCount();
    const response = await post(manager, 'key-00000004', {
      amountFen: 12.5,
      note: 7,
      extra: 1,
    }).expect(400);
    expect(response.body.code).toBe('REQUEST.INVALID');
    expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['amountFen', 'note', 'extra']),
    );
    expect(await outboxCount()).toBe(before);
  });

  it('needs an Idempotency-Key on a write', async () => {
    const response = await post(manager, undefined, { amountFen: '100', note: 'x' }).expect(400);
    expect(response.body.code).toBe('REQUEST.IDEMPOTENCY_KEY_REQUIRED');
  });

  it('answers a repeated key and body with the first answer and one event; another body is 409', async () => {
    const before = await outboxCount();
    const first = await post(manager, 'key-00000005', { amountFen: '250', note: 'first' }).expect(
      201,
    );
    const again = await post(manager, 'key-00000005', { amountFen: '250', note: 'first' }).expect(
      201,
    );
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await outboxCount()).toBe(before + 1);
    const other = await post(manager, 'key-00000005', { amountFen: '999', note: 'first' }).expect(
      409,
    );
    expect(other.body.code).toBe('REQUEST.IDEMPOTENCY_KEY_REUSED');
    expect(await outboxCount()).toBe(before + 1);
  });

  it('gives racing requests with one key one effect', async () => {
    const before = await outboxCount();
    const answers = await Promise.all(
      Array.from({ length: 8 }, () =>
        post(manager, 'key-00000006', { amountFen: '7', note: 'race' }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(201));
    expect(new Set(answers.map((a) => a.body.depositId)).size).toBe(1);
    expect(await outboxCount()).toBe(before + 1);
  });

  it('sweeps its schema on the retention settings: an aged answer goes, and its key is new again', async () => {
    await post(manager, 'key-00000007', { amountFen: '3', note: 'aged' }).expect(201);
    await service.dataSource.query(
      `UPDATE "${SCHEMA}".idempotency_keys SET created_at = now() - interval '10000 hours'
       WHERE idempotency_key = 'key-00000007'`,
    );
    const pruned = await service.retention.sweep();
    expect(pruned?.idempotency).toBe(1);
    const before = await outboxCount();
    const again = await post(manager, 'key-00000007', { amountFen: '3', note: 'aged' }).expect(201);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    expect(await outboxCount()).toBe(before + 1);
  });
});
