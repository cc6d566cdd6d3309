import fc from 'fast-check';
import { defaultPolicy } from '../policy';
import { computeSubsidy, interestCapFen, periodYearOf, subsidyShareBp } from './subsidy-amount';
import { subsidyInput } from './subsidy-fixtures';
import { defaultSubsidyParameters, subsidyEconomicTerms } from './subsidy-terms';

describe('interest cap', () => {
  it('rounds outstanding × rate × days / 3650000 half up', () => {
    expect(interestCapFen(800_000_000n, 450, 90)).toBe(8_876_712n); // 8876712.33
    expect(interestCapFen(100_000_000n, 450, 90)).toBe(1_109_589n); // 1109589.04
    expect(interestCapFen(3_650_000n, 1, 1)).toBe(1n);
    expect(interestCapFen(1_825_000n, 1, 1)).toBe(1n); // exactly .5 rounds up
    expect(interestCapFen(1_824_999n, 1, 1)).toBe(0n);
  });
});

describe('share', () => {
  const terms = subsidyEconomicTerms(defaultPolicy('P', '2026-01-01'));
  it('adds the IP-pledge bonus and stops at maxSubsidyShareBp', () => {
    expect(subsidyShareBp(terms, [])).toEqual({ bonusBp: 0, shareBp: 5_000 });
    expect(subsidyShareBp(terms, ['IP_PLEDGE'])).toEqual({ bonusBp: 2_000, shareBp: 7_000 });
    expect(subsidyShareBp({ ...terms, subsidyShareBp: 7_000 }, ['IP_PLEDGE']).shareBp).toBe(8_000);
  });
});

describe('computeSubsidy', () => {
  it('caps the rate, applies the share and splits city/town', () => {
    const amount = computeSubsidy(subsidyInput());
    expect(amount.days).toBe(90);
    expect(amount.eligibleRateBp).toBe(450);
    expect(amount.interestCapFen).toBe(8_876_712n);
    expect(amount.eligibleInterestFen).toBe(8_876_712n);
    expect(amount.requestedFen).toBe(6_213_698n);
    expect(amount.capReasons).toEqual([]);
    expect(amount.fundRequests).toEqual([
      { fundId: 'SUBSIDY:CITY', weightBp: 5_000, requestedFen: 3_106_849n },
      { fundId: 'SUBSIDY:TOWN:XIAOLAN', weightBp: 5_000, requestedFen: 3_106_849n },
    ]);
  });

  it('takes the interest paid when it is below the cap', () => {
    const amount = computeSubsidy(subsidyInput({ interestPaidFen: 1_000_001n, flags: [] }));
    expect(amount.eligibleInterestFen).toBe(1_000_001n);
    expect(amount.requestedFen).toBe(500_001n); // 500000.5 rounds up
  });

  it('caps by what is left of the enterprise annual cap, with the reason', () => {
    const amount = computeSubsidy(subsidyInput({ enterpriseRequestedThisYearFen: 49_000_000n }));
    expect(amount.uncappedRequestedFen).toBe(6_213_698n);
    expect(amount.annualRemainingFen).toBe(1_000_000n);
    expect(amount.requestedFen).toBe(1_000_000n);
    expect(amount.capReasons).toEqual(['PER_ENTERPRISE_ANNUAL_CAP']);
    const spent = computeSubsidy(subsidyInput({ enterpriseRequestedThisYearFen: 60_000_000n }));
    expect(spent.requestedFen).toBe(0n);
  });

  it('counts a period in the year of its last day', () => {
    expect(periodYearOf('2027-01-01')).toBe(2026);
    expect(periodYearOf('2027-01-02')).toBe(2027);
    expect(
      computeSubsidy(subsidyInput({ periodStart: '2026-10-01', periodEnd: '2027-01-01' }))
        .periodYear,
    ).toBe(2026);
  });

  it('records both policy versions', () => {
    const amount = computeSubsidy(subsidyInput());
    expect([amount.economicPolicyVersionId, amount.proceduralPolicyVersionId]).toEqual([
      'P2026',
      'P2026',
    ]);
  });

  it('never requests more than the share of the capped interest, nor past the annual cap (property)', () => {
    const capFen = defaultSubsidyParameters().subsidyPerEnterpriseAnnualCapFen;
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 3_000_000_000n }),
        fc.bigInt({ min: 1n, max: 500_000_000n }),
        fc.integer({ min: 0, max: 2_000 }),
        fc.integer({ min: 1, max: 366 }),
        fc.boolean(),
        fc.bigInt({ min: 0n, max: 60_000_000n }),
        (outstanding, paid, rate, days, ip, used) => {
          const amount = computeSubsidy(
            subsidyInput({
              outstandingAtStartFen: outstanding,
              interestPaidFen: paid,
              annualRateBp: rate,
              periodStart: '2026-01-01',
              periodEnd: new Date(Date.UTC(2026, 0, 1 + days)).toISOString().slice(0, 10),
              flags: ip ? ['IP_PLEDGE'] : [],
              enterpriseRequestedThisYearFen: used,
            }),
          );
          expect(amount.requestedFen).toBeLessThanOrEqual(amount.eligibleInterestFen);
          expect(amount.eligibleInterestFen).toBeLessThanOrEqual(paid);
          expect(used + amount.requestedFen <= (used > capFen ? used : capFen)).toBe(true);
          const parts = amount.fundRequests.reduce((s, f) => s + f.requestedFen, 0n);
          expect(parts).toBe(amount.requestedFen);
        },
      ),
    );
  });
});
