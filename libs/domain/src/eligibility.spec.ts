import type { EligibilityInput } from './eligibility';
import { checkEligibility } from './eligibility';
import { defaultPolicy, economicTerms } from './policy';

const terms = economicTerms(defaultPolicy('P2026', '2026-01-01'));

function input(overrides: {
  enterprise?: Partial<EligibilityInput['enterprise']>;
  loan?: Partial<EligibilityInput['loan']>;
  bank?: Partial<EligibilityInput['bank']>;
  existingFundIds?: ReadonlySet<string>;
}): EligibilityInput {
  return {
    enterprise: {
      uscc: '91350100M000100Y43',
      townCode: 'XIAOLAN',
      qualifications: ['HNTE'],
      exposureFen: 0n,
      ...overrides.enterprise,
    },
    loan: {
      principalFen: 800_000_000n,
      disbursementDate: '2026-01-10',
      maturityDate: '2029-01-10',
      ...overrides.loan,
    },
    bank: {
      status: 'ACTIVE',
      exposureFen: 100_000_000_000n,
      quotaFen: 200_000_000_000n,
      ...overrides.bank,
    },
    existingFundIds: overrides.existingFundIds ?? new Set(['CITY', 'TOWN:XIAOLAN']),
    terms,
  };
}

const codes = (result: ReturnType<typeof checkEligibility>): string[] =>
  result.eligible ? [] : result.reasons.map((r) => r.code);

describe('checkEligibility', () => {
  it('accepts the worked-example loan with a 36-month term', () => {
    expect(checkEligibility(input({}))).toEqual({
      eligible: true,
      termMonths: 36,
      policyVersionId: 'P2026',
    });
  });

  it('lists every failed reason, not the first', () => {
    const result = checkEligibility(
      input({
        enterprise: {
          uscc: '91350100M000100Y44',
          qualifications: [],
          exposureFen: 2_500_000_000n,
          townCode: 'GUZHEN',
        },
        loan: { principalFen: 3_000_000_001n, maturityDate: '2029-01-11' },
        bank: { status: 'SUSPENDED', exposureFen: 197_000_000_000n },
        existingFundIds: new Set(['TOWN:XIAOLAN']),
      }),
    );
    expect(codes(result)).toEqual([
      'INVALID_USCC',
      'NO_ELIGIBLE_QUALIFICATION',
      'PRINCIPAL_OVER_MAX',
      'TERM_OVER_MAX',
      'BANK_NOT_ACTIVE',
      'BANK_QUOTA_EXCEEDED',
      'ENTERPRISE_LIMIT_EXCEEDED',
      'TOWN_HAS_NO_FUND',
      'SPLIT_FUND_MISSING',
    ]);
    if (!result.eligible) {
      expect(result.reasons).toContainEqual({
        code: 'TERM_OVER_MAX',
        maxMonths: 36,
        termMonths: 37,
      });
      expect(result.reasons).toContainEqual({
        code: 'BANK_QUOTA_EXCEEDED',
        quotaFen: 200_000_000_000n,
        wouldBeFen: 200_000_000_001n,
      });
      expect(result.reasons).toContainEqual({ code: 'TOWN_HAS_NO_FUND', fundId: 'TOWN:GUZHEN' });
      expect(result.reasons).toContainEqual({ code: 'SPLIT_FUND_MISSING', fundId: 'CITY' });
      expect(result.reasons[0]).toEqual({
        code: 'INVALID_USCC',
        detail: { ok: false, reason: 'CHECK_CHARACTER', expected: '3', actual: '4' },
      });
    }
  });

  it('accepts exactly at each limit and refuses one fen over', () => {
    const atLimits = input({
      enterprise: { exposureFen: 0n },
      loan: { principalFen: 3_000_000_000n },
      bank: { exposureFen: 0n, quotaFen: 3_000_000_000n },
    });
    expect(checkEligibility(atLimits).eligible).toBe(true);
    expect(
      codes(
        checkEligibility({ ...atLimits, enterprise: { ...atLimits.enterprise, exposureFen: 1n } }),
      ),
    ).toEqual(['ENTERPRISE_LIMIT_EXCEEDED']);
    expect(
      codes(
        checkEligibility({ ...atLimits, bank: { ...atLimits.bank, quotaFen: 2_999_999_999n } }),
      ),
    ).toEqual(['BANK_QUOTA_EXCEEDED']);
  });

  it('reports a maturity not after disbursement instead of a term', () => {
    expect(codes(checkEligibility(input({ loan: { maturityDate: '2026-01-10' } })))).toEqual([
      'MATURITY_NOT_AFTER_DISBURSEMENT',
    ]);
    expect(codes(checkEligibility(input({ loan: { maturityDate: '2025-01-10' } })))).toEqual([
      'MATURITY_NOT_AFTER_DISBURSEMENT',
    ]);
  });

  it('refuses an exited bank as well as a suspended one', () => {
    expect(codes(checkEligibility(input({ bank: { status: 'EXITED' } })))).toEqual([
      'BANK_NOT_ACTIVE',
    ]);
  });

  it('treats a zero principal as invalid input, not as a reason', () => {
    expect(() => checkEligibility(input({ loan: { principalFen: 0n } }))).toThrow(
      expect.objectContaining({ code: 'ELIGIBILITY.INVALID_INPUT' }),
    );
    expect(() => checkEligibility(input({ loan: { disbursementDate: '2026-02-30' } }))).toThrow(
      expect.objectContaining({ code: 'DATE.INVALID' }),
    );
  });
});
