import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EventData, Identity, TopicName, Topics, uuidv7 } from '@riskpool/contracts';
import { defaultPolicy } from '@riskpool/domain';
import { closeAll, testPolicyVariant } from '@riskpool/testing';
import { LedgerWriter } from '../../src/journal/ledger-writer';
import { approvedRound, interestReport } from '../../src/verify/subsidy-fixtures';
import { verifyExportFile } from '../../src/verify/verify';
import { ReconciliationStandIns } from '../stand-ins';
import {
  exportRequest,
  ledgerGet,
  subsidyFundDeposit,
  upstreamEvent,
  useLedger,
  waitFor,
  who,
} from '../support';

// The interest subsidy in the book (docs/domain.md §9): subsidy deposits, a round's grants and
// lapses per loan (the town fund cut pro rata), the payments to enterprises (one of them arriving
// before the round's approval), verify recomputing every grant, and the reconciliation with
// stand-ins for the subsidy service and settlement.
const SCHEMA = 'ledger_subsidy_it';
const run = uuidv7().slice(-8);
const CITY = 'SUBSIDY:CITY';
const TOWN = 'SUBSIDY:TOWN:XIAOLAN';
const L1 = `L1-${run}`;
const L2 = `L2-${run}`;
const E1 = '91350100M000100Y43';
const E2 = '91440000MA4UU1WX5K';

const published = testPolicyVariant('SUB-P1');
const policy = defaultPolicy('SUB-P1', published.policy.effectiveFrom);
const reports = [
  interestReport(
    {
      reportId: `R1-${run}`,
      loanId: L1,
      uscc: E1,
      flags: ['IP_PLEDGE'],
      annualRateBp: 600,
      reportedAt: '2026-04-02T01:00:00.000Z',
    },
    policy,
  ),
  interestReport(
    {
      reportId: `R2-${run}`,
      loanId: L2,
      uscc: E2,
      bankId: 'B2',
      flags: [],
      annualRateBp: 400,
      reportedAt: '2026-04-02T02:00:00.000Z',
    },
    policy,
  ),
];
const round = approvedRound(
  `RD-${run}`,
  reports,
  new Map([
    [CITY, 100_000_000n],
    [TOWN, 2_000_000n],
  ]),
);
const grantOf = (loanId: string, fundId: string) =>
  round.grants.find((g) => g.loanId === loanId && g.fundId === fundId) as (typeof round.grants)[0];

/** What the stand-ins report (the subsidy service's and settlement's totals). */
const reported = {
  subsidy: [] as Array<Record<string, string>>,
  settlement: [] as Array<{ fundId: string; paidFen: string }>,
};

const standIns = new ReconciliationStandIns();

const ledger = useLedger(SCHEMA, `ledger-sub-${run}`, async () => ({
  LOG_LEVEL: 'warn',
  LEDGER_CHECKPOINT_EVERY: '3',
  LEDGER_CHECKPOINT_SECONDS: '1',
  ...(await standIns.start({
    pool: () => ({ items: [], nextCursor: null }),
    settlement: () => ({ funds: [], banks: [], subsidyFunds: reported.settlement }),
    subsidy: () => ({ items: reported.subsidy, nextCursor: null }),
  })),
  LEDGER_RECONCILE_SECONDS: '0',
  LEDGER_RECONCILE_CONFIRM_MS: '0',
}));
afterAll(() => closeAll(standIns));

const ev = <T extends TopicName>(topic: T, source: string, subject: string, data: EventData<T>) =>
  upstreamEvent(topic, subject, data, source);
const { send } = ledger;
const regulator: Identity = who('regulator', null, '2026-06-01');
const get = (path: string) => ledgerGet(ledger.service.url, path, regulator);
const deposit = subsidyFundDeposit;
function payment(uscc: string, loanId: string) {
  const parts = round.grants
    .filter((g) => g.uscc === uscc && BigInt(g.grantedFen) > 0n)
    .map((g) => ({
      reportId: g.reportId,
      loanId,
      bankId: g.bankId,
      fundId: g.fundId,
      amountFen: g.grantedFen,
    }));
  return ev(Topics.subsidyPaymentCompleted, 'settlement', uscc, {
    paymentId: uuidv7().replace(/-/g, ''),
    roundId: round.roundId,
    closing: 1,
    uscc,
    payeeAccountNo: '6222000011112222',
    payeeAccountName: 'Payee',
    amountFen: parts.reduce((s, p) => s + BigInt(p.amountFen), 0n).toString(),
    parts,
    rail: 'PAIN001_FILE',
    railReference: `CUST-${uscc}`,
    attempts: 1,
    completedAt: new Date().toISOString(),
  });
}
const balance = (account: string) =>
  ledger.service.app.get(LedgerWriter).ledgerState.balance(account);

beforeAll(async () => {
  await send(
    ev(Topics.policyPublished, 'pool-allocation', 'SUB-P1', published),
    ev(Topics.subsidyFundCreated, 'subsidy', CITY, {
      fundId: CITY,
      name: 'City interest subsidy fund',
      kind: 'SUBSIDY_CITY',
      createdAt: new Date().toISOString(),
    }),
    deposit(CITY, '100000000'),
    deposit(TOWN, '2000000'),
    ...reports.map((r) => ev(Topics.interestReported, 'subsidy', r.loanId, r)),
  );
  // E1's payment before the round's approval: parked until its grants are booked.
  const early = payment(E1, L1);
  await send(early);
  await waitFor('the early payment parked', async () => {
    const rows = await ledger.admin.query(
      `SELECT 1 FROM "${SCHEMA}".parked_events WHERE event_id = $1`,
      [early.envelope.id],
    );
    return rows.rowCount === 1 ? true : undefined;
  });
  await send(ev(Topics.subsidyRoundApproved, 'subsidy', round.roundId, round));
  await send(payment(E2, L2));
  await waitFor('both payments booked', async () =>
    balance(`fund:${CITY}:subsidies-paid`).creditsPosted ===
    BigInt(grantOf(L1, CITY).grantedFen) + BigInt(grantOf(L2, CITY).grantedFen)
      ? true
      : undefined,
  );
  const writer = ledger.service.app.get(LedgerWriter);
  await waitFor('a checkpoint of every entry', async () =>
    writer.latestCheckpoint?.treeSize === writer.ledgerState.size ? true : undefined,
  );
}, 120_000);

describe('the ledger books interest subsidies per loan (docs/domain.md §9)', () => {
  it('books grants and lapses per loan and fund, and every payment, in balanced entries', async () => {
    const town1 = grantOf(L1, TOWN);
    const town2 = grantOf(L2, TOWN);
    expect(round.funds.find((f) => f.fundId === TOWN)?.proRata).toBe(true);
    expect(BigInt(town1.lapsedFen) + BigInt(town2.lapsedFen)).toBeGreaterThan(0n);
    for (const g of round.grants) {
      // Granted: paid in full since; lapsed: kept on the loan's lapsed account.
      expect(balance(`loan:${g.loanId}:subsidy-payable:fund:${g.fundId}`)).toMatchObject({
        creditsPosted: BigInt(g.grantedFen),
        debitsPosted: BigInt(g.grantedFen),
      });
      expect(balance(`loan:${g.loanId}:subsidy-lapsed:fund:${g.fundId}`).creditsPosted).toBe(
        BigInt(g.lapsedFen),
      );
    }
    expect(balance(`fund:${TOWN}:available`).creditsPosted).toBe(2_000_000n);
    expect(balance(`fund:${TOWN}:available`).debitsPosted).toBe(2_000_000n);
    expect(balance(`fund:${TOWN}:lapsed`).debitsPosted).toBe(
      BigInt(town1.lapsedFen) + BigInt(town2.lapsedFen),
    );
    const unbalanced = await ledger.admin.query(
      `SELECT seq FROM "${SCHEMA}".postings GROUP BY seq
       HAVING sum(CASE WHEN side = 'DEBIT' THEN amount_fen ELSE -amount_fen END) <> 0`,
    );
    expect(unbalanced.rows).toEqual([]);
    // Per loan: the entries of L1 name the loan and the report's policy version.
    const entries = await get(`/ledger/entries?loan=${L1}&limit=500`).expect(200);
    const kinds = (entries.body.items as Array<{ eventType: string; policyVersion?: string }>).map(
      (e) => [e.eventType, e.policyVersion ?? null],
    );
    expect(kinds).toEqual([
      [Topics.subsidyRoundApproved, 'SUB-P1'],
      [Topics.subsidyRoundApproved, 'SUB-P1'],
      [Topics.subsidyPaymentCompleted, null],
      [Topics.subsidyPaymentCompleted, null],
    ]);
  });

  it('verify recomputes every grant from its policy version and the round, and names an altered one', async () => {
    const res = await exportRequest(ledger.service.url, regulator).expect(200);
    const file = join(ledger.dir, 'export.jsonl');
    writeFileSync(file, res.body as string);
    expect(res.body as string).toContain('"type":"subsidy-round"');
    const key = (await get('/ledger/public-key').expect(200)).body.publicKeyPem as string;
    const report = await verifyExportFile(file, key);
    expect(report.ok).toBe(true);

    // The round record says another available amount for the short town fund: the grants the
    // entries carry are no longer what the pro-rata cut gives, and verify names the first one.
    const lines = readFileSync(file, 'utf8').split('\n');
    const at = lines.findIndex((l) => l.includes('"type":"subsidy-round"'));
    const record = JSON.parse(lines[at] as string) as { round: typeof round };
    record.round = {
      ...record.round,
      funds: record.round.funds.map((f) =>
        f.fundId === TOWN ? { ...f, availableFen: '1999000' } : f,
      ),
    };
    lines[at] = JSON.stringify(record);
    const altered = join(ledger.dir, 'altered.jsonl');
    writeFileSync(altered, lines.join('\n'));
    const failed = await verifyExportFile(altered, key);
    expect(failed.ok).toBe(false);
    expect(failed.result).toMatchObject({
      reason: 'EXTENSION_CHECK_FAILED',
      check: 'subsidy-recomputed-from-policy',
    });
    expect(String(failed.result['message'])).toContain(`on ${TOWN}`);
  });

  it('reconciles the subsidy funds with the subsidy service and settlement, and names a difference', async () => {
    const sum = (fundId: string, field: 'grantedFen' | 'lapsedFen') =>
      round.grants.filter((g) => g.fundId === fundId).reduce((s, g) => s + BigInt(g[field]), 0n);
    const deposited: Record<string, bigint> = { [CITY]: 100_000_000n, [TOWN]: 2_000_000n };
    reported.subsidy = [CITY, TOWN].map((fundId) => ({
      fundId,
      depositedFen: String(deposited[fundId]),
      grantedFen: String(sum(fundId, 'grantedFen')),
      lapsedFen: String(sum(fundId, 'lapsedFen')),
      unGrantedFen: String((deposited[fundId] as bigint) - sum(fundId, 'grantedFen')),
    }));
    reported.settlement = [CITY, TOWN].map((fundId) => ({
      fundId,
      paidFen: String(sum(fundId, 'grantedFen')),
    }));
    const ok = await get('/ledger/reconciliation').expect(200);
    expect(ok.body).toMatchObject({ ok: true, differences: [] });

    reported.settlement = [{ fundId: CITY, paidFen: String(sum(CITY, 'grantedFen') - 1n) }];
    const off = await get('/ledger/reconciliation').expect(200);
    expect(off.body.differences).toEqual([
      expect.objectContaining({
        partyId: CITY,
        figure: 'paidFen',
        source: 'settlement',
        differenceFen: '1',
      }),
      expect.objectContaining({
        partyId: TOWN,
        figure: 'paidFen',
        source: 'settlement',
        sourceFen: '0',
      }),
    ]);
  });
});
