import { Topics, uuidv7 } from '@riskpool/contracts';
import { clockAt, identity, pool, waitFor, useHarness } from '../support/harness';

const SCHEMA = 'settlement_remittances_it';
const h = useHarness(SCHEMA, { PAYMENT_RUNNER: 'disabled' });

const run = uuidv7().slice(-8).toUpperCase();
const BANK = `BR-${run}`;
const OTHER = `BX-${run}`;
const C1 = `C1-${run}`;
const C2 = `C2-${run}`;
const CX = `CX-${run}`;

function shared(
  recoveryId: string,
  claimId: string,
  bankId: string,
  cumulativeNetFen: string,
  owed: Array<[string, string, string]>,
  dueOn: string,
) {
  return pool(Topics.recoveryShared, `L-${claimId}`, {
    recoveryId,
    claimId,
    loanId: `L-${claimId}`,
    bankId,
    cumulativeNetFen,
    owed: owed.map(([fundId, cumulativeOwedFen, changeFen]) => ({
      fundId,
      cumulativeOwedFen,
      changeFen,
    })),
    bankPartFen: '0',
    dueOn,
    policyVersionId: 'P2026',
  });
}

const bank = (date?: string) => identity('bank', BANK, date);

async function owedRows(claimId?: string) {
  const response = await h
    .get(`/owed?state=all${claimId ? `&claimId=${claimId}` : ''}`, bank())
    .expect(200);
  return response.body as {
    items: Array<{
      recoveryId: string;
      fundId: string;
      owedFen: string;
      remittedFen: string;
      outstandingFen: string;
      overdueRaisedOn: string | null;
    }>;
    totals: Array<{
      fundId: string;
      outstandingFen: string;
      creditFen: string;
      overpaidFen: string;
    }>;
  };
}

describe('recovery remittances', () => {
  it('keeps what the bank owes each fund per recovery, from the cumulative figures', async () => {
    await h.upstream.send(
      // docs/domain.md §7: net recovery 90000000 → the bank owes each fund 20250000.
      shared(
        `R1-${run}`,
        C1,
        BANK,
        '90000000',
        [
          ['CITY', '20250000', '20250000'],
          ['TOWN:XIAOLAN', '20250000', '20250000'],
        ],
        '2026-04-01',
      ),
      shared(`R2-${run}`, C2, BANK, '4000', [['CITY', '1000', '1000']], '2026-04-15'),
      shared(`RX-${run}`, CX, OTHER, '4000', [['CITY', '900', '900']], '2026-04-15'),
    );
    const owed = await waitFor('three owed amounts', async () => {
      const body = await owedRows();
      return body.items.length === 3 ? body : undefined;
    });
    // Recoveries of different loans arrive on different partitions, in any order.
    expect(
      owed.items.map((o) => [o.recoveryId, o.fundId, o.owedFen, o.outstandingFen]).sort(),
    ).toEqual([
      [`R1-${run}`, 'CITY', '20250000', '20250000'],
      [`R1-${run}`, 'TOWN:XIAOLAN', '20250000', '20250000'],
      [`R2-${run}`, 'CITY', '1000', '1000'],
    ]);
  });

  it('matches a remittance oldest first; an underpayment stays outstanding', async () => {
    const response = await h
      .post('/remittances', bank('2026-03-10'), { fundId: 'CITY', amountFen: '20250500' })
      .expect(201);
    expect(response.body).toEqual(
      expect.objectContaining({
        bankId: BANK,
        fundId: 'CITY',
        amountFen: '20250500',
        matchedFen: '20250500',
        overpaidFen: '0',
        outstandingAfterFen: '500',
        receivedOn: '2026-03-10',
      }),
    );
    expect(
      response.body.matched.map((m: { recoveryId: string; amountFen: string }) => [
        m.recoveryId,
        m.amountFen,
      ]),
    ).toEqual([
      [`R1-${run}`, '20250000'],
      [`R2-${run}`, '500'],
    ]);
    const event = await h.events.waitFor(
      Topics.remittanceReceived,
      (d) => d.remittanceId === response.body.remittanceId,
    );
    expect(event[0]?.data).toEqual(
      expect.objectContaining({
        bankId: BANK,
        fundId: 'CITY',
        overpaidFen: '0',
        matched: [
          { recoveryId: `R1-${run}`, claimId: C1, loanId: `L-${C1}`, amountFen: '20250000' },
          { recoveryId: `R2-${run}`, claimId: C2, loanId: `L-${C2}`, amountFen: '500' },
        ],
      }),
    );
  });

  it('matches a remittance naming a claim to that claim only; an overpayment is visible', async () => {
    const response = await h
      .post('/remittances', bank(), { fundId: 'CITY', amountFen: '700', claimId: C2 })
      .expect(201);
    expect(response.body).toEqual(
      expect.objectContaining({ matchedFen: '500', overpaidFen: '200', outstandingAfterFen: '0' }),
    );
    const list = await h.get('/remittances', bank()).expect(200);
    expect(
      list.body.items.map(
        (r: { amountFen: string; overpaidFen: string; claimId: string | null }) => [
          r.amountFen,
          r.overpaidFen,
          r.claimId,
        ],
      ),
    ).toEqual([
      ['20250500', '0', null],
      ['700', '200', C2],
    ]);
    const city = await h.get(`/remittances?bankId=${BANK}`, identity('fund-manager', 'CITY'));
    expect(city.status).toBe(200);
    expect(city.body.items).toHaveLength(2);
    const xiaolan = await h
      .get(`/remittances?bankId=${BANK}`, identity('fund-manager', 'TOWN:XIAOLAN'))
      .expect(200);
    expect(xiaolan.body.items).toHaveLength(0);
    const owed = await owedRows();
    expect(owed.totals.find((t) => t.fundId === 'CITY')).toEqual(
      expect.objectContaining({ outstandingFen: '0', overpaidFen: '200' }),
    );
  });

  it('nets a -1 fen change against the cumulative figure (a credit once all was remitted)', async () => {
    await h.upstream.send(
      shared(
        `R3-${run}`,
        C1,
        BANK,
        '90000001',
        [
          ['CITY', '20249999', '-1'],
          ['TOWN:XIAOLAN', '20250001', '1'],
        ],
        '2026-05-01',
      ),
    );
    const owed = await waitFor('the third recovery', async () => {
      const body = await owedRows(C1);
      return body.items.length === 3 ? body : undefined;
    });
    expect(
      owed.items.map((o) => [o.recoveryId, o.fundId, o.owedFen, o.outstandingFen]).sort(),
    ).toEqual([
      [`R1-${run}`, 'CITY', '20250000', '0'],
      [`R1-${run}`, 'TOWN:XIAOLAN', '20250000', '20250000'],
      [`R3-${run}`, 'TOWN:XIAOLAN', '1', '1'],
    ]);
    expect(owed.totals.find((t) => t.fundId === 'CITY')?.creditFen).toBe('1');
    const positions = await h.query<{ fund_id: string; cumulative_owed_fen: string }>(
      `SELECT fund_id, cumulative_owed_fen::text FROM "${SCHEMA}".recovery_positions
       WHERE claim_id = $1 ORDER BY fund_id`,
      [C1],
    );
    expect(positions).toEqual([
      { fund_id: 'CITY', cumulative_owed_fen: '20249999' },
      { fund_id: 'TOWN:XIAOLAN', cumulative_owed_fen: '20250001' },
    ]);
  });

  it('raises an overdue remittance once per owed amount, after its due date', async () => {
    const admin = identity('admin', null);
    const onDue = await h
      .post('/internal/overdue-check', admin, { businessDate: '2026-04-01' })
      .expect(200);
    expect(onDue.body.raised.filter((r: { bankId: string }) => r.bankId === BANK)).toEqual([]);
    const after = await h
      .post('/internal/overdue-check', admin, { businessDate: '2026-04-02' })
      .expect(200);
    expect(after.body.raised.filter((r: { bankId: string }) => r.bankId === BANK)).toEqual([
      expect.objectContaining({
        recoveryId: `R1-${run}`,
        fundId: 'TOWN:XIAOLAN',
        outstandingFen: '20250000',
        dueOn: '2026-04-01',
      }),
    ]);
    const again = await h
      .post('/internal/overdue-check', admin, { businessDate: '2026-04-03' })
      .expect(200);
    expect(again.body.raised.filter((r: { bankId: string }) => r.bankId === BANK)).toEqual([]);

    // A request's business date is not the clock: settlement learns the date from the clock's
    // event only, and a later date triggers the check by itself.
    await h.get('/owed', bank('2026-06-30')).expect(200);
    await h.upstream.send(clockAt('2026-05-02'));
    await h.events.waitFor(
      Topics.remittanceOverdue,
      (d) => d.recoveryId === `R3-${run}` && d.fundId === 'TOWN:XIAOLAN',
    );
    const sentinel = await h
      .post('/internal/overdue-check', admin, { businessDate: '2026-05-03' })
      .expect(200);
    expect(sentinel.body.raised.filter((r: { bankId: string }) => r.bankId === BANK)).toEqual([]);
    await h.events.waitFor(Topics.remittanceOverdue, (d) => d.recoveryId === `RX-${run}`);
    const mine = h.events.of(Topics.remittanceOverdue, (d) => d.bankId === BANK);
    expect(mine.map((e) => [e.data.recoveryId, e.data.fundId, e.data.detectedOn]).sort()).toEqual([
      [`R1-${run}`, 'TOWN:XIAOLAN', '2026-04-02'],
      [`R3-${run}`, 'TOWN:XIAOLAN', '2026-05-02'],
    ]);
    const owed = await owedRows(C1);
    expect(
      owed.items.find((o) => o.recoveryId === `R1-${run}` && o.fundId === 'TOWN:XIAOLAN'),
    ).toEqual(expect.objectContaining({ overdueRaisedOn: '2026-04-02' }));
  });

  it('lets a bank neither remit for nor read another bank', async () => {
    const forOther = await h
      .post('/remittances', bank(), { fundId: 'CITY', amountFen: '100', bankId: OTHER })
      .expect(403);
    expect(forOther.body.code).toBe('AUTH.FORBIDDEN');
    await h
      .post('/remittances', bank(), { fundId: 'CITY', amountFen: '100', claimId: CX })
      .expect(403);
    await h
      .post('/remittances', identity('fund-manager', 'CITY'), { fundId: 'CITY', amountFen: '1' })
      .expect(403);
    await h.get(`/owed?bankId=${OTHER}`, bank()).expect(404);
    await h.get(`/remittances?bankId=${OTHER}`, bank()).expect(404);
    const own = await h.get('/owed?state=all', bank()).expect(200);
    expect(own.body.items.every((o: { bankId: string }) => o.bankId === BANK)).toBe(true);
    const otherBank = await h.get('/owed?state=all', identity('bank', OTHER)).expect(200);
    expect(otherBank.body.items.map((o: { recoveryId: string }) => o.recoveryId)).toEqual([
      `RX-${run}`,
    ]);
    expect(
      (
        await h.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM "${SCHEMA}".remittances WHERE bank_id = $1`,
          [OTHER],
        )
      )[0]?.n,
    ).toBe(0);
    const regulator = await h.get(`/owed?state=all&claimId=${CX}`, identity('regulator', null));
    expect(regulator.status).toBe(200);
    expect(regulator.body.items).toHaveLength(1);
    const unknown = await h
      .post('/remittances', bank(), { fundId: 'CITY', amountFen: '1', claimId: 'NO-SUCH' })
      .expect(422);
    expect(unknown.body.code).toBe('REMITTANCE.NOTHING_OWED_ON_CLAIM');
  });
});
