import { createEvent, EventData, OutgoingEvent, Topics } from '@riskpool/contracts';
import { RailName } from '../../config/settlement.config';
import { PaymentInstruction, SubsidyPart } from '../persistence/payment-instruction.repository';
import { completionOf, failureOf, SERVICE_SOURCE } from './payout-events';

function ids(i: PaymentInstruction, parts: readonly SubsidyPart[]) {
  const payee = i.subsidy;
  if (payee === undefined) throw new Error(`instruction ${i.instructionId} is not a subsidy`);
  return {
    paymentId: i.instructionId,
    roundId: payee.roundId,
    closing: payee.closing,
    uscc: payee.uscc,
    payeeAccountNo: payee.accountNo,
    payeeAccountName: payee.accountName,
    amountFen: i.amountFen.toString(),
    parts: parts.map((p) => ({
      reportId: p.reportId,
      loanId: p.loanId,
      bankId: p.bankId,
      fundId: p.fundId,
      amountFen: p.amountFen.toString(),
    })),
  };
}

type SubsidyPaymentTopic =
  typeof Topics.subsidyPaymentCompleted | typeof Topics.subsidyPaymentFailed;

/** Keyed by the enterprise (USCC): one enterprise's payments stay in order. */
function subsidyPaymentEvent<T extends SubsidyPaymentTopic>(
  topic: T,
  i: PaymentInstruction,
  parts: readonly SubsidyPart[],
  outcome: object,
): OutgoingEvent {
  const data = ids(i, parts);
  return createEvent({
    topic,
    source: SERVICE_SOURCE,
    subject: data.uscc,
    correlationId: data.roundId,
    data: { ...data, ...outcome } as EventData<T>,
  });
}

export function subsidyPaymentCompleted(
  i: PaymentInstruction,
  parts: readonly SubsidyPart[],
  rail: RailName,
  reference: string,
): OutgoingEvent {
  return subsidyPaymentEvent(
    Topics.subsidyPaymentCompleted,
    i,
    parts,
    completionOf(i, rail, reference),
  );
}

export function subsidyPaymentFailed(
  i: PaymentInstruction,
  parts: readonly SubsidyPart[],
  rail: RailName,
  attempt: number,
  reason: string,
): OutgoingEvent {
  return subsidyPaymentEvent(
    Topics.subsidyPaymentFailed,
    i,
    parts,
    failureOf(i, rail, attempt, reason),
  );
}
