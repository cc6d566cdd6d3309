import fc from 'fast-check';
import { allocateClaim } from './allocation';
import { type CoSharer, coSharerIssues, splitAmongCoSharers } from './co-sharers';
import { roundHalfUpBp } from './money';
import { defaultPolicy, economicTerms, proceduralTerms } from './policy';
import { shareRecovery } from './recovery';

describe('splitAmongCoSharers', () => {
  it('cuts back the last listed first', () => {
    // basis 1000, bank share 600, lender minimum 200: room 400 for wants of 300 and 200.
    const result = splitAmongCoSharers({
      basisFen: 1_000n,
      bankShareFen: 600n,
      minLenderShareBp: 2_000,
      coSharers: [
        { partyId: 'G-A', kind: 'GUARANTOR', shareBp: 3_000 },
        { partyId: 'I-B', kind: 'INSURER', shareBp: 2_000 },
      ],
    });
    expect(result.coSharerShares.map((c) => [c.shareFen, c.cutBackFen])).toEqual([
      [300n, 0n],
      [100n, 100n],
    ]);
    expect(result.lenderShareFen).toBe(200n);
  });

  it('leaves everything to the lender without co-sharers', () => {
    expect(
      splitAmongCoSharers({
        basisFen: 10n,
        bankShareFen: 6n,
        minLenderShareBp: 2_000,
        coSharers: [],
      }),
    ).toEqual({ coSharerShares: [], lenderMinimumFen: 2n, lenderShareFen: 6n });
  });
});

describe('coSharerIssues', () => {
  it('names every bad field', () => {
    const issues = coSharerIssues({
      coSharers: [
        { partyId: 'g lower', kind: 'GUARANTOR', shareBp: 100 },
        { partyId: 'I-X', kind: 'BROKER', shareBp: 0 },
        { partyId: 'I-X', kind: 'INSURER', shareBp: 100 },
        'nope',
      ],
      rateBp: 4_000,
      minLenderShareBp: 2_000,
    });
    expect(issues.map((i) => `${i.path}:${i.code}`)).toEqual([
      'coSharers[0].partyId:PARTY_ID_INVALID',
      'coSharers[1].kind:KIND_UNKNOWN',
      'coSharers[1].shareBp:SHARE_BP_INVALID',
      'coSharers[2].partyId:DUPLICATE_PARTY',
      'coSharers[3]:NOT_AN_OBJECT',
    ]);
  });

  it('refuses unknown and mis-kinded parties when the admitted ones are given', () => {
    const admitted = new Map([['G-ONE', 'GUARANTOR' as const]]);
    const issues = coSharerIssues({
      coSharers: [
        { partyId: 'G-ONE', kind: 'INSURER', shareBp: 100 },
        { partyId: 'G-TWO', kind: 'GUARANTOR', shareBp: 100 },
      ],
      rateBp: 4_000,
      minLenderShareBp: 2_000,
      admittedParties: admitted,
    });
    expect(issues.map((i) => `${i.path}:${i.code}`)).toEqual([
      'coSharers[0].kind:KIND_MISMATCH',
      'coSharers[1].partyId:UNKNOWN_PARTY',
    ]);
  });

  it('refuses rate + shares above 10000 − minLenderShareBp, co-sharers or not', () => {
    expect(coSharerIssues({ coSharers: [], rateBp: 8_001, minLenderShareBp: 2_000 })).toEqual([
      expect.objectContaining({ path: 'coSharers', code: 'LENDER_BELOW_MINIMUM_SHARE' }),
    ]);
    expect(
      coSharerIssues({ coSharers: undefined, rateBp: 8_000, minLenderShareBp: 2_000 }),
    ).toEqual([]);
  });
});

const coSharerArb = (index: number): fc.Arbitrary<CoSharer> =>
  fc.record({
    partyId: fc.constant(`P-${index}`),
    kind: fc.constantFrom('GUARANTOR' as const, 'INSURER' as const, 'VALUER' as const),
    shareBp: fc.integer({ min: 1, max: 10_000 }),
  });

describe('co-sharer properties', () => {
  const policy = defaultPolicy('P', '2026-01-01');

  it('conserve money, keep the lender at its minimum, and never touch the pool', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 3_000_000_000n }),
        fc
          .integer({ min: 0, max: 3 })
          .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => coSharerArb(i)))),
        fc.integer({ min: 0, max: 8_000 }),
        (basisFen, coSharers, minLenderShareBp) => {
          const input = {
            basisFen,
            originalPrincipalFen: 100_000_000n,
            flags: [],
            townCode: 'TORCH',
            economic: { ...economicTerms(policy), minLenderShareBp },
            procedural: proceduralTerms(policy),
            bankPoolUsedThisYearFen: 0n,
          } as const;
          const plain = allocateClaim(input);
          const shared = allocateClaim({ ...input, coSharers });
          expect(shared.poolFen).toBe(plain.poolFen);
          expect(shared.fundShares).toEqual(plain.fundShares);
          const borneFen = shared.coSharerShares.reduce((s, c) => s + c.shareFen, 0n);
          expect(shared.poolFen + borneFen + shared.lenderShareFen).toBe(basisFen);
          const minimumFen = roundHalfUpBp(basisFen, minLenderShareBp);
          // The lender keeps its minimum, unless the pool's own rounding already took it below.
          if (shared.bankShareFen >= minimumFen)
            expect(shared.lenderShareFen >= minimumFen).toBe(true);
          else expect(borneFen).toBe(0n);
          shared.coSharerShares.forEach((c, i) => {
            expect(c.wantedFen).toBe(roundHalfUpBp(basisFen, c.shareBp));
            expect(c.shareFen >= 0n && c.shareFen <= c.wantedFen).toBe(true);
            // Only the last co-sharer with a cut may be partly cut; everyone after it gets nothing.
            if (c.cutBackFen > 0n)
              shared.coSharerShares
                .slice(i + 1)
                .forEach((later) => expect(later.shareFen).toBe(0n));
          });
        },
      ),
    );
  });

  it('share recoveries exactly: every step sums to the recovery, no party passes what it bore', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 1_000_000_000n }),
        fc.tuple(coSharerArb(0), coSharerArb(1)),
        fc.array(fc.bigInt({ min: 0n, max: 400_000_000n }), { minLength: 1, maxLength: 5 }),
        (basisFen, coSharers, recoveries) => {
          const claim = allocateClaim({
            basisFen,
            originalPrincipalFen: 100_000_000n,
            flags: [],
            townCode: 'TORCH',
            economic: economicTerms(policy),
            procedural: proceduralTerms(policy),
            bankPoolUsedThisYearFen: 0n,
            coSharers,
          });
          let previousFen = 0n;
          const owed = new Map<string, bigint>();
          for (const netFen of recoveries) {
            const r = shareRecovery({
              basisFen,
              fundShares: claim.fundShares,
              coSharerShares: claim.coSharerShares,
              bankShareFen: claim.lenderShareFen,
              previousCumulativeNetFen: previousFen,
              netFen,
            });
            const partsFen =
              r.totalOwedToFundsFen +
              r.totalOwedToCoSharersFen +
              r.bankPartFen +
              r.excessOverBasisFen;
            expect(partsFen).toBe(netFen);
            for (const c of r.coSharers)
              owed.set(c.partyId, (owed.get(c.partyId) ?? 0n) + c.owedFen);
            previousFen += netFen;
          }
          // Telescoping: Σ owed to each co-sharer is its part of the capped total, within what it bore.
          claim.coSharerShares.forEach((c) => {
            const totalFen = owed.get(c.partyId) ?? 0n;
            expect(totalFen >= 0n && totalFen <= c.shareFen).toBe(true);
          });
        },
      ),
    );
  });
});
