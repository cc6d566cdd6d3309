import { type PolicyVersion, defaultPolicy, validatePolicy } from '../policy';
import {
  defaultSubsidyParameters,
  isSubsidyFundId,
  resolveSubsidySplit,
  subsidyEconomicTerms,
  subsidyParametersOf,
  subsidyProceduralTerms,
  validateSubsidyParameters,
} from './subsidy-terms';

describe('subsidy parameters', () => {
  it('defaults to docs/domain.md §9 when a policy carries none', () => {
    const policy = defaultPolicy('P2026', '2026-01-01');
    expect(subsidyParametersOf(policy)).toEqual(defaultSubsidyParameters());
    expect(subsidyEconomicTerms(policy).subsidyRateCapBp).toBe(450);
    expect(subsidyProceduralTerms(policy)).toEqual({
      versionId: 'P2026',
      subsidyPerEnterpriseAnnualCapFen: 50_000_000n,
    });
    expect(validateSubsidyParameters(defaultSubsidyParameters())).toEqual([]);
  });

  it('reads a version’s own parameters, a default for each it does not set', () => {
    const policy = {
      ...defaultPolicy('P2027', '2027-01-01'),
      subsidyShareBp: 3_000,
      subsidyPerEnterpriseAnnualCapFen: 20_000_000n,
    };
    expect(subsidyParametersOf(policy)).toEqual({
      ...defaultSubsidyParameters(),
      subsidyShareBp: 3_000,
      subsidyPerEnterpriseAnnualCapFen: 20_000_000n,
    });
    expect(subsidyEconomicTerms(policy).subsidyShareBp).toBe(3_000);
    expect(subsidyProceduralTerms(policy).subsidyPerEnterpriseAnnualCapFen).toBe(20_000_000n);
  });

  it('are checked with the rest of the version, under their own names', () => {
    const policy = {
      ...defaultPolicy('P2027', '2027-01-01'),
      subsidyShareBp: 10_001,
      subsidyRequiresFlags: ['GOLD'],
    } as unknown as PolicyVersion;
    expect(validatePolicy(policy).map((i) => `${i.path}:${i.code}`)).toEqual([
      'subsidyShareBp:BP_OUT_OF_RANGE',
      'subsidyRequiresFlags[0]:UNKNOWN_CODE',
    ]);
  });

  it('lists every problem with its path', () => {
    const issues = validateSubsidyParameters({
      ...defaultSubsidyParameters(),
      subsidyShareBp: 10_001,
      subsidyPerEnterpriseAnnualCapFen: 0n,
      subsidySplit: [{ fund: 'town', weightBp: 0 }],
    });
    expect(issues.map((i) => `${i.path}:${i.code}`)).toEqual([
      'subsidyShareBp:BP_OUT_OF_RANGE',
      'subsidyPerEnterpriseAnnualCapFen:NOT_POSITIVE',
      'subsidySplit[0].fund:UNKNOWN_FUND',
      'subsidySplit:ZERO_TOTAL_WEIGHT',
    ]);
  });

  it('resolves the split to the subsidy funds of the borrower’s town', () => {
    expect(resolveSubsidySplit(defaultSubsidyParameters(), 'XIAOLAN')).toEqual([
      { fundId: 'SUBSIDY:CITY', weightBp: 5_000 },
      { fundId: 'SUBSIDY:TOWN:XIAOLAN', weightBp: 5_000 },
    ]);
    expect(isSubsidyFundId('SUBSIDY:TOWN:XIAOLAN')).toBe(true);
    expect(isSubsidyFundId('TOWN:XIAOLAN')).toBe(false);
    expect(() => resolveSubsidySplit(defaultSubsidyParameters(), 'bad town')).toThrow(
      'SUBSIDY.SPLIT_INVALID',
    );
  });
});
