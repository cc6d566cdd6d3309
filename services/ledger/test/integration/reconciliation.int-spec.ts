import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import {
  createEvent,
  Identity,
  OutgoingEvent,
  SERVICE_ROLES,
  Topics,
  uuidv7,
  verifyIdentity,
} from '@riskpool/contracts';
import { createKafka, EventProducer, silentLogger } from '@riskpool/kafka';
import { RunningService } from '@riskpool/service-kit';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ensureLedgerKeyFile,
  gatewayHeaders,
  testInfra,
  testLedgerKeys,
  TopicReader,
} from '@riskpool/testing';
import { LedgerConfig } from '../../src/config/ledger.config';
import { LedgerWriter } from '../../src/journal/ledger-writer';
import { sendEvents, startLedger, waitFor } from '../support';

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

let service: RunningService<LedgerConfig>;
let producer: EventProducer;
let reader: TopicReader;
const stubs: Server[] = [];
const unsignedCalls: string[] = [];

/** What the stand-ins report; the test plants a difference by changing it. */
const reported = {
  funds: [
    { fundId: CITY, depositedFen: '1000', availableFen: '700', heldFen: '0' },
    { fundId: X, depositedFen: '500', availableFen: '500', heldFen: '0' },
  ],
  settlementFunds: [{ fundId: CITY, paidFen: '300', remittedFen: '0' }],
  settlementBanks: [{ bankId: B1, paidFen: '300', remittedFen: '0' }],
};

/** The identities the stand-ins saw (the ledger must call as `service:ledger`, never admin). */
const callers: string[] = [];

async function stub(target: string, route: string, body: () => Promise<unknown>): Promise<string> {
  const answer = async (req: IncomingMessage, res: ServerResponse) => {
    // As pool-allocation and settlement do: the ledger's key, trusted for service:ledger only.
    const check = verifyIdentity(
      req.headers,
      { target, method: req.method ?? '', path: req.url ?? '' },
      [{ issuer: 'ledger', publicKey: testLedgerKeys.publicKey, roles: SERVICE_ROLES }],
    );
    if (check.ok) callers.push(check.identity.role);
    if (!check.ok) {
      unsignedCalls.push(req.url ?? '');
      res.writeHead(401).end();
      return;
    }
    if ((req.url ?? '').split('?')[0] !== route) {
      res.writeHead(404).end();
      return;
    }
    const json = JSON.stringify(await body());
    res.writeHead(200, { 'content-type': 'application/json' }).end(json);
  };
  const server = createServer((req, res) => {
    answer(req, res).catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stubs.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const ev = (topic: OutgoingEvent['topic'], subject: string, data: unknown) =>
  createEvent({ topic, source: 'pool-allocation', subject, data } as Parameters<
    typeof createEvent
  >[0]);

const send = (...events: OutgoingEvent[]) => sendEvents(producer, ...events);

const regulator: Identity = {
  role: 'regulator',
  scope: null,
  keyId: 'k-regulator',
  businessDate: '2026-03-01',
  requestId: 'r',
};
/** The ledger's own report of the parties this file does not own. */
async function othersReported(kind: 'funds' | 'banks'): Promise<Array<Record<string, string>>> {
  const res = await request(service.url)
    .get(`/reports/${kind}?limit=500`)
    .set(
      gatewayHeaders(
        { ...regulator, requestId: uuidv7() },
        'ledger',
        'GET',
        `/reports/${kind}?limit=500`,
      ),
    )
    .expect(200);
  const mine = new Set([CITY, X, B1]);
  return (res.body.items as Array<Record<string, string>>).filter(
    (r) => !mine.has(r['fundId'] ?? r['bankId'] ?? ''),
  );
}

const reconcileNow = () =>
  request(service.url)
    .get('/ledger/reconciliation')
    .set(
      gatewayHeaders(
        { ...regulator, requestId: uuidv7() },
        'ledger',
        'GET',
        '/ledger/reconciliation',
      ),
    );

const deposit = (fundId: string, amountFen: string) =>
  ev(Topics.fundDeposited, fundId, {
    depositId: uuidv7(),
    fundId,
    amountFen,
    depositedBy: 'it',
    depositedAt: new Date().toISOString(),
    availableAfterFen: '0',
  });

beforeAll(async () => {
  const infra = testInfra();
  const poolUrl = await stub('pool-allocation', '/reconciliation/funds', async () => ({
    items: [...(await othersReported('funds')), ...reported.funds],
    nextCursor: null,
  }));
  const settlementUrl = await stub('settlement', '/totals', async () => {
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
  });
  // No subsidy fund in this file's book (test/integration/subsidy.int-spec.ts reconciles them).
  const subsidyUrl = await stub('subsidy', '/reconciliation/funds', async () => ({
    items: [],
    nextCursor: null,
  }));
  service = await startLedger(
    SCHEMA,
    `ledger-recon-${run}`,
    ensureLedgerKeyFile(mkdtempSync(join(tmpdir(), 'ledger-recon-it-'))).file,
    {
      POOL_ALLOCATION_URL: poolUrl,
      SETTLEMENT_URL: settlementUrl,
      SUBSIDY_URL: subsidyUrl,
      LEDGER_RECONCILE_SECONDS: '0',
      LEDGER_RECONCILE_CONFIRM_MS: '300',
    },
  );
  const kafka = createKafka({
    brokers: infra.brokers,
    clientId: `recon-${run}`,
    logger: silentLogger,
  });
  producer = new EventProducer(kafka);
  await producer.connect();
  reader = new TopicReader(kafka, [Topics.ledgerReconciliationAlert]);
  await reader.start();

  // CITY: 1,000 in, 300 held for C1 and paid to B1; X: 500 in.
  const hold = ev(Topics.holdPlaced, L1, {
    holdId: `${C1}:${CITY}`,
    fundId: CITY,
    claimId: C1,
    loanId: L1,
    amountFen: '300',
    cause: 'CLAIM_OPENED',
    placedAt: new Date().toISOString(),
  });
  await send(
    deposit(CITY, '1000'),
    deposit(X, '500'),
    ev(Topics.claimOpened, L1, {
      claimId: C1,
      loanId: L1,
      bankId: B1,
      defaultId: `D-${L1}`,
      townCode: 'GUZHEN',
      status: 'OPEN',
      openedOn: '2026-03-01',
      basisFen: '1000',
      rateBp: 3000,
      poolFen: '300',
      capsApplied: [],
      shares: [{ fundId: CITY, shareFen: '300', heldFen: '300', queuedFen: '0' }],
      bankShareFen: '700',
      economicPolicyVersionId: 'P1',
      proceduralPolicyVersionId: 'P1',
    }),
    hold,
  );
  const writer = service.app.get(LedgerWriter);
  await waitFor('the hold booked', async () =>
    writer.ledgerState.event(hold.envelope.id) !== undefined ? true : undefined,
  );
  await send(
    createEvent({
      topic: Topics.payoutCompleted,
      source: 'settlement',
      subject: L1,
      data: {
        payoutId: uuidv7().replace(/-/g, ''),
        claimId: C1,
        loanId: L1,
        defaultId: `D-${L1}`,
        bankId: B1,
        fundId: CITY,
        amountFen: '300',
        source: 'APPROVED_SHARE',
        rail: 'SIMULATED',
        railReference: 'sim',
        attempts: 1,
        completedAt: new Date().toISOString(),
      },
    }),
  );
  await waitFor('the payout booked', async () =>
    writer.ledgerState.balance(`bank:${B1}:compensation-received`).creditsPosted === 300n
      ? true
      : undefined,
  );
}, 120_000);

afterAll(async () => {
  await reader?.stop();
  await producer?.disconnect();
  await service?.stop();
  for (const s of stubs) await new Promise((resolve) => s.close(resolve));
});

describe('reconciliation of the ledger with pool-allocation and settlement', () => {
  it('finds equal totals and raises no alert', async () => {
    const res = await reconcileNow().expect(200);
    expect(res.body).toMatchObject({ ok: true, differences: [] });
    expect(unsignedCalls).toEqual([]);
    expect(new Set(callers)).toEqual(new Set(['service:ledger']));
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
    await request(service.url)
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
