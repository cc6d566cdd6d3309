import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { TopicName, Topics } from '@riskpool/contracts';
import { BatchEventPattern, ConsumedEvent } from '@riskpool/kafka';
import type { LedgerInput } from './posting-rules';
import { LedgerWriter } from './ledger-writer';

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

/** A well-formed event of a ledger topic as the writer's input. */
export function ledgerInputOf(event: ConsumedEvent): LedgerInput {
  const e = event.envelope;
  return { eventId: e.id, eventType: event.topic, time: e.time, subject: e.subject, data: e.data };
}

/**
 * The ledger's Kafka adapter. Unlike the other services' handlers it takes a whole chunk of a Kafka
 * batch at once (one LedgerState batch, one transaction; at most LEDGER_BATCH_MAX events) and does
 * not use the inbox: the ledger's own `events` table is its inbox, and compares content, so that a
 * replay of an id with other content is refused and reported instead of being skipped unseen. The
 * transport commits the offsets after the transaction and sends a malformed message to
 * `<topic>.dlq`; a batch the writer refuses is delivered again.
 */
@Controller()
export class LedgerBatchConsumer {
  constructor(@Inject(LedgerWriter) private readonly writer: LedgerWriter) {}

  @BatchEventPattern(LEDGER_TOPICS)
  async apply(@Payload() events: ReadonlyArray<ConsumedEvent>): Promise<void> {
    // The positions go into the consumption log, for a replay (README "Replay").
    await this.writer.applyBatch(
      events.map(ledgerInputOf),
      events.map(({ topic, partition, offset }) => ({ topic, partition, offset })),
    );
  }
}
