// The whole system as real processes: all six services (from the tsc build in dist/ when
// RISKPOOL_E2E_FROM_DIST=1, else through ts-node), on the run's broker and a fresh database
// (the jest global setup's, or the broker and PostgreSQL server passed as `infra`). Each service
// can be SIGKILLed and started again on the same port with the same settings (fault tests).
// With `instances: 2` (or RISKPOOL_E2E_CLUSTER=1, which also starts the cluster topology of
// libs/testing/src/cluster-topology.ts: 3 Kafka nodes, 3 Patroni members, HAProxy) every service runs twice
// behind an HAProxy listener of its own, as `npm run start:cluster` runs them; the second ledger
// is the standby that waits for the single-writer lock.
import { ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { IdentitySigner } from '@riskpool/contracts';
import {
  createDatabase,
  ensureLedgerKeyFile,
  freePorts,
  Haproxy,
  pemOf,
  provisionTestServiceRoles,
  REPO_ROOT,
  schemaOfService,
  startHaproxy,
  testInfra,
  ClusterInfra,
  kafkaPrincipalFromEnv,
  type KafkaPrincipal,
  INSTANCES_PER_SERVICE,
  startClusterInfra,
  SERVICE_NODE_FLAGS,
  SERVICE_PROCESS_ENV,
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

function kafkaAdminOf(infra: SystemInfra): KafkaPrincipal {
  const admin = kafkaPrincipalFromEnv(infra.kafkaEnvOf('admin'));
  if (admin === undefined) throw new Error("the system's broker has no admin principal");
  return admin;
}

/** RISKPOOL_E2E_CLUSTER=1: the suites run on the cluster topology (docs/deploy.md). */
export function clusterMode(): boolean {
  return process.env['RISKPOOL_E2E_CLUSTER'] === '1';
}

/** A service instance that exited without being asked to. */
export interface UnexpectedExit {
  readonly name: ServiceName;
  /** 1-based. */
  readonly index: number;
  readonly at: number;
  readonly how: string;
}

export interface RunningSystem {
  readonly gatewayUrl: string;
  readonly adminKey: string;
  /** A superuser's URL of the system's database (tests read and tamper behind the services). */
  readonly databaseUrl: string;
  readonly brokers: string[];
  /**
   * The broker's super user, for suites that reach behind the services (topics, offsets, DLQs):
   * the jest global setup's broker or the cluster's, whichever the system runs on.
   */
  readonly kafkaAdmin: KafkaPrincipal;
  /** The broker and PostgreSQL server it runs on (a second deployment beside it uses them too). */
  readonly infra: SystemInfra;
  readonly logDir: string;
  /** The id of the ledger's checkpoint signing key (its file is in logDir, mode 600). */
  readonly ledgerKeyId: string;
  /** The identity signing keys the gateway and the ledger run with (tests forge with them). */
  readonly identitySigners: { readonly gateway: IdentitySigner; readonly ledger: IdentitySigner };
  /** Instances of every service (1, or 2 on the cluster topology). */
  readonly instances: number;
  /** The cluster's Kafka nodes, Patroni members and HAProxy, when the system runs on them. */
  readonly cluster?: ClusterInfra;
  /** The service's URL (its HAProxy listener when it runs more than once). */
  serviceUrl(name: ServiceName): string;
  /** One instance's own URL (1-based index). */
  instanceUrl(name: ServiceName, index: number): string;
  /** The instance's pid while it runs (index 1 unless given). */
  pid(name: ServiceName, index?: number): number | undefined;
  /** Resident set size (VmRSS of /proc/<pid>/status) in KiB, while it runs. */
  rssKb(name: ServiceName, index?: number): number | undefined;
  /** SIGKILL (no clean shutdown); resolves when the process is gone. */
  kill(name: ServiceName, index?: number): Promise<void>;
  /**
   * Starts a killed or exited instance again (same port and settings) and waits until it is
   * ready, or, for a second ledger while another holds the writer lock, until it is a standby.
   */
  restart(name: ServiceName, timeoutMs?: number, index?: number): Promise<void>;
  /** The index of the ledger instance that holds the writer lock (the ready one), if any. */
  ledgerWriter(): Promise<number | undefined>;
  /** Instances that exited without kill() or stop() asking them to, with code or signal. */
  unexpectedExits(): readonly UnexpectedExit[];
  stop(): Promise<void>;
}

async function isReady(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(5_000) })).ok;
  } catch {
    return false; // not listening yet
  }
}

async function waitReady(
  name: string,
  url: string,
  child: ChildProcess,
  logFile: string,
  timeoutMs: number,
  /** Also done when this holds (a standby ledger while another instance writes). */
  orElse?: () => Promise<boolean>,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`${name} exited (${child.exitCode}) while starting:\n${tail(logFile)}`);
    }
    if (await isReady(url)) return;
    if (orElse !== undefined && (await orElse())) return;
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
  return [...SERVICE_NODE_FLAGS, ...profilerArgs(name), ...entryArgs(name)];
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

/**
 * The cluster topology for a test run (RISKPOOL_E2E_CLUSTER=1, `npm run chaos -- --cluster`):
 * 3 Kafka nodes, 3 Patroni members and HAProxy to the primary, in a directory of its own.
 */
export async function startTestCluster(
  log: (line: string) => void = () => undefined,
): Promise<ClusterInfra> {
  return startClusterInfra({
    services: [],
    log,
    runDir: path.join(
      REPO_ROOT,
      'tmp',
      `cluster-test-${process.pid}-${randomBytes(3).toString('hex')}`,
    ),
  });
}

export async function startSystem(
  options: {
    env?: Partial<Record<ServiceName, Record<string, string>>>;
    infra?: SystemInfra;
    /** Instances of every service (default 1; 2 on the cluster). */
    instances?: number;
    /** The cluster the system runs on (infra and instances follow from it). */
    cluster?: ClusterInfra;
    /** The services to start (default: all); a replay deployment leaves the ledger out. */
    services?: readonly ServiceName[];
  } = {},
): Promise<RunningSystem> {
  // RISKPOOL_E2E_CLUSTER=1: a suite that asks for the default infrastructure gets a cluster of its
  // own, stopped with the system.
  const ownCluster =
    options.infra === undefined && options.cluster === undefined && clusterMode()
      ? await startTestCluster((line) => process.stdout.write(`cluster: ${line}\n`))
      : undefined;
  const cluster = options.cluster ?? ownCluster;
  const infra: SystemInfra =
    options.infra ??
    (cluster !== undefined
      ? {
          brokers: cluster.brokers,
          adminDatabaseUrl: cluster.adminUrl,
          databaseName: 'riskpool_cluster',
          kafkaEnvOf: (principal) => cluster.kafka.kafkaEnvOf(principal),
        }
      : testInfra());
  const instances = options.instances ?? (cluster !== undefined ? INSTANCES_PER_SERVICE : 1);
  const databaseName = `${infra.databaseName}_e2e_${randomBytes(3).toString('hex')}`;
  const databaseUrl = await createDatabase(infra.adminDatabaseUrl, databaseName).catch(
    async (error: unknown) => {
      await ownCluster?.stop();
      throw error;
    },
  );
  // Each service runs as its own role without DDL; its migrations as its schema's owner.
  const roleUrls = await provisionTestServiceRoles(databaseUrl, SERVICE_NAMES.map(schemaOfService));
  // One port per instance; with several instances also one per service for its HAProxy listener.
  const proxied = instances > 1;
  const ports = await freePorts(SERVICE_NAMES.length * (instances + (proxied ? 1 : 0)));
  const instancePort = (name: ServiceName, index: number) =>
    ports[SERVICE_NAMES.indexOf(name) * instances + index - 1] as number;
  const portOf = (name: ServiceName) =>
    proxied
      ? (ports[SERVICE_NAMES.length * instances + SERVICE_NAMES.indexOf(name)] as number)
      : instancePort(name, 1);
  const urlOf = (name: ServiceName) => `http://127.0.0.1:${portOf(name)}`;
  const instanceUrlOf = (name: ServiceName, index: number) =>
    `http://127.0.0.1:${instancePort(name, index)}`;
  const indexes = Array.from({ length: instances }, (_, i) => i + 1);
  const started = SERVICE_NAMES.filter((name) => options.services?.includes(name) ?? true);
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
      // A standby ledger waits for the writer lock as long as the writer lives.
      ...(instances > 1 ? { LEDGER_WRITER_LOCK_WAIT_MS: '3600000' } : {}),
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

  const keyOf = (name: ServiceName, index: number) => `${name}#${index}`;
  const children = new Map<string, ChildProcess>();
  /** Children we asked to end (kill() or stop()): their exit is not unexpected. */
  const ending = new Set<ChildProcess>();
  /** Children not ready yet (a restart that fails reports it by rejecting). */
  const starting = new Set<ChildProcess>();
  const exits: UnexpectedExit[] = [];
  const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;
  const waitExit = (child: ChildProcess) =>
    new Promise<void>((resolve) => {
      if (exited(child)) return resolve();
      child.once('exit', () => resolve());
    });
  const logFileOf = (name: ServiceName, index: number) =>
    path.join(logDir, index === 1 ? `${name}.log` : `${name}-${index}.log`);

  const spawnService = (name: ServiceName, index: number, append: boolean): ChildProcess => {
    const logFile = logFileOf(name, index);
    const out = fs.openSync(logFile, append ? 'a' : 'w');
    const args = serviceArgs(name);
    const child = spawn(process.execPath, args, {
      cwd: REPO_ROOT,
      env: {
        ...SERVICE_PROCESS_ENV,
        ...withoutKafkaUsersFile(process.env),
        ...common,
        // Its own principal: the ACLs let it write what it produces and read what it consumes.
        ...infra.kafkaEnvOf(name),
        ...perService[name],
        ...roleUrls.get(schemaOfService(name)),
        ...options.env?.[name],
        PORT: String(instancePort(name, index)),
      },
      stdio: ['ignore', out, out],
    });
    fs.closeSync(out);
    child.once('exit', (code, signal) => {
      // An instance that dies before it is ready fails its start (restart() rejects and says so).
      if (!ending.has(child) && !starting.has(child))
        exits.push({ name, index, at: Date.now(), how: signal ?? `exit code ${String(code)}` });
    });
    children.set(keyOf(name, index), child);
    return child;
  };

  let proxy: Haproxy | undefined;
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
    await proxy?.stop();
    await ownCluster?.stop();
  };

  const running = (name: ServiceName, index = 1): ChildProcess | undefined => {
    const child = children.get(keyOf(name, index));
    return child !== undefined && !exited(child) ? child : undefined;
  };
  const ledgerWriter = async (): Promise<number | undefined> => {
    for (const index of indexes)
      if (running('ledger', index) !== undefined && (await isReady(instanceUrlOf('ledger', index))))
        return index;
    return undefined;
  };
  /** A second ledger is ready only on takeover: while another instance writes, it is a standby. */
  const standbyLedger = (name: ServiceName, index: number) =>
    name === 'ledger' && instances > 1
      ? async () => {
          const writer = await ledgerWriter();
          return writer !== undefined && writer !== index;
        }
      : undefined;

  try {
    if (proxied)
      proxy = await startHaproxy({
        runDir: path.join(logDir, 'haproxy'),
        listeners: started.map((name) => ({
          name,
          port: portOf(name),
          kind: 'http' as const,
          servers: indexes.map((index) => ({
            name: `${name}-${index}`,
            port: instancePort(name, index),
          })),
        })),
      });
    // Instance 1 of every service first (it runs the migrations), then the others.
    for (const index of indexes) {
      for (const name of started) spawnService(name, index, false);
      for (const name of started) {
        await waitReady(
          name,
          instanceUrlOf(name, index),
          children.get(keyOf(name, index)) as ChildProcess,
          logFileOf(name, index),
          300_000,
          standbyLedger(name, index),
        );
      }
    }
    // HAProxy has seen the instances (its checks run every 2 s).
    if (proxied)
      for (const name of started) {
        const deadline = Date.now() + 60_000;
        while (!(await isReady(urlOf(name)))) {
          if (Date.now() > deadline)
            throw new Error(`HAProxy: ${name} not ready behind ${urlOf(name)}`);
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      }
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    gatewayUrl: urlOf('gateway'),
    adminKey,
    databaseUrl,
    brokers: infra.brokers,
    kafkaAdmin: kafkaAdminOf(infra),
    infra,
    logDir,
    ledgerKeyId: ledgerKey.keyId,
    identitySigners: {
      gateway: { issuer: 'gateway', privateKey: gatewayKeys.privateKey },
      ledger: { issuer: 'ledger', privateKey: ledgerKeys.privateKey },
    },
    instances,
    ...(cluster !== undefined ? { cluster } : {}),
    serviceUrl: urlOf,
    instanceUrl: instanceUrlOf,
    pid: (name, index = 1) => running(name, index)?.pid,
    rssKb: (name, index = 1) => {
      const pid = running(name, index)?.pid;
      return pid === undefined ? undefined : readRssKb(pid);
    },
    kill: async (name, index = 1) => {
      const child = running(name, index);
      if (child === undefined) return;
      ending.add(child);
      child.kill('SIGKILL');
      await waitExit(child);
    },
    restart: async (name, timeoutMs = 180_000, index = 1) => {
      const old = children.get(keyOf(name, index));
      if (old !== undefined && !exited(old)) throw new Error(`${name} #${index} is still running`);
      fs.appendFileSync(
        logFileOf(name, index),
        `\n----- restarted at ${new Date().toISOString()} -----\n`,
      );
      const child = spawnService(name, index, true);
      starting.add(child);
      try {
        await waitReady(
          name,
          instanceUrlOf(name, index),
          child,
          logFileOf(name, index),
          timeoutMs,
          standbyLedger(name, index),
        );
      } finally {
        starting.delete(child);
      }
    },
    ledgerWriter,
    unexpectedExits: () => [...exits],
    stop,
  };
}
