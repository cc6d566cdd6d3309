// Topic names: `<domain>.<event>.v<major>`. Additive payload changes keep the version; a breaking
// change is a new topic. Every topic has a dead-letter twin `<topic>.dlq`.
export const Topics = {
  bankAdmitted: 'pool.bank-admitted.v1',
  bankSuspended: 'pool.bank-suspended.v1',
  bankReinstated: 'pool.bank-reinstated.v1',
  coSharerAdmitted: 'pool.cosharer-admitted.v1',
  loanRegistered: 'loans.loan-registered.v1',
  loanRepaid: 'loans.loan-repaid.v1',
  loanClosed: 'loans.loan-closed.v1',
  defaultReported: 'credit.default-reported.v1',
  defaultCured: 'credit.default-cured.v1',
  recoveryReported: 'credit.recovery-reported.v1',
  loanWrittenOff: 'credit.loan-written-off.v1',
  recoveryClosed: 'credit.recovery-closed.v1',
  fundCreated: 'pool.fund-created.v1',
  policyPublished: 'pool.policy-published.v1',
  fundDeposited: 'pool.fund-deposited.v1',
  claimOpened: 'pool.claim-opened.v1',
  claimDecided: 'pool.claim-decided.v1',
  claimAdjusted: 'pool.claim-adjusted.v1',
  claimApproved: 'pool.claim-approved.v1',
  claimDenied: 'pool.claim-denied.v1',
  claimWithdrawn: 'pool.claim-withdrawn.v1',
  claimDeferralLifted: 'pool.claim-deferral-lifted.v1',
  holdPlaced: 'pool.hold-placed.v1',
  holdReleased: 'pool.hold-released.v1',
  recoveryShared: 'pool.recovery-shared.v1',
  breakerTripped: 'pool.breaker-tripped.v1',
  payoutCompleted: 'settlement.payout-completed.v1',
  payoutFailed: 'settlement.payout-failed.v1',
  remittanceReceived: 'settlement.remittance-received.v1',
  remittanceOverdue: 'settlement.remittance-overdue.v1',
  cosharerSettlementReported: 'settlement.cosharer-settlement-reported.v1',
  cosharerObligationOverdue: 'settlement.cosharer-obligation-overdue.v1',
  subsidyPaymentCompleted: 'settlement.subsidy-payment-completed.v1',
  subsidyPaymentFailed: 'settlement.subsidy-payment-failed.v1',
  subsidyFundCreated: 'subsidy.fund-created.v1',
  subsidyFundDeposited: 'subsidy.fund-deposited.v1',
  interestReported: 'subsidy.interest-reported.v1',
  subsidyRoundOpened: 'subsidy.round-opened.v1',
  subsidyRoundClosed: 'subsidy.round-closed.v1',
  subsidyRoundDecided: 'subsidy.round-decided.v1',
  subsidyRoundApproved: 'subsidy.round-approved.v1',
  ledgerEntryPosted: 'ledger.entry-posted.v1',
  ledgerCheckpointSigned: 'ledger.checkpoint-signed.v1',
  ledgerReconciliationAlert: 'ledger.reconciliation-alert.v1',
  ledgerStatementIssued: 'ledger.statement-issued.v1',
  gatewayBusinessDateChanged: 'gateway.business-date-changed.v1',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];

export const DLQ_SUFFIX = '.dlq';

export function deadLetterTopicOf(topic: string): string {
  return `${topic}${DLQ_SUFFIX}`;
}

/** Every topic the system uses, dead-letter twins included, for creating them up front. */
export const ALL_TOPICS: readonly string[] = Object.values(Topics).flatMap((topic) => [
  topic,
  deadLetterTopicOf(topic),
]);

/** A year: how long a dead letter waits for an operator. */
export const DEAD_LETTER_RETENTION_MS = 365 * 24 * 60 * 60 * 1000;

/**
 * `retention.ms` of a topic: business topics are the programme's record, kept for its life (-1)
 * so that every projection, the ledger's among them, can be rebuilt from them; dead letters a year.
 */
export function retentionMsOf(topic: string): number {
  return topic.endsWith(DLQ_SUFFIX) ? DEAD_LETTER_RETENTION_MS : -1;
}
