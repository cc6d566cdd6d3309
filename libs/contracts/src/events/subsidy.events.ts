import { z } from 'zod';
import type { RoundFundOutcome } from '@riskpool/domain';
import {
  bankId,
  basisPoints,
  businessDate,
  entityId,
  fenString,
  fundDeposit,
  isoTimestamp,
  positiveFenString,
  townCode,
} from '../money-schema';

/** Interest subsidy funds (docs/domain.md §9.1): `SUBSIDY:CITY`, `SUBSIDY:TOWN:<code>`. */
export const subsidyFundId = z
  .string()
  .regex(/^SUBSIDY:(CITY|TOWN:[A-Z0-9_]{1,32})$/, 'must be SUBSIDY:CITY or SUBSIDY:TOWN:<code>');

export const subsidyFundCreatedV1 = z.object({
  fundId: subsidyFundId,
  name: z.string().min(1).max(200),
  kind: z.enum(['SUBSIDY_CITY', 'SUBSIDY_TOWN']),
  townCode: townCode.optional(),
  createdAt: isoTimestamp,
});

export const subsidyFundDepositedV1 = fundDeposit(subsidyFundId);

const fundRequest = z.object({
  fundId: subsidyFundId,
  weightBp: basisPoints,
  requestedFen: fenString,
});

/** Which loan of which enterprise a report (and each of its grants) is about. */
const reportOfLoan = {
  reportId: entityId,
  loanId: entityId,
  bankId,
  uscc: z.string().length(18),
  townCode,
};

/** An accepted interest report with its computation (§9.3); eligibility is fixed here. */
export const interestReportedV1 = z.object({
  ...reportOfLoan,
  periodStart: businessDate,
  periodEnd: businessDate,
  periodYear: z.number().int(),
  days: z.number().int().positive(),
  interestPaidFen: positiveFenString,
  outstandingAtStartFen: positiveFenString,
  annualRateBp: z.number().int().min(0),
  eligibleRateBp: z.number().int().min(0),
  interestCapFen: fenString,
  eligibleInterestFen: fenString,
  shareBp: basisPoints,
  requestedFen: fenString,
  capReasons: z.array(z.enum(['PER_ENTERPRISE_ANNUAL_CAP'])),
  fundRequests: z.array(fundRequest).min(1),
  economicPolicyVersionId: entityId,
  proceduralPolicyVersionId: entityId,
  reportedOn: businessDate,
  reportedAt: isoTimestamp,
});

export const subsidyRoundOpenedV1 = z.object({
  roundId: entityId,
  from: businessDate,
  to: businessDate,
  openedBy: z.string().min(1),
  openedOn: businessDate,
});

const roundFundOutcome = z.object({
  fundId: subsidyFundId,
  availableFen: fenString,
  requestedFen: fenString,
  grantedFen: fenString,
  lapsedFen: fenString,
  proRata: z.boolean(),
});

/** A fund's outcome of a round's closing (libs/domain, fen as bigint) in its wire form. */
export function roundFundOutcomeOf(fund: RoundFundOutcome): z.infer<typeof roundFundOutcome> {
  return {
    fundId: fund.fundId,
    availableFen: fund.availableFen.toString(),
    requestedFen: fund.requestedFen.toString(),
    grantedFen: fund.grantedFen.toString(),
    lapsedFen: fund.lapsedFen.toString(),
    proRata: fund.proRata,
  };
}

/** One report's share of one fund in a round: what was asked, granted (held) and lapsed. */
export const subsidyGrant = z.object({
  ...reportOfLoan,
  fundId: subsidyFundId,
  requestedFen: fenString,
  grantedFen: fenString,
  lapsedFen: fenString,
  payeeAccountNo: z.string().regex(/^[0-9]{10,32}$/),
  payeeAccountName: z.string().min(1).max(120),
  periodStart: businessDate,
  periodEnd: businessDate,
  economicPolicyVersionId: entityId,
});

/** Closing holds every grant on its fund; the rest lapses (§9.4). */
export const subsidyRoundClosedV1 = z.object({
  roundId: entityId,
  from: businessDate,
  to: businessDate,
  closedOn: businessDate,
  closing: z.number().int().positive(),
  funds: z.array(roundFundOutcome),
  grants: z.array(subsidyGrant),
});

export const subsidyRoundDecidedV1 = z.object({
  roundId: entityId,
  closing: z.number().int().positive(),
  fundId: subsidyFundId,
  decision: z.enum(['APPROVE', 'RETURN']),
  reason: z.string().max(500).optional(),
  decidedBy: z.string().min(1),
  decidedOn: businessDate,
  /** On RETURN: the holds released, per fund. */
  releasedFen: z.array(z.object({ fundId: subsidyFundId, amountFen: fenString })).optional(),
});

/** Every fund approved: settlement pays each enterprise per payee account (§9.4). */
export const subsidyRoundApprovedV1 = z.object({
  roundId: entityId,
  closing: z.number().int().positive(),
  approvedOn: businessDate,
  funds: z.array(roundFundOutcome),
  grants: z.array(subsidyGrant),
});
