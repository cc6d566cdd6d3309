// Which service writes and which services read each topic: the Kafka ACLs are made from this
// (libs/kafka acls.ts), so a service may write only the topics it produces and read only those it
// consumes (docs/adr/0011-kafka-sasl-scram-and-acls.md). A `Record` over every topic: a new
// topic does not compile until it has a producer and its consumers.
import { deadLetterTopicOf, type TopicName, Topics } from './topics';

export const KAFKA_SERVICES = [
  'gateway',
  'loan-registry',
  'default-events',
  'pool-allocation',
  'settlement',
  'ledger',
  'subsidy',
] as const;
export type KafkaService = (typeof KAFKA_SERVICES)[number];

/** The one service that publishes each topic (through its outbox). */
export const TOPIC_PRODUCER: Readonly<Record<TopicName, KafkaService>> = {
  [Topics.bankAdmitted]: 'gateway',
  [Topics.bankSuspended]: 'gateway',
  [Topics.bankReinstated]: 'gateway',
  [Topics.coSharerAdmitted]: 'gateway',
  [Topics.loanRegistered]: 'loan-registry',
  [Topics.loanRepaid]: 'loan-registry',
  [Topics.loanClosed]: 'loan-registry',
  [Topics.defaultReported]: 'default-events',
  [Topics.defaultCured]: 'default-events',
  [Topics.recoveryReported]: 'default-events',
  [Topics.loanWrittenOff]: 'default-events',
  [Topics.recoveryClosed]: 'default-events',
  [Topics.fundCreated]: 'pool-allocation',
  [Topics.policyPublished]: 'pool-allocation',
  [Topics.fundDeposited]: 'pool-allocation',
  [Topics.claimOpened]: 'pool-allocation',
  [Topics.claimDecided]: 'pool-allocation',
  [Topics.claimAdjusted]: 'pool-allocation',
  [Topics.claimApproved]: 'pool-allocation',
  [Topics.claimDenied]: 'pool-allocation',
  [Topics.claimWithdrawn]: 'pool-allocation',
  [Topics.claimDeferralLifted]: 'pool-allocation',
  [Topics.holdPlaced]: 'pool-allocation',
  [Topics.holdReleased]: 'pool-allocation',
  [Topics.subsidyFundCreated]: 'subsidy',
  [Topics.subsidyFundDeposited]: 'subsidy',
  [Topics.interestReported]: 'subsidy',
  [Topics.subsidyRoundOpened]: 'subsidy',
  [Topics.subsidyRoundClosed]: 'subsidy',
  [Topics.subsidyRoundDecided]: 'subsidy',
  [Topics.subsidyRoundApproved]: 'subsidy',
  [Topics.recoveryShared]: 'pool-allocation',
  [Topics.breakerTripped]: 'pool-allocation',
  [Topics.payoutCompleted]: 'settlement',
  [Topics.payoutFailed]: 'settlement',
  [Topics.remittanceReceived]: 'settlement',
  [Topics.remittanceOverdue]: 'settlement',
  [Topics.cosharerSettlementReported]: 'settlement',
  [Topics.cosharerObligationOverdue]: 'settlement',
  [Topics.subsidyPaymentCompleted]: 'settlement',
  [Topics.subsidyPaymentFailed]: 'settlement',
  [Topics.ledgerEntryPosted]: 'ledger',
  [Topics.ledgerCheckpointSigned]: 'ledger',
  [Topics.ledgerReconciliationAlert]: 'ledger',
  [Topics.ledgerStatementIssued]: 'ledger',
  [Topics.gatewayBusinessDateChanged]: 'gateway',
};

/** A loan's life from registration to its end: the subsidy and the pool allocation follow it. */
const LOAN_LIFECYCLE: readonly TopicName[] = [
  Topics.defaultCured,
  Topics.defaultReported,
  Topics.loanClosed,
  Topics.loanRegistered,
  Topics.loanRepaid,
  Topics.loanWrittenOff,
];

/**
 * The topics each service consumes (its handlers; the ledger's batch consumer). Checked against
 * the code by scripts/kafka/topic-access.spec.ts.
 */
export const SERVICE_CONSUMES: Readonly<Record<KafkaService, readonly TopicName[]>> = {
  subsidy: [...LOAN_LIFECYCLE, Topics.policyPublished, Topics.subsidyPaymentCompleted],
  gateway: [
    Topics.breakerTripped,
    Topics.fundCreated,
    Topics.policyPublished,
    Topics.subsidyFundCreated,
  ],
  'loan-registry': [
    Topics.bankAdmitted,
    Topics.bankReinstated,
    Topics.bankSuspended,
    Topics.breakerTripped,
    Topics.coSharerAdmitted,
    Topics.claimApproved,
    Topics.claimOpened,
    Topics.defaultCured,
    Topics.defaultReported,
    Topics.fundCreated,
    Topics.loanWrittenOff,
    Topics.policyPublished,
  ],
  'default-events': [
    Topics.claimApproved,
    Topics.gatewayBusinessDateChanged,
    Topics.claimOpened,
    Topics.claimDenied,
    Topics.loanClosed,
    Topics.loanRegistered,
    Topics.loanRepaid,
    Topics.policyPublished,
  ],
  'pool-allocation': [
    ...LOAN_LIFECYCLE,
    Topics.payoutCompleted,
    Topics.recoveryClosed,
    Topics.recoveryReported,
    Topics.remittanceReceived,
  ],
  settlement: [
    Topics.claimAdjusted,
    Topics.claimApproved,
    Topics.gatewayBusinessDateChanged,
    Topics.holdPlaced,
    Topics.holdReleased,
    Topics.policyPublished,
    Topics.recoveryShared,
    Topics.subsidyRoundApproved,
  ],
  ledger: [
    Topics.fundCreated,
    Topics.fundDeposited,
    Topics.claimOpened,
    Topics.claimApproved,
    Topics.claimAdjusted,
    Topics.claimDenied,
    Topics.claimWithdrawn,
    // A claim's states as claim memo entries (docs/adr/0019); the funds' decisions, audited.
    Topics.claimDeferralLifted,
    Topics.claimDecided,
    Topics.holdPlaced,
    Topics.holdReleased,
    Topics.recoveryShared,
    Topics.payoutCompleted,
    Topics.remittanceReceived,
    Topics.cosharerSettlementReported,
    Topics.breakerTripped,
    Topics.bankAdmitted,
    Topics.bankSuspended,
    Topics.bankReinstated,
    Topics.policyPublished,
    Topics.gatewayBusinessDateChanged,
    Topics.subsidyFundCreated,
    Topics.subsidyFundDeposited,
    Topics.interestReported,
    Topics.subsidyRoundApproved,
    Topics.subsidyPaymentCompleted,
    // Its own statements, booked as journal entries by the same batch writer.
    Topics.ledgerStatementIssued,
    // The loan book as memo entries (docs/adr/0019): exposure, quota use, defaults, NPL ratio.
    Topics.loanRegistered,
    Topics.loanRepaid,
    Topics.defaultReported,
    Topics.defaultCured,
    Topics.loanWrittenOff,
  ],
};

/** What a service's principal may do: write its topics and the DLQs of what it reads; read those. */
export interface TopicAccess {
  readonly write: readonly string[];
  readonly read: readonly string[];
  /** Consumer groups are the service's name or start with it. */
  readonly groupPrefix: string;
}

export function topicAccessOf(service: KafkaService): TopicAccess {
  const produces = (Object.keys(TOPIC_PRODUCER) as TopicName[]).filter(
    (topic) => TOPIC_PRODUCER[topic] === service,
  );
  const consumes = SERVICE_CONSUMES[service];
  return {
    write: [...produces, ...consumes.map(deadLetterTopicOf)],
    read: [...consumes],
    groupPrefix: service,
  };
}

/**
 * One ACL rule of a service's principal `User:<service>`, as plain data: libs/testing turns the
 * rules into Kafka ACLs for the local and test brokers, scripts/deploy/manifests.ts into Strimzi
 * KafkaUser ACLs. Nothing else is allowed (`allow.everyone.if.no.acl.found=false`).
 */
export interface KafkaAclRule {
  readonly resource: 'topic' | 'group' | 'cluster';
  /** A topic, a consumer-group prefix, or `kafka-cluster`. */
  readonly name: string;
  readonly pattern: 'literal' | 'prefix';
  readonly operation: 'Write' | 'Read' | 'Describe' | 'IdempotentWrite';
}

/**
 * WRITE on the topics it produces and on the DLQs of those it reads, READ on the topics it consumes
 * and on its consumer groups (name prefix), DESCRIBE on all of those, and on the cluster DESCRIBE
 * and IDEMPOTENT_WRITE (the idempotent producer asks for a producer id). No transactional ids:
 * no producer of ours is transactional.
 */
export function kafkaAclRulesOf(service: KafkaService): KafkaAclRule[] {
  const access = topicAccessOf(service);
  const topic = (name: string, operation: KafkaAclRule['operation']): KafkaAclRule => ({
    resource: 'topic',
    name,
    pattern: 'literal',
    operation,
  });
  return [
    ...access.write.flatMap((name) => [topic(name, 'Write'), topic(name, 'Describe')]),
    ...access.read.flatMap((name) => [topic(name, 'Read'), topic(name, 'Describe')]),
    { resource: 'group', name: access.groupPrefix, pattern: 'prefix', operation: 'Read' },
    { resource: 'cluster', name: 'kafka-cluster', pattern: 'literal', operation: 'Describe' },
    {
      resource: 'cluster',
      name: 'kafka-cluster',
      pattern: 'literal',
      operation: 'IdempotentWrite',
    },
  ];
}
