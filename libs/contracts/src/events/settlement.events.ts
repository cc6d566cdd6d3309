import { z } from 'zod';
import {
  bankId,
  businessDate,
  entityId,
  fenString,
  fundId,
  isoTimestamp,
  positiveFenString,
} from '../money-schema';

const payoutIds = {
  payoutId: entityId,
  claimId: entityId,
  loanId: entityId,
  defaultId: entityId,
  bankId,
  fundId,
  amountFen: positiveFenString,
  /** What is paid: the share held at approval, or a queued part filled later (its hold). */
  source: z.enum(['APPROVED_SHARE', 'QUEUE_FILLED']).optional(),
  holdId: entityId.optional(),
};

export const payoutCompletedV1 = z.object({
  ...payoutIds,
  rail: z.enum(['SIMULATED', 'PAIN001_FILE']),
  railReference: z.string().min(1),
  attempts: z.number().int().positive(),
  completedAt: isoTimestamp,
});

export const payoutFailedV1 = z.object({
  ...payoutIds,
  attempt: z.number().int().positive(),
  reason: z.string().min(1),
  willRetry: z.boolean(),
  rail: z.enum(['SIMULATED', 'PAIN001_FILE']).optional(),
  nextAttemptAt: isoTimestamp.optional(),
  failedAt: isoTimestamp,
});

export const remittanceReceivedV1 = z.object({
  remittanceId: entityId,
  bankId,
  fundId,
  amountFen: positiveFenString,
  /** Owed amounts this remittance settled, oldest first. */
  matched: z.array(
    z.object({
      recoveryId: entityId,
      claimId: entityId,
      loanId: entityId,
      amountFen: positiveFenString,
    }),
  ),
  overpaidFen: fenString,
  /** The claim the bank named, when it named one (matching then kept to that claim). */
  claimId: entityId.optional(),
  receivedOn: businessDate,
});

export const remittanceOverdueV1 = z.object({
  recoveryId: entityId,
  claimId: entityId,
  loanId: entityId,
  bankId,
  fundId,
  outstandingFen: positiveFenString,
  dueOn: businessDate,
  detectedOn: businessDate,
});

/** What one subsidy payment pays: each grant (report × subsidy fund) it sums, per loan. */
const subsidyPaymentPart = z.object({
  reportId: entityId,
  loanId: entityId,
  bankId,
  fundId: z
    .string()
    .regex(/^SUBSIDY:(CITY|TOWN:[A-Z0-9_]{1,32})$/, 'must be SUBSIDY:CITY or SUBSIDY:TOWN:<code>'),
  amountFen: positiveFenString,
});

const subsidyPaymentIds = {
  /** The payment instruction id (the pain.001 EndToEndId). */
  paymentId: entityId,
  roundId: entityId,
  closing: z.number().int().positive(),
  uscc: z.string().length(18),
  payeeAccountNo: z.string().regex(/^[0-9]{10,32}$/),
  payeeAccountName: z.string().min(1).max(120),
  amountFen: positiveFenString,
  parts: z.array(subsidyPaymentPart).min(1),
};

/** A round's grants paid to one enterprise's payee account (docs/domain.md §9.4). */
export const subsidyPaymentCompletedV1 = z.object({
  ...subsidyPaymentIds,
  rail: z.enum(['SIMULATED', 'PAIN001_FILE']),
  railReference: z.string().min(1),
  attempts: z.number().int().positive(),
  completedAt: isoTimestamp,
});

export const subsidyPaymentFailedV1 = z.object({
  ...subsidyPaymentIds,
  attempt: z.number().int().positive(),
  reason: z.string().min(1),
  willRetry: z.boolean(),
  rail: z.enum(['SIMULATED', 'PAIN001_FILE']),
  nextAttemptAt: isoTimestamp.optional(),
  failedAt: isoTimestamp,
});
