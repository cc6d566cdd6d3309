import { closeRound, computeSubsidy } from '../index';
import { subsidyInput } from '../subsidy/subsidy-fixtures';

/**
 * docs/domain.md §9, worked by hand. Q1 2026 is [2026-01-01, 2026-04-01): 31 + 28 + 31 = 90 days.
 *
 * Loan A, XIAOLAN, IP_PLEDGE, 800000000 fen outstanding at 600 bp (above the 450 bp cap):
 *   paid 800000000 × 600 × 90 / 3650000 = 11835616.44 → the bank reports 11835616
 *   interestCap = roundHalfUp(800000000 × 450 × 90 / 3650000) = roundHalfUp(8876712.33) = 8876712
 *   shareBp = 5000 + 2000 = 7000; requested = roundHalfUp(8876712 × 0.7) = roundHalfUp(6213698.4)
 *   = 6213698 → CITY 3106849, XIAOLAN 3106849
 * Loan B, XIAOLAN, no flag, 300000000 fen at 400 bp (below the cap), reported after A:
 *   paid 2958904 = interestCap roundHalfUp(2958904.11); share 5000 → 1479452 → 739726 / 739726
 * Loan C, TORCH, no flag, 100000000 fen at 450 bp:
 *   paid 1109589 = interestCap roundHalfUp(1109589.04); share 5000 → roundHalfUp(554794.5) = 554795
 *   → CITY 277398 (the tied leftover fen goes to the split's first party), TORCH 277397
 *
 * Funds: SUBSIDY:CITY 100000000 (covers 3106849 + 739726 + 277398 = 4123973), SUBSIDY:TOWN:TORCH
 * 1000000 (covers 277397), SUBSIDY:TOWN:XIAOLAN 3000000 (short of 3106849 + 739726 = 3846575).
 * XIAOLAN splits 3000000 over [3106849, 739726]: floors 2423076 and 576923 (2999999), remainders
 * 3435300 and 411275 of 3846575, so the one leftover fen goes to A: A 2423077, B 576923;
 * lapsed A 683772, B 162803 (846575 in all).
 */
describe('subsidy round with one town fund short (hand-computed)', () => {
  const a = computeSubsidy(subsidyInput());
  const b = computeSubsidy(
    subsidyInput({
      interestPaidFen: 2_958_904n,
      outstandingAtStartFen: 300_000_000n,
      annualRateBp: 400,
      flags: [],
    }),
  );
  const c = computeSubsidy(
    subsidyInput({
      interestPaidFen: 1_109_589n,
      outstandingAtStartFen: 100_000_000n,
      annualRateBp: 450,
      flags: [],
      townCode: 'TORCH',
    }),
  );

  it('computes each request: rate cap, IP-pledge bonus, split', () => {
    expect([a.interestCapFen, a.eligibleInterestFen, a.shareBp, a.requestedFen]).toEqual([
      8_876_712n,
      8_876_712n,
      7_000,
      6_213_698n,
    ]);
    expect(a.fundRequests.map((f) => f.requestedFen)).toEqual([3_106_849n, 3_106_849n]);
    expect([b.interestCapFen, b.shareBp, b.requestedFen]).toEqual([2_958_904n, 5_000, 1_479_452n]);
    expect(b.fundRequests.map((f) => f.requestedFen)).toEqual([739_726n, 739_726n]);
    expect([c.interestCapFen, c.requestedFen]).toEqual([1_109_589n, 554_795n]);
    expect(c.fundRequests.map((f) => [f.fundId, f.requestedFen])).toEqual([
      ['SUBSIDY:CITY', 277_398n],
      ['SUBSIDY:TOWN:TORCH', 277_397n],
    ]);
  });

  it('grants CITY and TORCH in full and cuts XIAOLAN pro rata; the rest lapses', () => {
    const at = {
      A: '2026-04-02T09:00:00.000Z',
      B: '2026-04-02T10:00:00.000Z',
      C: '2026-04-03T09:00:00.000Z',
    };
    const requests = (
      [
        ['A', a],
        ['B', b],
        ['C', c],
      ] as const
    ).flatMap(([id, amount]) =>
      amount.fundRequests.map((f) => ({
        reportId: id,
        fundId: f.fundId,
        requestedFen: f.requestedFen,
        reportedAt: at[id],
      })),
    );
    const closing = closeRound(
      requests,
      new Map([
        ['SUBSIDY:CITY', 100_000_000n],
        ['SUBSIDY:TOWN:TORCH', 1_000_000n],
        ['SUBSIDY:TOWN:XIAOLAN', 3_000_000n],
      ]),
    );
    expect(
      closing.funds.map((f) => [f.fundId, f.requestedFen, f.grantedFen, f.lapsedFen, f.proRata]),
    ).toEqual([
      ['SUBSIDY:CITY', 4_123_973n, 4_123_973n, 0n, false],
      ['SUBSIDY:TOWN:TORCH', 277_397n, 277_397n, 0n, false],
      ['SUBSIDY:TOWN:XIAOLAN', 3_846_575n, 3_000_000n, 846_575n, true],
    ]);
    expect(
      closing.grants
        .filter((g) => g.fundId === 'SUBSIDY:TOWN:XIAOLAN')
        .map((g) => [g.reportId, g.grantedFen, g.lapsedFen]),
    ).toEqual([
      ['A', 2_423_077n, 683_772n],
      ['B', 576_923n, 162_803n],
    ]);
  });
});
