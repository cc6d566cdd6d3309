import { z } from 'zod';
import { Topics, type TopicName } from './topics';
import { EventEnvelope } from './envelope';
import { uuidv7 } from './uuid-v7';
import {
  bankAdmittedV1,
  bankStatusChangedV1,
  coSharerAdmittedV1,
  fundCreatedV1,
} from './events/parties.events';
import { loanClosedV1, loanRegisteredV1, loanRepaidV1 } from './events/loans.events';
import {
  defaultCuredV1,
  defaultReportedV1,
  loanWrittenOffV1,
  recoveryClosedV1,
  recoveryReportedV1,
} from './events/credit.events';
import {
  breakerTrippedV1,
  claimAdjustedV1,
  claimApprovedV1,
  claimDecidedV1,
  claimDeferralLiftedV1,
  claimDeniedV1,
  claimOpenedV1,
  claimWithdrawnV1,
  fundDepositedV1,
  holdPlacedV1,
  holdReleasedV1,
  policyPublishedV1,
  recoverySharedV1,
} from './events/pool.events';
import {
  cosharerObligationOverdueV1,
  cosharerSettlementReportedV1,
  payoutCompletedV1,
  payoutFailedV1,
  remittanceOverdueV1,
  remittanceReceivedV1,
  subsidyPaymentCompletedV1,
  subsidyPaymentFailedV1,
} from './events/settlement.events';
import {
  ledgerCheckpointSignedV1,
  ledgerEntryPostedV1,
  ledgerReconciliationAlertV1,
  ledgerStatementIssuedV1,
} from './events/ledger.events';
import { gatewayBusinessDateChangedV1 } from './events/gateway.events';
import {
  interestReportedV1,
  subsidyFundCreatedV1,
  subsidyFundDepositedV1,
  subsidyRoundApprovedV1,
  subsidyRoundClosedV1,
  subsidyRoundDecidedV1,
  subsidyRoundOpenedV1,
} from './events/subsidy.events';

/** The payload schema of every topic: validated when an event is produced and when it is consumed. */
export const EventSchemas = {
  [Topics.bankAdmitted]: bankAdmittedV1,
  [Topics.bankSuspended]: bankStatusChangedV1,
  [Topics.bankReinstated]: bankStatusChangedV1,
  [Topics.coSharerAdmitted]: coSharerAdmittedV1,
  [Topics.loanRegistered]: loanRegisteredV1,
  [Topics.loanRepaid]: loanRepaidV1,
  [Topics.loanClosed]: loanClosedV1,
  [Topics.defaultReported]: defaultReportedV1,
  [Topics.defaultCured]: defaultCuredV1,
  [Topics.recoveryReported]: recoveryReportedV1,
  [Topics.loanWrittenOff]: loanWrittenOffV1,
  [Topics.recoveryClosed]: recoveryClosedV1,
  [Topics.fundCreated]: fundCreatedV1,
  [Topics.policyPublished]: policyPublishedV1,
  [Topics.fundDeposited]: fundDepositedV1,
  [Topics.claimOpened]: claimOpenedV1,
  [Topics.claimDecided]: claimDecidedV1,
  [Topics.claimAdjusted]: claimAdjustedV1,
  [Topics.claimApproved]: claimApprovedV1,
  [Topics.claimDenied]: claimDeniedV1,
  [Topics.claimWithdrawn]: claimWithdrawnV1,
  [Topics.claimDeferralLifted]: claimDeferralLiftedV1,
  [Topics.holdPlaced]: holdPlacedV1,
  [Topics.holdReleased]: holdReleasedV1,
  [Topics.recoveryShared]: recoverySharedV1,
  [Topics.breakerTripped]: breakerTrippedV1,
  [Topics.payoutCompleted]: payoutCompletedV1,
  [Topics.payoutFailed]: payoutFailedV1,
  [Topics.remittanceReceived]: remittanceReceivedV1,
  [Topics.remittanceOverdue]: remittanceOverdueV1,
  [Topics.cosharerSettlementReported]: cosharerSettlementReportedV1,
  [Topics.cosharerObligationOverdue]: cosharerObligationOverdueV1,
  [Topics.subsidyPaymentCompleted]: subsidyPaymentCompletedV1,
  [Topics.subsidyPaymentFailed]: subsidyPaymentFailedV1,
  [Topics.subsidyFundCreated]: subsidyFundCreatedV1,
  [Topics.subsidyFundDeposited]: subsidyFundDepositedV1,
  [Topics.interestReported]: interestReportedV1,
  [Topics.subsidyRoundOpened]: subsidyRoundOpenedV1,
  [Topics.subsidyRoundClosed]: subsidyRoundClosedV1,
  [Topics.subsidyRoundDecided]: subsidyRoundDecidedV1,
  [Topics.subsidyRoundApproved]: subsidyRoundApprovedV1,
  [Topics.ledgerEntryPosted]: ledgerEntryPostedV1,
  [Topics.ledgerCheckpointSigned]: ledgerCheckpointSignedV1,
  [Topics.ledgerReconciliationAlert]: ledgerReconciliationAlertV1,
  [Topics.ledgerStatementIssued]: ledgerStatementIssuedV1,
  [Topics.gatewayBusinessDateChanged]: gatewayBusinessDateChangedV1,
} as const satisfies Record<TopicName, z.ZodType>;

export type EventData<T extends TopicName> = z.infer<(typeof EventSchemas)[T]>;

export type ValidationResult<T> =
  { readonly ok: true; readonly data: T } | { readonly ok: false; readonly reason: string };

/** Checks a payload against its topic's schema; the reason names every bad field. */
export function validateEventData<T extends TopicName>(
  topic: T,
  data: unknown,
): ValidationResult<EventData<T>> {
  const schema: z.ZodType = EventSchemas[topic];
  const result = schema.safeParse(data);
  if (result.success) return { ok: true, data: result.data as EventData<T> };
  const reason = result.error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(body)'}: ${issue.message}`)
    .join('; ');
  return { ok: false, reason: `invalid ${topic} payload: ${reason}` };
}

export interface NewEvent<T extends TopicName> {
  readonly topic: T;
  readonly source: string;
  readonly subject: string;
  readonly data: EventData<T>;
  readonly correlationId?: string;
  readonly causationId?: string;
  readonly traceparent?: string;
  readonly time?: Date;
}

export interface OutgoingEvent<T extends TopicName = TopicName> {
  readonly topic: T;
  readonly envelope: EventEnvelope<EventData<T>>;
}

/** Builds a validated event; an invalid payload is a programming error and throws. */
export function createEvent<T extends TopicName>(input: NewEvent<T>): OutgoingEvent<T> {
  const checked = validateEventData(input.topic, input.data);
  if (!checked.ok) throw new Error(checked.reason);
  const id = uuidv7();
  return {
    topic: input.topic,
    envelope: {
      id,
      type: input.topic,
      source: input.source,
      time: (input.time ?? new Date()).toISOString(),
      subject: input.subject,
      correlationId: input.correlationId ?? id,
      ...(input.causationId !== undefined ? { causationId: input.causationId } : {}),
      ...(input.traceparent !== undefined ? { traceparent: input.traceparent } : {}),
      data: checked.data,
    },
  };
}
