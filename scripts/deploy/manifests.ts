// The Kubernetes manifests of deploy/k8s, built from the topic list of @riskpool/contracts and the
// services table below, so that a new topic or service cannot be forgotten in the deployment.
// `npm run deploy:render` writes them; manifests.spec.ts checks them (and that the files on disk
// are up to date). Operators: Strimzi (Kafka, KafkaNodePool, KafkaTopic), CloudNativePG
// (Cluster), External Secrets (ExternalSecret). See docs/deploy.md.
import * as path from 'node:path';
import {
  ALL_TOPICS,
  DLQ_SUFFIX,
  KAFKA_SERVICES,
  kafkaAclRulesOf,
  type KafkaService,
  retentionMsOf,
} from '@riskpool/contracts';
import { SERVICES } from '../demo/services';

export type Manifest = Record<string, unknown> & {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
};

export const NAMESPACE = 'riskpool';
export const KAFKA_CLUSTER = 'riskpool';
export const DB_CLUSTER = 'riskpool-db';
/** CloudNativePG writes this Secret (key `uri`) for the database owner it creates. */
export const DB_APP_SECRET = `${DB_CLUSTER}-app`;
/** Filled by External Secrets from the secret store; never written here. */
export const APP_SECRETS = 'riskpool-app-secrets';
export const IMAGE = 'riskpool:0.1.0';
/** The TLS listener with SCRAM-SHA-512 (ADR 0011): the only way in. */
export const KAFKA_BROKERS = `${KAFKA_CLUSTER}-kafka-bootstrap:9093`;
/** Strimzi's cluster CA certificate (its Secret), which the services trust for the listener. */
export const KAFKA_CA_SECRET = `${KAFKA_CLUSTER}-cluster-ca-cert`;
export const KAFKA_CA_FILE = '/etc/riskpool/kafka-ca/ca.crt';
/** Label of the pods allowed to reach PostgreSQL (5432) and Kafka (9092). */
export const DB_CLIENT_LABEL = 'riskpool/db-client';
export const KAFKA_CLIENT_LABEL = 'riskpool/kafka-client';
export const NAME_LABEL = 'app.kubernetes.io/name';

export const REPLICATION_FACTOR = 3;
export const MIN_INSYNC_REPLICAS = 2;

interface Resources {
  readonly requests: { cpu: string; memory: string };
  readonly limits: { cpu: string; memory: string };
}

export interface ServiceDeployment {
  readonly name: string;
  readonly port: number;
  /** Services whose HTTP API this one calls (its NetworkPolicy peers on their side). */
  readonly calls: readonly string[];
  readonly replicas: number;
  readonly resources: Resources;
  /** Environment variable -> key of riskpool-app-secrets. */
  readonly secrets: Readonly<Record<string, string>>;
  readonly env?: Readonly<Record<string, string>>;
  /** Longer start-up: the ledger's standby waits for the single-writer lock before it listens. */
  readonly startupSeconds?: number;
  /** A volume every replica shares (ReadWriteMany), for files exchanged with a third party. */
  readonly sharedVolume?: {
    readonly claim: string;
    readonly mountPath: string;
    readonly size: string;
  };
}

const SMALL: Resources = {
  requests: { cpu: '250m', memory: '256Mi' },
  limits: { cpu: '1', memory: '512Mi' },
};
const LARGE: Resources = {
  requests: { cpu: '500m', memory: '512Mi' },
  limits: { cpu: '2', memory: '1Gi' },
};

// The identity keys (ADR 0013): every service gets the gateway's public key, pool-allocation and
// settlement the ledger's too (its reconciliation reads them); each private key goes to its owner only.
const GATEWAY_PUBLIC_KEY = { GATEWAY_IDENTITY_PUBLIC_KEY_PEM: 'gateway-identity-public-key-pem' };
const LEDGER_PUBLIC_KEY = { LEDGER_IDENTITY_PUBLIC_KEY_PEM: 'ledger-identity-public-key-pem' };
const portOf = (name: string): number => {
  const spec = SERVICES.find((s) => s.name === name);
  if (spec === undefined) throw new Error(`no service ${name} in scripts/demo/services.ts`);
  return spec.port;
};
const urlOf = (name: string): string => `http://${name}:${portOf(name)}`;

/** Every service of `npm start` (scripts/demo/services.ts), as it runs on Kubernetes. */
export const SERVICE_DEPLOYMENTS: readonly ServiceDeployment[] = [
  {
    name: 'gateway',
    port: portOf('gateway'),
    calls: [
      'loan-registry',
      'default-events',
      'pool-allocation',
      'settlement',
      'ledger',
      'subsidy',
    ],
    replicas: 3,
    resources: LARGE,
    secrets: {
      GATEWAY_IDENTITY_PRIVATE_KEY_PEM: 'gateway-identity-private-key-pem',
      ADMIN_API_KEY: 'admin-api-key',
      API_KEY_PEPPER: 'api-key-pepper',
    },
    env: {
      LOAN_REGISTRY_URL: urlOf('loan-registry'),
      DEFAULT_EVENTS_URL: urlOf('default-events'),
      POOL_ALLOCATION_URL: urlOf('pool-allocation'),
      SETTLEMENT_URL: urlOf('settlement'),
      LEDGER_URL: urlOf('ledger'),
      SUBSIDY_URL: urlOf('subsidy'),
    },
  },
  ...['loan-registry', 'default-events', 'pool-allocation', 'subsidy'].map((name) => ({
    name,
    port: portOf(name),
    calls: [],
    replicas: 2,
    resources: SMALL,
    // pool-allocation and subsidy answer the ledger's reconciliation (its `service:ledger` key).
    secrets:
      name === 'pool-allocation' || name === 'subsidy'
        ? { ...GATEWAY_PUBLIC_KEY, ...LEDGER_PUBLIC_KEY }
        : GATEWAY_PUBLIC_KEY,
  })),
  {
    name: 'settlement',
    port: portOf('settlement'),
    calls: [],
    replicas: 2,
    resources: SMALL,
    secrets: { ...GATEWAY_PUBLIC_KEY, ...LEDGER_PUBLIC_KEY },
    // Production pays through pain.001 files exchanged with the custodian bank (the simulated
    // rail is refused there); the custodian's transfer agent reads and writes the same volume.
    env: {
      PAYMENT_RAIL: 'PAIN001_FILE',
      PAIN001_OUTBOX_DIR: '/var/lib/riskpool/custodian/outbox',
      PAIN001_INBOX_DIR: '/var/lib/riskpool/custodian/inbox',
    },
    sharedVolume: {
      claim: 'settlement-custodian',
      mountPath: '/var/lib/riskpool/custodian',
      size: '10Gi',
    },
  },
  {
    name: 'ledger',
    port: portOf('ledger'),
    calls: ['pool-allocation', 'settlement', 'subsidy'],
    // One writer holds the advisory lock; the other waits for it (services/ledger/README.md).
    replicas: 2,
    resources: LARGE,
    secrets: {
      ...GATEWAY_PUBLIC_KEY,
      LEDGER_IDENTITY_PRIVATE_KEY_PEM: 'ledger-identity-private-key-pem',
      LEDGER_SIGNING_KEY_PEM: 'ledger-signing-key-pem',
    },
    env: {
      POOL_ALLOCATION_URL: urlOf('pool-allocation'),
      SETTLEMENT_URL: urlOf('settlement'),
      SUBSIDY_URL: urlOf('subsidy'),
      LEDGER_WRITER_LOCK_WAIT_MS: '3600000',
    },
    startupSeconds: 3660,
  },
];

/**
 * Partitions per topic (docs/deploy.md, "Sizing"). Events are keyed by their aggregate (loan,
 * claim, fund, bank), so the count bounds how many instances of a consumer group share the work
 * and cannot be lowered later; raising it moves keys between partitions, so it is set ahead.
 * Loan traffic is the bulk (every registration and repayment of every bank); pool, settlement and
 * credit events follow defaults and claims; the ledger's own topics are written by one writer.
 */
export function partitionsOf(topic: string): number {
  if (topic.endsWith(DLQ_SUFFIX)) return 1;
  if (topic.startsWith('loans.')) return 24;
  if (topic.startsWith('ledger.')) return 3;
  return 12;
}

function labels(name: string, extra: Record<string, string> = {}): Record<string, string> {
  return { [NAME_LABEL]: name, 'app.kubernetes.io/part-of': 'riskpool', ...extra };
}

function meta(name: string, extraLabels: Record<string, string> = {}) {
  return { name, namespace: NAMESPACE, labels: labels(name, extraLabels) };
}

export function namespace(): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: NAMESPACE, labels: { 'app.kubernetes.io/part-of': 'riskpool' } },
  };
}

export function kafka(): Manifest[] {
  return [
    {
      apiVersion: 'kafka.strimzi.io/v1beta2',
      kind: 'Kafka',
      metadata: {
        ...meta(KAFKA_CLUSTER),
        annotations: { 'strimzi.io/node-pools': 'enabled', 'strimzi.io/kraft': 'enabled' },
      },
      spec: {
        kafka: {
          // The version of deploy/kafka/pom.xml (docs/adr/0001-kafka-version.md).
          version: '4.1.1',
          metadataVersion: '4.1-IV1',
          listeners: [
            {
              // SASL/SCRAM-SHA-512 over TLS: each service is its own KafkaUser (kafkaUsers()).
              name: 'tls',
              port: 9093,
              type: 'internal',
              tls: true,
              authentication: { type: 'scram-sha-512' },
              // Strimzi turns this into the brokers' NetworkPolicy: only the services connect.
              networkPolicyPeers: [
                { podSelector: { matchLabels: { [KAFKA_CLIENT_LABEL]: 'true' } } },
              ],
            },
          ],
          // The StandardAuthorizer: what no KafkaUser ACL allows is refused.
          authorization: { type: 'simple' },
          config: {
            'allow.everyone.if.no.acl.found': false,
            'default.replication.factor': REPLICATION_FACTOR,
            'min.insync.replicas': MIN_INSYNC_REPLICAS,
            'offsets.topic.replication.factor': REPLICATION_FACTOR,
            'transaction.state.log.replication.factor': REPLICATION_FACTOR,
            'transaction.state.log.min.isr': MIN_INSYNC_REPLICAS,
            'share.coordinator.state.topic.replication.factor': REPLICATION_FACTOR,
            'share.coordinator.state.topic.min.isr': MIN_INSYNC_REPLICAS,
            'auto.create.topics.enable': false,
            'unclean.leader.election.enable': false,
          },
          rack: { topologyKey: 'topology.kubernetes.io/zone' },
        },
        entityOperator: { topicOperator: {}, userOperator: {} },
      },
    },
    {
      apiVersion: 'kafka.strimzi.io/v1beta2',
      kind: 'KafkaNodePool',
      metadata: {
        ...meta('kafka-nodes'),
        labels: { ...labels('kafka-nodes'), 'strimzi.io/cluster': KAFKA_CLUSTER },
      },
      spec: {
        replicas: 3,
        // KRaft combined mode: each node is a broker and one of the three controller voters.
        roles: ['controller', 'broker'],
        storage: {
          type: 'jbod',
          volumes: [
            {
              id: 0,
              type: 'persistent-claim',
              size: '200Gi',
              deleteClaim: false,
              kraftMetadata: 'shared',
            },
          ],
        },
        resources: {
          requests: { cpu: '1', memory: '4Gi' },
          limits: { cpu: '2', memory: '4Gi' },
        },
        jvmOptions: { '-Xms': '2g', '-Xmx': '2g' },
      },
    },
  ];
}

/**
 * One KafkaUser per service (its principal `User:<service>`), SCRAM-SHA-512 with a password
 * Strimzi generates into the Secret of the same name, and the ACLs of libs/contracts
 * topic-access.ts: it writes only what it produces and reads only what it consumes.
 */
export function kafkaUsers(): Manifest[] {
  return KAFKA_SERVICES.map((service) => ({
    apiVersion: 'kafka.strimzi.io/v1beta2',
    kind: 'KafkaUser',
    metadata: {
      name: service,
      namespace: NAMESPACE,
      labels: { 'strimzi.io/cluster': KAFKA_CLUSTER, 'app.kubernetes.io/part-of': 'riskpool' },
    },
    spec: {
      authentication: { type: 'scram-sha-512' },
      authorization: {
        type: 'simple',
        acls: kafkaAclRulesOf(service).map((rule) => ({
          type: 'allow',
          resource:
            rule.resource === 'cluster'
              ? { type: 'cluster' }
              : { type: rule.resource, name: rule.name, patternType: rule.pattern },
          operations: [rule.operation],
          host: '*',
        })),
      },
    },
  }));
}

/** One KafkaTopic per topic and dead-letter twin of @riskpool/contracts. */
export function kafkaTopics(): Manifest[] {
  return ALL_TOPICS.map((topic) => ({
    apiVersion: 'kafka.strimzi.io/v1beta2',
    kind: 'KafkaTopic',
    metadata: {
      name: topic,
      namespace: NAMESPACE,
      labels: { 'strimzi.io/cluster': KAFKA_CLUSTER, 'app.kubernetes.io/part-of': 'riskpool' },
    },
    spec: {
      topicName: topic,
      partitions: partitionsOf(topic),
      replicas: REPLICATION_FACTOR,
      config: {
        'min.insync.replicas': MIN_INSYNC_REPLICAS,
        // Business topics kept for the programme's life, dead letters a year (libs/contracts).
        'retention.ms': retentionMsOf(topic),
        'retention.bytes': -1,
        'cleanup.policy': 'delete',
      },
    },
  }));
}

export function database(): Manifest[] {
  return [
    {
      apiVersion: 'postgresql.cnpg.io/v1',
      kind: 'Cluster',
      metadata: meta(DB_CLUSTER),
      spec: {
        instances: 3,
        imageName: 'ghcr.io/cloudnative-pg/postgresql:15',
        primaryUpdateStrategy: 'unsupervised',
        postgresql: {
          parameters: { max_connections: '300', shared_buffers: '1GB' },
          // A commit returns once one standby has it too: an acknowledged write survives the
          // loss of the primary. `required`: with no standby in sync, writes wait.
          synchronous: { method: 'any', number: 1, dataDurability: 'required' },
        },
        bootstrap: { initdb: { database: 'riskpool', owner: 'riskpool' } },
        storage: { size: '100Gi' },
        resources: {
          requests: { cpu: '1', memory: '4Gi' },
          limits: { cpu: '2', memory: '4Gi' },
        },
        affinity: {
          enablePodAntiAffinity: true,
          podAntiAffinityType: 'required',
          topologyKey: 'kubernetes.io/hostname',
        },
        enablePDB: true,
      },
    },
  ];
}

/** Every secret the services read, by name only: the store holds the values. */
export function externalSecrets(): Manifest[] {
  const keys = [
    ...new Set(SERVICE_DEPLOYMENTS.flatMap((service) => Object.values(service.secrets))),
  ].sort();
  return [
    {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: meta(APP_SECRETS),
      spec: {
        refreshInterval: '1h',
        secretStoreRef: { kind: 'ClusterSecretStore', name: 'riskpool-secret-store' },
        target: { name: APP_SECRETS, creationPolicy: 'Owner' },
        data: keys.map((key) => ({ secretKey: key, remoteRef: { key: `riskpool/${key}` } })),
      },
    },
  ];
}

function secretEnv(name: string, secret: string, key: string) {
  return { name, valueFrom: { secretKeyRef: { name: secret, key } } };
}

/** A deployment's Kafka principal: the KafkaUser named after its service. */
function kafkaPrincipalOf(name: string): KafkaService {
  if (!(KAFKA_SERVICES as readonly string[]).includes(name))
    throw new Error(`${name} has no Kafka principal in libs/contracts topic-access.ts`);
  return name as KafkaService;
}

export function deployment(service: ServiceDeployment): Manifest {
  const podLabels = labels(service.name, {
    [DB_CLIENT_LABEL]: 'true',
    [KAFKA_CLIENT_LABEL]: 'true',
  });
  const plainEnv: Record<string, string> = {
    PORT: String(service.port),
    HOST: '0.0.0.0',
    RISKPOOL_MODE: 'production',
    KAFKA_BROKERS,
    // Its own KafkaUser; the password from the Secret Strimzi makes for it.
    KAFKA_SASL_USERNAME: kafkaPrincipalOf(service.name),
    KAFKA_SASL_MECHANISM: 'scram-sha-512',
    KAFKA_SSL_CA_FILE: KAFKA_CA_FILE,
    ...service.env,
  };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(service.name),
    spec: {
      replicas: service.replicas,
      selector: { matchLabels: { [NAME_LABEL]: service.name } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: {
        metadata: { labels: podLabels },
        spec: {
          automountServiceAccountToken: false,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 1000,
            runAsGroup: 1000,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          topologySpreadConstraints: [
            {
              maxSkew: 1,
              topologyKey: 'kubernetes.io/hostname',
              whenUnsatisfiable: 'ScheduleAnyway',
              labelSelector: { matchLabels: { [NAME_LABEL]: service.name } },
            },
          ],
          terminationGracePeriodSeconds: 30,
          containers: [
            {
              name: service.name,
              image: IMAGE,
              args: [`dist/services/${service.name}/src/main.js`],
              ports: [{ name: 'http', containerPort: service.port }],
              env: [
                ...Object.entries(plainEnv).map(([name, value]) => ({ name, value })),
                secretEnv('DATABASE_URL', DB_APP_SECRET, 'uri'),
                secretEnv('KAFKA_SASL_PASSWORD', kafkaPrincipalOf(service.name), 'password'),
                ...Object.entries(service.secrets).map(([name, key]) =>
                  secretEnv(name, APP_SECRETS, key),
                ),
              ],
              // /health answers while the process serves; /health/ready once PostgreSQL and
              // Kafka answer (libs/service-kit observability.controller.ts).
              startupProbe: {
                httpGet: { path: '/health', port: 'http' },
                periodSeconds: 5,
                failureThreshold: Math.ceil((service.startupSeconds ?? 120) / 5),
              },
              livenessProbe: {
                httpGet: { path: '/health', port: 'http' },
                periodSeconds: 10,
                timeoutSeconds: 3,
                failureThreshold: 3,
              },
              readinessProbe: {
                httpGet: { path: '/health/ready', port: 'http' },
                periodSeconds: 5,
                timeoutSeconds: 8,
                failureThreshold: 2,
              },
              resources: service.resources,
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ['ALL'] },
              },
              volumeMounts: [
                { name: 'tmp', mountPath: '/app/tmp' },
                { name: 'kafka-ca', mountPath: path.posix.dirname(KAFKA_CA_FILE), readOnly: true },
                ...(service.sharedVolume
                  ? [{ name: 'shared', mountPath: service.sharedVolume.mountPath }]
                  : []),
              ],
            },
          ],
          volumes: [
            { name: 'tmp', emptyDir: { sizeLimit: '1Gi' } },
            {
              name: 'kafka-ca',
              secret: { secretName: KAFKA_CA_SECRET, items: [{ key: 'ca.crt', path: 'ca.crt' }] },
            },
            ...(service.sharedVolume
              ? [
                  {
                    name: 'shared',
                    persistentVolumeClaim: { claimName: service.sharedVolume.claim },
                  },
                ]
              : []),
          ],
        },
      },
    },
  };
}

export function serviceResources(service: ServiceDeployment): Manifest[] {
  const selector = { [NAME_LABEL]: service.name };
  const shared = service.sharedVolume;
  return [
    ...(shared
      ? [
          {
            apiVersion: 'v1',
            kind: 'PersistentVolumeClaim',
            metadata: meta(shared.claim),
            spec: {
              accessModes: ['ReadWriteMany'],
              resources: { requests: { storage: shared.size } },
            },
          },
        ]
      : []),
    deployment(service),
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta(service.name),
      spec: {
        selector,
        ports: [{ name: 'http', port: service.port, targetPort: 'http' }],
      },
    },
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: meta(service.name),
      spec: { minAvailable: 1, selector: { matchLabels: selector } },
    },
  ];
}

/** Who calls each service over HTTP: the gateway, and the peers that list it in `calls`. */
export function callersOf(name: string): string[] {
  return SERVICE_DEPLOYMENTS.filter((s) => s.calls.includes(name)).map((s) => s.name);
}

export function networkPolicies(): Manifest[] {
  const policy = (name: string, spec: Record<string, unknown>): Manifest => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: meta(name),
    spec,
  });
  const podsNamed = (name: string) => ({ podSelector: { matchLabels: { [NAME_LABEL]: name } } });
  return [
    // Nothing reaches a pod of the namespace unless a policy below lets it.
    policy('default-deny-ingress', { podSelector: {}, policyTypes: ['Ingress'] }),
    ...SERVICE_DEPLOYMENTS.map((service) =>
      policy(`${service.name}-ingress`, {
        podSelector: { matchLabels: { [NAME_LABEL]: service.name } },
        policyTypes: ['Ingress'],
        ingress: [
          service.name === 'gateway'
            ? // The one public entry point (through the Ingress controller or a load balancer).
              { ports: [{ protocol: 'TCP', port: service.port }] }
            : {
                from: callersOf(service.name).map(podsNamed),
                ports: [{ protocol: 'TCP', port: service.port }],
              },
        ],
      }),
    ),
    policy(`${DB_CLUSTER}-ingress`, {
      podSelector: { matchLabels: { 'cnpg.io/cluster': DB_CLUSTER } },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [{ podSelector: { matchLabels: { [DB_CLIENT_LABEL]: 'true' } } }],
          ports: [{ protocol: 'TCP', port: 5432 }],
        },
        // Streaming replication and the instance manager between the cluster's own pods.
        {
          from: [{ podSelector: { matchLabels: { 'cnpg.io/cluster': DB_CLUSTER } } }],
          ports: [
            { protocol: 'TCP', port: 5432 },
            { protocol: 'TCP', port: 8000 },
          ],
        },
        // The CloudNativePG operator polls each instance's status endpoint.
        {
          from: [
            {
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'cnpg-system' } },
              podSelector: { matchLabels: { 'app.kubernetes.io/name': 'cloudnative-pg' } },
            },
          ],
          ports: [{ protocol: 'TCP', port: 8000 }],
        },
      ],
    }),
  ];
}

export function gatewayIngress(): Manifest {
  const gateway = SERVICE_DEPLOYMENTS.find((s) => s.name === 'gateway');
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: meta('gateway'),
    spec: {
      rules: [
        {
          // Replace with the programme's host name (an overlay's patch).
          host: 'riskpool.example.org',
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: { service: { name: 'gateway', port: { number: gateway?.port } } },
              },
            ],
          },
        },
      ],
    },
  };
}

/** The files of deploy/k8s: file name -> its documents. */
export function renderManifests(): Map<string, Manifest[]> {
  return new Map<string, Manifest[]>([
    ['namespace.yaml', [namespace()]],
    ['kafka.yaml', kafka()],
    ['kafka-topics.yaml', kafkaTopics()],
    ['kafka-users.yaml', kafkaUsers()],
    ['postgres.yaml', database()],
    ['secrets.yaml', externalSecrets()],
    ['services.yaml', [...SERVICE_DEPLOYMENTS.flatMap(serviceResources), gatewayIngress()]],
    ['network-policies.yaml', networkPolicies()],
  ]);
}

export function kustomization(files: readonly string[]): Record<string, unknown> {
  return {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    namespace: NAMESPACE,
    resources: files,
  };
}
