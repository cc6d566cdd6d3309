import fc from 'fast-check';
import {
  type PolicyVersion,
  defaultPolicy,
  defaultSubsidyParameters,
  subsidyParametersOf,
} from '@riskpool/domain';
import { validateEventData } from './event-registry';
import { parsePolicyDocument, policyDocumentOf, policyOfStored } from './policy-document';
import { Topics } from './topics';

/** Every optional parameter of docs/domain.md §3, §8 and §9 set. */
const FULL: PolicyVersion = {
  ...defaultPolicy('FULL', '2026-01-01'),
  effectiveTo: '2027-01-01',
  splitByTown: {
    TORCH: [
      { fund: 'CITY', weightBp: 7_000 },
      { fund: 'TOWN', weightBp: 3_000 },
    ],
  },
  institutionKinds: ['BANK', 'MICROLOAN', 'LEASING'],
  rateTiersByKind: { LEASING: [{ upToFen: 100_000_000n, rateBp: 3_500 }] },
  portfolioCapBp: 800,
  shareBasis: 'PRINCIPAL_INTEREST_COSTS',
  maxInterestDays: 90,
  maxCostsBp: 300,
  compensationTiming: 'AFTER_RECOVERY',
  minLenderShareBp: 2_600,
  subsidyShareBp: 4_000,
  subsidyBonusBp: { IP_PLEDGE: 1_000 },
  maxSubsidyShareBp: 7_000,
  subsidyRateCapBp: 400,
  subsidyPerEnterpriseAnnualCapFen: 30_000_000n,
  subsidySplit: [{ fund: 'CITY', weightBp: 10_000 }],
  subsidyRequiresFlags: ['IP_PLEDGE'],
};

const throughJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('the policy wire form (docs/adr/0021)', () => {
  it('is what pool.policy-published.v1 carries, every parameter included', () => {
    const document = policyDocumentOf(FULL);
    expect(document.policyVersionId).toBe('FULL');
    expect(document.bonusesBp).toEqual({ IP_PLEDGE: 1_500 });
    expect(document.townSplitOverrides?.['TORCH']).toHaveLength(2);
    expect(document.subsidyPerEnterpriseAnnualCapFen).toBe('30000000');
    expect(document.rateTiersByKind).toEqual({
      LEASING: [{ upToFen: '100000000', rateBp: 3_500 }],
    });
    const checked = validateEventData(Topics.policyPublished, {
      policy: document,
      publishedBy: 'fund-manager:CITY',
      publishedAt: '2026-01-01T00:00:00.000Z',
    });
    expect(checked.ok && checked.data.policy).toEqual(document);
  });

  it('comes back as the same domain policy; absent stays absent', () => {
    expect(parsePolicyDocument(throughJson(policyDocumentOf(FULL)))).toEqual({
      ok: true,
      policy: FULL,
    });
    const plain = policyDocumentOf(defaultPolicy('P', '2026-01-01'));
    expect(Object.keys(plain)).not.toContain('shareBasis');
    expect(Object.keys(plain)).not.toContain('subsidyShareBp');
    expect(Object.keys(plain)).not.toContain('townSplitOverrides');
    expect(policyOfStored(throughJson(plain))).toEqual(defaultPolicy('P', '2026-01-01'));
  });

  it('reads a document without §9 parameters (every one published before them) with the §9 defaults', () => {
    const stored = policyOfStored(throughJson(policyDocumentOf(defaultPolicy('P', '2026-01-01'))));
    expect(subsidyParametersOf(stored)).toEqual(defaultSubsidyParameters());
    const some = policyOfStored({
      ...policyDocumentOf(defaultPolicy('P', '2026-01-01')),
      subsidyShareBp: 3_000,
    });
    expect(subsidyParametersOf(some)).toEqual({
      ...defaultSubsidyParameters(),
      subsidyShareBp: 3_000,
    });
  });

  it('reports every issue at once, each under its wire name', () => {
    const parsed = parsePolicyDocument({
      ...policyDocumentOf(FULL),
      policyVersionId: ' ',
      maxPrincipalFen: 3e9,
      perLoanCapFen: '0500',
      maxRateBp: 20_000,
      bonusesBp: { GOLD: 1 },
      townSplitOverrides: { torch: [{ fund: 'TOWN', weightBp: 1 }] },
      rateTiersByKind: { LEASING: [{ upToFen: '1.5', rateBp: 1 }] },
      subsidyPerEnterpriseAnnualCapFen: '-1',
      subsidyShareBp: 10_001,
    });
    expect(parsed.ok ? [] : parsed.issues.map((i) => `${i.path}:${i.code}`)).toEqual([
      'maxPrincipalFen:FEN_INVALID',
      'perLoanCapFen:FEN_INVALID',
      'subsidyPerEnterpriseAnnualCapFen:FEN_INVALID',
      'rateTiersByKind.LEASING[0].upToFen:FEN_INVALID',
      'policyVersionId:REQUIRED',
      'bonusesBp.GOLD:UNKNOWN_CODE',
      'maxRateBp:BP_OUT_OF_RANGE',
      'maxRateBp:LENDER_KEEPS_LESS_THAN_MIN_SHARE',
      'townSplitOverrides.torch:TOWN_CODE_INVALID',
      'townSplitOverrides.torch:SPLIT_WEIGHTS_NOT_10000',
      'subsidyShareBp:BP_OUT_OF_RANGE',
    ]);
    expect(parsePolicyDocument(null)).toEqual({
      ok: false,
      issues: [expect.objectContaining({ code: 'NOT_AN_OBJECT' })],
    });
    expect(parsePolicyDocument({ split: [null] }).ok).toBe(false);
  });

  it('carries every amount exactly: wire → domain → wire is the identity (property)', () => {
    const fen = fc.bigInt({ min: 1n, max: 999_999_999_999_999_999n });
    const bp = fc.integer({ min: 0, max: 10_000 });
    fc.assert(
      fc.property(
        fc.uniqueArray(fen, { minLength: 1, maxLength: 5 }),
        fen,
        fen,
        fen,
        fc.option(fen, { nil: undefined }),
        fc.option(bp, { nil: undefined }),
        fc.option(fc.constantFrom('PRINCIPAL_ONLY', 'PRINCIPAL_INTEREST_COSTS'), {
          nil: undefined,
        }),
        (bounds, maxEnterprise, perLoan, perBank, subsidyCap, subsidyShare, shareBasis) => {
          const sorted = [...bounds].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
          const maxPrincipal = sorted[sorted.length - 1] ?? 1n;
          const policy: PolicyVersion = {
            ...defaultPolicy('P-PROP', '2026-01-01'),
            rateTiers: sorted.map((upToFen, i) => ({ upToFen, rateBp: 4_000 - i * 100 })),
            maxPrincipalFen: maxPrincipal,
            maxEnterpriseOutstandingFen: maxEnterprise,
            perLoanCapFen: perLoan,
            perBankAnnualCapFen: perBank,
            ...(subsidyCap === undefined ? {} : { subsidyPerEnterpriseAnnualCapFen: subsidyCap }),
            ...(subsidyShare === undefined ? {} : { subsidyShareBp: subsidyShare }),
            ...(shareBasis === undefined ? {} : { shareBasis }),
          };
          const wire = throughJson(policyDocumentOf(policy));
          const parsed = parsePolicyDocument(wire);
          expect(parsed).toEqual({ ok: true, policy });
          expect(parsed.ok && policyDocumentOf(parsed.policy)).toEqual(wire);
        },
      ),
    );
  });
});
