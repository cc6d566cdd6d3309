import { createEvent, EventData, OutgoingEvent, Topics } from '@riskpool/contracts';
import { RailName } from '../../config/settlement.config';
import { PaymentInstruction } from '../persistence/payment-instruction.repository';

export const SERVICE_SOURCE = 'settlement';

/** The payout's id and what it pays for, as its events and its view name them. */
export function payoutKeys(i: PaymentInstruction) {
  return {
    payoutId: i.instructionId,
    claimId: i.claimId,
    loanId: i.loanId,
    defaultId: i.defaultId,
    bankId: i.bankId,
    fundId: i.fundId,
  };
}

function ids(i: PaymentInstruction) {
  return {
    ...payoutKeys(i),
    amountFen: i.amountFen.toString(),
    // A compensation instruction's source is never SUBSIDY_ROUND (subsidy payments have events of their own).
    source: i.source as 'APPROVED_SHARE' | 'QUEUE_FILLED',
    ...(i.holdId !== null ? { holdId: i.holdId } : {}),
  };
}

/** What a completed payment's event says of how it was paid. */
export function completionOf(i: PaymentInstruction, rail: RailName, reference: string) {
  return {
    rail,
    railReference: reference,
    attempts: Math.max(1, i.attempts),
    completedAt: (i.paidAt ?? new Date()).toISOString(),
  };
}

/** What a failed attempt's event says: why, and whether (and when) it is tried again. */
export function failureOf(i: PaymentInstruction, rail: RailName, attempt: number, reason: string) {
  const willRetry = i.status === 'PENDING';
  return {
    attempt: Math.max(1, attempt),
    reason: reason.slice(0, 2000) || 'refused',
    willRetry,
    rail,
    ...(willRetry ? { nextAttemptAt: i.nextAttemptAt.toISOString() } : {}),
    failedAt: new Date().toISOString(),
  };
}

type PayoutTopic = typeof Topics.payoutCompleted | typeof Topics.payoutFailed;

/** Keyed by loan id, like every claim and settlement event, so a loan's events stay in order. */
function payoutEvent<T extends PayoutTopic>(
  topic: T,
  i: PaymentInstruction,
  outcome: object,
): OutgoingEvent {
  return createEvent({
    topic,
    source: SERVICE_SOURCE,
    subject: i.loanId,
    correlationId: i.claimId,
    data: { ...ids(i), ...outcome } as EventData<T>,
  });
}

export function payoutCompleted(
  i: PaymentInstruction,
  rail: RailName,
  reference: string,
): OutgoingEvent {
  return payoutEvent(Topics.payoutCompleted, i, completionOf(i, rail, reference));
}

export function payoutFailed(
  i: PaymentInstruction,
  rail: RailName,
  attempt: number,
  reason: string,
): OutgoingEvent {
  return payoutEvent(Topics.payoutFailed, i, failureOf(i, rail, attempt, reason));
}
