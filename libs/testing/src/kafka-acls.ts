// The ACLs of every service's principal on the brokers libs/testing runs, from libs/contracts
// kafkaAclRulesOf (topic-access.ts): a service writes only the topics it produces and reads only
// those it consumes. Created as `admin` once the broker (or cluster) answers.
import {
  type AclEntry,
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  ResourcePatternTypes,
} from '@riskpool/kafka/client';
import {
  KAFKA_SERVICES,
  type KafkaAclRule,
  kafkaAclRulesOf,
  type KafkaService,
} from '@riskpool/contracts';
import { type KafkaPrincipal, quietAdminOf } from './kafka-credentials';
import { sleep } from './process-util';

const RESOURCE: Record<KafkaAclRule['resource'], AclResourceTypes> = {
  topic: AclResourceTypes.TOPIC,
  group: AclResourceTypes.GROUP,
  cluster: AclResourceTypes.CLUSTER,
};
const OPERATION: Record<KafkaAclRule['operation'], AclOperationTypes> = {
  Write: AclOperationTypes.WRITE,
  Read: AclOperationTypes.READ,
  Describe: AclOperationTypes.DESCRIBE,
  IdempotentWrite: AclOperationTypes.IDEMPOTENT_WRITE,
};

/** The Kafka ACL entries of `service`'s principal `User:<service>`. */
export function serviceAclEntries(service: KafkaService): AclEntry[] {
  return kafkaAclRulesOf(service).map((rule) => ({
    principal: `User:${service}`,
    host: '*',
    resourceType: RESOURCE[rule.resource],
    resourceName: rule.name,
    resourcePatternType:
      rule.pattern === 'prefix' ? ResourcePatternTypes.PREFIXED : ResourcePatternTypes.LITERAL,
    operation: OPERATION[rule.operation],
    permissionType: AclPermissionTypes.ALLOW,
  }));
}

function aclKey(entry: AclEntry): string {
  return [
    entry.principal,
    entry.resourceType,
    entry.resourceName,
    entry.resourcePatternType,
    entry.operation,
    entry.permissionType,
  ].join('|');
}

/**
 * Creates the ACLs of every service's principal as `admin` and waits until the broker applies them
 * (the controller applies them through its metadata log). Idempotent: Kafka keeps one copy of each.
 */
export async function createAllServiceAcls(
  brokers: readonly string[],
  admin: KafkaPrincipal,
  timeoutMs = 30_000,
): Promise<void> {
  const client = quietAdminOf(admin, {
    clientId: 'riskpool-acl-setup',
    brokers: [...brokers],
    retry: { retries: 5 },
  });
  await client.connect();
  try {
    const entries = KAFKA_SERVICES.flatMap(serviceAclEntries);
    await client.createAcls({ acl: entries });
    const missing = new Set(entries.map(aclKey));
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { resources } = await client.describeAcls({
        resourceType: AclResourceTypes.ANY,
        resourcePatternType: ResourcePatternTypes.ANY,
        operation: AclOperationTypes.ANY,
        permissionType: AclPermissionTypes.ANY,
      });
      for (const { resourceType, resourceName, resourcePatternType, acls } of resources)
        for (const acl of acls)
          missing.delete(aclKey({ ...acl, resourceType, resourceName, resourcePatternType }));
      if (missing.size === 0) return;
      if (Date.now() > deadline)
        throw new Error(`${missing.size} service ACL entries still missing after ${timeoutMs} ms`);
      await sleep(100);
    }
  } finally {
    await client.disconnect().catch(() => undefined);
  }
}
