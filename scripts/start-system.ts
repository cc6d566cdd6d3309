// `npm start`: PostgreSQL, a real Kafka broker, every service (from dist/), and a seeded demo.
// Ctrl-C (or SIGTERM) stops the services, then the broker, then an embedded PostgreSQL.
// `--cluster` (`npm run start:cluster`): 3 Kafka nodes, a Patroni cluster of 3 PostgreSQL
// members, HAProxy, and two instances of every service behind it (libs/testing/src/cluster-topology.ts);
// the same demo, keys and URLs.
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateKeyPairSync, KeyObject, randomBytes } from 'node:crypto';
import {
  createDatabase,
  createTopics,
  dropDatabase,
  ensureLedgerKeyFile,
  ensurePostgres,
  provisionTestServiceRoles,
  schemaOfService,
  REPO_ROOT,
  startKafkaBroker,
  type KafkaBroker,
  ClusterInfra,
  ServiceInstance,
  startClusterInfra,
  SERVICE_NODE_FLAGS,
  SERVICE_PROCESS_ENV,
} from '@riskpool/testing';
import { seedDemo } from './demo/seed';
import { SERVICES, servicePort } from './demo/services';

const LOG_DIR = path.join(REPO_ROOT, 'tmp', 'logs');
const CLUSTER = process.argv.slice(2).includes('--cluster');
const DATABASE_NAME = process.env['RISKPOOL_DATABASE'] ?? 'riskpool_demo';
const KAFKA_PORT = Number(process.env['KAFKA_PORT'] ?? 9092);
const KAFKA_CONTROLLER_PORT = Number(process.env['KAFKA_CONTROLLER_PORT'] ?? 9093);
// Fresh identity keys at every start (ADR 0013): the gateway and the ledger each keep their private
// key; every service gets the public halves.
const GATEWAY_IDENTITY_KEYS = generateKeyPairSync('ed25519');
const LEDGER_IDENTITY_KEYS = generateKeyPairSync('ed25519');
const pem = (key: KeyObject): string =>
  key.type === 'private'
    ? key.export({ type: 'pkcs8', format: 'pem' }).toString()
    : key.export({ type: 'spki', format: 'pem' }).toString();
const IDENTITY_PUBLIC_KEYS = {
  GATEWAY_IDENTITY_PUBLIC_KEY_PEM: pem(GATEWAY_IDENTITY_KEYS.publicKey),
  LEDGER_IDENTITY_PUBLIC_KEY_PEM: pem(LEDGER_IDENTITY_KEYS.publicKey),
};
const IDENTITY_PRIVATE_KEYS: Record<string, Record<string, string>> = {
  gateway: { GATEWAY_IDENTITY_PRIVATE_KEY_PEM: pem(GATEWAY_IDENTITY_KEYS.privateKey) },
  ledger: { LEDGER_IDENTITY_PRIVATE_KEY_PEM: pem(LEDGER_IDENTITY_KEYS.privateKey) },
};
const KEEP_DATA = process.env['RISKPOOL_KEEP_DATA'] === '1';
const ADMIN_API_KEY =
  process.env['ADMIN_API_KEY'] ?? `rpk_admin_${randomBytes(24).toString('hex')}`;
const API_KEY_PEPPER = process.env['API_KEY_PEPPER'] ?? randomBytes(24).toString('hex');

const started = Date.now();
function progress(message: string): void {
  const seconds = ((Date.now() - started) / 1000).toFixed(1).padStart(5);
  process.stdout.write(`[${seconds}s] ${message}\n`);
}

interface Running {
  readonly instance: ServiceInstance;
  readonly child: ChildProcess;
}

async function waitReady(
  instance: ServiceInstance,
  child: ChildProcess,
  timeoutMs = 90_000,
): Promise<void> {
  const { spec } = instance;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`${spec.name} exited with code ${child.exitCode}; see ${logFile(instance)}`);
    try {
      const response = await fetch(`http://127.0.0.1:${instance.port}/health/ready`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(
    `${spec.name} was not ready within ${timeoutMs / 1000} s; see ${logFile(instance)}`,
  );
}

function logFile({ spec, index }: ServiceInstance): string {
  return path.join(LOG_DIR, CLUSTER ? `${spec.name}-${index}.log` : `${spec.name}.log`);
}

/**
 * The demo ledger's signing key: a file of the run (mode 600), kept with the data it signed
 * (RISKPOOL_KEEP_DATA=1) and made afresh otherwise. A production ledger gets its key from the
 * operator (services/ledger README "Signing key").
 */
function demoLedgerKey(): ReturnType<typeof ensureLedgerKeyFile> {
  const dir = path.join(REPO_ROOT, 'tmp', 'demo-ledger');
  if (!KEEP_DATA) fs.rmSync(dir, { recursive: true, force: true });
  return ensureLedgerKeyFile(dir);
}

/** The ledger's second instance waits for the single-writer lock: it is ready only on takeover. */
function isStandby({ spec, index }: ServiceInstance): boolean {
  return spec.name === 'ledger' && index > 1;
}

/** `npm start`'s PostgreSQL and broker, or the cluster's (PostgreSQL and Kafka as one handle). */
async function startInfra(): Promise<{
  postgres: { url: string; embedded: boolean; stop(): Promise<void> };
  broker: {
    brokers: string[];
    /** The principals' passwords (mode 600): admin and one per service. */
    usersFile: string;
    kafkaEnvOf(principal: string): Record<string, string>;
    stop(): Promise<void>;
  };
  cluster?: ClusterInfra;
}> {
  if (CLUSTER) {
    const cluster = await startClusterInfra({ services: SERVICES, log: progress });
    return {
      postgres: { url: cluster.adminUrl, embedded: false, stop: async () => undefined },
      broker: {
        brokers: cluster.brokers,
        usersFile: (cluster.kafka.nodes[0] as KafkaBroker).usersFile,
        kafkaEnvOf: (principal) => cluster.kafka.kafkaEnvOf(principal),
        stop: () => cluster.stop(),
      },
      cluster,
    };
  }
  progress(
    'PostgreSQL: looking for a server (DATABASE_URL, else 127.0.0.1:5432, else an embedded one)',
  );
  const postgres = await ensurePostgres({
    embeddedDataDir: path.join(REPO_ROOT, 'tmp', 'demo-postgres'),
  });
  const kafkaRunDir = path.join(REPO_ROOT, 'tmp', 'demo-kafka');
  if (!KEEP_DATA) fs.rmSync(kafkaRunDir, { recursive: true, force: true });
  progress(`Kafka: starting a single-node KRaft broker on 127.0.0.1:${KAFKA_PORT}`);
  const broker = await startKafkaBroker({
    runDir: kafkaRunDir,
    port: KAFKA_PORT,
    controllerPort: KAFKA_CONTROLLER_PORT,
  });
  const topics = await createTopics({
    brokers: broker.brokers,
    credentials: broker.credentialsOf('admin'),
  });
  progress(`Kafka: ready, ${topics.created.length + topics.existing.length} topics`);
  return { postgres, broker };
}

async function main(): Promise<void> {
  fs.mkdirSync(LOG_DIR, { recursive: true });
  const { postgres, broker, cluster } = await startInfra();
  if (!KEEP_DATA) await dropDatabase(postgres.url, DATABASE_NAME);
  const databaseUrl = await createDatabase(postgres.url, DATABASE_NAME).catch(
    async (error: unknown) => {
      if (KEEP_DATA && String(error).includes('already exists'))
        return postgres.url.replace(/\/[^/]*$/, `/${DATABASE_NAME}`);
      throw error;
    },
  );
  progress(
    `PostgreSQL: database ${DATABASE_NAME} ready${postgres.embedded ? ' (embedded server)' : ''}`,
  );

  // Each service runs as its own role without DDL; its migrations as its schema's owner.
  const roleUrls = await provisionTestServiceRoles(
    databaseUrl,
    SERVICES.map((spec) => schemaOfService(spec.name)),
  );
  progress('PostgreSQL: a schema owner and a runtime role per service');
  const ledgerKey = demoLedgerKey();
  progress(
    `ledger: checkpoint signing key ${ledgerKey.keyId} (${path.relative(REPO_ROOT, ledgerKey.file)})`,
  );

  const present = SERVICES.filter((spec) =>
    fs.existsSync(path.join(REPO_ROOT, 'dist', 'services', spec.name, 'src', 'main.js')),
  );
  const instances: readonly ServiceInstance[] = cluster
    ? cluster.instances.filter((instance) => present.includes(instance.spec))
    : present.map((spec) => ({ spec, index: 1, port: spec.port }));
  const running: Running[] = [];
  let stopping = false;

  const stopAll = async (code: number): Promise<never> => {
    if (stopping) process.exit(code);
    stopping = true;
    progress('stopping services');
    await Promise.all(
      running.map(
        ({ child }) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
            child.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
    progress('stopping Kafka');
    await broker.stop();
    await postgres.stop();
    progress('stopped');
    process.exit(code);
  };
  process.once('SIGINT', () => void stopAll(0));
  process.once('SIGTERM', () => void stopAll(0));

  const start = (instance: ServiceInstance, logMode: 'w' | 'a' = 'w') => {
    const { spec } = instance;
    const out = fs.openSync(logFile(instance), logMode);
    const child = spawn(
      process.execPath,
      [
        ...SERVICE_NODE_FLAGS,
        '-r',
        './scripts/register-dist-aliases.js',
        `dist/services/${spec.name}/src/main.js`,
      ],
      {
        cwd: REPO_ROOT,
        env: {
          ...SERVICE_PROCESS_ENV,
          ...process.env,
          ...spec.env,
          ...(spec.name === 'ledger' ? { LEDGER_SIGNING_KEY_FILE: ledgerKey.file } : {}),
          // A standby ledger waits for the writer lock as long as the writer lives.
          ...(cluster && spec.name === 'ledger' ? { LEDGER_WRITER_LOCK_WAIT_MS: '3600000' } : {}),
          PORT: String(instance.port),
          DATABASE_URL: databaseUrl,
          ...roleUrls.get(schemaOfService(spec.name)),
          KAFKA_BROKERS: broker.brokers.join(','),
          // The service's own Kafka principal (ACLs from libs/contracts topic-access.ts).
          ...broker.kafkaEnvOf(spec.name),
          ...IDENTITY_PUBLIC_KEYS,
          ...IDENTITY_PRIVATE_KEYS[spec.name],
          ADMIN_API_KEY,
          API_KEY_PEPPER,
          RISKPOOL_MODE: 'demo',
        },
        stdio: ['ignore', out, out],
      },
    );
    child.once('exit', (code, signal) => {
      if (stopping) return;
      progress(
        `${spec.name} stopped unexpectedly (code ${String(code)}, signal ${String(signal)}); see ${logFile(instance)}`,
      );
      // The cluster restarts an instance that died, as an orchestrator would (a ledger that lost
      // its writer lock with the PostgreSQL primary exits for exactly this).
      if (cluster)
        setTimeout(() => {
          if (!stopping) start(instance, 'a');
        }, 2_000);
    });
    running.push({ instance, child });
    const name = cluster ? `${spec.name} #${instance.index}` : spec.name;
    progress(`${name}: starting on port ${instance.port}`);
    return { instance, child, name };
  };
  try {
    // Instance 1 of every service first (it runs the migrations), then the others.
    for (const wave of [1, 2]) {
      const starting = instances
        .filter((instance) => instance.index === wave)
        .map((instance) => start(instance));
      for (const { instance, child, name } of starting) {
        if (isStandby(instance)) {
          progress(`${name}: standby, waiting for the ledger's single-writer lock`);
          continue;
        }
        await waitReady(instance, child);
        progress(`${name}: ready`);
      }
    }
  } catch (error) {
    progress(String(error));
    return stopAll(1);
  }

  progress('seeding the demo');
  const summary = await seedDemo({
    services: present,
    gatewayUrl: `http://127.0.0.1:${servicePort('gateway')}`,
    adminKey: ADMIN_API_KEY,
    log: progress,
  }).catch((error: unknown) => {
    progress(`demo seeding failed: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  });

  const lines = [
    '',
    'riskpool is running.',
    ...present.map(
      (spec) =>
        `  ${spec.name.padEnd(16)} http://127.0.0.1:${spec.port}${spec.name === 'gateway' ? '/api/v1  (docs: /api/docs)' : ''}` +
        (cluster
          ? `  (HAProxy over ${instances
              .filter((instance) => instance.spec === spec)
              .map((instance) => `:${instance.port}`)
              .join(' ')})`
          : ''),
    ),
    `  kafka            ${broker.brokers.join(',')}  (SASL/SCRAM-SHA-512, a principal per service; ` +
      `passwords in ${path.relative(REPO_ROOT, broker.usersFile)})`,
    `  postgres         ${databaseUrl.replace(/:[^:@/]*@/, '@')}`,
    ...(cluster
      ? [
          `  patroni          ${cluster.patroni.members
            .map((m) => `${m.name} :${m.pgPort} (REST :${m.restPort})`)
            .join(', ')}; HAProxy :${cluster.postgresProxyPort} -> primary`,
          `  cluster files    ${path.relative(REPO_ROOT, path.join(REPO_ROOT, 'tmp', 'cluster'))}/`,
        ]
      : []),
    `  logs             ${path.relative(REPO_ROOT, LOG_DIR)}/`,
    `  ledger key id    ${ledgerKey.keyId}  (pin it: verify --key-id; the console's verify asks for it)`,
    ...(summary ?? []),
    '',
    'Ctrl-C stops everything.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  // Stay up until Ctrl-C even when no child process keeps the event loop busy.
  setInterval(() => undefined, 60_000);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `npm start failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
