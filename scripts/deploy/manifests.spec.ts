import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ALL_TOPICS, DLQ_SUFFIX, KAFKA_SERVICES, kafkaAclRulesOf } from '@riskpool/contracts';
import { parse, parseAllDocuments } from 'yaml';
import { SERVICE_NODE_FLAGS, SERVICE_PROCESS_ENV } from '@riskpool/testing';
import { SERVICES } from '../demo/services';
import {
  APP_SECRETS,
  kustomization,
  DB_APP_SECRET,
  DB_CLIENT_LABEL,
  DB_CLUSTER,
  KAFKA_CLIENT_LABEL,
  Manifest,
  NAME_LABEL,
  renderManifests,
} from './manifests';

const ROOT = path.resolve(__dirname, '..', '..');
const K8S_DIR = path.join(ROOT, 'deploy', 'k8s');
const all: Manifest[] = [...renderManifests().values()].flat();
const ofKind = (kind: string) => all.filter((m) => m.kind === kind);
// The manifests are plain JSON-like objects; reading them back needs loose typing.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;
const spec = (m: Manifest | undefined): Loose => (m as Loose | undefined)?.spec;
function named(kind: string, name: string): Manifest {
  const found = ofKind(kind).find((m) => m.metadata.name === name);
  if (found === undefined) throw new Error(`no ${kind} ${name}`);
  return found;
}
const SECRET_LIKE = /SECRET|KEY|PEPPER|PASSWORD|TOKEN|PEM|DATABASE_URL/;

function tool(name: string): void {
  const found = spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
  if (!found)
    throw new Error(`${name} is not installed: RISKPOOL_SETUP_TEST_TOOLS=1 bash scripts/setup.sh`);
}

describe('deploy/k8s', () => {
  it('is what `npm run deploy:render` writes (no hand edits, no stale files)', () => {
    // Compared as data: Prettier (part of the tests) checks the files' layout.
    const expected = new Map<string, unknown[]>(renderManifests());
    expected.set('kustomization.yaml', [kustomization([...renderManifests().keys()])]);
    const onDisk = fs.readdirSync(K8S_DIR).filter((f) => f.endsWith('.yaml'));
    expect(onDisk.sort()).toEqual([...expected.keys()].sort());
    for (const [file, documents] of expected) {
      const parsed = parseAllDocuments(fs.readFileSync(path.join(K8S_DIR, file), 'utf8'));
      const read = (Array.isArray(parsed) ? parsed : [parsed]).map((d) => {
        expect(d.errors).toEqual([]);
        return d.toJS();
      });
      expect({ file, documents: read }).toEqual({
        file,
        documents: JSON.parse(JSON.stringify(documents)),
      });
    }
  });

  it('has one KafkaTopic per topic and dead-letter topic, RF 3, min ISR 2, business topics kept', () => {
    const topics = ofKind('KafkaTopic');
    expect(topics.map((t) => spec(t).topicName).sort()).toEqual([...ALL_TOPICS].sort());
    for (const topic of topics) {
      const { replicas, partitions, config, topicName } = spec(topic);
      expect({ topicName, replicas, minIsr: config['min.insync.replicas'] }).toEqual({
        topicName,
        replicas: 3,
        minIsr: 2,
      });
      expect(partitions).toBeGreaterThanOrEqual(1);
      if (!String(topicName).endsWith(DLQ_SUFFIX)) expect(config['retention.ms']).toBe(-1);
    }
  });

  it('runs Kafka as 3 KRaft nodes with replicated internal topics and PostgreSQL as 3 synchronous instances', () => {
    const [pool] = ofKind('KafkaNodePool');
    expect(spec(pool).replicas).toBe(3);
    expect(spec(pool).roles.sort()).toEqual(['broker', 'controller']);
    const [cluster] = ofKind('Kafka');
    expect(cluster?.metadata).toMatchObject({ annotations: { 'strimzi.io/kraft': 'enabled' } });
    expect(spec(cluster).kafka.config).toMatchObject({
      'default.replication.factor': 3,
      'min.insync.replicas': 2,
      'offsets.topic.replication.factor': 3,
      'transaction.state.log.replication.factor': 3,
      'transaction.state.log.min.isr': 2,
      'unclean.leader.election.enable': false,
    });
    const [db] = ofKind('Cluster');
    expect(spec(db).instances).toBe(3);
    expect(spec(db).postgresql.synchronous.number).toBeGreaterThanOrEqual(1);
    expect(spec(db).postgresql.synchronous.dataDurability).toBe('required');
  });

  describe.each(SERVICES.map((s) => s.name))('service %s', (name) => {
    const deployment = ofKind('Deployment').find((d) => d.metadata.name === name);
    const pod = deployment && spec(deployment).template;
    const container = pod?.spec.containers[0];

    it('is a Deployment of 2+ replicas with probes on /health and /health/ready', () => {
      expect(deployment).toBeDefined();
      expect(spec(deployment).replicas).toBeGreaterThanOrEqual(2);
      expect(container.livenessProbe.httpGet.path).toBe('/health');
      expect(container.readinessProbe.httpGet.path).toBe('/health/ready');
      expect(container.startupProbe.httpGet.path).toBe('/health');
      const port = container.ports.find((p: Loose) => p.name === 'http').containerPort;
      expect(port).toBe(SERVICES.find((s) => s.name === name)?.port);
    });

    it('has CPU and memory requests and limits, and runs as non-root', () => {
      for (const kind of ['requests', 'limits'])
        expect(Object.keys(container.resources[kind]).sort()).toEqual(['cpu', 'memory']);
      expect(pod.spec.securityContext.runAsNonRoot).toBe(true);
      expect(container.securityContext.allowPrivilegeEscalation).toBe(false);
    });

    it('has a PodDisruptionBudget and a Service selecting its pods', () => {
      for (const kind of ['PodDisruptionBudget', 'Service']) {
        const found = named(kind, name);
        const selector =
          kind === 'Service' ? spec(found).selector : spec(found).selector.matchLabels;
        expect(pod.metadata.labels).toMatchObject(selector);
      }
      const pdb = named('PodDisruptionBudget', name);
      expect(spec(pdb).minAvailable).toBeGreaterThanOrEqual(1);
      expect(spec(pdb).minAvailable).toBeLessThan(spec(deployment).replicas);
    });

    it('reads every secret by reference, from the ExternalSecret or the database operator', () => {
      const externalKeys = ofKind('ExternalSecret').flatMap((e) =>
        spec(e).data.map((d: Loose) => d.secretKey),
      );
      for (const env of container.env) {
        if (SECRET_LIKE.test(env.name)) {
          expect({ name: env.name, value: env.value }).toEqual({
            name: env.name,
            value: undefined,
          });
          const ref = env.valueFrom.secretKeyRef;
          if (ref.name === APP_SECRETS) expect(externalKeys).toContain(ref.key);
          else if (env.name === 'KAFKA_SASL_PASSWORD')
            // The password Strimzi generated for its KafkaUser.
            expect(ref).toEqual({ name, key: 'password' });
          else expect(ref).toEqual({ name: DB_APP_SECRET, key: 'uri' });
        }
      }
    });

    it('connects to Kafka as its own KafkaUser over TLS', () => {
      const env = Object.fromEntries(
        container.env.map((e: Loose) => [e.name, e.value ?? e.valueFrom.secretKeyRef]),
      );
      expect(env).toMatchObject({
        KAFKA_BROKERS: expect.stringMatching(/:9093$/),
        KAFKA_SASL_USERNAME: name,
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_SASL_PASSWORD: { name, key: 'password' },
      });
      const mount = container.volumeMounts.find((m: Loose) =>
        env['KAFKA_SSL_CA_FILE'].startsWith(`${m.mountPath}/`),
      );
      expect(pod.spec.volumes.find((v: Loose) => v.name === mount?.name)?.secret.secretName).toBe(
        'riskpool-cluster-ca-cert',
      );
    });
  });

  describe('Kafka authentication and ACLs', () => {
    it('has only a TLS listener with SCRAM-SHA-512 and the StandardAuthorizer, nothing allowed by default', () => {
      const [kafka] = ofKind('Kafka');
      const listeners = spec(kafka).kafka.listeners;
      expect(listeners.map((l: Loose) => [l.tls, l.authentication])).toEqual([
        [true, { type: 'scram-sha-512' }],
      ]);
      expect(spec(kafka).kafka.authorization).toEqual({ type: 'simple' });
      expect(spec(kafka).kafka.config['allow.everyone.if.no.acl.found']).toBe(false);
    });

    it('has one KafkaUser per service with the ACLs of topic-access.ts', () => {
      const users = ofKind('KafkaUser');
      expect(users.map((u) => u.metadata.name).sort()).toEqual([...KAFKA_SERVICES].sort());
      for (const service of KAFKA_SERVICES) {
        const user = spec(named('KafkaUser', service));
        expect(user.authentication).toEqual({ type: 'scram-sha-512' });
        const acls = user.authorization.acls.map((a: Loose) => ({
          resource: a.resource.type,
          name: a.resource.name ?? 'kafka-cluster',
          pattern: a.resource.patternType ?? 'literal',
          operation: a.operations.join(),
        }));
        expect(acls).toEqual(kafkaAclRulesOf(service));
      }
    });
  });

  it('holds no secret values: no Secret objects, only ExternalSecret references', () => {
    expect(ofKind('Secret')).toEqual([]);
    for (const external of ofKind('ExternalSecret'))
      for (const item of spec(external).data)
        expect(Object.keys(item).sort()).toEqual(['remoteRef', 'secretKey']);
  });

  describe('network policies', () => {
    const policies = ofKind('NetworkPolicy');
    const rulesOf = (podLabels: Record<string, string>): Loose[] =>
      policies
        .filter((p) =>
          Object.entries(spec(p).podSelector.matchLabels ?? {}).every(
            ([k, v]) => podLabels[k] === v,
          ),
        )
        .flatMap((p) => spec(p).ingress ?? []);
    const podLabelsOf = (name: string) => spec(named('Deployment', name)).template.metadata.labels;

    /** The peers each service calls, read from its config class: `<PEER>_URL = http://127.0.0.1:<port>`. */
    function peersInCode(service: string): string[] {
      const dir = path.join(ROOT, 'services', service, 'src', 'config');
      const text = fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.config.ts'))
        .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))
        .join('\n');
      return [...text.matchAll(/_URL: string = 'http:\/\/127\.0\.0\.1:(\d+)'/g)].map(
        ([, port]) => SERVICES.find((s) => s.port === Number(port))?.name ?? `port ${port}`,
      );
    }

    it('deny all ingress by default', () => {
      const deny = policies.find((p) => Object.keys(spec(p).podSelector).length === 0);
      expect(spec(deny)).toEqual({ podSelector: {}, policyTypes: ['Ingress'] });
    });

    it('let anyone reach the gateway, and nothing else from outside', () => {
      for (const policy of policies)
        for (const rule of spec(policy).ingress ?? []) {
          const open =
            rule.from === undefined ||
            rule.from.some((peer: Loose) => 'ipBlock' in peer || Object.keys(peer).length === 0);
          if (open)
            expect(spec(policy).podSelector.matchLabels).toEqual({ [NAME_LABEL]: 'gateway' });
        }
      expect(rulesOf(podLabelsOf('gateway')).some((rule) => rule.from === undefined)).toBe(true);
    });

    it.each(SERVICES.map((s) => s.name).filter((n) => n !== 'gateway'))(
      'let %s be reached only by the services that call it',
      (name) => {
        const callers = SERVICES.map((s) => s.name).filter((s) => peersInCode(s).includes(name));
        expect(callers).toContain('gateway');
        const allowed = rulesOf(podLabelsOf(name)).flatMap((rule) =>
          rule.from.map((peer: Loose) => peer.podSelector.matchLabels[NAME_LABEL]),
        );
        expect([...new Set(allowed)].sort()).toEqual(callers.sort());
      },
    );

    it('let only the services reach PostgreSQL and Kafka', () => {
      const labelled = (label: string) =>
        all
          .filter(
            (m) => m.kind === 'Deployment' && spec(m).template.metadata.labels[label] === 'true',
          )
          .map((m) => m.metadata.name)
          .sort();
      const services = SERVICES.map((s) => s.name).sort();
      expect(labelled(DB_CLIENT_LABEL)).toEqual(services);
      expect(labelled(KAFKA_CLIENT_LABEL)).toEqual(services);

      const dbRules = rulesOf({ 'cnpg.io/cluster': DB_CLUSTER });
      const onPostgresPort = dbRules.filter((rule) =>
        rule.ports.some((p: Loose) => p.port === 5432),
      );
      const peers = onPostgresPort.flatMap((rule) => rule.from);
      expect(peers).toEqual(
        expect.arrayContaining([{ podSelector: { matchLabels: { [DB_CLIENT_LABEL]: 'true' } } }]),
      );
      for (const peer of peers) {
        expect(peer.namespaceSelector).toBeUndefined();
        expect([{ [DB_CLIENT_LABEL]: 'true' }, { 'cnpg.io/cluster': DB_CLUSTER }]).toContainEqual(
          peer.podSelector.matchLabels,
        );
      }

      const [kafka] = ofKind('Kafka');
      for (const listener of spec(kafka).kafka.listeners) {
        expect(listener.type).toBe('internal');
        expect(listener.networkPolicyPeers).toEqual([
          { podSelector: { matchLabels: { [KAFKA_CLIENT_LABEL]: 'true' } } },
        ]);
      }
    });
  });
});

describe('docker-compose.yml and Dockerfile', () => {
  const compose = parse(fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'), {
    merge: true,
  });

  it('runs every service from the image of the Dockerfile, with Kafka and PostgreSQL', () => {
    for (const { name, port } of SERVICES) {
      const service = compose.services[name];
      expect(service).toBeDefined();
      expect(service.image).toBe(compose.services['kafka-topics'].image);
      expect(service.command).toEqual([`dist/services/${name}/src/main.js`]);
      expect(String(service.environment.PORT)).toBe(String(port));
      for (const [key, value] of Object.entries(service.environment))
        if (SECRET_LIKE.test(key) && key !== 'DATABASE_URL')
          expect(value).toMatch(/^\$\{[A-Z_]+:\?/);
    }
    expect(compose.services.kafka).toBeDefined();
    expect(compose.services.postgres).toBeDefined();
  });

  it('builds in stages, without install scripts, and runs as non-root with a health check', () => {
    const dockerfile = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/^RUN npm ci --ignore-scripts/m);
    expect(dockerfile).toMatch(/npx tsc -p tsconfig\.build\.json/);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n?.*\/health/m);
  });

  it('starts each service with the V8 flags and environment npm start and the tests use', () => {
    const dockerfile = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
    for (const [name, value] of Object.entries(SERVICE_PROCESS_ENV))
      expect(dockerfile).toMatch(new RegExp(`^ENV ${name}=${value}$`, 'm'));
    const entrypoint = /^ENTRYPOINT (.*)$/m.exec(dockerfile)?.[1];
    expect(JSON.parse(entrypoint ?? 'null')).toEqual([
      'node',
      ...SERVICE_NODE_FLAGS,
      '-r',
      './scripts/register-dist-aliases.js',
    ]);
  });

  it('passes `docker-compose config` (with the secrets set) and refuses to run without them', () => {
    tool('docker-compose');
    const secrets = {
      GATEWAY_IDENTITY_PRIVATE_KEY_PEM: 'a private key',
      GATEWAY_IDENTITY_PUBLIC_KEY_PEM: 'a public key',
      LEDGER_IDENTITY_PRIVATE_KEY_PEM: 'another private key',
      LEDGER_IDENTITY_PUBLIC_KEY_PEM: 'another public key',
      ADMIN_API_KEY: 'rpk_admin_test',
      API_KEY_PEPPER: 'pepper',
      LEDGER_SIGNING_KEY_PEM: '-----BEGIN PRIVATE KEY-----\\n…\\n-----END PRIVATE KEY-----',
    };
    const run = (env: Record<string, string>) =>
      spawnSync('docker-compose', ['-f', 'docker-compose.yml', 'config', '-q'], {
        cwd: ROOT,
        env: { PATH: process.env['PATH'], HOME: process.env['HOME'], ...env },
        encoding: 'utf8',
      });
    const ok = run(secrets);
    expect({ status: ok.status, stderr: ok.stderr }).toEqual({ status: 0, stderr: '' });
    const refused = run({});
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(
      /IDENTITY_(PUBLIC|PRIVATE)_KEY_PEM|ADMIN_API_KEY|API_KEY_PEPPER/,
    );
  });

  it('passes yamllint (.yamllint) with the Kubernetes manifests', () => {
    tool('yamllint');
    execFileSync('yamllint', ['-s', 'docker-compose.yml', 'deploy/k8s', '.yamllint'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
  });
});
