import { rateTiersFor } from './allocation';
import {
  type BankStatus,
  DEFAULT_INSTITUTION_KIND,
  type InstitutionKind,
  type QualificationCode,
  townFundId,
} from './codes';
import { type BusinessDate, compareDates, termMonths } from './dates';
import { DomainError } from './domain-error';
import type { Fen } from './money';
import { type EconomicTerms, resolveSplit } from './policy';
import { type UsccValidation, validateUscc } from './uscc';

export interface EligibilityInput {
  readonly enterprise: {
    readonly uscc: string;
    readonly townCode: string;
    readonly qualifications: readonly QualificationCode[];
    /** The enterprise's exposure across all banks before this loan (docs/domain.md §4). */
    readonly exposureFen: Fen;
  };
  readonly loan: {
    readonly principalFen: Fen;
    readonly disbursementDate: BusinessDate;
    readonly maturityDate: BusinessDate;
  };
  readonly bank: {
    readonly status: BankStatus;
    /** The bank's exposure before this loan. */
    readonly exposureFen: Fen;
    readonly quotaFen: Fen;
    /** docs/domain.md §8.1; default `BANK`. */
    readonly kind?: InstitutionKind;
  };
  /**
   * Kinds the policy in force today admits (procedural `institutionKinds`, docs/domain.md §8.1).
   * Absent: not checked (the admission already was).
   */
  readonly admittedKinds?: readonly InstitutionKind[];
  /** Ids of the funds that exist now. */
  readonly existingFundIds: ReadonlySet<string>;
  /** The version in force on the registration date. */
  readonly terms: EconomicTerms;
}

export type IneligibilityReason =
  | { readonly code: 'INVALID_USCC'; readonly detail: Exclude<UsccValidation, { ok: true }> }
  | { readonly code: 'NO_ELIGIBLE_QUALIFICATION'; readonly eligible: readonly QualificationCode[] }
  | { readonly code: 'PRINCIPAL_OVER_MAX'; readonly maxFen: Fen; readonly principalFen: Fen }
  | { readonly code: 'TERM_OVER_MAX'; readonly maxMonths: number; readonly termMonths: number }
  | { readonly code: 'MATURITY_NOT_AFTER_DISBURSEMENT' }
  | { readonly code: 'BANK_NOT_ACTIVE'; readonly status: BankStatus }
  | { readonly code: 'INSTITUTION_KIND_NOT_ADMITTED'; readonly kind: InstitutionKind }
  | {
      readonly code: 'NO_RATE_TIER_FOR_KIND';
      readonly kind: InstitutionKind;
      readonly principalFen: Fen;
    }
  | { readonly code: 'BANK_QUOTA_EXCEEDED'; readonly quotaFen: Fen; readonly wouldBeFen: Fen }
  | { readonly code: 'ENTERPRISE_LIMIT_EXCEEDED'; readonly limitFen: Fen; readonly wouldBeFen: Fen }
  | { readonly code: 'TOWN_HAS_NO_FUND'; readonly fundId: string }
  | { readonly code: 'SPLIT_FUND_MISSING'; readonly fundId: string };

export type EligibilityResult =
  | { readonly eligible: true; readonly termMonths: number; readonly policyVersionId: string }
  | {
      readonly eligible: false;
      readonly reasons: readonly IneligibilityReason[];
      readonly policyVersionId: string;
    };

export const ELIGIBILITY_INVALID_INPUT = 'ELIGIBILITY.INVALID_INPUT';

/**
 * Registration checks (docs/domain.md §4.1), returning EVERY failed reason, not the first. Input must
 * already be parsed (known codes, real dates, principal of at least one fen); garbage is an
 * invalid-input error, not a reason.
 */
export function checkEligibility(input: EligibilityInput): EligibilityResult {
  const { enterprise, loan, bank, terms } = input;
  if (loan.principalFen <= 0n) {
    throw new DomainError(ELIGIBILITY_INVALID_INPUT, 'principal must be at least one fen');
  }
  if (enterprise.exposureFen < 0n || bank.exposureFen < 0n || bank.quotaFen < 0n) {
    throw new DomainError(ELIGIBILITY_INVALID_INPUT, 'exposures and quota cannot be negative');
  }
  const reasons: IneligibilityReason[] = [];

  const uscc = validateUscc(enterprise.uscc);
  if (!uscc.ok) reasons.push({ code: 'INVALID_USCC', detail: uscc });

  if (!enterprise.qualifications.some((q) => terms.eligibleQualifications.includes(q))) {
    reasons.push({ code: 'NO_ELIGIBLE_QUALIFICATION', eligible: terms.eligibleQualifications });
  }

  if (loan.principalFen > terms.maxPrincipalFen) {
    reasons.push({
      code: 'PRINCIPAL_OVER_MAX',
      maxFen: terms.maxPrincipalFen,
      principalFen: loan.principalFen,
    });
  }

  let months = 0;
  if (compareDates(loan.maturityDate, loan.disbursementDate) <= 0) {
    reasons.push({ code: 'MATURITY_NOT_AFTER_DISBURSEMENT' });
  } else {
    months = termMonths(loan.disbursementDate, loan.maturityDate);
    if (months > terms.maxTermMonths)
      reasons.push({ code: 'TERM_OVER_MAX', maxMonths: terms.maxTermMonths, termMonths: months });
  }

  if (bank.status !== 'ACTIVE') reasons.push({ code: 'BANK_NOT_ACTIVE', status: bank.status });

  // docs/domain.md §8.1/§8.4. The general tiers reach maxPrincipalFen (policy validation), so only a
  // kind's own tiers can leave a principal unrated.
  const kind = bank.kind ?? DEFAULT_INSTITUTION_KIND;
  if (input.admittedKinds !== undefined && !input.admittedKinds.includes(kind))
    reasons.push({ code: 'INSTITUTION_KIND_NOT_ADMITTED', kind });
  if (
    terms.rateTiersByKind?.[kind] !== undefined &&
    !rateTiersFor(terms, kind).some((t) => loan.principalFen <= t.upToFen)
  )
    reasons.push({ code: 'NO_RATE_TIER_FOR_KIND', kind, principalFen: loan.principalFen });

  const bankWouldBeFen = bank.exposureFen + loan.principalFen;
  if (bankWouldBeFen > bank.quotaFen) {
    reasons.push({
      code: 'BANK_QUOTA_EXCEEDED',
      quotaFen: bank.quotaFen,
      wouldBeFen: bankWouldBeFen,
    });
  }

  const enterpriseWouldBeFen = enterprise.exposureFen + loan.principalFen;
  if (enterpriseWouldBeFen > terms.maxEnterpriseOutstandingFen) {
    reasons.push({
      code: 'ENTERPRISE_LIMIT_EXCEEDED',
      limitFen: terms.maxEnterpriseOutstandingFen,
      wouldBeFen: enterpriseWouldBeFen,
    });
  }

  // Every enterprise belongs to a town that must have a fund; any other fund its split names must
  // exist too, or a later claim would have nowhere to hold money.
  const ownTownFundId = townFundId(enterprise.townCode);
  if (!input.existingFundIds.has(ownTownFundId))
    reasons.push({ code: 'TOWN_HAS_NO_FUND', fundId: ownTownFundId });
  for (const { fundId } of resolveSplit(terms, enterprise.townCode)) {
    if (fundId !== ownTownFundId && !input.existingFundIds.has(fundId))
      reasons.push({ code: 'SPLIT_FUND_MISSING', fundId });
  }

  return reasons.length === 0
    ? { eligible: true, termMonths: months, policyVersionId: terms.versionId }
    : { eligible: false, reasons, policyVersionId: terms.versionId };
}
