import { z } from 'zod';
import {
  bankId,
  businessDate,
  entityId,
  fenString,
  positiveFenString,
  townCode,
} from '../money-schema';

export const defaultReportedV1 = z.object({
  defaultId: entityId,
  loanId: entityId,
  bankId,
  townCode,
  outstandingAtDefaultFen: positiveFenString,
  daysPastDue: z.number().int().nonnegative(),
  reachedMinDaysPastDueOn: businessDate,
  reportedOn: businessDate,
  // Additive (docs/domain.md §8.3): counted in the basis under PRINCIPAL_INTEREST_COSTS; absent = 0.
  accruedInterestFen: fenString.optional(),
  costsFen: fenString.optional(),
});

export const defaultCuredV1 = z.object({
  defaultId: entityId,
  loanId: entityId,
  bankId,
  curedOn: businessDate,
  /** Outstanding principal the loan returns to REGISTERED with. */
  outstandingFen: fenString,
});

export const recoveryReportedV1 = z.object({
  recoveryId: entityId,
  loanId: entityId,
  bankId,
  defaultId: entityId,
  amountFen: fenString,
  costsFen: fenString,
  /** amount − costs, never below zero. */
  netFen: fenString,
  recoveredOn: businessDate,
});

export const loanWrittenOffV1 = z.object({
  loanId: entityId,
  bankId,
  defaultId: entityId,
  writtenOffOn: businessDate,
});

/**
 * docs/domain.md §8.5: under AFTER_RECOVERY the bank declared recovery finished; the claim opens on
 * the basis left after the net recoveries counted here (those reported on the default so far).
 */
export const recoveryClosedV1 = z.object({
  defaultId: entityId,
  loanId: entityId,
  bankId,
  closedOn: businessDate,
  /** Σ net of the recoveries listed: what the claim's basis is lowered by when it opens. */
  netRecoveredFen: fenString,
  /** The recoveries already counted; one arriving later with one of these ids changes nothing. */
  recoveryIds: z.array(entityId),
});
