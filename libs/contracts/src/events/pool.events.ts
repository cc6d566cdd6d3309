import { z } from 'zod';
import {
  bankId,
  basisPoints,
  businessDate,
  entityId,
  fenString,
  fundDeposit,
  fundId,
  isoTimestamp,
  positiveFenString,
  signedFenString,
  townCode,
} from '../money-schema';

/** A split part: `CITY`, `TOWN` (the borrower's town fund) or another named fund. */
const splitPart = z.object({ fund: z.union([z.literal('TOWN'), fundId]), weightBp: basisPoints });

/** A subsidy split part: `CITY`, `TOWN` (the borrower's town) or another code X (`SUBSIDY:X`). */
const subsidySplitPart = z.object({
  fund: z.string().regex(/^[A-Z][A-Z0-9_]{0,31}$/, 'must be CITY, TOWN or a fund code'),
  weightBp: basisPoints,
});

export const policyDocumentV1 = z.object({
  policyVersionId: entityId,
  effectiveFrom: businessDate,
  effectiveTo: businessDate.optional(),
  eligibleQualifications: z.array(z.string().min(1)).min(1),
  maxPrincipalFen: positiveFenString,
  maxTermMonths: z.number().int().positive(),
  maxEnterpriseOutstandingFen: positiveFenString,
  rateTiers: z.array(z.object({ upToFen: positiveFenString, rateBp: basisPoints })).min(1),
  bonusesBp: z.record(z.string(), basisPoints),
  maxRateBp: basisPoints,
  split: z.array(splitPart).min(1),
  townSplitOverrides: z.record(townCode, z.array(splitPart).min(1)).optional(),
  perLoanCapFen: positiveFenString,
  perBankAnnualCapFen: positiveFenString,
  minDaysPastDue: z.number().int().nonnegative(),
  reportWithinDays: z.number().int().nonnegative(),
  nplBreakerBp: basisPoints,
  remitWithinDays: z.number().int().positive(),
  // docs/domain.md §8, each optional (absent = its default, so older documents read the same).
  institutionKinds: z
    .array(z.enum(['BANK', 'MICROLOAN', 'LEASING']))
    .min(1)
    .optional(),
  rateTiersByKind: z
    .partialRecord(
      z.enum(['BANK', 'MICROLOAN', 'LEASING']),
      z.array(z.object({ upToFen: positiveFenString, rateBp: basisPoints })).min(1),
    )
    .optional(),
  portfolioCapBp: basisPoints.optional(),
  shareBasis: z.enum(['PRINCIPAL_ONLY', 'PRINCIPAL_INTEREST_COSTS']).optional(),
  maxInterestDays: z.number().int().positive().optional(),
  maxCostsBp: basisPoints.optional(),
  compensationTiming: z.enum(['ADVANCE', 'AFTER_RECOVERY']).optional(),
  minLenderShareBp: basisPoints.optional(),
  // docs/domain.md §9, each optional (absent = its default; documents before them read the same).
  subsidyShareBp: basisPoints.optional(),
  subsidyBonusBp: z.record(z.string(), basisPoints).optional(),
  maxSubsidyShareBp: basisPoints.optional(),
  subsidyRateCapBp: basisPoints.optional(),
  subsidyPerEnterpriseAnnualCapFen: positiveFenString.optional(),
  subsidySplit: z.array(subsidySplitPart).min(1).optional(),
  subsidyRequiresFlags: z.array(z.string().min(1)).optional(),
});

/**
 * THE wire form of a policy version (docs/adr/0021): what `POST /policies` takes and answers,
 * `GET /policies` lists, `pool.policy-published.v1` carries, every service stores and the console
 * reads. `parsePolicyDocument` is its one way into the domain's `PolicyVersion`.
 */
export type PolicyDocument = z.infer<typeof policyDocumentV1>;

export const policyPublishedV1 = z.object({
  policy: policyDocumentV1,
  publishedBy: z.string().min(1),
  publishedAt: isoTimestamp,
});

export const fundDepositedV1 = fundDeposit(fundId);

// PORTFOLIO_CAP: docs/domain.md §8.2 (additive: earlier events never carry it).
const capReason = z.enum(['PER_LOAN_CAP', 'PER_BANK_ANNUAL_CAP', 'PORTFOLIO_CAP']);

export const fundShare = z.object({
  fundId,
  shareFen: fenString,
  heldFen: fenString,
  queuedFen: fenString,
  /**
   * Of heldFen, what reached the part through queue fills so far (a running total). Settlement
   * compares it with a fill's `filledTotalFen` to tell a fill inside heldFen from a later one.
   */
  filledFen: fenString.optional(),
});

/** The amounts of a claim as computed by the domain rules, with the policy versions used. */
/** What every claim event names first: the claim, its loan and the loan's bank. */
const claimOfLoan = { claimId: entityId, loanId: entityId, bankId };

const claimComputation = {
  basisFen: fenString,
  rateBp: basisPoints,
  poolFen: fenString,
  capsApplied: z.array(capReason),
  shares: z.array(fundShare).min(1),
  bankShareFen: fenString,
  economicPolicyVersionId: entityId,
  proceduralPolicyVersionId: entityId,
  // Additive (docs/domain.md §8): absent on claims without co-sharers or net-loss parts.
  /** Each co-sharer's part of the bank share, owed by it to the lender once approved. */
  coSharerShares: z
    .array(
      z.object({
        partyId: z.string().min(1),
        kind: z.enum(['GUARANTOR', 'INSURER', 'VALUER']),
        shareBp: basisPoints,
        shareFen: fenString,
        cutBackFen: fenString,
      }),
    )
    .optional(),
  /** bank share − Σ co-sharer shares. */
  lenderShareFen: fenString.optional(),
  /** The parts of the loss the basis started from (§8.3). */
  accruedInterestFen: fenString.optional(),
  costsFen: fenString.optional(),
};

export const claimOpenedV1 = z.object({
  ...claimOfLoan,
  defaultId: entityId,
  townCode,
  status: z.enum(['OPEN', 'DEFERRED']),
  openedOn: businessDate,
  ...claimComputation,
});

export const claimDecidedV1 = z.object({
  claimId: entityId,
  loanId: entityId,
  fundId,
  decision: z.enum(['APPROVE', 'DENY', 'ADJUST']),
  decidedBy: z.string().min(1),
  reason: z.string().max(2000).optional(),
  newBasisFen: positiveFenString.optional(),
  decidedAt: isoTimestamp,
});

export const claimAdjustedV1 = z.object({
  ...claimOfLoan,
  reason: z.string().min(1).max(2000),
  adjustedBy: z.string().min(1),
  previousBasisFen: fenString,
  ...claimComputation,
});

export const claimApprovedV1 = z.object({
  ...claimOfLoan,
  defaultId: entityId,
  approvedOn: businessDate,
  ...claimComputation,
  /**
   * Additive: what the claim was last computed from besides the policy (docs/domain.md §5.2–§5.3,
   * §8), so that `verify` recomputes the rate, every cap and the net-loss limits from the policy
   * version alone. Absent on events from before it was added.
   */
  allocationInputs: z
    .object({
      tierRateBp: basisPoints,
      bonusBp: z.number().int().nonnegative(),
      institutionKind: z.enum(['BANK', 'MICROLOAN', 'LEASING']),
      outstandingAtDefaultFen: fenString,
      /** What was left of the bank's annual cap before this claim. */
      annualRemainingFen: fenString,
      /** With a portfolio cap (§8.2): the cap and what was left of it before this claim. */
      portfolioCapFen: fenString.optional(),
      portfolioRemainingFen: fenString.optional(),
    })
    .optional(),
});

export const claimDeniedV1 = z.object({
  ...claimOfLoan,
  fundId,
  reason: z.string().min(1).max(2000),
  deniedBy: z.string().min(1),
  deniedOn: businessDate,
});

export const claimWithdrawnV1 = z.object({
  ...claimOfLoan,
  reason: z.enum(['CURED']),
  withdrawnOn: businessDate,
});

export const claimDeferralLiftedV1 = z.object({
  ...claimOfLoan,
  reason: z.string().min(1).max(2000),
  liftedBy: z.string().min(1),
  liftedAt: isoTimestamp,
});

export const holdPlacedV1 = z.object({
  holdId: entityId,
  fundId,
  claimId: entityId,
  loanId: entityId,
  amountFen: positiveFenString,
  /** Why money was held: a claim opened or adjusted up, or a queued part filled. */
  cause: z.enum(['CLAIM_OPENED', 'CLAIM_ADJUSTED', 'QUEUE_FILLED']),
  /** QUEUE_FILLED: the part's running total of fills, this one included (see fundShare.filledFen). */
  filledTotalFen: positiveFenString.optional(),
  placedAt: isoTimestamp,
});

export const holdReleasedV1 = z.object({
  holdId: entityId,
  fundId,
  claimId: entityId,
  loanId: entityId,
  amountFen: positiveFenString,
  reason: z.enum(['CLAIM_DENIED', 'CLAIM_WITHDRAWN', 'CLAIM_ADJUSTED']),
  releasedAt: isoTimestamp,
});

export const recoverySharedV1 = z.object({
  recoveryId: entityId,
  claimId: entityId,
  loanId: entityId,
  bankId,
  cumulativeNetFen: fenString,
  /**
   * Per fund: its part of the cumulative net recovery (what the bank owes it in all, for this
   * claim) and the change this recovery made. Largest-remainder parts are not monotone, so a
   * change can be -1 fen: settlement nets against the cumulative figure, never the change alone.
   */
  owed: z.array(z.object({ fundId, cumulativeOwedFen: fenString, changeFen: signedFenString })),
  bankPartFen: fenString,
  /** The bank's part of the cumulative net recovery (exact even when its change would be -1). */
  bankCumulativePartFen: fenString.optional(),
  /** This recovery's net amount (amount − costs). */
  netFen: fenString.optional(),
  dueOn: businessDate,
  policyVersionId: entityId,
  /**
   * Additive (docs/domain.md §8.4): per co-sharer, what the lender owes it of the recovery, like
   * `owed` for the funds (never netted against them). Absent without co-sharers.
   */
  coSharerOwed: z
    .array(
      z.object({
        partyId: z.string().min(1),
        cumulativeOwedFen: fenString,
        changeFen: signedFenString,
      }),
    )
    .optional(),
});

export const breakerTrippedV1 = z.object({
  bankId,
  claimId: entityId,
  defaultedExposureFen: fenString,
  totalExposureFen: fenString,
  thresholdBp: basisPoints,
  policyVersionId: entityId,
  trippedOn: businessDate,
});
