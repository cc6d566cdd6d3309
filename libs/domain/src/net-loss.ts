import { invariant } from './domain-error';
import { type Fen, roundHalfUpBp } from './money';
import { type EconomicTerms, programmeTerms } from './policy';

/** The parts of a claim's loss at default (docs/domain.md §8.3). Under PRINCIPAL_ONLY both extras are 0. */
export interface LossAtDefault {
  readonly outstandingAtDefaultFen: Fen;
  readonly accruedInterestFen: Fen;
  readonly costsFen: Fen;
}

const DAYS_PER_YEAR = 365n;
const BP = 10_000n;

/**
 * The most accrued interest that counts: roundHalfUp(o × r × min(dpd, maxInterestDays) / 3650000),
 * i.e. `(o × r × d + 1825000) div 3650000`.
 */
export function maxAccruedInterestFen(input: {
  readonly outstandingAtDefaultFen: Fen;
  readonly annualRateBp: number;
  readonly daysPastDue: number;
  readonly maxInterestDays: number;
}): Fen {
  const { outstandingAtDefaultFen, annualRateBp, daysPastDue, maxInterestDays } = input;
  invariant(outstandingAtDefaultFen >= 0n, 'outstanding cannot be negative');
  invariant(
    Number.isSafeInteger(annualRateBp) && annualRateBp >= 0,
    'annual rate must be whole basis points',
  );
  invariant(
    Number.isSafeInteger(daysPastDue) && daysPastDue >= 0 && Number.isSafeInteger(maxInterestDays),
    'days must be whole numbers',
  );
  const days = BigInt(Math.min(daysPastDue, maxInterestDays));
  const divisor = BP * DAYS_PER_YEAR; // 3,650,000
  return (outstandingAtDefaultFen * BigInt(annualRateBp) * days + divisor / 2n) / divisor;
}

/** The most costs that count: roundHalfUp(outstanding × maxCostsBp / 10000). */
export function maxCostsFen(outstandingAtDefaultFen: Fen, maxCostsBp: number): Fen {
  return roundHalfUpBp(outstandingAtDefaultFen, maxCostsBp);
}

export interface NetLossIssue {
  readonly path: 'accruedInterestFen' | 'costsFen';
  readonly code: 'NEGATIVE' | 'OVER_LIMIT' | 'NOT_COUNTED_UNDER_PRINCIPAL_ONLY';
  readonly limitFen?: Fen;
  readonly message: string;
}

/**
 * docs/domain.md §8.3: what is wrong with the interest and costs on a default report. Under
 * PRINCIPAL_ONLY both must be absent or zero; under PRINCIPAL_INTEREST_COSTS each is at most its
 * limit. Absent counts as zero.
 */
export function netLossIssues(input: {
  readonly terms: Pick<EconomicTerms, 'shareBasis' | 'maxInterestDays' | 'maxCostsBp'>;
  readonly outstandingAtDefaultFen: Fen;
  readonly annualRateBp: number;
  readonly daysPastDue: number;
  readonly accruedInterestFen?: Fen;
  readonly costsFen?: Fen;
}): NetLossIssue[] {
  const issues: NetLossIssue[] = [];
  const terms = programmeTerms(input.terms);
  const interestFen = input.accruedInterestFen ?? 0n;
  const costsFen = input.costsFen ?? 0n;
  const fields = [
    ['accruedInterestFen', interestFen],
    ['costsFen', costsFen],
  ] as const;
  for (const [path, value] of fields) {
    if (value < 0n) issues.push({ path, code: 'NEGATIVE', message: 'cannot be negative' });
  }
  if (terms.shareBasis === 'PRINCIPAL_ONLY') {
    for (const [path, value] of fields) {
      if (value > 0n)
        issues.push({
          path,
          code: 'NOT_COUNTED_UNDER_PRINCIPAL_ONLY',
          message: 'must be absent or zero: the policy counts principal only',
        });
    }
    return issues;
  }
  const interestLimitFen = maxAccruedInterestFen({
    outstandingAtDefaultFen: input.outstandingAtDefaultFen,
    annualRateBp: input.annualRateBp,
    daysPastDue: input.daysPastDue,
    maxInterestDays: terms.maxInterestDays,
  });
  if (interestFen > interestLimitFen)
    issues.push({
      path: 'accruedInterestFen',
      code: 'OVER_LIMIT',
      limitFen: interestLimitFen,
      message: `at most ${interestLimitFen} fen (interest for min(daysPastDue, ${terms.maxInterestDays}) days)`,
    });
  const costsLimitFen = maxCostsFen(input.outstandingAtDefaultFen, terms.maxCostsBp);
  if (costsFen > costsLimitFen)
    issues.push({
      path: 'costsFen',
      code: 'OVER_LIMIT',
      limitFen: costsLimitFen,
      message: `at most ${costsLimitFen} fen (${terms.maxCostsBp} bp of the outstanding)`,
    });
  return issues;
}

/** outstanding + accrued interest + costs: the basis before recoveries, and the adjust ceiling. */
export function lossAtDefaultFen(loss: LossAtDefault): Fen {
  invariant(
    loss.outstandingAtDefaultFen >= 0n && loss.accruedInterestFen >= 0n && loss.costsFen >= 0n,
    'loss parts cannot be negative',
  );
  return loss.outstandingAtDefaultFen + loss.accruedInterestFen + loss.costsFen;
}
