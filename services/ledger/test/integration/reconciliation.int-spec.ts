import request from 'supertest';
import { Identity, Topics, uuidv7 } from '@riskpool/contracts';
import { createKafka, silentLogger } from '@riskpool/kafka';
import { closeAll, gatewayHeaders, testInfra, TopicReader } from '@riskpool/testing';
import { LedgerWriter } from '../../src/journal/ledger-writer';
import { ReconciliationStandIns } from '../stand-ins';
import {
  claimOpened,
  fundDeposit,
  holdPlaced,
  ledgerGet,
  payoutCompleted,
  useLedger,
  waitFor,
  who,
} from '../support';

// The reconciliation check against stand-ins for pool-allocation (`GET /funds`) and settlement
// (`GET /totals`) that answer only calls carrying a valid signed identity. The other test files of
// this group share the broker, so the book also holds their funds and banks: the stand-ins report
// those as the ledger's own reports do, and hand-written figures for this file's fund and bank.
const SCHEMA = 'ledger_recon_it';
const run = uuidv7().slice(-8);
const C1 = `C1-${run}`;
const L1 = `L1-${run}`;
const CITY = `R${run.toUpperCase()}`;
const X = `S${run.toUpperCase()}`;
const B1 = `B1${run.replace(/[^A-Za-z0-9]/g, '').toUpperCase()}`.slice(0, 20);

let reader: TopicReader;

/** What the stand-ins report; the test plants a difference by changing it. */
const reported = {
  funds: [
    { fundId: CITY, depositedFen: '1000', availableFen: '700', heldFen: '0' },
    { fundId: X, depositedFen: '500', availableFen: '500', heldFen: '0' },
  ],
  settlementFunds: [{ fundId: CITY, paidFen: '300', remittedFen: '0' }],
  settlementBanks: [{ bankId: B1, paidFen: '300', remittedFen: '0' }],
};

/** The stand-ins; the ledger must call them as `service:ledger`, never admin. */
const standIns = new ReconciliationStandIns();

const regulator: Identity = who('regulator', null, '2026-03-01');
const get = (path: string) => ledgerGet(ledger.service.url, path, regulator);
/** The ledger's own report of the parties this file does not own. */
async function othersReported(kind: 'funds' | 'banks'): Promise<Array<Record<string, string>>> {
  const res = await get(`/reports/${kind}?limit=500`).expect(200);
  const mine = new Set([CITY, X, B1]);
  return (res.body.items as Array<Record<string, string>>).filter(
    (r) => !mine.has(r['fundId'] ?? r['bankId'] ?? ''),
  );
}

const reconcileNow = () => get('/ledger/reconciliation');

const deposit = (fundId: string, amountFen: string) => fundDeposit(fundId, amountFen);

const ledger = useLedger(SCHEMA, `ledger-recon-${run}`, async () => ({
  ...(await standIns.start({
    pool: async () => ({
      items: [...(await othersReported('funds')), ...reported.funds],
      nextCursor: null,
    }),
    settlement: async () => {
      const funds = await othersReported('funds');
      const banks = await othersReported('banks');
      return {
        funds: [
          ...funds.map((f) => ({ fundId: f['fundId'], paidFen: f['paidOutFen'] })),
          ...reported.settlementFunds,
        ],
        banks: [
          ...banks.map((b) => ({
            bankId: b['bankId'],
            paidFen: b['compensationReceivedFen'],
            remittedFen: b['recoveriesRemittedFen'],
          })),
          ...reported.settlementBanks,
        ],
      };
    },
    // No subsidy fund in this file's book (test/integration/subsidy.int-spec.ts reconciles them).
    subsidy: async () => ({ items: [], nextCursor: null }),
  })),
  LEDGER_RECONCILE_SECONDS: '0',
  LEDGER_RECONCILE_CONFIRM_MS: '300',
}));
const { send } = ledger;

beforeAll(async () => {
  reader = new TopicReader(
    createKafka({ brokers: testInfra().brokers, clientId: `recon-${run}`, logger: silentLogger }),
    [Topics.ledgerReconciliationAlert],
  );
  await reader.start();

  // CITY: 1,000 in, 300 held for C1 and paid to B1; X: 500 in.
  const hold = holdPlaced(C1, L1, CITY, '300');
  await send(
    deposit(CITY, '1000'),
    deposit(X, '500'),
    claimOpened(
      { claimId: C1, loanId: L1, bankId: B1 },
      { townCode: 'GUZHEN', status: 'OPEN', openedOn: '2026-03-01' },
      {
        basisFen: '1000',
        rateBp: 3000,
        poolFen: '300',
        capsApplied: [],
        shares: [{ fundId: CITY, shareFen: '300', heldFen: '300', queuedFen: '0' }],
        bankShareFen: '700',
        economicPolicyVersionId: 'P1',
        proceduralPolicyVersionId: 'P1',
      },
    ),
    hold,
  );
  const writer = ledger.service.app.get(LedgerWriter);
  await waitFor('the hold booked', async () =>
    writer.ledgerState.event(hold.envelope.id) !== undefined ? true : undefined,
  );
  await send(payoutCompleted({ claimId: C1, loanId: L1, bankId: B1 }, CITY, '300'));
  await waitFor('the payout booked', async () =>
    writer.ledgerState.balance(`bank:${B1}:compensation-received`).creditsPosted === 300n
      ? true
      : undefined,
  );
}, 120_000);

afterAll(() => closeAll(reader, standIns));

describe('reconciliation of the ledger with pool-allocation and settlement', () => {
  it('finds equal totals and raises no alert', async () => {
    const res = await reconcileNow().expect(200);
    expect(res.body).toMatchObject({ ok: true, differences: [] });
    expect(standIns.unsignedCalls).toEqual([]);
    expect(new Set(standIns.callers)).toEqual(new Set(['service:ledger']));
    // Give a wrongly published alert the time to arrive before asserting there is none.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(reader.seen.filter((e) => e.topic === Topics.ledgerReconciliationAlert)).toEqual([]);
  }, 60_000);

  it('alerts on a planted difference, with the fund or bank and both figures', async () => {
    reported.funds = reported.funds.map((f) =>
      f.fundId === X ? { ...f, depositedFen: '600', availableFen: '600' } : f,
    );
    reported.settlementBanks = [{ bankId: B1, paidFen: '250', remittedFen: '0' }];
    const res = await reconcileNow().expect(200);
    expect(res.body.ok).toBe(false);
    expect(res.body.differences).toEqual([
      expect.objectContaining({
        party: 'fund',
        partyId: X,
        figure: 'depositedFen',
        ledgerFen: '500',
        sourceFen: '600',
        differenceFen: '-100',
      }),
      expect.objectContaining({
        party: 'fund',
        partyId: X,
        figure: 'availableFen',
        ledgerFen: '500',
        sourceFen: '600',
      }),
      expect.objectContaining({
        party: 'bank',
        partyId: B1,
        figure: 'compensationReceivedFen',
        source: 'settlement',
        ledgerFen: '300',
        sourceFen: '250',
        differenceFen: '50',
      }),
    ]);
    const alerts = await waitFor('three alert events', async () => {
      const seen = reader.seen.filter((e) => e.topic === Topics.ledgerReconciliationAlert);
      return seen.length >= 3 ? seen : undefined;
    });
    expect(alerts.map((a) => a.data)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          checkId: res.body.checkId,
          party: 'fund',
          partyId: X,
          figure: 'depositedFen',
          source: 'pool-allocation',
          ledgerFen: '500',
          sourceFen: '600',
          differenceFen: '-100',
        }),
        expect.objectContaining({
          party: 'bank',
          partyId: B1,
          figure: 'compensationReceivedFen',
          ledgerFen: '300',
          sourceFen: '250',
        }),
      ]),
    );
  }, 60_000);

  it('answers regulators and admins only', async () => {
    await request(ledger.service.url)
      .get('/ledger/reconciliation')
      .set(
        gatewayHeaders(
          { ...regulator, role: 'bank', scope: B1 },
          'ledger',
          'GET',
          '/ledger/reconciliation',
        ),
      )
      .expect(403);
  });
});
