// docs/domain.md §8 through pool-allocation: a 54:26:16:4 IP-pledge claim on a net-loss basis
// (outstanding + interest + costs), its co-sharers' parts, and a recovery after payout shared
// over funds, co-sharers and lender; then a portfolio cap that bites, under a later version.
import { Topics } from '@riskpool/contracts';
import { manager, payShares, policyDocument, regulator, usePool } from './support';

const TORCH = 'TOWN:TORCH';

describe('pool-allocation: programme variants (docs/domain.md §8)', () => {
  const suite = usePool('variants');
  const { api, upstream, reader, run } = suite;
  const BANK = `BZ-${run}`;
  const LOAN = `LZ-${run}`;
  let claimId = '';

  const claimView = (claimId: string) => api.claim(claimId);

  it('publishes a 54:26:16:4 net-loss policy and refuses one whose rate leaves the lender too little', async () => {
    await api.createFund('CITY', 'City fund');
    await api.createFund(TORCH, 'Torch fund');
    const bad = await api
      .post(
        manager('CITY'),
        '/policies',
        policyDocument({ versionId: 'ZS-BAD', minLenderShareBp: 5_000, maxRateBp: 5_400 }),
      )
      .expect(400);
    expect(bad.body.errors).toEqual([
      expect.objectContaining({ field: 'maxRateBp', code: 'LENDER_KEEPS_LESS_THAN_MIN_SHARE' }),
    ]);
    const published = await api
      .post(
        manager('CITY'),
        '/policies',
        policyDocument({
          versionId: 'ZS-IP-2026',
          rateTiers: [{ upToFen: 3_000_000_000n, rateBp: 5_400 }],
          bonusBp: {},
          maxRateBp: 5_400,
          perLoanCapFen: 3_000_000_000n,
          minLenderShareBp: 2_600,
          shareBasis: 'PRINCIPAL_INTEREST_COSTS',
        }),
      )
      .expect(201);
    expect(published.body).toMatchObject({
      minLenderShareBp: 2600,
      shareBasis: 'PRINCIPAL_INTEREST_COSTS',
    });
    const [event] = await reader.waitFor(
      Topics.policyPublished,
      (d) => (d['policy'] as Record<string, unknown>)['policyVersionId'] === 'ZS-IP-2026',
    );
    expect(event?.data['policy']).toMatchObject({ minLenderShareBp: 2600 });
    for (const fundId of ['CITY', TORCH]) await api.deposit(fundId, '1000000000');
  });

  it('opens the claim on 120000000 + 456789 interest + 3000000 costs = 123456789', async () => {
    await upstream.loanRegistered({
      loanId: LOAN,
      bankId: BANK,
      townCode: 'TORCH',
      principalFen: '200000000',
      flags: ['IP_PLEDGE'],
      policyVersionId: 'ZS-IP-2026',
      coSharers: [
        { partyId: 'I-ZSINS', kind: 'INSURER', shareBp: 1600 },
        { partyId: 'V-ZSVAL', kind: 'VALUER', shareBp: 400 },
      ],
    });
    // A second loan of the bank keeps its NPL ratio (120000000 of 10120000000) under the breaker.
    await upstream.loanRegistered({
      loanId: `${LOAN}-OTHER`,
      bankId: BANK,
      townCode: 'TORCH',
      principalFen: '10000000000',
      policyVersionId: 'ZS-IP-2026',
    });
    await suite.waitForLoans([LOAN, `${LOAN}-OTHER`]);
    const opened = await suite.claimOpenedBy({
      defaultId: `DZ-${run}`,
      loanId: LOAN,
      bankId: BANK,
      townCode: 'TORCH',
      outstandingAtDefaultFen: '120000000',
      accruedInterestFen: '456789',
      costsFen: '3000000',
    });
    claimId = String(opened?.data['claimId']);
    // pool (123456789 × 5400 + 5000) div 10000 = 66666666; insurer 19753086, valuer 4938272,
    // lender 56790123 − 24691358 = 32098765 = its minimum (123456789 × 2600, half up).
    expect(opened?.data).toMatchObject({
      status: 'OPEN',
      basisFen: '123456789',
      rateBp: 5400,
      poolFen: '66666666',
      bankShareFen: '56790123',
      accruedInterestFen: '456789',
      costsFen: '3000000',
      shares: [
        { fundId: 'CITY', shareFen: '33333333' },
        { fundId: TORCH, shareFen: '33333333' },
      ],
      coSharerShares: [
        {
          partyId: 'I-ZSINS',
          kind: 'INSURER',
          shareBp: 1600,
          shareFen: '19753086',
          cutBackFen: '0',
        },
        { partyId: 'V-ZSVAL', kind: 'VALUER', shareBp: 400, shareFen: '4938272', cutBackFen: '0' },
      ],
      lenderShareFen: '32098765',
      economicPolicyVersionId: 'ZS-IP-2026',
    });
  });

  it('shows the net-loss parts and the co-sharers on the claim', async () => {
    expect(await claimView(claimId)).toMatchObject({
      netLoss: { outstandingFen: '120000000', accruedInterestFen: '456789', costsFen: '3000000' },
      coSharerShares: [
        { partyId: 'I-ZSINS', shareFen: '19753086' },
        { partyId: 'V-ZSVAL', shareFen: '4938272' },
      ],
      lenderShareFen: '32098765',
    });
  });

  it('lets a co-sharer read the claims naming it, and answers 404 for the others (docs/domain.md §8.4)', async () => {
    const insurer = { role: 'cosharer', scope: 'I-ZSINS' } as const;
    const stranger = { role: 'cosharer', scope: 'G-NOBODY' } as const;
    const mine = await api.get(insurer, `/claims?loan=${LOAN}`).expect(200);
    expect((mine.body.items as Array<{ claimId: string }>).map((c) => c.claimId)).toEqual([
      claimId,
    ]);
    await api.get(insurer, `/claims/${claimId}`).expect(200);
    const none = await api.get(stranger, `/claims?loan=${LOAN}`).expect(200);
    expect(none.body.items).toEqual([]);
    await api.get(stranger, `/claims/${claimId}`).expect(404);
    // Every claim it lists names it.
    const all = await api.get(insurer, '/claims?limit=500').expect(200);
    for (const item of all.body.items as Array<{ claimId: string }>) {
      const view = (await api.get(regulator, `/claims/${item.claimId}`).expect(200)).body;
      expect((view.coSharerShares as Array<{ partyId: string }>).map((c) => c.partyId)).toContain(
        'I-ZSINS',
      );
    }
    await api.post(insurer, `/claims/${claimId}/decisions`, { decision: 'APPROVE' }).expect(403);
  });

  it('refuses an adjusted basis above the loss at default', async () => {
    const over = await api
      .post(manager('CITY'), `/claims/${claimId}/decisions`, {
        decision: 'ADJUST',
        newBasisFen: '123456790',
        reason: 'court costs higher',
      })
      .expect(422);
    expect(over.body.code).toBe('CLAIM.BASIS_OUT_OF_RANGE');
    expect((await claimView(claimId)).basisFen).toBe('123456789');
  });

  it('shares a recovery of 7654321 after payout: funds 2066667 each, insurer 1224691, valuer 306173, lender 1990123', async () => {
    for (const fundId of ['CITY', TORCH])
      await api
        .post(manager(fundId), `/claims/${claimId}/decisions`, { decision: 'APPROVE' })
        .expect(200);
    const [approved] = await reader.waitFor(Topics.claimApproved, (d) => d['claimId'] === claimId);
    expect(approved?.data).toMatchObject({ lenderShareFen: '32098765' });
    await payShares(
      api,
      upstream,
      { claimId, loanId: LOAN, defaultId: `DZ-${run}`, bankId: BANK },
      (fundId) => `PZ-${fundId}-${run}`,
      ['CITY', TORCH],
      '33333333',
    );
    await upstream.recoveryReported(
      { loanId: LOAN, bankId: BANK, defaultId: `DZ-${run}` },
      `RZ-${run}`,
      {
        amountFen: '7654321',
        costsFen: '0',
        netFen: '7654321',
        recoveredOn: '2026-07-01',
      },
    );
    const [shared] = await reader.waitFor(Topics.recoveryShared, (d) => d['claimId'] === claimId);
    expect(shared?.data).toMatchObject({
      owed: [
        { fundId: 'CITY', cumulativeOwedFen: '2066667', changeFen: '2066667' },
        { fundId: TORCH, cumulativeOwedFen: '2066667', changeFen: '2066667' },
      ],
      coSharerOwed: [
        { partyId: 'I-ZSINS', cumulativeOwedFen: '1224691', changeFen: '1224691' },
        { partyId: 'V-ZSVAL', cumulativeOwedFen: '306173', changeFen: '306173' },
      ],
      bankPartFen: '1990123',
    });
  });
});
