import { validateEventData, Topics } from '@riskpool/contracts';
import { defaultPolicy } from '@riskpool/domain';
import { normalisePolicyDocument, policyDocumentOf } from './publish-policy.handler';

describe('policy documents', () => {
  it('maps a domain policy onto the published event schema', () => {
    const policy = {
      ...defaultPolicy('P2026-01', '2026-01-01'),
      splitByTown: {
        TORCH: [
          { fund: 'CITY', weightBp: 7000 },
          { fund: 'TOWN', weightBp: 3000 },
        ],
      },
    };
    const checked = validateEventData(Topics.policyPublished, {
      policy: policyDocumentOf(policy),
      publishedBy: 'fund-manager:CITY',
      publishedAt: new Date().toISOString(),
    });
    expect(checked.ok).toBe(true);
  });

  it('accepts the contract names as aliases', () => {
    expect(
      normalisePolicyDocument({ policyVersionId: 'P1', bonusesBp: {}, townSplitOverrides: {} }),
    ).toEqual({ versionId: 'P1', bonusBp: {}, splitByTown: {} });
  });
});
