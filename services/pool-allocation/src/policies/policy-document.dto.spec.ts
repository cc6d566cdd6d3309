import { policyDocumentOf } from '@riskpool/contracts';
import { defaultPolicy } from '@riskpool/domain';
import { createValidationPipe, ProblemException } from '@riskpool/service-kit';
import { PolicyDocumentDto } from './policy-document.dto';

const pipe = createValidationPipe();
const validate = (body: unknown) =>
  pipe.transform(body, { type: 'body', metatype: PolicyDocumentDto, data: '' });

describe('the POST /policies body (the one wire form, docs/adr/0021)', () => {
  it('accepts what the event carries, §8 and §9 parameters included', async () => {
    const document = policyDocumentOf({
      ...defaultPolicy('P2026-01', '2026-01-01'),
      splitByTown: { TORCH: [{ fund: 'TOWN', weightBp: 10_000 }] },
      rateTiersByKind: { LEASING: [{ upToFen: 100_000_000n, rateBp: 3_500 }] },
      shareBasis: 'PRINCIPAL_INTEREST_COSTS',
      subsidyShareBp: 4_000,
      subsidyPerEnterpriseAnnualCapFen: 20_000_000n,
      subsidySplit: [{ fund: 'CITY', weightBp: 10_000 }],
      subsidyRequiresFlags: ['IP_PLEDGE'],
    });
    await expect(validate(JSON.parse(JSON.stringify(document)))).resolves.toBeInstanceOf(
      PolicyDocumentDto,
    );
  });

  it('refuses the former names and amounts that are not fen strings, by field', async () => {
    const { policyVersionId: _id, ...rest } = policyDocumentOf(defaultPolicy('P', '2026-01-01'));
    const refused = await validate({ ...rest, versionId: 'P', perLoanCapFen: 500000000 }).catch(
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(ProblemException);
    const fields = (
      (refused as ProblemException).getResponse() as { errors: { field: string }[] }
    ).errors.map((e) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining(['versionId', 'policyVersionId', 'perLoanCapFen']),
    );
  });

  it('refuses an id the event cannot carry (over 128 characters, or empty), naming it', async () => {
    for (const policyVersionId of ['P'.repeat(129), '']) {
      const document = { ...policyDocumentOf(defaultPolicy('P', '2026-01-01')), policyVersionId };
      const refused = await validate(JSON.parse(JSON.stringify(document))).catch(
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(ProblemException);
      const fields = (
        (refused as ProblemException).getResponse() as { errors: { field: string }[] }
      ).errors.map((e) => e.field);
      expect(fields).toEqual(['policyVersionId']);
    }
    const longest = { ...policyDocumentOf(defaultPolicy('P'.repeat(128), '2026-01-01')) };
    await expect(validate(JSON.parse(JSON.stringify(longest)))).resolves.toBeInstanceOf(
      PolicyDocumentDto,
    );
  });
});
