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
