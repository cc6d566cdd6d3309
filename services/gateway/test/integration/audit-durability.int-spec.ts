// The gateway as a process of its own, killed with SIGKILL right after answering: every request
// it answered, refused ones included (bad key, malformed and over-size bodies, over the rate of
// its address), has its audit record in PostgreSQL, because the record is committed before the
// answer leaves (docs/adr/0016).
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import {
  createDatabase,
  dropDatabase,
  freePorts,
  pemOf,
  REPO_ROOT,
  testGatewayKeys,
  testInfra,
} from '@riskpool/testing';

const ADMIN = `rpk_duradmin_${randomBytes(24).toString('hex')}`;
const BURST = 8;

describe('gateway audit records survive a kill: written before the answer, refused requests too', () => {
  const infra = testInfra();
  const databaseName = `${infra.databaseName}_audit_${randomBytes(3).toString('hex')}`;
  let databaseUrl: string;
  let child: ChildProcess;
  let url: string;
  const logFile = path.join(os.tmpdir(), `${databaseName}.log`);

  beforeAll(async () => {
    databaseUrl = await createDatabase(infra.adminDatabaseUrl, databaseName);
    const [port] = await freePorts(1);
    url = `http://127.0.0.1:${port as number}`;
    const out = fs.openSync(logFile, 'w');
    child = spawn(
      process.execPath,
      [
        '-r',
        './scripts/register-aliases.js',
        '-r',
        'ts-node/register/transpile-only',
        'services/gateway/src/main.ts',
      ],
      {
        cwd: REPO_ROOT,
        env: {
          ...process.env,
          TS_NODE_PROJECT: path.join(REPO_ROOT, 'tsconfig.spec.json'),
          DATABASE_URL: databaseUrl,
          KAFKA_BROKERS: infra.brokers.join(','),
          PORT: String(port),
          RISKPOOL_MODE: 'test',
          LOG_LEVEL: 'warn',
          ADMIN_API_KEY: ADMIN,
          API_KEY_PEPPER: randomBytes(24).toString('hex'),
          GATEWAY_IDENTITY_PRIVATE_KEY_PEM: pemOf(testGatewayKeys.privateKey),
          // A small budget per address; the per-key budget is large, so only the address limits.
          RATE_LIMIT_PER_ADDRESS_PER_SECOND: '1',
          RATE_LIMIT_PER_ADDRESS_BURST: String(BURST),
          RATE_LIMIT_PER_SECOND: '1000',
          RATE_LIMIT_BURST: '1000',
        },
        stdio: ['ignore', out, out],
      },
    );
    fs.closeSync(out);
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (child.exitCode !== null)
        throw new Error(`gateway exited:\n${fs.readFileSync(logFile, 'utf8')}`);
      const ready = await fetch(`${url}/health/ready`).then(
        (r) => r.ok,
        () => false,
      );
      if (ready) break;
      if (Date.now() > deadline)
        throw new Error(`gateway not ready:\n${fs.readFileSync(logFile, 'utf8')}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }, 180_000);

  afterAll(async () => {
    if (child !== undefined && child.exitCode === null && child.signalCode === null)
      child.kill('SIGKILL');
    await dropDatabase(infra.adminDatabaseUrl, databaseName).catch(() => undefined);
  });

  it('limits by address before the key check (429 problem+json, Retry-After), and every answered request is on record after a SIGKILL', async () => {
    const call = async (requestId: string, pathname: string, init: RequestInit = {}) => {
      const response = await fetch(`${url}${pathname}`, {
        ...init,
        headers: { 'x-request-id': requestId, ...(init.headers as Record<string, string>) },
      });
      const text = await response.text();
      return { requestId, status: response.status, headers: response.headers, text };
    };
    const json = { 'content-type': 'application/json' };
    const answered = [
      await call('dur-bad-key', '/api/v1/clock', {
        headers: { authorization: 'Bearer rpk_nosuchkey_wrongwrongwrongwrongwrongwrongwrong' },
      }),
      await call('dur-bad-json', '/api/v1/admin/api-keys', {
        method: 'POST',
        headers: { ...json, authorization: `Bearer ${ADMIN}` },
        body: '{"role": ',
      }),
      await call('dur-too-large', '/api/v1/admin/banks', {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ name: 'x'.repeat(1_100_000) }),
      }),
      await call('dur-ok', '/api/v1/clock', { headers: { authorization: `Bearer ${ADMIN}` } }),
    ];
    expect(answered.map((a) => a.status)).toEqual([401, 400, 413, 200]);

    // A flood of bad keys from one address: refused by the address's rate before any key lookup.
    const flood = await Promise.all(
      Array.from({ length: BURST + 4 }, (_v, i) =>
        call(`dur-flood-${i}`, '/api/v1/clock', {
          headers: { authorization: `Bearer rpk_flood${i}_wrongwrongwrongwrongwrongwrongwrong` },
        }),
      ),
    );
    const limited = flood.filter((a) => a.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(4);
    expect(flood.every((a) => a.status === 401 || a.status === 429)).toBe(true);
    const problem = JSON.parse(limited[0]?.text ?? '{}') as Record<string, unknown>;
    expect(limited[0]?.headers.get('content-type')).toContain('application/problem+json');
    expect(limited[0]?.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    expect(problem).toMatchObject({ status: 429, code: 'RATE.LIMITED' });
    expect(problem['requestId']).toBe(limited[0]?.requestId);
    // A good key from the same address waits too; the docs and health are not limited.
    const goods = await Promise.all(
      [1, 2, 3].map((i) =>
        call(`dur-good-${i}`, '/api/v1/clock', { headers: { authorization: `Bearer ${ADMIN}` } }),
      ),
    );
    const good = goods.find((a) => a.status === 429);
    expect(good?.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await fetch(`${url}/health`)).status).toBe(200);

    // Killed at once: nothing queued in memory could be written now.
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await gone;

    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      const rows = (
        await db.query<{ request_id: string; status: number; key_id: string | null }>(
          `SELECT request_id, status, key_id FROM gateway.audit_log WHERE request_id LIKE 'dur-%'`,
        )
      ).rows;
      const byId = new Map(rows.map((r) => [r.request_id, r]));
      for (const a of [...answered, ...flood, ...goods])
        expect({ requestId: a.requestId, status: byId.get(a.requestId)?.status }).toEqual({
          requestId: a.requestId,
          status: a.status,
        });
      expect(byId.get('dur-bad-key')?.key_id).toBe('nosuchkey');
      expect(byId.get('dur-bad-json')?.key_id).toBe('duradmin');
      expect(byId.get('dur-flood-0')?.key_id).toBe('flood0');
    } finally {
      await db.end();
    }
  });
});
