import fc from 'fast-check';
import { allocateClaim, portfolioPoolUsedFen } from './allocation';
import { roundHalfUpBp } from './money';
import { defaultPolicy, economicTerms, proceduralTerms } from './policy';

describe('the portfolio cap among the caps (docs/domain.md §5.3, §8.2)', () => {
  it('holds every cap and names exactly those that set the pool', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 3_000_000_000n }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.bigInt({ min: 0n, max: 50_000_000_000n }),
        fc.bigInt({ min: 0n, max: 2_000_000_000n }),
        fc.bigInt({ min: 0n, max: 1_500_000_000n }),
        (basisFen, portfolioCapBp, registeredPrincipalFen, otherClaimsPoolFen, usedFen) => {
          const policy = { ...defaultPolicy('P', '2026-01-01'), portfolioCapBp };
          const claim = allocateClaim({
            basisFen,
            originalPrincipalFen: 1_000_000_000n,
            flags: ['IP_PLEDGE'],
            townCode: 'TORCH',
            economic: economicTerms(policy),
            procedural: proceduralTerms(policy),
            bankPoolUsedThisYearFen: usedFen,
            portfolio: { registeredPrincipalFen, otherClaimsPoolFen },
          });
          const capFen = roundHalfUpBp(registeredPrincipalFen, portfolioCapBp);
          const remainingFen = capFen > otherClaimsPoolFen ? capFen - otherClaimsPoolFen : 0n;
          expect(claim.portfolioRemainingFen).toBe(remainingFen);
          expect(claim.poolFen <= remainingFen).toBe(true);
          expect(claim.poolFen <= claim.perLoanCapFen).toBe(true);
          expect(claim.poolFen <= claim.annualRemainingFen).toBe(true);
          expect(claim.capReasons.includes('PORTFOLIO_CAP')).toBe(
            remainingFen < claim.uncappedPoolFen && remainingFen === claim.poolFen,
          );
          expect(claim.capReasons.length > 0).toBe(claim.poolFen < claim.uncappedPoolFen);
          const sharesFen = claim.fundShares.reduce((s, f) => s + f.shareFen, 0n);
          expect(sharesFen).toBe(claim.poolFen);
        },
      ),
    );
  });

  it('refuses to guess a portfolio the policy caps', () => {
    const policy = { ...defaultPolicy('P', '2026-01-01'), portfolioCapBp: 500 };
    expect(() =>
      allocateClaim({
        basisFen: 1n,
        originalPrincipalFen: 1n,
        flags: [],
        townCode: 'TORCH',
        economic: economicTerms(policy),
        procedural: proceduralTerms(policy),
        bankPoolUsedThisYearFen: 0n,
      }),
    ).toThrow(expect.objectContaining({ code: 'ALLOCATION.PORTFOLIO_UNKNOWN' }));
  });

  it('counts every live claim of the bank, any year', () => {
    const claims = [
      { claimId: 'a', bankId: 'B1', status: 'APPROVED', poolFen: 5n },
      { claimId: 'b', bankId: 'B1', status: 'DENIED', poolFen: 7n },
      { claimId: 'c', bankId: 'B1', status: 'OPEN', poolFen: 11n },
      { claimId: 'd', bankId: 'B2', status: 'OPEN', poolFen: 13n },
      { claimId: 'e', bankId: 'B1', status: 'WITHDRAWN', poolFen: 17n },
    ] as const;
    expect(portfolioPoolUsedFen(claims, 'B1')).toBe(16n);
    expect(portfolioPoolUsedFen(claims, 'B1', 'c')).toBe(5n);
  });
});
