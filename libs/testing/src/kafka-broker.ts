// A real single-node Kafka broker (KRaft, combined mode) for tests, run from the Maven Central jars
// by the same scripts as `npm run kafka:start` (deploy/kafka/prepare.sh and run.sh), so the
// settings live in one place: deploy/kafka/server.properties.template and log4j2.xml.
import { execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createAllServiceAcls } from './kafka-acls';
import {
  type KafkaPrincipal,
  kafkaPrincipalEnv,
  kafkaPrincipalOf,
  readKafkaUsersFile,
  quietAdminOf,
} from './kafka-credentials';
import { KAFKA_DEPLOY_DIR } from './paths';
import {
  freePorts,
  processAlive,
  processMatches,
  sleep,
  tailFile,
  withTimeout,
} from './process-util';

export interface KafkaBrokerOptions {
  /** Holds server.properties, data/, kafka.pid, server.log and kafka.out. Created if missing. */
  runDir: string;
  /** Client listener port; a free one is picked when omitted. */
  port?: number;
  /** KRaft controller listener port; a free one is picked when omitted. */
  controllerPort?: number;
  /**
   * The broker is stopped when this process dies (a watchdog in run.sh). Defaults to the current
   * process; 0 turns the watchdog off.
   */
  parentPid?: number;
  /** Bound on fetching jars, formatting and readiness. Default 90 s (plus 10 min if mvn runs). */
  startTimeoutMs?: number;
  /** SIGTERM grace period before SIGKILL. Default 15 s. */
  stopTimeoutMs?: number;
  /**
   * `c1` (the default here, unless KAFKA_JIT is set) starts the JVM with the client compiler
   * only: about a third less CPU per start, which matters when tests restart brokers on 2 cores.
   * `full` is the normal tiered JIT, as deploy/kafka/start.sh uses.
   */
  jit?: 'full' | 'c1';
  /** One node of a KRaft cluster (kafka-cluster.ts); omitted: a single-node cluster of its own. */
  clusterNode?: KafkaClusterNodeSettings;
  /**
   * The principals and their passwords (16+ of [A-Za-z0-9_-]); `admin` is the super user. Every
   * broker authenticates every client (SASL/SCRAM-SHA-512) and authorizes by ACL (deploy/kafka
   * lib.sh render_sasl_properties). Omitted: deploy/kafka/prepare.sh makes `admin` and one
   * principal per service with random passwords in `<runDir>/sasl-users.properties` (mode 600).
   */
  saslUsers?: Readonly<Record<string, string>>;
}

/** The settings that make a broker one node of a cluster (deploy/kafka/lib.sh render_properties). */
export interface KafkaClusterNodeSettings {
  readonly nodeId: number;
  /** The same on every node: `1@127.0.0.1:<controller port>,2@...`. */
  readonly quorumVoters: string;
  /** The same on every node (22 characters of base64url). */
  readonly clusterId: string;
  /** Of the internal topics and the default for new topics. */
  readonly replicationFactor: number;
  readonly minInsyncReplicas: number;
}

export interface KafkaBroker {
  /** `['127.0.0.1:<port>']`, for kafkajs `brokers`. */
  readonly brokers: string[];
  readonly port: number;
  readonly controllerPort: number;
  readonly runDir: string;
  /** `<runDir>/sasl-users.properties`: the principals' passwords (mode 600). */
  readonly usersFile: string;
  /** A principal's credentials (`admin`, the super user, or a service's name). */
  credentialsOf(principal: string): KafkaPrincipal;
  /** KAFKA_SASL_USERNAME / _PASSWORD / _MECHANISM of a principal, for a process's environment. */
  kafkaEnvOf(principal: string): Record<string, string>;
  /** The broker's pid when it is running. */
  pid(): number | undefined;
  isRunning(): boolean;
  /**
   * Starts a stopped broker with the same run dir and ports, and waits until it answers
   * (describeCluster) and its group coordinator has loaded the offsets topic.
   */
  start(): Promise<void>;
  /** SIGTERM, then SIGKILL after the grace period; resolves when the process is gone. */
  stop(): Promise<void>;
  /** SIGKILL (an unclean shutdown); resolves when the process is gone. */
  kill(): Promise<void>;
  /** stop() then start(): same run dir, ports and data. */
  restart(): Promise<void>;
}

const BROKER_MAIN_CLASS = 'kafka.Kafka';
const READY_LOG_LINE = 'Kafka Server started';
const DEFAULT_START_TIMEOUT_MS = 90_000;
const DEFAULT_STOP_TIMEOUT_MS = 15_000;
/** fetch.sh may run Maven on a cold cache. */
const PREPARE_TIMEOUT_MS = 10 * 60_000;

/**
 * Starts a broker and waits until a kafkajs admin `describeCluster()` answers and the group
 * coordinator has loaded the offsets topic. Without explicit ports it picks free ones (and
 * retries with new ones if another process took them first), so several test runs can share a
 * machine.
 */
export async function startKafkaBroker(options: KafkaBrokerOptions): Promise<KafkaBroker> {
  const fixedPorts = options.port !== undefined && options.controllerPort !== undefined;
  const attempts = fixedPorts ? 1 : 3;
  for (let attempt = 1; ; attempt += 1) {
    let port = options.port;
    let controllerPort = options.controllerPort;
    if (port === undefined || controllerPort === undefined) {
      const picked = await freePorts(2);
      port ??= picked.find((p) => p !== controllerPort);
      controllerPort ??= picked.find((p) => p !== port);
    }
    if (port === undefined || controllerPort === undefined) {
      throw new Error('could not pick free ports for the Kafka broker');
    }
    const broker = kafkaBroker({ ...options, port, controllerPort });
    try {
      await broker.start();
      await createAllServiceAcls(broker.brokers, broker.credentialsOf('admin'));
      return broker;
    } catch (error) {
      if (attempt >= attempts || !(error instanceof PortInUseError)) {
        throw error;
      }
    }
  }
}

/**
 * A handle on the broker of `runDir` with fixed ports, without starting it: for code that did not
 * start the broker itself (a test worker restarting the global setup's broker).
 */
export function kafkaBroker(
  options: KafkaBrokerOptions & { port: number; controllerPort: number },
): KafkaBroker {
  return new ScriptedKafkaBroker(options);
}

class PortInUseError extends Error {}

class ScriptedKafkaBroker implements KafkaBroker {
  readonly brokers: string[];
  readonly port: number;
  readonly controllerPort: number;
  readonly runDir: string;
  private readonly parentPid: number;
  private readonly startTimeoutMs: number;
  private readonly stopTimeoutMs: number;
  private readonly jit: 'full' | 'c1';
  private readonly clusterNode: KafkaClusterNodeSettings | undefined;
  private readonly saslUsers: Readonly<Record<string, string>> | undefined;

  constructor(options: KafkaBrokerOptions & { port: number; controllerPort: number }) {
    this.runDir = path.resolve(options.runDir);
    this.port = options.port;
    this.controllerPort = options.controllerPort;
    this.brokers = [`127.0.0.1:${options.port}`];
    this.parentPid = options.parentPid ?? process.pid;
    this.startTimeoutMs = options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;
    this.stopTimeoutMs = options.stopTimeoutMs ?? DEFAULT_STOP_TIMEOUT_MS;
    const jit = options.jit ?? process.env['KAFKA_JIT'] ?? 'c1';
    if (jit !== 'full' && jit !== 'c1') {
      throw new Error(`jit must be 'full' or 'c1', got '${jit}'`);
    }
    this.jit = jit;
    this.clusterNode = options.clusterNode;
    this.saslUsers = options.saslUsers;
    if (this.saslUsers !== undefined && this.saslUsers['admin'] === undefined)
      throw new Error('saslUsers needs an admin (the super user)');
  }

  get usersFile(): string {
    return path.join(this.runDir, 'sasl-users.properties');
  }

  credentialsOf(principal: string): KafkaPrincipal {
    return kafkaPrincipalOf(this.usersFile, principal);
  }

  kafkaEnvOf(principal: string): Record<string, string> {
    return kafkaPrincipalEnv(this.credentialsOf(principal));
  }

  /**
   * Writes the given users (mode 600) for prepare.sh, which otherwise makes the file itself; and
   * names the file (a cluster's nodes share the first node's).
   */
  private saslEnv(): Record<string, string> {
    const file = this.usersFile;
    if (this.saslUsers === undefined) return { KAFKA_SASL_USERS_FILE: file };
    fs.mkdirSync(this.runDir, { recursive: true, mode: 0o700 });
    const users = Object.entries(this.saslUsers).sort(([a], [b]) =>
      a === 'admin' ? -1 : b === 'admin' ? 1 : a.localeCompare(b),
    );
    fs.writeFileSync(file, users.map(([name, password]) => `${name}=${password}\n`).join(''), {
      mode: 0o600,
    });
    fs.chmodSync(file, 0o600);
    return { KAFKA_SASL_USERS_FILE: file };
  }

  private get pidFile(): string {
    return path.join(this.runDir, 'kafka.pid');
  }

  private get serverLog(): string {
    return path.join(this.runDir, 'server.log');
  }

  pid(): number | undefined {
    let pid: number;
    try {
      pid = Number.parseInt(fs.readFileSync(this.pidFile, 'utf8').trim(), 10);
    } catch {
      return undefined;
    }
    return processMatches(pid, BROKER_MAIN_CLASS) ? pid : undefined;
  }

  isRunning(): boolean {
    return this.pid() !== undefined;
  }

  async start(): Promise<void> {
    const running = this.pid();
    if (running !== undefined) {
      throw new Error(`a broker is already running for ${this.runDir} (pid ${running})`);
    }
    fs.mkdirSync(this.runDir, { recursive: true });
    await this.prepare();

    const logOffset = fileSize(this.serverLog);
    fs.rmSync(this.pidFile, { force: true });
    const env: NodeJS.ProcessEnv = { ...process.env };
    if (this.parentPid > 0) {
      env['KAFKA_PARENT_PID'] = String(this.parentPid);
    } else {
      delete env['KAFKA_PARENT_PID'];
    }
    env['KAFKA_STOP_TIMEOUT_S'] = String(Math.ceil(this.stopTimeoutMs / 1000));
    env['KAFKA_JIT'] = this.jit;
    // Detached: the broker outlives a test worker that restarts it; the watchdog ties it to
    // parentPid instead. run.sh execs the JVM, so child.pid is the broker's pid.
    const child = spawn('bash', [path.join(KAFKA_DEPLOY_DIR, 'run.sh'), this.runDir], {
      detached: true,
      stdio: 'ignore',
      env,
    });
    let spawnError: unknown;
    child.once('error', (error) => {
      spawnError = error;
    });
    child.unref();
    const pid = child.pid;
    if (pid === undefined) {
      await sleep(0);
      throw new Error(`could not spawn deploy/kafka/run.sh: ${String(spawnError)}`);
    }

    try {
      await this.waitUntilReady(pid, logOffset);
    } catch (error) {
      if (processAlive(pid)) {
        process.kill(pid, 'SIGKILL');
        await waitForExit(pid, 5_000);
      }
      const log = tailFile(this.serverLog, 40);
      const out = tailFile(path.join(this.runDir, 'kafka.out'), 15);
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(
        `Kafka broker on port ${this.port} failed to start: ${message}\n` +
          `----- tail of ${this.serverLog} -----\n${log}\n` +
          `----- tail of kafka.out -----\n${out}\n`,
      );
      if (/BindException|Address already in use/.test(log.slice(-8000) + out)) {
        throw new PortInUseError(`port ${this.port} or ${this.controllerPort} is in use`);
      }
      throw new Error(`Kafka broker failed to start (${message}); see ${this.serverLog}`);
    }
  }

  async stop(): Promise<void> {
    if (!this.isRunning()) {
      fs.rmSync(this.pidFile, { force: true });
      return;
    }
    // The same SIGTERM / wait / SIGKILL sequence as `npm run kafka:stop`.
    await runScript(
      'stop.sh',
      [this.runDir],
      { KAFKA_STOP_TIMEOUT_S: String(Math.ceil(this.stopTimeoutMs / 1000)) },
      this.stopTimeoutMs + 15_000,
    );
  }

  async kill(): Promise<void> {
    const pid = this.pid();
    if (pid !== undefined) {
      process.kill(pid, 'SIGKILL');
      if (!(await waitForExit(pid, 10_000))) {
        throw new Error(`broker pid ${pid} survived SIGKILL`);
      }
    }
    fs.rmSync(this.pidFile, { force: true });
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  private async prepare(): Promise<void> {
    await runScript(
      'prepare.sh',
      [this.runDir, String(this.port), String(this.controllerPort)],
      this.clusterNode === undefined
        ? this.saslEnv()
        : {
            ...this.saslEnv(),
            KAFKA_NODE_ID: String(this.clusterNode.nodeId),
            KAFKA_QUORUM_VOTERS: this.clusterNode.quorumVoters,
            KAFKA_CLUSTER_ID: this.clusterNode.clusterId,
            KAFKA_REPLICATION_FACTOR: String(this.clusterNode.replicationFactor),
            KAFKA_MIN_ISR: String(this.clusterNode.minInsyncReplicas),
            KAFKA_JIT: this.jit,
          },
      PREPARE_TIMEOUT_MS,
    );
  }

  private async waitUntilReady(pid: number, logOffset: number): Promise<void> {
    const deadline = Date.now() + this.startTimeoutMs;
    let logSeen = false;
    let lastError = 'no answer yet';
    while (Date.now() < deadline) {
      if (!processAlive(pid)) {
        throw new Error('the broker process exited during start-up');
      }
      logSeen ||= readFrom(this.serverLog, logOffset).includes(READY_LOG_LINE);
      if (logSeen) {
        try {
          await describeCluster(
            this.brokers,
            Math.max(1_000, deadline - Date.now()),
            this.credentialsOf('admin'),
          );
          return;
        } catch (error) {
          lastError = error instanceof Error ? error.message : String(error);
        }
      }
      await sleep(200);
    }
    throw new Error(
      logSeen
        ? `the broker did not answer (describeCluster, group coordinator) within ${this.startTimeoutMs} ms: ${lastError}`
        : `no '${READY_LOG_LINE}' in server.log within ${this.startTimeoutMs} ms`,
    );
  }
}

async function describeCluster(
  brokers: string[],
  timeoutMs: number,
  credentials: KafkaPrincipal,
): Promise<void> {
  const admin = quietAdminOf(credentials, {
    clientId: 'riskpool-testing-readiness',
    brokers,
    connectionTimeout: 1_000,
    requestTimeout: 3_000,
    retry: { retries: 0 },
  });
  try {
    await withTimeout(
      (async () => {
        await admin.connect();
        const cluster = await admin.describeCluster();
        if (cluster.brokers.length === 0) {
          throw new Error('describeCluster() returned no brokers');
        }
        // The group coordinator answers only once it has loaded __consumer_offsets (created on
        // first use): until then group requests fail with COORDINATOR_LOAD_IN_PROGRESS. There is
        // one offsets partition, so one group's answer means every group's.
        await admin.fetchOffsets({ groupId: 'riskpool-readiness-probe' });
      })(),
      Math.min(timeoutMs, 5_000),
      'describeCluster()',
    );
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/**
 * Makes a users file as deploy/kafka/prepare.sh does (`admin` and one principal per service, random
 * passwords, mode 600) and returns its users: for a cluster, whose nodes share one file.
 */
export async function generateKafkaUsers(file: string): Promise<Record<string, string>> {
  await new Promise<void>((resolve, reject) => {
    execFile(
      'bash',
      [
        '-c',
        'source "$1/lib.sh" && kafka_generate_users_file "$2"',
        'bash',
        KAFKA_DEPLOY_DIR,
        file,
      ],
      (error, _stdout, stderr) =>
        error ? reject(new Error(`generating ${file} failed: ${stderr}`)) : resolve(),
    );
  });
  return readKafkaUsersFile(file);
}

function runScript(
  script: string,
  args: string[],
  extraEnv: Record<string, string>,
  timeoutMs: number,
): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      'bash',
      [path.join(KAFKA_DEPLOY_DIR, script), ...args],
      { env: { ...process.env, ...extraEnv }, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
      (error, _stdout, stderr) => {
        if (error) {
          reject(new Error(`deploy/kafka/${script} failed: ${error.message}\n${stderr}`));
        } else {
          resolve();
        }
      },
    );
  });
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (processAlive(pid)) {
    if (Date.now() >= deadline) {
      return false;
    }
    await sleep(50);
  }
  return true;
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

/** The text of `file` from byte `offset` (from the start if the file was rolled over). */
function readFrom(file: string, offset: number): string {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return '';
  }
  try {
    const size = fs.fstatSync(fd).size;
    const start = size >= offset ? offset : 0;
    const buffer = Buffer.alloc(size - start);
    fs.readSync(fd, buffer, 0, buffer.length, start);
    return buffer.toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}
