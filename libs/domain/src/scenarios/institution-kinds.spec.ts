// docs/domain.md §8.1: micro-loan and leasing companies, with rate tiers of their own.
import {
  type EligibilityInput,
  allocateClaim,
  checkEligibility,
  economicTerms,
  proceduralTerms,
  validatePolicy,
} from '../index';
import { exampleClaimInput, policy2026 } from './scenario-fixtures';

const KINDS = policy2026('KINDS-2026', {
  institutionKinds: ['BANK', 'MICROLOAN'] as const,
  // Micro-loans: 5000 bp up to 2,000,000.00 yuan, nothing above.
  rateTiersByKind: { MICROLOAN: [{ upToFen: 200_000_000n, rateBp: 5_000 }] },
});

function eligibility(kind: 'BANK' | 'MICROLOAN' | 'LEASING', principalFen: bigint) {
  const input: EligibilityInput = {
    enterprise: {
      uscc: '91350100M000100Y43',
      townCode: 'XIAOLAN',
      qualifications: ['HNTE'],
      exposureFen: 0n,
    },
    loan: { principalFen, disbursementDate: '2026-01-10', maturityDate: '2027-01-10' },
    bank: { status: 'ACTIVE', exposureFen: 0n, quotaFen: 10_000_000_000n, kind },
    admittedKinds: proceduralTerms(KINDS).institutionKinds ?? ['BANK'],
    existingFundIds: new Set(['CITY', 'TOWN:XIAOLAN']),
    terms: economicTerms(KINDS),
  };
  return checkEligibility(input);
}

describe('institution kinds with their own rate tiers', () => {
  it('is a valid policy', () => {
    expect(validatePolicy(KINDS)).toEqual([]);
  });

  it('rates a 1,000,000.00 yuan micro-loan at 5000 bp where a bank gets 4000', () => {
    const claim = (kind: 'BANK' | 'MICROLOAN') =>
      allocateClaim(
        exampleClaimInput(
          {
            basisFen: 100_000_000n,
            originalPrincipalFen: 100_000_000n,
            flags: [],
            institutionKind: kind,
          },
          KINDS,
        ),
      );
    expect(claim('MICROLOAN').rateBp).toBe(5_000);
    expect(claim('MICROLOAN').poolFen).toBe(50_000_000n);
    expect(claim('BANK').rateBp).toBe(4_000);
    expect(claim('BANK').poolFen).toBe(40_000_000n);
  });

  it('refuses a micro-loan of 2,000,000.01 yuan (no tier of its kind covers it)', () => {
    expect(eligibility('MICROLOAN', 200_000_000n).eligible).toBe(true);
    const result = eligibility('MICROLOAN', 200_000_001n);
    expect(result.eligible ? [] : result.reasons).toEqual([
      { code: 'NO_RATE_TIER_FOR_KIND', kind: 'MICROLOAN', principalFen: 200_000_001n },
    ]);
    expect(eligibility('BANK', 200_000_001n).eligible).toBe(true);
  });

  it('refuses a leasing company the policy does not admit', () => {
    const result = eligibility('LEASING', 100_000_000n);
    expect(result.eligible ? [] : result.reasons).toEqual([
      { code: 'INSTITUTION_KIND_NOT_ADMITTED', kind: 'LEASING' },
    ]);
  });
});
