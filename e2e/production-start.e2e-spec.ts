// Production is the default mode (docs/adr, issue 15): a service started without a secret (its
// Kafka credentials among them), or with a published demo value, the simulated rail or no outside
// ledger key, exits non-zero and names each problem; with everything set, the whole system starts in production and the clock is fixed.
import { spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pemOf, REPO_ROOT } from '@riskpool/testing';
import {
  RunningSystem,
  SERVICE_NAMES,
  ServiceName,
  serviceArgs,
  startSystem,
} from './support/system';

/** The environment without any riskpool setting: what a bare production start sees. */
function bareEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env['RISKPOOL_MODE'];
  for (const name of Object.keys(env))
    if (/^(GATEWAY|LEDGER)_IDENTITY_|^ADMIN_API_KEY$|^API_KEY_PEPPER$|^KAFKA_SASL_/.test(name))
      delete env[name];
  return env;
}

/** Runs one service until it exits; what it printed and its exit code. */
function startAndWaitForExit(
  name: ServiceName,
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, serviceArgs(name), {
      cwd: REPO_ROOT,
      env: { ...bareEnv(), DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not exit:\n${output}`));
    }, 90_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

const secret = () => randomBytes(24).toString('hex');

describe('a production start', () => {
  it.each(SERVICE_NAMES.map((name) => [name]))(
    '%s without its secrets exits non-zero and names each one',
    async (name) => {
      const { code, output } = await startAndWaitForExit(name as ServiceName, {});
      expect(code).not.toBe(0);
      if (name === 'gateway') {
        expect(output).toContain('ADMIN_API_KEY is not set');
        expect(output).toContain('API_KEY_PEPPER is not set');
        expect(output).toContain(
          'GATEWAY_IDENTITY_PRIVATE_KEY_PEM (or GATEWAY_IDENTITY_PRIVATE_KEY_FILE) is not set',
        );
      } else {
        expect(output).toContain(
          'GATEWAY_IDENTITY_PUBLIC_KEY_PEM (or GATEWAY_IDENTITY_PUBLIC_KEY_FILE) is not set',
        );
      }
      // Every service needs its own Kafka principal (ADR 0011).
      expect(output).toContain('KAFKA_SASL_USERNAME is not set');
      expect(output).toContain('KAFKA_SASL_PASSWORD is not set');
      if (name === 'ledger') expect(output).toContain('LEDGER_IDENTITY_PRIVATE_KEY_PEM');
      if (name === 'settlement') expect(output).toContain('PAYMENT_RAIL is SIMULATED');
      if (name === 'ledger') expect(output).toContain('LEDGER_SIGNING_KEY_PEM');
    },
  );

  it('refuses the demo admin key and pepper, naming each', async () => {
    const { code, output } = await startAndWaitForExit('gateway', {
      GATEWAY_IDENTITY_PRIVATE_KEY_PEM: pemOf(generateKeyPairSync('ed25519').privateKey),
      ADMIN_API_KEY: 'rpk_admin_riskpool-demo-admin-secret-change-me',
      API_KEY_PEPPER: 'riskpool-demo-api-key-pepper-change-me',
    });
    expect(code).not.toBe(0);
    for (const name of ['ADMIN_API_KEY', 'API_KEY_PEPPER'])
      expect(output).toContain(`${name} is a known demo value`);
  });

  it('refuses a service given the gateway PRIVATE key instead of its public half', async () => {
    const { code, output } = await startAndWaitForExit('loan-registry', {
      GATEWAY_IDENTITY_PUBLIC_KEY_PEM: pemOf(generateKeyPairSync('ed25519').privateKey),
    });
    expect(code).not.toBe(0);
    expect(output).toContain('GATEWAY_IDENTITY_PUBLIC_KEY must be a public key');
  });

  describe('with every secret set', () => {
    let system: RunningSystem;

    beforeAll(async () => {
      const custodian = path.join(REPO_ROOT, 'tmp', `production-start-${secret().slice(0, 8)}`);
      fs.mkdirSync(custodian, { recursive: true });
      const production = { RISKPOOL_MODE: 'production' };
      system = await startSystem({
        env: {
          // The signing key comes from outside the database: the key file (mode 600) the system
          // harness writes for the ledger, as an operator's secret store would.
          ledger: production,
          'pool-allocation': production,
          settlement: {
            ...production,
            PAYMENT_RAIL: 'PAIN001_FILE',
            PAIN001_OUTBOX_DIR: path.join(custodian, 'outbox'),
            PAIN001_INBOX_DIR: path.join(custodian, 'inbox'),
          },
          'loan-registry': production,
          'default-events': production,
          subsidy: production,
          gateway: production,
        },
      });
    }, 600_000);

    afterAll(async () => {
      await system?.stop();
    });

    it('runs every service, with the business clock fixed to today', async () => {
      const auth = { authorization: `Bearer ${system.adminKey}` };
      const clock = await fetch(`${system.gatewayUrl}/api/v1/clock`, { headers: auth });
      expect(clock.status).toBe(200);
      expect(await clock.json()).toMatchObject({ mode: 'production', settable: false });
      const set = await fetch(`${system.gatewayUrl}/api/v1/admin/clock`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': secret() },
        body: JSON.stringify({ businessDate: '2026-03-01' }),
      });
      expect(set.status).toBe(403);
      // A forwarded read reaches a service (the identity the gateway signs is accepted there).
      const funds = await fetch(`${system.gatewayUrl}/api/v1/funds`, { headers: auth });
      expect(funds.status).toBe(200);
      expect(system.unexpectedExits()).toEqual([]);
    });
  });
});
