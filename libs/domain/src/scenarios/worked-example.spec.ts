// docs/domain.md §7, every number to the fen, through the public API only.
import {
  allocateClaim,
  basisAtDefault,
  checkEligibility,
  economicTerms,
  fill,
  formatYuan,
  netRecoveryFen,
  newFund,
  nplBreakerDecision,
  parseFen,
  recoveryTreatment,
  reserve,
  settle,
  shareRecovery,
  yuanToFen,
} from '../index';
import {
  CITY_AVAILABLE_FEN,
  POLICY_2026,
  XIAOLAN_AVAILABLE_FEN,
  approvedByFunds,
  exampleClaimInput,
  openExampleClaim,
} from './scenario-fixtures';

describe('the worked example of docs/domain.md §7', () => {
  const city = newFund('CITY', CITY_AVAILABLE_FEN);
  const xiaolan = newFund('TOWN:XIAOLAN', XIAOLAN_AVAILABLE_FEN);
  const otherPoolLoansFen = yuanToFen('1,000,000,000.00');

  it('states its amounts in fen', () => {
    expect(yuanToFen('8,000,000.00')).toBe(800_000_000n);
    expect(formatYuan(800_000_000n)).toBe('8,000,000.00');
    expect(CITY_AVAILABLE_FEN).toBe(yuanToFen('100,000,000.00'));
    expect(XIAOLAN_AVAILABLE_FEN).toBe(yuanToFen('3,000,000.00'));
    expect(otherPoolLoansFen).toBe(100_000_000_000n);
  });

  it('registers the 8,000,000.00 yuan IP-pledged loan', () => {
    const result = checkEligibility({
      enterprise: {
        uscc: '91350100M000100Y43',
        townCode: 'XIAOLAN',
        qualifications: ['HNTE'],
        exposureFen: 0n,
      },
      loan: {
        principalFen: parseFen('800000000'),
        disbursementDate: '2026-01-10',
        maturityDate: '2029-01-10',
      },
      bank: { status: 'ACTIVE', exposureFen: otherPoolLoansFen, quotaFen: 120_000_000_000n },
      existingFundIds: new Set(['CITY', 'TOWN:XIAOLAN']),
      terms: economicTerms(POLICY_2026),
    });
    expect(result).toEqual({ eligible: true, termMonths: 36, policyVersionId: 'P2026-01' });
  });

  // The story, step by step; each `it` checks one step's numbers.
  const basisFen = basisAtDefault(600_000_001n, 0n);
  const claim = allocateClaim(exampleClaimInput({ basisFen }));
  const cityReserved = reserve(city, 'CLAIM-1', claim.fundShares[0]?.shareFen ?? -1n);
  const xiaolanReserved = reserve(xiaolan, 'CLAIM-1', claim.fundShares[1]?.shareFen ?? -1n);

  it('defaults with 600000001 outstanding: basis 600000001, and the breaker does not trip', () => {
    expect(basisFen).toBe(600_000_001n);
    const breaker = nplBreakerDecision({
      defaultedExposureFen: 600_000_001n,
      totalExposureFen: otherPoolLoansFen + 600_000_001n,
      nplBreakerBp: POLICY_2026.nplBreakerBp,
    });
    expect(breaker.trip).toBe(false);
  });

  it('rates 3000 + 1500 = 4500 bp; pool roundHalfUp(270000000.45) = 270000000, per-loan cap not binding', () => {
    expect([claim.tierRateBp, claim.bonusBp, claim.rateBp]).toEqual([3000, 1500, 4500]);
    expect(claim.uncappedPoolFen).toBe(270_000_000n);
    expect(claim.poolFen).toBe(270_000_000n);
    expect(claim.perLoanCapFen).toBe(500_000_000n);
    expect(claim.capReasons).toEqual([]);
    expect(claim.economicPolicyVersionId).toBe('P2026-01');
    expect(claim.proceduralPolicyVersionId).toBe('P2026-01');
  });

  it('splits 5000/5000: CITY 135000000, TOWN:XIAOLAN 135000000, bank 330000001', () => {
    expect(claim.fundShares).toEqual([
      { fundId: 'CITY', weightBp: 5000, shareFen: 135_000_000n },
      { fundId: 'TOWN:XIAOLAN', weightBp: 5000, shareFen: 135_000_000n },
    ]);
    expect(claim.bankShareFen).toBe(330_000_001n);
  });

  it('holds 135000000 of XIAOLAN 300000000, both approve and both are paid', () => {
    expect([xiaolanReserved.heldFen, xiaolanReserved.queuedFen]).toEqual([135_000_000n, 0n]);
    expect(xiaolanReserved.fund.availableFen).toBe(165_000_000n);
    expect([cityReserved.heldFen, cityReserved.queuedFen]).toEqual([135_000_000n, 0n]);

    const decision = approvedByFunds(openExampleClaim(), 'CITY', 'TOWN:XIAOLAN');
    expect(decision.status).toBe('APPROVED');
    expect(settle(cityReserved.fund, 'CLAIM-1').paidFen).toBe(135_000_000n);
    expect(settle(xiaolanReserved.fund, 'CLAIM-1').paidFen).toBe(135_000_000n);
  });

  it('shares the recovery of 100000000 less 10000000 costs as 20250000 / 20250000 / 49500000', () => {
    const netFen = netRecoveryFen(100_000_000n, 10_000_000n);
    expect(netFen).toBe(90_000_000n);
    expect(recoveryTreatment('APPROVED')).toBe('SHARE');
    const shared = shareRecovery({
      basisFen: claim.basisFen,
      fundShares: claim.fundShares,
      bankShareFen: claim.bankShareFen,
      previousCumulativeNetFen: 0n,
      netFen,
    });
    expect(shared.funds).toEqual([
      { fundId: 'CITY', cumulativePartFen: 20_250_000n, owedFen: 20_250_000n },
      { fundId: 'TOWN:XIAOLAN', cumulativePartFen: 20_250_000n, owedFen: 20_250_000n },
    ]);
    expect(shared.bankPartFen).toBe(49_500_000n);
    expect(shared.totalOwedToFundsFen).toBe(40_500_000n);
  });

  it('holds 165000000 and queues 35000000 for a second XIAOLAN default sharing 200000000, until money arrives', () => {
    const afterPayout = settle(xiaolanReserved.fund, 'CLAIM-1').fund;
    expect(afterPayout.availableFen).toBe(165_000_000n);
    const second = reserve(afterPayout, 'CLAIM-2', 200_000_000n);
    expect([second.heldFen, second.queuedFen]).toEqual([165_000_000n, 35_000_000n]);
    expect(second.fund.availableFen).toBe(0n);
    expect(second.fund.queue).toEqual([{ claimId: 'CLAIM-2', amountFen: 35_000_000n, seq: 1 }]);

    // The bank then remits XIAOLAN's 20250000: it goes to the queue first.
    const remitted = fill(second.fund, 20_250_000n);
    expect(remitted.fills).toEqual([
      { claimId: 'CLAIM-2', amountFen: 20_250_000n, seq: 1, partCompleted: false },
    ]);
    expect(remitted.fund.queue).toEqual([{ claimId: 'CLAIM-2', amountFen: 14_750_000n, seq: 1 }]);
    expect(remitted.fund.availableFen).toBe(0n);
  });
});
