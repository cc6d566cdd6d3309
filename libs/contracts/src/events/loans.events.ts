import { z } from 'zod';
import {
  bankId,
  businessDate,
  entityId,
  fenString,
  isoTimestamp,
  positiveFenString,
  townCode,
} from '../money-schema';

export const qualificationCode = z.enum(['HNTE', 'TECH_SME', 'SRDI']);
export const collateralFlag = z.enum(['IP_PLEDGE']);

/** docs/domain.md §8.1: the lender's kind (absent on loans of lenders admitted before kinds: BANK). */
export const institutionKind = z.enum(['BANK', 'MICROLOAN', 'LEASING']);
/** docs/domain.md §8.4: a party named on a loan that bears a share of each claim's basis. */
export const coSharerPartyId = z.string().regex(/^[A-Z0-9][A-Z0-9_-]{0,63}$/);
export const coSharerKind = z.enum(['GUARANTOR', 'INSURER', 'VALUER']);
export const coSharer = z.object({
  partyId: coSharerPartyId,
  kind: coSharerKind,
  shareBp: z.number().int().min(1).max(10000),
});

export const loanRegisteredV1 = z.object({
  loanId: entityId,
  bankId,
  bankReference: z.string().min(1).max(64),
  enterprise: z.object({
    uscc: z.string().length(18),
    name: z.string().min(1).max(200),
    townCode,
    qualifications: z.array(qualificationCode),
  }),
  principalFen: positiveFenString,
  annualRateBp: z.number().int().min(0).max(100000),
  disbursementDate: businessDate,
  maturityDate: businessDate,
  termMonths: z.number().int().positive(),
  flags: z.array(collateralFlag),
  registrationDate: businessDate,
  /** The policy version whose economic terms govern this loan for its whole life. */
  policyVersionId: entityId,
  registeredAt: isoTimestamp,
  // Additive (docs/domain.md §8): absent means a BANK lender and no co-sharers.
  institutionKind: institutionKind.optional(),
  coSharers: z.array(coSharer).max(10).optional(),
});

export const loanRepaidV1 = z.object({
  loanId: entityId,
  bankId,
  repaymentId: entityId,
  amountFen: positiveFenString,
  outstandingFen: fenString,
  repaidOn: businessDate,
});

export const loanClosedV1 = z.object({
  loanId: entityId,
  bankId,
  closedOn: businessDate,
});
