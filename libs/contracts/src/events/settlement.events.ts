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

/** How a payment instruction completed: its rail, the rail's reference, after how many tries. */
const railCompletion = {
  rail: z.enum(['SIMULATED', 'PAIN001_FILE']),
  railReference: z.string().min(1),
  attempts: z.number().int().positive(),
  completedAt: isoTimestamp,
};

/** A payment instruction's failed attempt: why, on which rail, whether and when it is retried. */
const railFailure = {
  attempt: z.number().int().positive(),
  reason: z.string().min(1),
  willRetry: z.boolean(),
  rail: z.enum(['SIMULATED', 'PAIN001_FILE']),
  nextAttemptAt: isoTimestamp.optional(),
  failedAt: isoTimestamp,
};

export const payoutCompletedV1 = z.object({
  ...payoutIds,
  ...railCompletion,
});

export const payoutFailedV1 = z.object({
  ...payoutIds,
  ...railFailure,
  // Absent on a payout's failure that named no rail.
  rail: railFailure.rail.optional(),
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
  ...railCompletion,
});

export const subsidyPaymentFailedV1 = z.object({
  ...subsidyPaymentIds,
  ...railFailure,
});

/**
 * docs/domain.md §8.4: who pays whom between a lender and a co-sharer. `COSHARER`: the co-sharer
 * pays the lender its part of a claim's loss; `LENDER`: the lender pays the co-sharer its part of
 * a recovery after payout. The two are never netted.
 */
export const cosharerPayer = z.enum(['COSHARER', 'LENDER']);

const cosharerParty = z
  .string()
  .regex(/^[A-Z0-9][A-Z0-9_-]{0,63}$/, 'must be a co-sharer party id (A-Z, 0-9, _ and -)');

/** A settlement between a lender and a co-sharer on one claim, as reported and matched. */
export const cosharerSettlementReportedV1 = z.object({
  settlementId: entityId,
  claimId: entityId,
  loanId: entityId,
  bankId,
  partyId: cosharerParty,
  payer: cosharerPayer,
  amountFen: positiveFenString,
  /** The obligations it settled, oldest due first: the claim's share, or a recovery's part. */
  matched: z
    .array(
      z.object({
        source: z.enum(['CLAIM_SHARE', 'RECOVERY']),
        /** The claim id (CLAIM_SHARE) or the recovery id (RECOVERY). */
        sourceRef: entityId,
        amountFen: positiveFenString,
      }),
    )
    .min(1),
  reportedBy: z.string().min(1),
  receivedOn: businessDate,
});

/** A co-sharer obligation still outstanding after its due date (raised once per obligation). */
export const cosharerObligationOverdueV1 = z.object({
  claimId: entityId,
  loanId: entityId,
  bankId,
  partyId: cosharerParty,
  payer: cosharerPayer,
  source: z.enum(['CLAIM_SHARE', 'RECOVERY']),
  sourceRef: entityId,
  outstandingFen: positiveFenString,
  dueOn: businessDate,
  detectedOn: businessDate,
});
