// docs/domain.md §8.4: what co-sharers owe the lender of an approved claim and what the lender owes
// them of a recovery after payout, tracked, reminded and settled like remittances.
import { Topics, uuidv7 } from '@riskpool/contracts';
import { heldShare, identity, pool, waitFor, useHarness } from '../support/harness';

const SCHEMA = 'settlement_cosharers_it';
const h = useHarness(SCHEMA, { PAYMENT_RUNNER: 'disabled' });

const run = uuidv7().slice(-8).toUpperCase();
const BANK = `BC-${run}`;
const CLAIM = `CC-${run}`;
const LOAN = `LC-${run}`;
const POLICY = `PC-${run}`;
const bank = (date?: string) => identity('bank', BANK, date);

interface Obligation {
  partyId: string;
  payer: string;
  source: string;
  sourceRef: string;
  amountFen: string;
  settledFen: string;
  outstandingFen: string;
  dueOn: string;
  overdue: boolean;
}

async function obligations(query = ''): Promise<Obligation[]> {
  const response = await h
    .get(`/cosharer-obligations?state=all&claimId=${CLAIM}${query}`, bank('2026-05-02'))
    .expect(200);
  return (response.body as { items: Obligation[] }).items;
}

/** Reports a co-sharer settlement of the claim as `who`, expecting `status`. */
function settle(
  who: ReturnType<typeof identity>,
  partyId: string,
  payer: 'COSHARER' | 'LENDER',
  amountFen: string,
  status: number,
) {
  return h
    .post('/cosharer-settlements', who, { claimId: CLAIM, partyId, payer, amountFen })
    .expect(status);
}

function recovery(recoveryId: string, net: string, insurer: string, valuer: string, dueOn: string) {
  return pool(Topics.recoveryShared, LOAN, {
    recoveryId,
    claimId: CLAIM,
    loanId: LOAN,
    bankId: BANK,
    cumulativeNetFen: net,
    owed: [],
    bankPartFen: '0',
    dueOn,
    policyVersionId: POLICY,
    coSharerOwed: [
      { partyId: 'I-ZSINS', cumulativeOwedFen: insurer, changeFen: insurer },
      { partyId: 'V-ZSVAL', cumulativeOwedFen: valuer, changeFen: valuer },
    ],
  });
}

describe('co-sharer obligations', () => {
  it('makes each co-sharer owe the lender its share, due remitWithinDays of the version in force at approval', async () => {
    // The default terms (docs/domain.md §3) but 20 days to pay, in force from 2031.
    const policy = {
      policy: {
        policyVersionId: POLICY,
        effectiveFrom: '2031-01-01',
        eligibleQualifications: ['HNTE', 'TECH_SME', 'SRDI'],
        maxPrincipalFen: '3000000000',
        maxTermMonths: 36,
        maxEnterpriseOutstandingFen: '3000000000',
        rateTiers: [
          { upToFen: '500000000', rateBp: 4000 },
          { upToFen: '1500000000', rateBp: 3000 },
          { upToFen: '3000000000', rateBp: 2000 },
        ],
        bonusesBp: { IP_PLEDGE: 1500 },
        maxRateBp: 5000,
        split: [
          { fund: 'CITY', weightBp: 5000 },
          { fund: 'TOWN' as const, weightBp: 5000 },
        ],
        perLoanCapFen: '500000000',
        perBankAnnualCapFen: '1000000000',
        minDaysPastDue: 90,
        reportWithinDays: 60,
        nplBreakerBp: 300,
        remitWithinDays: 20,
      },
      publishedBy: 'fund-manager:CITY',
      publishedAt: new Date().toISOString(),
    };
    await h.upstream.send(pool(Topics.policyPublished, POLICY, policy));
    await waitFor('the policy', async () =>
      (await h.query(`SELECT 1 FROM "${SCHEMA}".policies WHERE policy_version_id = $1`, [POLICY]))
        .length === 1
        ? true
        : undefined,
    );
    await h.upstream.send(
      pool(Topics.claimApproved, LOAN, {
        claimId: CLAIM,
        loanId: LOAN,
        bankId: BANK,
        defaultId: `DC-${run}`,
        approvedOn: '2031-03-01',
        basisFen: '123456789',
        rateBp: 5400,
        poolFen: '66666666',
        capsApplied: [],
        shares: [heldShare('CITY', '66666666')],
        bankShareFen: '56790123',
        economicPolicyVersionId: POLICY,
        proceduralPolicyVersionId: POLICY,
        coSharerShares: [
          {
            partyId: 'I-ZSINS',
            kind: 'INSURER',
            shareBp: 1600,
            shareFen: '19753086',
            cutBackFen: '0',
          },
          {
            partyId: 'V-ZSVAL',
            kind: 'VALUER',
            shareBp: 400,
            shareFen: '4938272',
            cutBackFen: '0',
          },
        ],
        lenderShareFen: '32098765',
      }),
    );
    const rows = await waitFor('two obligations', async () => {
      const found = await obligations();
      return found.length === 2 ? found : undefined;
    });
    expect(rows.map((o) => [o.partyId, o.payer, o.source, o.amountFen, o.dueOn])).toEqual([
      ['I-ZSINS', 'COSHARER', 'CLAIM_SHARE', '19753086', '2031-03-21'],
      ['V-ZSVAL', 'COSHARER', 'CLAIM_SHARE', '4938272', '2031-03-21'],
    ]);
  });

  it('nets the lender’s debts to the co-sharers on their cumulative parts of the recoveries', async () => {
    await h.upstream.send(recovery(`R1-${run}`, '7654321', '1224691', '306173', '2031-04-01'));
    await waitFor('the first recovery', async () =>
      (await obligations()).length === 4 ? true : undefined,
    );
    // The next recovery: the insurer's part grows, the valuer's falls by a fen (largest remainder).
    await h.upstream.send(recovery(`R2-${run}`, '7654322', '1224692', '306172', '2031-04-02'));
    const rows = await waitFor('the second recovery', async () => {
      const found = (await obligations()).filter((o) => o.payer === 'LENDER');
      return found.length === 3 && found.some((o) => o.amountFen === '306172') ? found : undefined;
    });
    expect(rows.map((o) => [o.partyId, o.sourceRef, o.amountFen])).toEqual([
      ['I-ZSINS', `R1-${run}`, '1224691'],
      ['V-ZSVAL', `R1-${run}`, '306172'],
      ['I-ZSINS', `R2-${run}`, '1'],
    ]);
  });

  it('settles what is reported, each way apart; refuses more than is outstanding and records nothing', async () => {
    const over = await settle(bank('2031-03-05'), 'I-ZSINS', 'LENDER', '1224693', 422);
    expect(over.body).toMatchObject({
      code: 'COSHARER_SETTLEMENT.ABOVE_OUTSTANDING',
      errors: [expect.objectContaining({ field: 'amountFen' })],
    });
    const paid = await settle(bank('2031-03-05'), 'I-ZSINS', 'LENDER', '1224692', 201);
    expect(paid.body).toMatchObject({ outstandingAfterFen: '0', matched: [{}, {}] });
    const share = await settle(bank('2031-03-05'), 'I-ZSINS', 'COSHARER', '19753000', 201);
    expect(share.body).toMatchObject({ outstandingAfterFen: '86' });
    const [event] = await h.events.waitFor(
      Topics.cosharerSettlementReported,
      (d) => d.claimId === CLAIM && d.payer === 'COSHARER',
    );
    expect(event?.data).toMatchObject({
      partyId: 'I-ZSINS',
      amountFen: '19753000',
      matched: [{ source: 'CLAIM_SHARE', sourceRef: CLAIM, amountFen: '19753000' }],
    });
    const unknown = await settle(bank(), 'G-NOBODY', 'COSHARER', '1', 422);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'partyId' })]);
    await settle(identity('bank', `BX-${run}`), 'I-ZSINS', 'COSHARER', '1', 403);
  });

  it('raises each obligation still outstanding after its due date once', async () => {
    const admin = identity('admin', null);
    const checked = await h
      .post('/internal/overdue-check', admin, { businessDate: '2031-03-22' })
      .expect(200);
    const mine = (checked.body.cosharerRaised as Array<{ claimId: string }>).filter(
      (r) => r.claimId === CLAIM,
    );
    expect(mine).toEqual([
      expect.objectContaining({ partyId: 'I-ZSINS', payer: 'COSHARER', outstandingFen: '86' }),
      expect.objectContaining({ partyId: 'V-ZSVAL', payer: 'COSHARER', outstandingFen: '4938272' }),
    ]);
    const again = await h
      .post('/internal/overdue-check', admin, { businessDate: '2031-03-23' })
      .expect(200);
    expect(
      (again.body.cosharerRaised as Array<{ claimId: string }>).filter((r) => r.claimId === CLAIM),
    ).toEqual([]);
    await h.events.waitFor(Topics.cosharerObligationOverdue, (d) => d.claimId === CLAIM, 2);
  });
});
