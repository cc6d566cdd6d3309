// docs/domain.md §8.5 through pool-allocation: under AFTER_RECOVERY a default opens no claim (the
// loan is DEFAULTED and waits); the bank's recovery declaration (credit.recovery-closed.v1) opens it
// on the basis left after the recoveries it counted, which change nothing when their own events
// arrive; a later recovery before payout lowers the basis as usual; a cure while waiting ends the
// wait with no claim.
import { Topics } from '@riskpool/contracts';
import { type RecoveryAmounts, regulator, usePool, waitFor } from './support';

const TORCH = 'TOWN:TORCH';

describe('pool-allocation: after-recovery claims (docs/domain.md §8.5)', () => {
  const suite = usePool('afterrec');
  const { api, upstream, reader, run } = suite;
  const BANK = `BA-${run}`;
  const LOAN = `LA-${run}`;
  const CURED_LOAN = `LC-${run}`;
  const DEFAULT = `DA-${run}`;

  /** The bank reports a recovery on the defaulted loan. */
  const reportRecovery = (recoveryId: string, amounts: RecoveryAmounts) =>
    upstream.recoveryReported(
      { loanId: LOAN, bankId: BANK, defaultId: DEFAULT },
      recoveryId,
      amounts,
    );
  const waitRow = async (defaultId: string) => {
    const rows = (await suite.pool.service.dataSource.query(
      `SELECT status, claim_id FROM "${suite.pool.schema}".awaiting_claims WHERE default_id = $1`,
      [defaultId],
    )) as Array<{ status: string; claim_id: string }>;
    return rows[0];
  };
  const claimsOf = async (loanId: string) =>
    (
      (await suite.pool.service.dataSource.query(
        `SELECT claim_id FROM "${suite.pool.schema}".claims WHERE loan_id = $1`,
        [loanId],
      )) as unknown[]
    ).length;
  const loanStatus = async (loanId: string) =>
    (
      (await suite.pool.service.dataSource.query(
        `SELECT status FROM "${suite.pool.schema}".loans WHERE loan_id = $1`,
        [loanId],
      )) as Array<{ status: string }>
    )[0]?.status;

  beforeAll(async () => {
    await api.createFund('CITY', 'City fund');
    await api.createFund(TORCH, 'Torch fund');
    await api.publishPolicy({ versionId: 'AR-2026', compensationTiming: 'AFTER_RECOVERY' });
    for (const fundId of ['CITY', TORCH]) await api.deposit(fundId, '1000000000');
    for (const [loanId, principalFen] of [
      [LOAN, '200000000'],
      [CURED_LOAN, '100000000'],
      // Keeps the bank's NPL ratio under the breaker.
      [`${LOAN}-OTHER`, '10000000000'],
    ] as const)
      await upstream.loanRegistered({
        loanId,
        bankId: BANK,
        townCode: 'TORCH',
        principalFen,
        policyVersionId: 'AR-2026',
      });
    await suite.waitForLoans([LOAN, CURED_LOAN, `${LOAN}-OTHER`]);
  });

  it('opens no claim at the default: the loan is DEFAULTED and waits', async () => {
    await upstream.defaultReported({
      defaultId: DEFAULT,
      loanId: LOAN,
      bankId: BANK,
      townCode: 'TORCH',
      outstandingAtDefaultFen: '120000000',
    });
    const wait = await waitFor('the wait', async () => waitRow(DEFAULT));
    expect(wait.status).toBe('WAITING');
    expect(await loanStatus(LOAN)).toBe('DEFAULTED');
    expect(await claimsOf(LOAN)).toBe(0);
  });

  it('opens the claim on the recovery declaration, on 120000000 − 30000000 recovered; the counted recovery changes nothing; a later one lowers the basis', async () => {
    // Reported while waiting (parked: no claim yet), then counted by the declaration.
    await reportRecovery(`RA1-${run}`, {
      amountFen: '31000000',
      costsFen: '1000000',
      netFen: '30000000',
      recoveredOn: '2026-08-01',
    });
    await upstream.emit(Topics.recoveryClosed, LOAN, {
      defaultId: DEFAULT,
      loanId: LOAN,
      bankId: BANK,
      closedOn: '2027-02-01',
      netRecoveredFen: '30000000',
      recoveryIds: [`RA1-${run}`],
    });
    const [opened] = await reader.waitFor(Topics.claimOpened, (d) => d['loanId'] === LOAN);
    const claimId = String(opened?.data['claimId']);
    expect(opened?.data).toMatchObject({
      status: 'OPEN',
      openedOn: '2027-02-01',
      basisFen: '90000000',
      defaultId: DEFAULT,
    });
    expect(claimId).toBe((await waitRow(DEFAULT))?.claim_id);
    expect((await waitRow(DEFAULT))?.status).toBe('OPENED');
    const view = (await api.get(regulator, `/claims/${claimId}`).expect(200)).body;
    expect(view).toMatchObject({ basisFen: '90000000', recoveredBeforePayoutFen: '30000000' });

    await reportRecovery(`RA2-${run}`, {
      amountFen: '1000000',
      costsFen: '0',
      netFen: '1000000',
      recoveredOn: '2027-03-01',
    });
    const [adjusted] = await reader.waitFor(Topics.claimAdjusted, (d) => d['claimId'] === claimId);
    // From 90000000, not from 60000000: the counted recovery was not taken off twice.
    expect(adjusted?.data).toMatchObject({ previousBasisFen: '90000000', basisFen: '89000000' });
    expect(await claimsOf(LOAN)).toBe(1);
  });

  it('ends the wait on a cure: no claim, the loan REGISTERED again', async () => {
    const curedDefault = `DC-${run}`;
    await upstream.defaultReported({
      defaultId: curedDefault,
      loanId: CURED_LOAN,
      bankId: BANK,
      townCode: 'TORCH',
      outstandingAtDefaultFen: '90000000',
    });
    await waitFor('the wait', async () => waitRow(curedDefault));
    await upstream.emit(Topics.defaultCured, CURED_LOAN, {
      defaultId: curedDefault,
      loanId: CURED_LOAN,
      bankId: BANK,
      curedOn: '2026-06-01',
      outstandingFen: '90000000',
    });
    await waitFor('the cure', async () =>
      (await waitRow(curedDefault))?.status === 'CURED' ? true : undefined,
    );
    expect(await loanStatus(CURED_LOAN)).toBe('REGISTERED');
    expect(await claimsOf(CURED_LOAN)).toBe(0);
  });
});
