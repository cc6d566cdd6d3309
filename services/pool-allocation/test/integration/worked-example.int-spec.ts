// docs/domain.md §7 end to end, to the fen: events in through Kafka, HTTP as the gateway forwards it,
// events out read by a fresh consumer group.
import { Topics } from '@riskpool/contracts';
import { manager, payShares, usePool } from './support';

const XIAOLAN = 'TOWN:XIAOLAN';

describe('pool-allocation: the worked example of docs/domain.md §7', () => {
  const suite = usePool('worked');
  const { api, upstream, reader, run } = suite;
  const B1 = `B1-${run}`;
  const L1 = `L1-${run}`;
  const L2 = `L2-${run}`;
  const OTHER = `LOTHER-${run}`;
  let claimId = '';
  let claim2Id = '';

  const fund = (fundId: string) => api.fund(fundId);
  const claimView = (claimId: string) => api.claim(claimId);
  /** A loan of B1 in XIAOLAN. */
  const loanOfB1 = (loanId: string, principalFen: string, flags?: Array<'IP_PLEDGE'>) =>
    upstream.loanRegistered({ loanId, bankId: B1, townCode: 'XIAOLAN', principalFen, flags });
  /** B1's default `D<n>` on `loanId`, and the claim it opens. */
  const defaultOfB1 = (n: number, loanId: string, outstandingAtDefaultFen: string) =>
    suite.claimOpenedBy({
      defaultId: `D${n}-${run}`,
      loanId,
      bankId: B1,
      townCode: 'XIAOLAN',
      outstandingAtDefaultFen,
    });

  it('sets up funds, the default policy and the money', async () => {
    await api.createFund('CITY', 'City fund');
    await api.createFund(XIAOLAN, 'Xiaolan town fund');
    await api.publishPolicy();
    await api.deposit('CITY', '10000000000');
    const deposit = await api.deposit(XIAOLAN, '300000000');
    expect(deposit.body.availableAfterFen).toBe('300000000');
    expect(await fund(XIAOLAN)).toMatchObject({ availableFen: '300000000', heldFen: '0' });
  });

  it('opens the claim on the default of 600000001: rate 4500, pool 270000000, shares 135000000 each, bank 330000001', async () => {
    await loanOfB1(OTHER, '100000000000');
    await loanOfB1(L1, '800000000', ['IP_PLEDGE']);
    // Loans are keyed by loan id, so they reach pool-allocation on other partitions than the
    // default: wait until both are known, or the bank's NPL ratio may trip the breaker.
    await suite.waitForLoans([OTHER, L1]);
    const opened = await defaultOfB1(1, L1, '600000001');
    claimId = String(opened?.data['claimId']);
    expect(opened?.data).toMatchObject({
      status: 'OPEN',
      basisFen: '600000001',
      rateBp: 4500,
      poolFen: '270000000',
      capsApplied: [],
      bankShareFen: '330000001',
      shares: [
        { fundId: 'CITY', shareFen: '135000000', heldFen: '135000000', queuedFen: '0' },
        { fundId: XIAOLAN, shareFen: '135000000', heldFen: '135000000', queuedFen: '0' },
      ],
      economicPolicyVersionId: 'P2026-01',
      proceduralPolicyVersionId: 'P2026-01',
    });
    const holds = await reader.waitFor(Topics.holdPlaced, (d) => d['claimId'] === claimId, 2);
    expect(holds.map((h) => [h.data['fundId'], h.data['amountFen'], h.data['cause']])).toEqual([
      ['CITY', '135000000', 'CLAIM_OPENED'],
      [XIAOLAN, '135000000', 'CLAIM_OPENED'],
    ]);
    expect(await fund(XIAOLAN)).toMatchObject({ availableFen: '165000000', heldFen: '135000000' });
    const view = await claimView(claimId);
    expect(view).toMatchObject({
      status: 'OPEN',
      uncappedPoolFen: '270000000',
      tierRateBp: 3000,
      bonusBp: 1500,
      caps: { perLoanCapFen: '500000000' },
      loan: { loanId: L1, principalFen: '800000000', flags: ['IP_PLEDGE'] },
      approvals: { required: ['CITY', XIAOLAN], approved: [] },
    });
    expect(reader.of(Topics.breakerTripped, (d) => d['bankId'] === B1)).toEqual([]);
  });

  it('needs both funds to approve; then it is APPROVED and settlement pays both shares', async () => {
    const first = await api
      .post(manager('CITY'), `/claims/${claimId}/decisions`, { decision: 'APPROVE' })
      .expect(200);
    expect(first.body).toMatchObject({
      status: 'OPEN',
      approvals: { approved: ['CITY'], pending: [XIAOLAN] },
    });
    const again = await api
      .post(manager('CITY'), `/claims/${claimId}/decisions`, { decision: 'APPROVE' })
      .expect(409);
    expect(again.body.code).toBe('CLAIM.ALREADY_APPROVED');
    const second = await api
      .post(manager(XIAOLAN), `/claims/${claimId}/decisions`, { decision: 'APPROVE' })
      .expect(200);
    expect(second.body.status).toBe('APPROVED');
    const [approved] = await reader.waitFor(Topics.claimApproved, (d) => d['claimId'] === claimId);
    expect(approved?.data).toMatchObject({ poolFen: '270000000', bankShareFen: '330000001' });
    await reader.waitFor(Topics.claimDecided, (d) => d['claimId'] === claimId, 2);

    await payShares(
      api,
      upstream,
      { claimId, loanId: L1, defaultId: `D1-${run}`, bankId: B1 },
      (fundId) => `P-${fundId}-${run}`,
      ['CITY', XIAOLAN],
      '135000000',
    );
    expect(await fund(XIAOLAN)).toMatchObject({ availableFen: '165000000', heldFen: '0' });
  });

  it('shares the recovery of 100000000 less 10000000 as 20250000 / 20250000 / 49500000', async () => {
    await upstream.recoveryReported(
      { loanId: L1, bankId: B1, defaultId: `D1-${run}` },
      `R1-${run}`,
      {
        amountFen: '100000000',
        costsFen: '10000000',
        netFen: '90000000',
        recoveredOn: '2026-07-01',
      },
    );
    const [shared] = await reader.waitFor(Topics.recoveryShared, (d) => d['claimId'] === claimId);
    expect(shared?.data).toMatchObject({
      recoveryId: `R1-${run}`,
      cumulativeNetFen: '90000000',
      owed: [
        { fundId: 'CITY', cumulativeOwedFen: '20250000', changeFen: '20250000' },
        { fundId: XIAOLAN, cumulativeOwedFen: '20250000', changeFen: '20250000' },
      ],
      bankPartFen: '49500000',
      dueOn: '2026-07-31',
      policyVersionId: 'P2026-01',
    });
  });

  it('holds 165000000 and queues 35000000 of a second XIAOLAN default sharing 200000000', async () => {
    await loanOfB1(L2, '2000000000');
    const opened = await defaultOfB1(2, L2, '2000000000');
    claim2Id = String(opened?.data['claimId']);
    expect(opened?.data).toMatchObject({
      poolFen: '400000000',
      shares: [
        { fundId: 'CITY', shareFen: '200000000', heldFen: '200000000', queuedFen: '0' },
        { fundId: XIAOLAN, shareFen: '200000000', heldFen: '165000000', queuedFen: '35000000' },
      ],
    });
    const xiaolan = await fund(XIAOLAN);
    expect(xiaolan).toMatchObject({
      availableFen: '0',
      heldFen: '165000000',
      queuedFen: '35000000',
      queue: [{ claimId: claim2Id, loanId: L2, amountFen: '35000000' }],
    });
  });

  it('fills the queue first when money arrives: the remitted recovery, then a deposit', async () => {
    await upstream.emit(Topics.remittanceReceived, XIAOLAN, {
      remittanceId: `RM1-${run}`,
      bankId: B1,
      fundId: XIAOLAN,
      amountFen: '20250000',
      matched: [{ recoveryId: `R1-${run}`, claimId, loanId: L1, amountFen: '20250000' }],
      overpaidFen: '0',
      receivedOn: '2026-07-20',
    });
    await reader.waitFor(
      Topics.holdPlaced,
      (d) =>
        d['claimId'] === claim2Id && d['cause'] === 'QUEUE_FILLED' && d['amountFen'] === '20250000',
    );
    expect(await fund(XIAOLAN)).toMatchObject({ availableFen: '0', queuedFen: '14750000' });

    const deposit = await api.deposit(XIAOLAN, '20000000');
    expect(deposit.body).toMatchObject({
      availableAfterFen: '5250000',
      fills: [{ claimId: claim2Id, amountFen: '14750000', partCompleted: true }],
    });
    await reader.waitFor(
      Topics.holdPlaced,
      (d) =>
        d['claimId'] === claim2Id && d['cause'] === 'QUEUE_FILLED' && d['amountFen'] === '14750000',
    );
    expect(await fund(XIAOLAN)).toMatchObject({
      availableFen: '5250000',
      heldFen: '200000000',
      queuedFen: '0',
      queue: [],
    });
    const [deposited] = await reader.waitFor(
      Topics.fundDeposited,
      (d) => d['depositId'] === deposit.body.depositId,
    );
    expect(deposited?.data['availableAfterFen']).toBe('5250000');
  });
});
