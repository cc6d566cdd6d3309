// The ACLs of each service's principal, made from libs/contracts topic-access.ts (so they cannot
// drift from the topic map): WRITE on the topics it produces and on the DLQs of those it reads,
// READ on the topics it consumes and on its consumer groups (name prefix), DESCRIBE on all of
// those, and on the cluster DESCRIBE and IDEMPOTENT_WRITE (kafkajs finds the controller to get a
// producer id). Nothing else: the broker runs with allow.everyone.if.no.acl.found=false.
import {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  type AclEntry,
  type Admin,
  ResourcePatternTypes,
} from 'kafkajs';
import { type KafkaService, topicAccessOf } from '@riskpool/contracts';

function entry(
  principal: string,
  resourceType: AclResourceTypes,
  resourceName: string,
  operation: AclOperationTypes,
  pattern: ResourcePatternTypes = ResourcePatternTypes.LITERAL,
): AclEntry {
  return {
    principal,
    host: '*',
    resourceType,
    resourceName,
    resourcePatternType: pattern,
    operation,
    permissionType: AclPermissionTypes.ALLOW,
  };
}

/** The ACL entries of `service`'s principal `User:<service>`. */
export function serviceAcls(service: KafkaService): AclEntry[] {
  const principal = `User:${service}`;
  const access = topicAccessOf(service);
  const topic = AclResourceTypes.TOPIC;
  return [
    ...access.write.flatMap((name) => [
      entry(principal, topic, name, AclOperationTypes.WRITE),
      entry(principal, topic, name, AclOperationTypes.DESCRIBE),
    ]),
    ...access.read.flatMap((name) => [
      entry(principal, topic, name, AclOperationTypes.READ),
      entry(principal, topic, name, AclOperationTypes.DESCRIBE),
    ]),
    entry(
      principal,
      AclResourceTypes.GROUP,
      access.groupPrefix,
      AclOperationTypes.READ,
      ResourcePatternTypes.PREFIXED,
    ),
    entry(principal, AclResourceTypes.CLUSTER, 'kafka-cluster', AclOperationTypes.DESCRIBE),
    entry(principal, AclResourceTypes.CLUSTER, 'kafka-cluster', AclOperationTypes.IDEMPOTENT_WRITE),
  ];
}

/** Creates the ACLs of every given service (idempotent: Kafka keeps one copy of each). */
export async function createServiceAcls(
  admin: Admin,
  services: readonly KafkaService[],
): Promise<void> {
  await admin.createAcls({ acl: services.flatMap(serviceAcls) });
}
