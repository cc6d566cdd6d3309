// docs/domain.md §8.4: Zhongshan's IP-pledge scheme shares a loss 54:26:16:4 between the funds, the
// bank, an insurer and a valuer: a policy whose rate is 5400 and whose minLenderShareBp is 2600.
import {
  type CoSharer,
  type PolicyVersion,
  allocateClaim,
  coSharerIssues,
  validatePolicy,
} from '../index';
import { exampleClaimInput, firstRecoveryAfterPayout, policy2026 } from './scenario-fixtures';

const IP_PLEDGE_54: PolicyVersion = policy2026('ZS-IP-2026', {
  rateTiers: [{ upToFen: 3_000_000_000n, rateBp: 5_400 }],
  bonusBp: {},
  maxRateBp: 5_400,
  perLoanCapFen: 3_000_000_000n,
  minLenderShareBp: 2_600,
});

const INSURER: CoSharer = { partyId: 'I-ZSINS', kind: 'INSURER', shareBp: 1_600 };
const VALUER: CoSharer = { partyId: 'V-ZSVAL', kind: 'VALUER', shareBp: 400 };

function claimOn(basisFen: bigint) {
  return allocateClaim(
    exampleClaimInput(
      {
        basisFen,
        originalPrincipalFen: 200_000_000n,
        townCode: 'TORCH',
        coSharers: [INSURER, VALUER],
      },
      IP_PLEDGE_54,
    ),
  );
}

describe('a 54:26:16:4 IP-pledge loan', () => {
  it('is a valid policy, and registers with the insurer and valuer exactly at the limit', () => {
    expect(validatePolicy(IP_PLEDGE_54)).toEqual([]);
    // 5400 + 1600 + 400 = 7400 = 10000 - 2600.
    expect(
      coSharerIssues({ coSharers: [INSURER, VALUER], rateBp: 5_400, minLenderShareBp: 2_600 }),
    ).toEqual([]);
    const greedy = { ...VALUER, shareBp: 401 };
    expect(
      coSharerIssues({ coSharers: [INSURER, greedy], rateBp: 5_400, minLenderShareBp: 2_600 }),
    ).toEqual([expect.objectContaining({ path: 'coSharers', code: 'LENDER_BELOW_MINIMUM_SHARE' })]);
  });

  it('splits a basis of 123456789 fen 66666666 : 32098765 : 19753086 : 4938272', () => {
    const claim = claimOn(123_456_789n);
    // pool = (123456789 × 5400 + 5000) div 10000 = (666666660600 + 5000) div 10000 = 66666666
    expect(claim.poolFen).toBe(66_666_666n);
    expect(claim.capReasons).toEqual([]);
    expect(claim.fundShares.map((s) => [s.fundId, s.shareFen])).toEqual([
      ['CITY', 33_333_333n],
      ['TOWN:TORCH', 33_333_333n],
    ]);
    // bank share 123456789 − 66666666 = 56790123, of which
    // insurer (123456789 × 1600 + 5000) div 10000 = 19753086 (exact 19753086.24),
    // valuer (123456789 × 400 + 5000) div 10000 = 4938272 (exact 4938271.56),
    // lender minimum (123456789 × 2600 + 5000) div 10000 = 32098765 (exact 32098765.14).
    expect(claim.bankShareFen).toBe(56_790_123n);
    expect(claim.coSharerShares.map((c) => [c.partyId, c.shareFen, c.cutBackFen])).toEqual([
      ['I-ZSINS', 19_753_086n, 0n],
      ['V-ZSVAL', 4_938_272n, 0n],
    ]);
    expect(claim.lenderMinimumFen).toBe(32_098_765n);
    // 56790123 − 19753086 − 4938272 = 32098765: the lender bears exactly its minimum.
    expect(claim.lenderShareFen).toBe(32_098_765n);
  });

  it('shares a recovery of 7654321 fen after payout over funds, insurer, valuer and lender', () => {
    const claim = claimOn(123_456_789n);
    const shared = firstRecoveryAfterPayout(claim, 7_654_321n);
    // floors of 7654321 × w / 123456789 over [33333333, 33333333, 19753086, 4938272, 32098765]:
    // 2066666, 2066666, 1224691, 306172, 1990123 (sum 7654318); the 3 fen left go to the largest
    // remainders: the valuer's 107071604, then the two funds' 82486419 (the lender's 55718518 and
    // the insurer's 42607407 get none).
    expect(shared.funds.map((f) => f.owedFen)).toEqual([2_066_667n, 2_066_667n]);
    expect(shared.coSharers).toEqual([
      { partyId: 'I-ZSINS', cumulativePartFen: 1_224_691n, owedFen: 1_224_691n },
      { partyId: 'V-ZSVAL', cumulativePartFen: 306_173n, owedFen: 306_173n },
    ]);
    expect(shared.bankPartFen).toBe(1_990_123n);
    expect(shared.totalOwedToFundsFen).toBe(4_133_334n);
    expect(shared.totalOwedToCoSharersFen).toBe(1_530_864n);
  });

  it('cuts back the valuer (listed last) when rounding would take the lender below its minimum', () => {
    // basis 14: pool (14 × 5400 + 5000) div 10000 = 8; bank share 6; lender minimum
    // (14 × 2600 + 5000) div 10000 = 4, so 2 fen of room: the insurer wants 2 (2.24) and gets 2,
    // the valuer wants 1 (0.56) and gets 0.
    const claim = claimOn(14n);
    expect(claim.poolFen).toBe(8n);
    expect(claim.coSharerShares.map((c) => [c.wantedFen, c.shareFen, c.cutBackFen])).toEqual([
      [2n, 2n, 0n],
      [1n, 0n, 1n],
    ]);
    expect(claim.lenderShareFen).toBe(4n);
  });
});
