// Kafka authentication and ACLs against a real broker (docs/adr/0011-kafka-sasl-plain-on-loopback.md):
// a broker of its own with SASL/PLAIN and the StandardAuthorizer, every topic, and each service's
// ACLs made from libs/contracts topic-access.ts. A service writes its own topics (and the DLQs of
// what it reads) and not another service's; an anonymous client and a wrong password are refused.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  type Kafka,
  ResourcePatternTypes,
} from 'kafkajs';
import { KAFKA_SERVICES, Topics } from '@riskpool/contracts';
import { createTopics, type KafkaBroker, startKafkaBroker } from '@riskpool/testing';
import { createKafka, createServiceAcls, serviceAcls, silentLogger } from '../src';

const passwords: Record<string, string> = Object.fromEntries(
  ['admin', ...KAFKA_SERVICES].map((name) => [name, randomBytes(18).toString('base64url')]),
);
let broker: KafkaBroker;

const clientAs = (name: string | undefined, password = name ? passwords[name] : undefined): Kafka =>
  createKafka({
    brokers: broker.brokers,
    clientId: `acl-it-${name ?? 'anonymous'}`,
    logger: silentLogger,
    // An explicit empty user name is an anonymous client, whatever the environment says.
    credentials: { username: name ?? '', password: password ?? '' },
  });

async function send(kafka: Kafka, topic: string): Promise<void> {
  const producer = kafka.producer({ idempotent: true, retry: { retries: 1 } });
  try {
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: [{ value: 'acl-it' }] });
  } finally {
    await producer.disconnect().catch(() => undefined);
  }
}

beforeAll(async () => {
  broker = await startKafkaBroker({
    runDir: mkdtempSync(join(tmpdir(), 'kafka-acl-it-')),
    saslUsers: passwords,
  });
  await createTopics({ brokers: broker.brokers, adminPassword: passwords['admin'] });
  const admin = clientAs('admin').admin();
  await admin.connect();
  try {
    await createServiceAcls(admin, KAFKA_SERVICES);
    // The controller applies new ACLs through its metadata log: wait until the broker has them.
    const deadline = Date.now() + 30_000;
    for (;;) {
      const { resources } = await admin.describeAcls({
        resourceType: AclResourceTypes.ANY,
        resourcePatternType: ResourcePatternTypes.ANY,
        operation: AclOperationTypes.ANY,
        permissionType: AclPermissionTypes.ANY,
      });
      const entries = resources.reduce((n, r) => n + r.acls.length, 0);
      if (entries >= KAFKA_SERVICES.flatMap(serviceAcls).length) break;
      if (Date.now() > deadline) throw new Error(`only ${entries} ACL entries after 30 s`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    await admin.disconnect();
  }
}, 180_000);

afterAll(async () => {
  await broker?.stop();
});

it('lets a service write the topics it produces and the DLQs of those it consumes', async () => {
  await expect(send(clientAs('settlement'), Topics.payoutCompleted)).resolves.toBeUndefined();
  await expect(send(clientAs('settlement'), `${Topics.holdPlaced}.dlq`)).resolves.toBeUndefined();
});

it('refuses a service principal another service’s topic', async () => {
  // Publishing claim-approved would pay a claim: only pool-allocation may.
  await expect(send(clientAs('settlement'), Topics.claimApproved)).rejects.toThrow(/authoriz/i);
  await expect(send(clientAs('ledger'), Topics.payoutCompleted)).rejects.toThrow(/authoriz/i);
  await expect(send(clientAs('pool-allocation'), Topics.claimApproved)).resolves.toBeUndefined();
});

it('refuses an anonymous client and a wrong password', async () => {
  await expect(send(clientAs(undefined), Topics.payoutCompleted)).rejects.toThrow();
  await expect(
    send(clientAs('settlement', 'not-the-password-at-all'), Topics.payoutCompleted),
  ).rejects.toThrow(/authentication failed/i);
});
