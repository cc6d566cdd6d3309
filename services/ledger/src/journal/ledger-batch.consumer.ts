import { Consumer, KafkaMessage } from 'kafkajs';
import { TopicName, Topics, validateEventData, wireToEnvelope } from '@riskpool/contracts';
import {
  type KafkaCredentials,
  ConsumerSupervisor,
  createKafka,
  deadLetterMessage,
  EventProducer,
  FETCH_WAIT_MS_MAX,
  HEARTBEAT_INTERVAL_MS,
  headersToStrings,
  kafkaMetrics,
  PlumbingLogger,
} from '@riskpool/kafka';
import type { LedgerInput } from './posting-rules';
import type { KafkaOrigin, LedgerWriter } from './ledger-writer';

/** Every topic the ledger consumes: the money events, and the rest for the audit trail. */
export const LEDGER_TOPICS: readonly TopicName[] = [
  Topics.fundCreated,
  Topics.fundDeposited,
  Topics.claimOpened,
  Topics.claimApproved,
  Topics.claimAdjusted,
  Topics.claimDenied,
  Topics.claimWithdrawn,
  // A claim's states (claim memo entries, ADR 0019); the funds' decisions for the audit trail.
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
  // Statements: the files' digests it issued (booked as ANCHOR entries) and the business clock
  // that closes a statement month (an audit row; see src/statements).
  Topics.ledgerStatementIssued,
  Topics.gatewayBusinessDateChanged,
  // Interest subsidy (docs/domain.md §9): deposits, grants and lapses at a round's approval, and
  // settlement's payments to the enterprises; reports and fund creation for the audit trail and
  // for verify's recomputation of every grant.
  Topics.subsidyFundCreated,
  Topics.subsidyFundDeposited,
  Topics.interestReported,
  Topics.subsidyRoundApproved,
  Topics.subsidyPaymentCompleted,
  // The loan book, booked as memo entries per bank and town (ADR 0019): exposure, quota use,
  // defaults and the NPL ratio of the statements. A loan's closing changes no exposure (its last
  // repayment did), so loan-closed is not read.
  Topics.loanRegistered,
  Topics.loanRepaid,
  Topics.defaultReported,
  Topics.defaultCured,
  Topics.loanWrittenOff,
];

/** A Kafka message of a ledger topic as the writer's input, or why it is malformed. */
export function ledgerInputOf(
  topic: string,
  message: Pick<KafkaMessage, 'headers' | 'value'>,
): { input: LedgerInput } | { reason: string } {
  const headers = headersToStrings(message.headers);
  const parsed = wireToEnvelope(
    headers,
    message.value === null ? null : message.value.toString('utf8'),
  );
  if (!parsed.ok) return { reason: parsed.reason };
  if (parsed.envelope.type !== topic)
    return { reason: `ce_type ${parsed.envelope.type} does not match topic ${topic}` };
  const data = validateEventData(topic as TopicName, parsed.envelope.data);
  if (!data.ok) return { reason: data.reason };
  const e = parsed.envelope;
  return {
    input: { eventId: e.id, eventType: topic, time: e.time, subject: e.subject, data: data.data },
  };
}

export interface LedgerBatchConsumerOptions {
  readonly brokers: readonly string[];
  /** The ledger's principal; undefined: the process's KAFKA_SASL_* (libs/kafka createKafka). */
  readonly credentials?: KafkaCredentials | undefined;
  readonly groupId: string;
  readonly writer: LedgerWriter;
  readonly maxBytesPerPartition: number;
  /** Most events per transaction. */
  readonly batchMax: number;
  readonly logger: PlumbingLogger;
}

/**
 * The ledger's Kafka adapter. Unlike the kit's consumer runner it hands the writer a whole Kafka
 * batch at once (one LedgerState batch, one transaction) and does not use the inbox: the ledger's
 * own `events` table is its inbox, and compares content, so that a replay of an id with other
 * content is refused and reported instead of being skipped unseen. Offsets are committed after
 * the transaction; a malformed message goes to `<topic>.dlq`.
 */
export class LedgerBatchConsumer {
  private readonly supervisor: ConsumerSupervisor;
  private readonly producer: EventProducer;
  private started = false;

  constructor(private readonly options: LedgerBatchConsumerOptions) {
    const kafka = createKafka({
      brokers: options.brokers,
      clientId: `${options.groupId}-writer`,
      ...(options.credentials ? { credentials: options.credentials } : {}),
      logger: options.logger,
    });
    this.producer = new EventProducer(kafka);
    this.supervisor = new ConsumerSupervisor({
      name: options.groupId,
      logger: options.logger,
      create: () =>
        kafka.consumer({
          groupId: options.groupId,
          sessionTimeout: 30_000,
          heartbeatInterval: HEARTBEAT_INTERVAL_MS,
          maxWaitTimeInMs: FETCH_WAIT_MS_MAX,
          maxBytesPerPartition: options.maxBytesPerPartition,
          maxBytes: options.maxBytesPerPartition * 2,
          allowAutoTopicCreation: false,
          retry: { initialRetryTime: 200, maxRetryTime: 5000, retries: 20 },
        }),
      run: (consumer) => this.run(consumer),
    });
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.producer.connect();
    await this.supervisor.start();
  }

  private async run(consumer: Consumer): Promise<void> {
    await consumer.connect();
    await consumer.subscribe({ topics: [...LEDGER_TOPICS], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 1,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        const step = this.options.batchMax;
        for (let start = 0; start < batch.messages.length; start += step) {
          if (!isRunning() || isStale()) return;
          const slice = batch.messages.slice(start, start + step);
          const inputs: LedgerInput[] = [];
          const origins: KafkaOrigin[] = [];
          for (const message of slice) {
            const checked = ledgerInputOf(batch.topic, message);
            if ('input' in checked) {
              inputs.push(checked.input);
              origins.push({
                topic: batch.topic,
                partition: batch.partition,
                offset: message.offset,
              });
            } else await this.deadLetter(batch.topic, batch.partition, message, checked.reason);
          }
          // The positions go into the consumption log, for a replay (README "Replay").
          if (inputs.length > 0) await this.options.writer.applyBatch(inputs, origins);
          const lastOffset = slice[slice.length - 1]?.offset as string;
          await consumer.commitOffsets([
            {
              topic: batch.topic,
              partition: batch.partition,
              offset: (BigInt(lastOffset) + 1n).toString(),
            },
          ]);
          resolveOffset(lastOffset);
          kafkaMetrics
            .consumed()
            .inc({ consumer: this.options.groupId, topic: batch.topic }, inputs.length);
          await heartbeat();
        }
      },
    });
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.supervisor.stop();
    await this.producer.disconnect();
  }

  private async deadLetter(
    topic: string,
    partition: number,
    message: KafkaMessage,
    reason: string,
  ): Promise<void> {
    await this.producer.send([
      deadLetterMessage({
        topic,
        partition,
        offset: message.offset,
        key: message.key === null ? null : message.key.toString('utf8'),
        value: message.value === null ? null : message.value.toString('utf8'),
        headers: headersToStrings(message.headers),
        consumer: this.options.groupId,
        cause: 'MALFORMED',
        reason,
        attempts: 0,
      }),
    ]);
    kafkaMetrics.deadLettered().inc({ consumer: this.options.groupId, topic, cause: 'MALFORMED' });
    this.options.logger.warn('event dead-lettered', {
      topic,
      partition,
      offset: message.offset,
      reason,
    });
  }
}
