// docs/domain.md §8.3: Zhongshan counts the net loss: principal, accrued interest and litigation costs.
import {
  allocateClaim,
  basisAdjustmentProblem,
  defaultPolicy,
  economicTerms,
  lossAtDefaultFen,
  maxAccruedInterestFen,
  maxCostsFen,
  netLossIssues,
} from '../index';
import { exampleClaimInput, policy2026 } from './scenario-fixtures';

const NET_LOSS = policy2026('ZS-NET-2026', { shareBasis: 'PRINCIPAL_INTEREST_COSTS' });
const terms = economicTerms(NET_LOSS);
const OUTSTANDING = 600_000_001n;

describe('a net-loss basis (4.5 % loan, outstanding 600000001 at default)', () => {
  it('limits interest to 120 days: (600000001 × 450 × 120 + 1825000) div 3650000 = 8876712', () => {
    // 600000001 × 450 × 120 = 32400000054000; + 1825000 = 32400001879000; ÷ 3650000 = 8876712.84…
    expect(
      maxAccruedInterestFen({
        outstandingAtDefaultFen: OUTSTANDING,
        annualRateBp: 450,
        daysPastDue: 150,
        maxInterestDays: 120,
      }),
    ).toBe(8_876_712n);
    // 100 days past due count 100 days: 27000000045000 + 1825000 = 27000001870000 ÷ 3650000 = 7397260.78…
    expect(
      maxAccruedInterestFen({
        outstandingAtDefaultFen: OUTSTANDING,
        annualRateBp: 450,
        daysPastDue: 100,
        maxInterestDays: 120,
      }),
    ).toBe(7_397_260n);
  });

  it('limits costs to 500 bp: (600000001 × 500 + 5000) div 10000 = 30000000', () => {
    expect(maxCostsFen(OUTSTANDING, 500)).toBe(30_000_000n);
  });

  const report = (accruedInterestFen: bigint, costsFen: bigint) =>
    netLossIssues({
      terms,
      outstandingAtDefaultFen: OUTSTANDING,
      annualRateBp: 450,
      daysPastDue: 150,
      accruedInterestFen,
      costsFen,
    });

  it('accepts interest and costs at their limits and refuses one fen more, naming the field', () => {
    expect(report(8_876_712n, 30_000_000n)).toEqual([]);
    expect(report(8_876_713n, 30_000_000n)).toEqual([
      expect.objectContaining({
        path: 'accruedInterestFen',
        code: 'OVER_LIMIT',
        limitFen: 8_876_712n,
      }),
    ]);
    expect(report(8_876_712n, 30_000_001n)).toEqual([
      expect.objectContaining({ path: 'costsFen', code: 'OVER_LIMIT', limitFen: 30_000_000n }),
    ]);
  });

  it('refuses any interest or costs under PRINCIPAL_ONLY', () => {
    const principalOnly = economicTerms(defaultPolicy('P', '2026-01-01'));
    const issues = netLossIssues({
      terms: principalOnly,
      outstandingAtDefaultFen: OUTSTANDING,
      annualRateBp: 450,
      daysPastDue: 150,
      accruedInterestFen: 1n,
      costsFen: 0n,
    });
    expect(issues.map((i) => [i.path, i.code])).toEqual([
      ['accruedInterestFen', 'NOT_COUNTED_UNDER_PRINCIPAL_ONLY'],
    ]);
  });

  it('computes the claim on 638876713 fen and lets an adjustment reach that sum', () => {
    const lossFen = lossAtDefaultFen({
      outstandingAtDefaultFen: OUTSTANDING,
      accruedInterestFen: 8_876_712n,
      costsFen: 30_000_000n,
    });
    // 600000001 + 8876712 + 30000000
    expect(lossFen).toBe(638_876_713n);
    const claim = allocateClaim(exampleClaimInput({ basisFen: lossFen }, NET_LOSS));
    // 4500 bp: (638876713 × 4500 + 5000) div 10000 = 287494521 (exact 287494520.85)
    expect(claim.poolFen).toBe(287_494_521n);
    // odd fen to CITY (equal remainders, listed first)
    expect(claim.fundShares.map((s) => s.shareFen)).toEqual([143_747_261n, 143_747_260n]);
    expect(claim.bankShareFen).toBe(351_382_192n);
    expect(basisAdjustmentProblem(638_876_713n, lossFen)).toBeUndefined();
    expect(basisAdjustmentProblem(638_876_714n, lossFen)).toBe('ABOVE_OUTSTANDING_AT_DEFAULT');
  });
});
