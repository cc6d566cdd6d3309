// The whole system as real processes: all six services (from the tsc build in dist/ when
// RISKPOOL_E2E_FROM_DIST=1, else through ts-node), on the run's broker and a fresh database
// (the jest global setup's, or the broker and PostgreSQL server passed as `infra`). Each service
// can be SIGKILLed and started again on the same port with the same settings (fault tests).
import { ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { IdentitySigner } from '@riskpool/contracts';
import {
  createDatabase,
  ensureLedgerKeyFile,
  freePorts,
  pemOf,
  provisionTestServiceRoles,
  REPO_ROOT,
  schemaOfService,
  testInfra,
} from '@riskpool/testing';

export const SERVICE_NAMES = [
  'ledger',
  'pool-allocation',
  'settlement',
  'loan-registry',
  'default-events',
  'subsidy',
  'gateway',
] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** A broker and a PostgreSQL server to run on, instead of the jest global setup's. */
export interface SystemInfra {
  readonly brokers: string[];
  /** A URL with CREATE DATABASE rights (the `postgres` database). */
  readonly adminDatabaseUrl: string;
  /** Prefix of the fresh database's name. */
  readonly databaseName: string;
  /** Each service's own Kafka principal (KAFKA_SASL_*), as the broker's users file has it. */
  kafkaEnvOf(principal: string): Record<string, string>;
}

export interface RunningSystem {
  readonly gatewayUrl: string;
  readonly adminKey: string;
  /** A superuser's URL of the system's database (tests read and tamper behind the services). */
  readonly databaseUrl: string;
  readonly brokers: string[];
  readonly logDir: string;
  /** The id of the ledger's checkpoint signing key (its file is in logDir, mode 600). */
  readonly ledgerKeyId: string;
  /** The identity signing keys the gateway and the ledger run with (tests forge with them). */
  readonly identitySigners: { readonly gateway: IdentitySigner; readonly ledger: IdentitySigner };
  serviceUrl(name: ServiceName): string;
  /** The service's pid while it runs. */
  pid(name: ServiceName): number | undefined;
  /** Resident set size (VmRSS of /proc/<pid>/status) in KiB, while it runs. */
  rssKb(name: ServiceName): number | undefined;
  /** SIGKILL (no clean shutdown); resolves when the process is gone. */
  kill(name: ServiceName): Promise<void>;
  /** Starts a killed or exited service again (same port and settings) and waits until ready. */
  restart(name: ServiceName, timeoutMs?: number): Promise<void>;
  /** Services that exited without kill() or stop() asking them to, with code or signal. */
  unexpectedExits(): ReadonlyArray<{ name: ServiceName; at: number; how: string }>;
  stop(): Promise<void>;
}

async function waitReady(
  name: string,
  url: string,
  child: ChildProcess,
  logFile: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`${name} exited (${child.exitCode}) while starting:\n${tail(logFile)}`);
    }
    try {
      const response = await fetch(`${url}/health/ready`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${name} not ready in ${timeoutMs} ms:\n${tail(logFile)}`);
}

function tail(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-30).join('\n');
  } catch {
    return '(no log)';
  }
}

export function readRssKb(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** The node arguments that run one service: its tsc build when RISKPOOL_E2E_FROM_DIST=1, else ts-node. */
export function serviceArgs(name: ServiceName): string[] {
  return [...profilerArgs(name), ...entryArgs(name)];
}

/**
 * `RISKPOOL_CPU_PROF_DIR=DIR` (the benchmarks' profiling switch, docs/benchmarks.md): each service
 * writes a V8 CPU profile `DIR/<service>.<pid>.cpuprofile` when it exits.
 */
function profilerArgs(name: ServiceName): string[] {
  const dir = process.env['RISKPOOL_CPU_PROF_DIR'];
  if (!dir) return [];
  return ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${name}.\${pid}.cpuprofile`];
}

function entryArgs(name: ServiceName): string[] {
  return process.env['RISKPOOL_E2E_FROM_DIST'] === '1'
    ? ['-r', './scripts/register-dist-aliases.js', `dist/services/${name}/src/main.js`]
    : [
        '-r',
        './scripts/register-aliases.js',
        '-r',
        'ts-node/register/transpile-only',
        `services/${name}/src/main.ts`,
      ];
}

/** A service never sees the broker's users file (every principal's password). */
function withoutKafkaUsersFile(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { KAFKA_SASL_USERS_FILE: _usersFile, ...rest } = env;
  return rest;
}

export async function startSystem(
  options: {
    env?: Partial<Record<ServiceName, Record<string, string>>>;
    infra?: SystemInfra;
  } = {},
): Promise<RunningSystem> {
  const infra: SystemInfra = options.infra ?? testInfra();
  const databaseName = `${infra.databaseName}_e2e_${randomBytes(3).toString('hex')}`;
  const databaseUrl = await createDatabase(infra.adminDatabaseUrl, databaseName);
  // Each service runs as its own role without DDL; its migrations as its schema's owner.
  const roleUrls = await provisionTestServiceRoles(databaseUrl, SERVICE_NAMES.map(schemaOfService));
  const ports = await freePorts(SERVICE_NAMES.length);
  const portOf = (name: ServiceName) => ports[SERVICE_NAMES.indexOf(name)] as number;
  const urlOf = (name: ServiceName) => `http://127.0.0.1:${portOf(name)}`;
  const adminKey = `rpk_admin_${randomBytes(24).toString('hex')}`;
  // The per-request identity keys (ADR 0013): the gateway's and the ledger's private halves stay
  // with them, every service gets the public halves.
  const gatewayKeys = generateKeyPairSync('ed25519');
  const ledgerKeys = generateKeyPairSync('ed25519');
  const logDir = path.join(REPO_ROOT, 'tmp', 'e2e-logs', databaseName);
  fs.mkdirSync(logDir, { recursive: true });
  const ledgerKey = ensureLedgerKeyFile(logDir);

  const common: Record<string, string> = {
    DATABASE_URL: databaseUrl,
    KAFKA_BROKERS: infra.brokers.join(','),
    GATEWAY_IDENTITY_PUBLIC_KEY_PEM: pemOf(gatewayKeys.publicKey),
    LEDGER_IDENTITY_PUBLIC_KEY_PEM: pemOf(ledgerKeys.publicKey),
    RISKPOOL_MODE: 'test',
    LOG_LEVEL: 'info',
    KAFKAJS_NO_PARTITIONER_WARNING: '1',
    TS_NODE_PROJECT: path.join(REPO_ROOT, 'tsconfig.spec.json'),
  };
  const perService: Record<ServiceName, Record<string, string>> = {
    ledger: {
      LEDGER_IDENTITY_PRIVATE_KEY_PEM: pemOf(ledgerKeys.privateKey),
      LEDGER_CHECKPOINT_EVERY: '10',
      LEDGER_CHECKPOINT_SECONDS: '1',
      LEDGER_SIGNING_KEY_FILE: ledgerKey.file,
      // The reconciliation check reads their totals.
      POOL_ALLOCATION_URL: urlOf('pool-allocation'),
      SETTLEMENT_URL: urlOf('settlement'),
      SUBSIDY_URL: urlOf('subsidy'),
    },
    'pool-allocation': {},
    settlement: { PAYMENT_POLL_INTERVAL_MS: '200' },
    'loan-registry': {},
    'default-events': {},
    subsidy: {},
    gateway: {
      GATEWAY_IDENTITY_PRIVATE_KEY_PEM: pemOf(gatewayKeys.privateKey),
      ADMIN_API_KEY: adminKey,
      API_KEY_PEPPER: randomBytes(24).toString('hex'),
      LOAN_REGISTRY_URL: urlOf('loan-registry'),
      DEFAULT_EVENTS_URL: urlOf('default-events'),
      POOL_ALLOCATION_URL: urlOf('pool-allocation'),
      SETTLEMENT_URL: urlOf('settlement'),
      LEDGER_URL: urlOf('ledger'),
      SUBSIDY_URL: urlOf('subsidy'),
      RATE_LIMIT_PER_SECOND: '1000',
      RATE_LIMIT_BURST: '2000',
      // Every test client is 127.0.0.1: the address's budget covers all their keys together.
      RATE_LIMIT_PER_ADDRESS_PER_SECOND: '20000',
      RATE_LIMIT_PER_ADDRESS_BURST: '40000',
    },
  };

  const children = new Map<ServiceName, ChildProcess>();
  /** Children we asked to end (kill() or stop()): their exit is not unexpected. */
  const ending = new Set<ChildProcess>();
  const exits: Array<{ name: ServiceName; at: number; how: string }> = [];
  const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;
  const waitExit = (child: ChildProcess) =>
    new Promise<void>((resolve) => {
      if (exited(child)) return resolve();
      child.once('exit', () => resolve());
    });

  const spawnService = (name: ServiceName, append: boolean): ChildProcess => {
    const logFile = path.join(logDir, `${name}.log`);
    const out = fs.openSync(logFile, append ? 'a' : 'w');
    const args = serviceArgs(name);
    const child = spawn(process.execPath, args, {
      cwd: REPO_ROOT,
      env: {
        ...withoutKafkaUsersFile(process.env),
        ...common,
        // Its own principal: the ACLs let it write what it produces and read what it consumes.
        ...infra.kafkaEnvOf(name),
        ...perService[name],
        ...roleUrls.get(schemaOfService(name)),
        ...options.env?.[name],
        PORT: String(portOf(name)),
      },
      stdio: ['ignore', out, out],
    });
    fs.closeSync(out);
    child.once('exit', (code, signal) => {
      if (!ending.has(child))
        exits.push({ name, at: Date.now(), how: signal ?? `exit code ${String(code)}` });
    });
    children.set(name, child);
    return child;
  };

  const stop = async (): Promise<void> => {
    await Promise.all(
      [...children.values()].map(
        (child) =>
          new Promise<void>((resolve) => {
            ending.add(child);
            if (exited(child)) return resolve();
            const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
            child.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
  };

  try {
    for (const name of SERVICE_NAMES) spawnService(name, false);
    for (const name of SERVICE_NAMES) {
      await waitReady(
        name,
        urlOf(name),
        children.get(name) as ChildProcess,
        path.join(logDir, `${name}.log`),
        300_000,
      );
    }
  } catch (error) {
    await stop();
    throw error;
  }

  const running = (name: ServiceName): ChildProcess | undefined => {
    const child = children.get(name);
    return child !== undefined && !exited(child) ? child : undefined;
  };

  return {
    gatewayUrl: urlOf('gateway'),
    adminKey,
    databaseUrl,
    brokers: infra.brokers,
    logDir,
    ledgerKeyId: ledgerKey.keyId,
    identitySigners: {
      gateway: { issuer: 'gateway', privateKey: gatewayKeys.privateKey },
      ledger: { issuer: 'ledger', privateKey: ledgerKeys.privateKey },
    },
    serviceUrl: urlOf,
    pid: (name) => running(name)?.pid,
    rssKb: (name) => {
      const pid = running(name)?.pid;
      return pid === undefined ? undefined : readRssKb(pid);
    },
    kill: async (name) => {
      const child = running(name);
      if (child === undefined) return;
      ending.add(child);
      child.kill('SIGKILL');
      await waitExit(child);
    },
    restart: async (name, timeoutMs = 180_000) => {
      const old = children.get(name);
      if (old !== undefined && !exited(old)) throw new Error(`${name} is still running`);
      fs.appendFileSync(
        path.join(logDir, `${name}.log`),
        `\n----- restarted at ${new Date().toISOString()} -----\n`,
      );
      const child = spawnService(name, true);
      await waitReady(name, urlOf(name), child, path.join(logDir, `${name}.log`), timeoutMs);
    },
    unexpectedExits: () => [...exits],
    stop,
  };
}
