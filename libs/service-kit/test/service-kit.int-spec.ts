import { Body, Controller, DynamicModule, Module, Post } from '@nestjs/common';
import { IsString } from 'class-validator';
import request from 'supertest';
import { createEvent, Identity, signIdentity, Topics } from '@riskpool/contracts';
import { freePorts, testInfra } from '@riskpool/testing';
import {
  AllowRoles,
  CurrentIdentity,
  currentUnitOfWork,
  IdempotentWrite,
  IsFen,
  ServiceConfig,
  CommonServiceConfig,
  startService,
  RunningService,
} from '../src';

const SECRET = 'service-kit-test-secret-0123456789';
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
    const infra = testInfra();
    const [port] = await freePorts(1);
    service = await startService(
      {
        name: 'service-kit-test',
        schema: SCHEMA,
        configClass: TestConfig,
        entities: [],
        migrations: [],
        module: (): DynamicModule => ({ module: DepositModule }),
      },
      {
        DATABASE_URL: infra.databaseUrl,
        KAFKA_BROKERS: infra.brokers.join(','),
        PORT: String(port),
        GATEWAY_SHARED_SECRET: SECRET,
        RISKPOOL_MODE: 'test',
        LOG_LEVEL: 'error',
      },
    );
  });

  afterAll(async () => {
    await service.stop();
  });

  const post = (identity: Identity | undefined, key: string | undefined, body: unknown) => {
    let req = request(service.url).post('/funds/deposits').set('content-type', 'application/json');
    if (identity)
      for (const [name, value] of Object.entries(signIdentity(identity, SECRET)))
        req = req.set(name, value);
    if (key) req = req.set('idempotency-key', key);
    return req.send(JSON.stringify(body));
  };

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
    const forged = await request(service.url)
      .post('/funds/deposits')
      .set({
        ...signIdentity(manager, 'another-secret-0123456789'),
        'idempotency-key': 'key-00000002',
      })
      .send({ amountFen: '100', note: 'x' });
    expect(forged.status).toBe(401);
    expect(await outboxCount()).toBe(before);
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
});
