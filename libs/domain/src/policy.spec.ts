import {
  type PolicyVersion,
  defaultPolicy,
  economicTerms,
  effectiveWindows,
  findPublishConflicts,
  governingTerms,
  policyInForce,
  proceduralTerms,
  assertValidPolicy,
  resolveSplit,
  validatePolicy,
} from './policy';
import { PROVINCE_SPLIT } from './scenarios/scenario-fixtures';

const codesOf = (policy: PolicyVersion): string[] =>
  validatePolicy(policy).map((i) => `${i.path}:${i.code}`);

describe('defaultPolicy', () => {
  it('carries the docs/domain.md §3 defaults in fen and bp, and is valid', () => {
    const policy = defaultPolicy('P2026', '2026-01-01');
    expect(policy.maxPrincipalFen).toBe(3_000_000_000n); // 3,000万 yuan
    expect(policy.maxEnterpriseOutstandingFen).toBe(3_000_000_000n);
    expect(policy.rateTiers).toEqual([
      { upToFen: 500_000_000n, rateBp: 4000 },
      { upToFen: 1_500_000_000n, rateBp: 3000 },
      { upToFen: 3_000_000_000n, rateBp: 2000 },
    ]);
    expect(policy.bonusBp).toEqual({ IP_PLEDGE: 1500 });
    expect(policy.maxRateBp).toBe(5000);
    expect(policy.split).toEqual([
      { fund: 'CITY', weightBp: 5000 },
      { fund: 'TOWN', weightBp: 5000 },
    ]);
    expect(policy.perLoanCapFen).toBe(500_000_000n);
    expect(policy.perBankAnnualCapFen).toBe(1_000_000_000n);
    expect([
      policy.maxTermMonths,
      policy.minDaysPastDue,
      policy.reportWithinDays,
      policy.nplBreakerBp,
      policy.remitWithinDays,
    ]).toEqual([36, 90, 60, 300, 30]);
    expect(validatePolicy(policy)).toEqual([]);
    expect(assertValidPolicy(policy)).toBe(policy);
  });
});

describe('validatePolicy', () => {
  it('returns every error at once', () => {
    const bad: PolicyVersion = {
      ...defaultPolicy('', '2026-02-30'),
      effectiveTo: '2025-01-01',
      eligibleQualifications: ['HNTE', 'HNTE', 'UNICORN' as never],
      maxPrincipalFen: 0n,
      maxTermMonths: 0,
      maxEnterpriseOutstandingFen: -1n,
      rateTiers: [
        { upToFen: 1_000n, rateBp: 10_001 },
        { upToFen: 1_000n, rateBp: 3000 },
      ],
      bonusBp: { IP_PLEDGE: -1, GOLD: 100 } as never,
      maxRateBp: 9000,
      split: [
        { fund: 'CITY', weightBp: 6000 },
        { fund: 'CITY', weightBp: 3000 },
        { fund: 'town', weightBp: 0 },
      ],
      splitByTown: {
        TORCH: [
          { fund: 'TOWN', weightBp: 10_000 },
          { fund: 'TOWN:TORCH', weightBp: 0 },
        ],
      },
      perLoanCapFen: 0n,
      perBankAnnualCapFen: 0n,
      minDaysPastDue: 0,
      reportWithinDays: 1.5,
      nplBreakerBp: 10_001,
      remitWithinDays: -3,
    };
    expect(codesOf(bad)).toEqual([
      'versionId:REQUIRED',
      'effectiveFrom:DATE_INVALID',
      'eligibleQualifications[1]:DUPLICATE_CODE',
      'eligibleQualifications[2]:UNKNOWN_CODE',
      'maxPrincipalFen:NOT_POSITIVE',
      'maxTermMonths:NOT_POSITIVE_INTEGER',
      'maxEnterpriseOutstandingFen:NOT_POSITIVE',
      'perLoanCapFen:NOT_POSITIVE',
      'perBankAnnualCapFen:NOT_POSITIVE',
      'rateTiers[0].rateBp:BP_OUT_OF_RANGE',
      'rateTiers[1].upToFen:TIERS_NOT_ASCENDING',
      'bonusBp.IP_PLEDGE:BP_OUT_OF_RANGE',
      'bonusBp.GOLD:UNKNOWN_CODE',
      'maxRateBp:BANK_KEEPS_LESS_THAN_20_PERCENT',
      'split[1].fund:SPLIT_FUND_DUPLICATE',
      'split[2].fund:FUND_INVALID',
      'split:SPLIT_WEIGHTS_NOT_10000',
      'splitByTown.TORCH[1].fund:SPLIT_FUND_DUPLICATE',
      'minDaysPastDue:NOT_POSITIVE_INTEGER',
      'reportWithinDays:NOT_POSITIVE_INTEGER',
      'remitWithinDays:NOT_POSITIVE_INTEGER',
      'nplBreakerBp:BP_OUT_OF_RANGE',
    ]);
    expect(() => assertValidPolicy(bad)).toThrow(
      expect.objectContaining({ code: 'POLICY.INVALID' }),
    );
  });

  it('requires ordered dates, tiers reaching the max principal, and a non-empty split', () => {
    expect(codesOf({ ...defaultPolicy('P', '2026-01-01'), effectiveTo: '2026-01-01' })).toEqual([
      'effectiveTo:DATES_OUT_OF_ORDER',
    ]);
    expect(codesOf({ ...defaultPolicy('P', '2026-01-01'), effectiveTo: '2026-1-1' })).toEqual([
      'effectiveTo:DATE_INVALID',
    ]);
    expect(
      codesOf({ ...defaultPolicy('P', '2026-01-01'), maxPrincipalFen: 3_000_000_001n }),
    ).toEqual(['rateTiers:TIERS_DO_NOT_COVER_MAX_PRINCIPAL']);
    expect(codesOf({ ...defaultPolicy('P', '2026-01-01'), split: [] })).toEqual(['split:EMPTY']);
    expect(
      codesOf({ ...defaultPolicy('P', '2026-01-01'), rateTiers: [], eligibleQualifications: [] }),
    ).toEqual(['eligibleQualifications:EMPTY', 'rateTiers:EMPTY']);
  });

  it('accepts further funds and per-town overrides that sum to 10000', () => {
    const policy: PolicyVersion = {
      ...defaultPolicy('P', '2026-01-01'),
      ...PROVINCE_SPLIT,
    };
    expect(validatePolicy(policy)).toEqual([]);
  });

  it('flags a base split naming both TOWN and one town fund', () => {
    const policy: PolicyVersion = {
      ...defaultPolicy('P', '2026-01-01'),
      split: [
        { fund: 'TOWN', weightBp: 5000 },
        { fund: 'TOWN:TORCH', weightBp: 5000 },
      ],
    };
    expect(codesOf(policy)).toEqual(['split:SPLIT_FUND_DUPLICATE']);
  });
});

describe('which version is in force', () => {
  const v2025 = defaultPolicy('V2025', '2025-01-01');
  const v2026 = { ...defaultPolicy('V2026', '2026-01-01'), maxRateBp: 4000 };
  const bounded = { ...defaultPolicy('PILOT', '2027-01-01'), effectiveTo: '2027-07-01' };

  it('lets a later version supersede an open-ended one, and bounded versions end firmly', () => {
    const versions = [bounded, v2026, v2025];
    expect(policyInForce(versions, '2024-12-31')).toBeUndefined();
    expect(policyInForce(versions, '2025-01-01')?.versionId).toBe('V2025');
    expect(policyInForce(versions, '2025-12-31')?.versionId).toBe('V2025');
    expect(policyInForce(versions, '2026-01-01')?.versionId).toBe('V2026');
    expect(policyInForce(versions, '2027-06-30')?.versionId).toBe('PILOT');
    // After a bounded version ends nothing is in force: no falling back to V2026.
    expect(policyInForce(versions, '2027-07-01')).toBeUndefined();
    expect(effectiveWindows(versions)).toEqual([
      { versionId: 'V2025', from: '2025-01-01', to: '2026-01-01' },
      { versionId: 'V2026', from: '2026-01-01', to: '2027-01-01' },
      { versionId: 'PILOT', from: '2027-01-01', to: '2027-07-01' },
    ]);
  });

  it('refuses to choose between two versions starting the same day', () => {
    expect(() => policyInForce([v2026, defaultPolicy('TWIN', '2026-01-01')], '2026-03-01')).toThrow(
      expect.objectContaining({ code: 'POLICY.AMBIGUOUS' }),
    );
  });

  it('takes economic terms from the registration date and procedural terms from the action date', () => {
    const terms = governingTerms([v2025, v2026], {
      registrationDate: '2025-06-01',
      actionDate: '2026-02-01',
    });
    expect(terms.economic).toEqual(economicTerms(v2025));
    expect(terms.economic.versionId).toBe('V2025');
    expect(terms.economic.maxRateBp).toBe(5000);
    expect(terms.procedural).toEqual(proceduralTerms(v2026));
    expect(terms.procedural.versionId).toBe('V2026');
    expect(() =>
      governingTerms([v2026], { registrationDate: '2025-06-01', actionDate: '2026-02-01' }),
    ).toThrow(expect.objectContaining({ code: 'POLICY.NONE_IN_FORCE' }));
  });

  it('keeps eligibility, tiers, bonuses, split and per-loan cap economic; deadlines, breaker and annual cap procedural', () => {
    expect(Object.keys(economicTerms(v2025)).sort()).toEqual(
      [
        'versionId',
        'eligibleQualifications',
        'maxPrincipalFen',
        'maxTermMonths',
        'maxEnterpriseOutstandingFen',
        'rateTiers',
        'bonusBp',
        'maxRateBp',
        'split',
        'splitByTown',
        'perLoanCapFen',
      ].sort(),
    );
    expect(Object.keys(proceduralTerms(v2025)).sort()).toEqual(
      [
        'versionId',
        'perBankAnnualCapFen',
        'minDaysPastDue',
        'reportWithinDays',
        'nplBreakerBp',
        'remitWithinDays',
      ].sort(),
    );
  });
});

describe('findPublishConflicts', () => {
  const open2025 = defaultPolicy('V2025', '2025-01-01');
  const bounded = { ...defaultPolicy('PILOT', '2026-01-01'), effectiveTo: '2026-07-01' };

  it('lets a new start supersede an open-ended version', () => {
    expect(findPublishConflicts([open2025], defaultPolicy('V2026', '2026-03-01'))).toEqual([]);
  });

  it('refuses reused ids, same start days, cutting into a bounded version, swallowing a start, and back-dating', () => {
    const codes = (candidate: PolicyVersion, today?: string): string[] =>
      findPublishConflicts([open2025, bounded], candidate, today).map(
        (c) => `${c.code}:${c.versionId ?? ''}`,
      );
    expect(codes(defaultPolicy('V2025', '2028-01-01'))).toEqual(['DUPLICATE_VERSION_ID:V2025']);
    expect(codes(defaultPolicy('NEW', '2025-01-01'))).toEqual(['SAME_EFFECTIVE_FROM:V2025']);
    expect(codes(defaultPolicy('NEW', '2026-03-01'))).toEqual(['OVERLAPS_BOUNDED_VERSION:PILOT']);
    expect(codes({ ...defaultPolicy('NEW', '2025-06-01'), effectiveTo: '2026-02-01' })).toEqual([
      'OVERLAPS_BOUNDED_VERSION:PILOT',
    ]);
    expect(codes({ ...defaultPolicy('NEW', '2025-06-01'), effectiveTo: '2026-01-01' })).toEqual([]);
    expect(codes(defaultPolicy('NEW', '2026-07-01'))).toEqual([]);
    expect(codes(defaultPolicy('NEW', '2027-01-01'), '2027-01-02')).toEqual([
      'EFFECTIVE_FROM_IN_PAST:',
    ]);
    expect(codes(defaultPolicy('NEW', '2027-01-02'), '2027-01-02')).toEqual([]);
  });
});

describe('resolveSplit', () => {
  const terms = economicTerms({
    ...defaultPolicy('P', '2026-01-01'),
    splitByTown: {
      TORCH: [
        { fund: 'CITY', weightBp: 3000 },
        { fund: 'TOWN', weightBp: 7000 },
      ],
    },
  });

  it('replaces TOWN with the borrower town fund, in policy order', () => {
    expect(resolveSplit(terms, 'XIAOLAN')).toEqual([
      { fundId: 'CITY', weightBp: 5000 },
      { fundId: 'TOWN:XIAOLAN', weightBp: 5000 },
    ]);
  });

  it('uses the per-town override', () => {
    expect(resolveSplit(terms, 'TORCH')).toEqual([
      { fundId: 'CITY', weightBp: 3000 },
      { fundId: 'TOWN:TORCH', weightBp: 7000 },
    ]);
  });

  it('refuses a split that names one fund twice after resolution', () => {
    const twice = {
      split: [
        { fund: 'TOWN', weightBp: 5000 },
        { fund: 'TOWN:GUZHEN', weightBp: 5000 },
      ],
      splitByTown: {},
    };
    expect(() => resolveSplit(twice, 'GUZHEN')).toThrow(
      expect.objectContaining({ code: 'POLICY.SPLIT_RESOLVES_TWICE' }),
    );
  });
});
