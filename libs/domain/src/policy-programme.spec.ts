// docs/domain.md §8: the programme parameters on a policy version, their defaults and checks.
import {
  type PolicyVersion,
  admittedInstitutionKinds,
  defaultPolicy,
  economicTerms,
  proceduralTerms,
  programmeTerms,
  validatePolicy,
} from './policy';

const FULL: PolicyVersion = {
  ...defaultPolicy('FULL', '2026-01-01'),
  institutionKinds: ['BANK', 'MICROLOAN', 'LEASING'],
  rateTiersByKind: { LEASING: [{ upToFen: 100_000_000n, rateBp: 3_500 }] },
  portfolioCapBp: 800,
  shareBasis: 'PRINCIPAL_INTEREST_COSTS',
  maxInterestDays: 90,
  maxCostsBp: 300,
  compensationTiming: 'AFTER_RECOVERY',
  minLenderShareBp: 2_600,
};

describe('programme parameters', () => {
  it('default to §3-§7 as they are', () => {
    const p = defaultPolicy('P', '2026-01-01');
    expect(programmeTerms(economicTerms(p))).toEqual({
      rateTiersByKind: {},
      shareBasis: 'PRINCIPAL_ONLY',
      maxInterestDays: 120,
      maxCostsBp: 500,
      compensationTiming: 'ADVANCE',
      minLenderShareBp: 2_000,
    });
    expect(admittedInstitutionKinds(proceduralTerms(p))).toEqual(['BANK']);
    expect(proceduralTerms(p).portfolioCapBp).toBeUndefined();
  });

  it('put economic ones on the loan version and procedural ones on the action version (§8.6)', () => {
    const economic = economicTerms(FULL);
    expect(economic.rateTiersByKind).toEqual(FULL.rateTiersByKind);
    expect([economic.shareBasis, economic.maxInterestDays, economic.maxCostsBp]).toEqual([
      'PRINCIPAL_INTEREST_COSTS',
      90,
      300,
    ]);
    expect([economic.compensationTiming, economic.minLenderShareBp]).toEqual([
      'AFTER_RECOVERY',
      2_600,
    ]);
    expect('portfolioCapBp' in economic || 'institutionKinds' in economic).toBe(false);
    const procedural = proceduralTerms(FULL);
    expect([procedural.portfolioCapBp, procedural.institutionKinds]).toEqual([
      800,
      ['BANK', 'MICROLOAN', 'LEASING'],
    ]);
    expect('minLenderShareBp' in procedural).toBe(false);
  });

  it('validate', () => {
    expect(validatePolicy(FULL)).toEqual([]);
    const bad = {
      ...FULL,
      institutionKinds: ['BANK', 'PAWNSHOP', 'BANK'],
      rateTiersByKind: { TRUST: [{ upToFen: 0n, rateBp: 10_001 }] },
      portfolioCapBp: -1,
      shareBasis: 'EVERYTHING',
      maxInterestDays: 0,
      maxCostsBp: 20_000,
      compensationTiming: 'LATER',
      minLenderShareBp: 5_000,
      maxRateBp: 5_001,
    } as unknown as PolicyVersion;
    expect(validatePolicy(bad).map((i) => `${i.path}:${i.code}`)).toEqual([
      'institutionKinds[1]:UNKNOWN_CODE',
      'institutionKinds[2]:DUPLICATE_CODE',
      'rateTiersByKind.TRUST:UNKNOWN_CODE',
      'rateTiersByKind.TRUST[0].upToFen:NOT_POSITIVE',
      'rateTiersByKind.TRUST[0].rateBp:BP_OUT_OF_RANGE',
      'portfolioCapBp:BP_OUT_OF_RANGE',
      'shareBasis:UNKNOWN_CODE',
      'maxInterestDays:NOT_POSITIVE_INTEGER',
      'maxCostsBp:BP_OUT_OF_RANGE',
      'compensationTiming:UNKNOWN_CODE',
      'maxRateBp:LENDER_KEEPS_LESS_THAN_MIN_SHARE',
    ]);
  });
});
