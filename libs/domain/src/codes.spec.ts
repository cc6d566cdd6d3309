import {
  isFundId,
  isLoanFlagCode,
  isQualificationCode,
  isTownCode,
  parseLoanFlagCodes,
  parseQualificationCodes,
  townFundId,
} from './codes';

describe('input codes (parse step, before eligibility)', () => {
  it.each([
    ['qualification', parseQualificationCodes, ['HNTE', 'SRDI']],
    ['flag', parseLoanFlagCodes, []],
    ['flag', parseLoanFlagCodes, ['IP_PLEDGE']],
  ])('accepts known %s codes %j', (_kind, parse: (codes: unknown) => unknown, codes: string[]) => {
    expect(parse(codes)).toEqual({ ok: true, codes });
  });

  it('reports every unknown, repeated or non-string code', () => {
    expect(parseQualificationCodes(['HNTE', 'UNICORN', 'HNTE', 7, 'hnte'])).toEqual({
      ok: false,
      problems: [
        { index: 1, value: 'UNICORN', problem: 'UNKNOWN_CODE' },
        { index: 2, value: 'HNTE', problem: 'DUPLICATE_CODE' },
        { index: 3, value: 7, problem: 'NOT_A_STRING' },
        { index: 4, value: 'hnte', problem: 'UNKNOWN_CODE' },
      ],
    });
    expect(parseLoanFlagCodes('IP_PLEDGE')).toEqual({
      ok: false,
      problems: [{ index: -1, value: 'IP_PLEDGE', problem: 'NOT_A_STRING' }],
    });
  });

  it('recognises codes, town codes and fund ids', () => {
    expect(isQualificationCode('TECH_SME')).toBe(true);
    expect(isQualificationCode('IP_PLEDGE')).toBe(false);
    expect(isLoanFlagCode('IP_PLEDGE')).toBe(true);
    expect(isTownCode('XIAOLAN')).toBe(true);
    expect(isTownCode('xiaolan')).toBe(false);
    expect(isFundId('CITY')).toBe(true);
    expect(isFundId(townFundId('TORCH'))).toBe(true);
    expect(isFundId('PROVINCE')).toBe(true);
    expect(isFundId('TOWN')).toBe(false);
    expect(isFundId('TOWN:')).toBe(false);
  });
});
