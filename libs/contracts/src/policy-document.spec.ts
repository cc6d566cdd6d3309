import { defaultPolicy, policyToJson } from '@riskpool/domain';
import { parsePolicyDocument } from './policy-document';

function documentOf(versionId: string, effectiveFrom: string) {
  const json = policyToJson(defaultPolicy(versionId, effectiveFrom));
  const { versionId: id, bonusBp, splitByTown: _towns, ...rest } = json;
  return {
    ...rest,
    policyVersionId: id,
    bonusesBp: bonusBp as Record<string, number>,
    eligibleQualifications: [...json.eligibleQualifications],
    rateTiers: [...json.rateTiers],
    split: [...json.split],
  };
}

describe('policy documents from pool.policy-published.v1', () => {
  it('parses the contract form into a domain policy', () => {
    const parsed = parsePolicyDocument(documentOf('P1', '2026-01-01'));
    expect(parsed.ok).toBe(true);
    expect(parsed.ok && parsed.policy.bonusBp).toEqual({ IP_PLEDGE: 1500 });
  });

  it('reports every issue of an invalid document', () => {
    const parsed = parsePolicyDocument({ ...documentOf('P2', '2026-01-01'), maxRateBp: 9000 });
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.issues.map((i) => i.code)).toContain(
      'BANK_KEEPS_LESS_THAN_20_PERCENT',
    );
  });
});
