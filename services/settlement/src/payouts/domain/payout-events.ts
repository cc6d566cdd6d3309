import { createEvent, OutgoingEvent, Topics } from '@riskpool/contracts';
import { RailName } from '../../config/settlement.config';
import { PaymentInstruction } from '../persistence/payment-instruction.repository';

export const SERVICE_SOURCE = 'settlement';

function ids(i: PaymentInstruction) {
  return {
    payoutId: i.instructionId,
    claimId: i.claimId,
    loanId: i.loanId,
    defaultId: i.defaultId,
    bankId: i.bankId,
    fundId: i.fundId,
    amountFen: i.amountFen.toString(),
    // A compensation instruction's source is never SUBSIDY_ROUND (subsidy payments have events of their own).
    source: i.source as 'APPROVED_SHARE' | 'QUEUE_FILLED',
    ...(i.holdId !== null ? { holdId: i.holdId } : {}),
  };
}

/** Keyed by loan id, like every claim and settlement event, so a loan's events stay in order. */
export function payoutCompleted(
  i: PaymentInstruction,
  rail: RailName,
  reference: string,
): OutgoingEvent {
  return createEvent({
    topic: Topics.payoutCompleted,
    source: SERVICE_SOURCE,
    subject: i.loanId,
    correlationId: i.claimId,
    data: {
      ...ids(i),
      rail,
      railReference: reference,
      attempts: Math.max(1, i.attempts),
      completedAt: (i.paidAt ?? new Date()).toISOString(),
    },
  });
}

export function payoutFailed(
  i: PaymentInstruction,
  rail: RailName,
  attempt: number,
  reason: string,
): OutgoingEvent {
  const willRetry = i.status === 'PENDING';
  return createEvent({
    topic: Topics.payoutFailed,
    source: SERVICE_SOURCE,
    subject: i.loanId,
    correlationId: i.claimId,
    data: {
      ...ids(i),
      attempt: Math.max(1, attempt),
      reason: reason.slice(0, 2000) || 'refused',
      willRetry,
      rail,
      ...(willRetry ? { nextAttemptAt: i.nextAttemptAt.toISOString() } : {}),
      failedAt: new Date().toISOString(),
    },
  });
}
