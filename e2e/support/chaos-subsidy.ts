// The interest subsidy's part of the fault tests (docs/domain.md §9): while the faults run,
// subsidy funds' managers open a round, banks report interest on their ballast loans (never
// defaulted), the city manager closes the round (one town fund is short: a pro-rata cut) and every
// fund's manager approves it; settlement pays it. Every write keeps its Idempotency-Key across
// retries. Afterwards (checkSubsidyEffects):
//   - every accepted interest report exactly once, in the round, with exactly one grant per fund
//     of its split, and no report or grant that was not accepted;
//   - the round APPROVED, each fund's grants at most what it had, the short fund cut pro rata;
//   - the ledger: one grant entry per grant line, each grant paid exactly once (payable credited
//     and debited by the grant), one payment per enterprise, one entry per accepted deposit;
//   - the subsidy service's funds: nothing held, paid what was granted; the ledger's
//     reconciliation with the subsidy service and settlement without a difference;
//   - the export carries each accepted report and the round for verify's recomputation (verify
//     itself runs on the whole export in checkEffects).
import { Topics } from '@riskpool/contracts';
import { eventually } from '@riskpool/testing';
import { Limiter, type World } from './load';

const CITY = 'SUBSIDY:CITY';
const townFund = (town: string) => `SUBSIDY:TOWN:${town}`;
/** Two periods per loan, back to back (half-open), both before the chaos clock (DEFAULT_DATE). */
const PERIODS = [
  { periodStart: '2026-01-10', periodEnd: '2026-03-10' },
  { periodStart: '2026-03-10', periodEnd: '2026-05-10' },
] as const;
const ROUND = { from: '2026-01-01', to: '2026-06-01' };
/** What each fund is given: enough for every request, but the last town's fund is short. */
const FULL_DEPOSIT_FEN = 100_000_000_000n;
const SHORT_DEPOSIT_FEN = 3_000_000n;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface AcceptedReport {
  readonly reportId: string;
  readonly loanId: string;
  readonly uscc: string;
  readonly bankId: string;
  readonly fundIds: readonly string[];
}

/** What the system answered 2xx to on the subsidy side, and how the flow went. */
export interface SubsidyLog {
  readonly fundIds: readonly string[];
  readonly shortFundId: string;
  readonly managerKeys: ReadonlyMap<string, string>;
  readonly deposits: Array<{ fundId: string; amountFen: bigint }>;
  readonly reports: Map<string, AcceptedReport>;
  readonly refused: string[];
  reportsSent: number;
  reportsUnanswered: number;
  roundId?: string;
  closed: boolean;
  readonly approvals: Set<string>;
  /** Why the flow stopped short (an answer that was neither 2xx nor retried to one). */
  readonly failures: string[];
  paidAt?: number;
}

export interface SubsidyCounts {
  readonly reportsSent: number;
  readonly reportsAccepted: number;
  readonly roundClosed: boolean;
  readonly approvalsAccepted: number;
  readonly paymentsInLedger: number;
  readonly grantEntries: number;
}

/** Subsidy funds (the city's and one per town), their managers' keys and deposits. */
export async function setUpSubsidy(world: World, log: (line: string) => void): Promise<SubsidyLog> {
  const { api, adminKey } = world;
  const fundIds = [CITY, ...world.towns.map(townFund)];
  const shortFundId = fundIds[fundIds.length - 1] as string;
  for (const fundId of fundIds)
    await api.expect(201, adminKey, 'POST', '/admin/subsidy-funds', {
      fundId,
      name: `Interest subsidy ${fundId}`,
    });
  // The gateway learns subsidy funds from subsidy.fund-created.v1: a key waits for it.
  const managerKeys = new Map<string, string>();
  for (const fundId of fundIds)
    managerKeys.set(
      fundId,
      await eventually(`a key for ${fundId}`, async () => {
        const created = await api.send<{ key: string }>(adminKey, 'POST', '/admin/api-keys', {
          role: 'fund-manager',
          scope: fundId,
          label: `chaos ${fundId}`,
        });
        return created.status === 201 ? created.body.key : undefined;
      }),
    );
  const subsidy: SubsidyLog = {
    fundIds,
    shortFundId,
    managerKeys,
    deposits: [],
    reports: new Map(),
    refused: [],
    reportsSent: 0,
    reportsUnanswered: 0,
    closed: false,
    approvals: new Set(),
    failures: [],
  };
  for (const fundId of fundIds) {
    const amountFen = fundId === shortFundId ? SHORT_DEPOSIT_FEN : FULL_DEPOSIT_FEN;
    await api.expect(
      201,
      managerKeys.get(fundId) as string,
      'POST',
      `/subsidy/funds/${fundId}/deposits`,
      {
        amountFen: amountFen.toString(),
      },
    );
    subsidy.deposits.push({ fundId, amountFen });
  }
  log(`subsidy: ${fundIds.length} funds (${shortFundId} short), managers' keys, deposits made`);
  return subsidy;
}

/**
 * The subsidy traffic under the faults: open the round, report interest on every ballast loan
 * (`ballastLoans` of them, as the load registers them), then, once `closeWhen` says so (the
 * fault tests: when the subsidy service itself is killed), close and approve fund by fund, so the
 * closing, the approvals and settlement's payments meet the last faults too.
 */
export async function runSubsidyTraffic(
  world: World,
  subsidy: SubsidyLog,
  ballastLoans: number,
  closeWhen: () => boolean,
  log: (line: string) => void,
): Promise<void> {
  const { api } = world;
  const cityKey = subsidy.managerKeys.get(CITY) as string;
  const fail = (what: string, answer: { status: number; body: unknown }) => {
    subsidy.failures.push(`${what}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
  };
  const opened = await api.send<{ roundId: string }>(cityKey, 'POST', '/subsidy/rounds', ROUND, {
    retryForMs: 300_000,
  });
  if (opened.status !== 201) return fail('open the round', opened);
  const roundId = opened.body.roundId;
  subsidy.roundId = roundId;
  log(`subsidy: round ${roundId} opened`);

  // The ballast loans, as the load's bulk registration accepts them.
  const deadline = Date.now() + 300_000;
  const ballast = () => [...world.accepted.loans.values()].filter((l) => l.kind === 'ballast');
  while (ballast().length < ballastLoans && Date.now() < deadline) await sleep(500);
  const loans = ballast().sort((a, b) => (a.bankReference < b.bankReference ? -1 : 1));
  const limiter = new Limiter(4);
  const sends: Array<Promise<void>> = [];
  let n = 0;
  for (const period of PERIODS)
    for (const [i, loan] of loans.entries()) {
      const k = n++;
      // Paced, so the reports spread over the faults.
      await sleep(400);
      sends.push(
        limiter.run(async () => {
          subsidy.reportsSent += 1;
          const answer = await api.send<{
            reportId: string;
            uscc: string;
            shares: Array<{ fundId: string }>;
          }>(
            world.bankKeys.get(loan.bankId) as string,
            'POST',
            '/subsidy/interest-reports',
            {
              loanId: loan.loanId,
              ...period,
              // Below the 450 bp cap over either period (at least 59 days on 30,000,000.00 yuan).
              interestPaidFen: String(20_000_000 + k * 1_237),
              outstandingAtStartFen: loan.principalFen.toString(),
              payeeAccountNo: `6222${String(i).padStart(12, '0')}`,
              payeeAccountName: `Enterprise of ${loan.bankReference}`,
            },
            // 404 until the subsidy service has projected the loan's registration.
            { retryStatuses: [404], retryForMs: 300_000 },
          );
          if (answer.status === 201)
            subsidy.reports.set(answer.body.reportId, {
              reportId: answer.body.reportId,
              loanId: loan.loanId,
              uscc: answer.body.uscc,
              bankId: loan.bankId,
              fundIds: answer.body.shares.map((s) => s.fundId),
            });
          else if (answer.status === 0 || answer.status >= 500) subsidy.reportsUnanswered += 1;
          else
            subsidy.refused.push(
              `${loan.loanId} ${period.periodStart}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`,
            );
        }),
      );
    }
  await Promise.all(sends);
  log(`subsidy: ${subsidy.reports.size} of ${subsidy.reportsSent} interest reports accepted`);
  while (!closeWhen()) await sleep(200);

  const closed = await api.send(
    cityKey,
    'POST',
    `/subsidy/rounds/${roundId}/close`,
    {},
    {
      retryForMs: 300_000,
    },
  );
  if (closed.status !== 200) return fail('close the round', closed);
  subsidy.closed = true;
  const round = await api.expect<{ funds: Array<{ fundId: string }> }>(
    200,
    world.regulatorKey,
    'GET',
    `/subsidy/rounds/${roundId}`,
    undefined,
    { retryForMs: 300_000 },
  );
  log(`subsidy: round closed over ${round.funds.length} funds; approvals`);
  for (const { fundId } of round.funds) {
    const approved = await api.send(
      subsidy.managerKeys.get(fundId) as string,
      'POST',
      `/subsidy/rounds/${roundId}/decisions`,
      { decision: 'APPROVE' },
      { retryForMs: 300_000 },
    );
    if (approved.status !== 200) return fail(`approve for ${fundId}`, approved);
    subsidy.approvals.add(fundId);
  }
  log(`subsidy: round ${roundId} approved by every fund`);
}

interface RoundView {
  status: string;
  funds: Array<{
    fundId: string;
    availableFen: string;
    requestedFen: string;
    grantedFen: string;
    lapsedFen: string;
    proRata: boolean;
  }>;
}
interface GrantView {
  reportId: string;
  loanId: string;
  uscc: string;
  fundId: string;
  requestedFen: string;
  grantedFen: string;
  lapsedFen: string;
}
interface Balance {
  account: string;
  debitsPosted: string;
  creditsPosted: string;
}

/** Granted per fund in the round (the regulator's view), or undefined before it is approved. */
async function grantedByFund(
  world: World,
  roundId: string,
): Promise<Map<string, bigint> | undefined> {
  const round = await world.api.expect<RoundView>(
    200,
    world.regulatorKey,
    'GET',
    `/subsidy/rounds/${roundId}`,
  );
  if (round.status !== 'APPROVED') return undefined;
  return new Map(round.funds.map((f) => [f.fundId, BigInt(f.grantedFen)]));
}

/**
 * Waits until settlement has paid the approved round and both the ledger and the subsidy service
 * have seen every payment: each fund's `subsidies-paid` and `paidFen` equal its grants.
 */
export async function waitSubsidyPaid(
  world: World,
  subsidy: SubsidyLog,
  timeoutMs: number,
): Promise<boolean> {
  if (subsidy.roundId === undefined || subsidy.approvals.size === 0) return false;
  const roundId = subsidy.roundId;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const granted = await grantedByFund(world, roundId);
      if (granted !== undefined) {
        const { accounts } = await world.api.expect<{ accounts: Balance[] }>(
          200,
          world.regulatorKey,
          'GET',
          '/ledger/balances',
        );
        const funds = await world.api.expect<{ items: Array<{ fundId: string; paidFen: string }> }>(
          200,
          world.regulatorKey,
          'GET',
          '/subsidy/funds',
        );
        const paidInLedger = (f: string) =>
          accounts.find((a) => a.account === `fund:${f}:subsidies-paid`)?.creditsPosted ?? '0';
        const paidHere = (f: string) => funds.items.find((x) => x.fundId === f)?.paidFen ?? '0';
        if (
          [...granted].every(
            ([f, fen]) => paidInLedger(f) === String(fen) && paidHere(f) === String(fen),
          )
        ) {
          subsidy.paidAt = Date.now();
          return true;
        }
      }
    } catch {
      // a service still catching up: ask again
    }
    await sleep(1_000);
  }
  return false;
}

interface EntryLike {
  readonly eventId: string;
  readonly eventType: string;
  readonly loanId?: string;
  readonly postings: ReadonlyArray<{ account: string; side: string; amountFen: string }>;
}

/** Whether an entry belongs to the interest subsidy (the compensation checks leave these out). */
export function isSubsidyEntry(e: {
  eventType: string;
  postings: ReadonlyArray<{ account: string }>;
}): boolean {
  return (
    e.eventType.startsWith('subsidy.') ||
    e.eventType.startsWith('settlement.subsidy-') ||
    e.postings.some((p) => p.account.startsWith('fund:SUBSIDY:'))
  );
}

/** Compares the subsidy side of the system with what was accepted; see the file's head. */
export async function checkSubsidyEffects(
  world: World,
  subsidy: SubsidyLog,
  records: ReadonlyArray<Record<string, unknown>>,
  check: (ok: boolean, problem: () => string) => void,
): Promise<SubsidyCounts> {
  const { api, regulatorKey } = world;
  for (const failure of subsidy.failures) check(false, () => `subsidy flow: ${failure}`);
  check(
    subsidy.refused.length === 0,
    () => `subsidy: valid reports refused: ${subsidy.refused.slice(0, 5).join('; ')}`,
  );
  check(subsidy.reports.size > 0, () => 'subsidy: no interest report accepted');
  const roundId = subsidy.roundId ?? '(none)';

  // Reports: each accepted one exactly once, in the round; nothing else.
  const listed = await api.all<{ reportId: string; roundId: string | null }>(
    regulatorKey,
    '/subsidy/interest-reports',
    200,
  );
  const timesListed = new Map<string, number>();
  for (const r of listed) timesListed.set(r.reportId, (timesListed.get(r.reportId) ?? 0) + 1);
  for (const r of listed) {
    check(
      subsidy.reports.has(r.reportId),
      () => `subsidy: report ${r.reportId} listed, never accepted`,
    );
    check(
      r.roundId === roundId,
      () => `subsidy: report ${r.reportId} in round ${r.roundId}, want ${roundId}`,
    );
  }
  for (const id of subsidy.reports.keys())
    check(
      timesListed.get(id) === 1,
      () => `subsidy: report ${id} listed ${timesListed.get(id) ?? 0} times, want 1`,
    );

  // The round: approved, each fund's grants within its money, the short fund cut.
  const round = await api.expect<RoundView>(200, regulatorKey, 'GET', `/subsidy/rounds/${roundId}`);
  check(round.status === 'APPROVED', () => `subsidy: round ${roundId} is ${round.status}`);
  for (const f of round.funds) {
    const [available, requested, granted, lapsed] = [
      f.availableFen,
      f.requestedFen,
      f.grantedFen,
      f.lapsedFen,
    ].map(BigInt) as [bigint, bigint, bigint, bigint];
    check(
      granted + lapsed === requested && granted <= available && f.proRata === requested > available,
      () =>
        `subsidy: round fund ${JSON.stringify(f)}: granted + lapsed must be requested, granted at most available`,
    );
  }
  const short = round.funds.find((f) => f.fundId === subsidy.shortFundId);
  check(
    short?.proRata === true && BigInt(short.lapsedFen) > 0n,
    () => `subsidy: ${subsidy.shortFundId} was not cut pro rata: ${JSON.stringify(short)}`,
  );

  // Grants: per accepted report exactly one line per fund of its split, none for anything else.
  const grants = await api.all<GrantView>(regulatorKey, '/subsidy/grants', 200);
  const lines = new Map<string, GrantView[]>();
  for (const g of grants)
    lines.set(`${g.reportId}|${g.fundId}`, [...(lines.get(`${g.reportId}|${g.fundId}`) ?? []), g]);
  let wantLines = 0;
  for (const report of subsidy.reports.values())
    for (const fundId of report.fundIds) {
      wantLines += 1;
      const found = lines.get(`${report.reportId}|${fundId}`) ?? [];
      check(
        found.length === 1,
        () => `subsidy: report ${report.reportId} on ${fundId}: ${found.length} grants, want 1`,
      );
    }
  check(
    grants.length === wantLines,
    () => `subsidy: ${grants.length} grant lines, want ${wantLines}`,
  );
  for (const g of grants)
    check(
      subsidy.reports.has(g.reportId),
      () => `subsidy: grant of report ${g.reportId}, never accepted`,
    );
  const grantedFundSum = new Map<string, bigint>();
  for (const g of grants)
    grantedFundSum.set(g.fundId, (grantedFundSum.get(g.fundId) ?? 0n) + BigInt(g.grantedFen));
  for (const f of round.funds)
    check(
      (grantedFundSum.get(f.fundId) ?? 0n) === BigInt(f.grantedFen),
      () =>
        `subsidy: ${f.fundId}: grant lines sum to ${grantedFundSum.get(f.fundId) ?? 0n}, the round grants ${f.grantedFen}`,
    );

  // The ledger: grant entries, payments (each grant paid once, one payment per enterprise), deposits.
  const entries = records.filter((r) => r['type'] === 'entry') as unknown as EntryLike[];
  const sumOf = (list: readonly EntryLike[], account: string, side: string) =>
    list
      .flatMap((e) => e.postings)
      .filter((p) => p.account === account && p.side === side)
      .reduce((s, p) => s + BigInt(p.amountFen), 0n);
  const grantEntries = entries.filter((e) => e.eventType === Topics.subsidyRoundApproved);
  const paymentEntries = entries.filter((e) => e.eventType === Topics.subsidyPaymentCompleted);
  const withEntries = grants.filter((g) => BigInt(g.grantedFen) > 0n || BigInt(g.lapsedFen) > 0n);
  check(
    grantEntries.length === withEntries.length &&
      new Set(grantEntries.map((e) => e.eventId)).size === 1,
    () =>
      `subsidy ledger: ${grantEntries.length} grant entries of ${new Set(grantEntries.map((e) => e.eventId)).size} approvals, want ${withEntries.length} of 1`,
  );
  const byLoanFund = new Map<string, GrantView[]>();
  for (const g of grants)
    byLoanFund.set(`${g.loanId}|${g.fundId}`, [
      ...(byLoanFund.get(`${g.loanId}|${g.fundId}`) ?? []),
      g,
    ]);
  for (const [key, list] of byLoanFund) {
    const [loanId, fundId] = key.split('|') as [string, string];
    const granted = list.reduce((s, g) => s + BigInt(g.grantedFen), 0n);
    const lapsed = list.reduce((s, g) => s + BigInt(g.lapsedFen), 0n);
    const payable = `loan:${loanId}:subsidy-payable:fund:${fundId}`;
    const got = {
      granted: sumOf(grantEntries, payable, 'CREDIT'),
      paid: sumOf(paymentEntries, payable, 'DEBIT'),
      lapsed: sumOf(grantEntries, `loan:${loanId}:subsidy-lapsed:fund:${fundId}`, 'CREDIT'),
    };
    check(
      got.granted === granted && got.paid === granted && got.lapsed === lapsed,
      () =>
        `subsidy ledger, ${key}: granted ${got.granted}, paid ${got.paid}, lapsed ${got.lapsed}; want granted and paid ${granted}, lapsed ${lapsed}`,
    );
  }
  const usccOfLoan = new Map(grants.map((g) => [g.loanId, g.uscc]));
  const owed = new Map<string, bigint>();
  for (const g of grants) owed.set(g.uscc, (owed.get(g.uscc) ?? 0n) + BigInt(g.grantedFen));
  const paymentsOf = new Map<string, Set<string>>();
  for (const e of paymentEntries) {
    const uscc = usccOfLoan.get(e.loanId ?? '') ?? `(loan ${e.loanId ?? 'none'})`;
    paymentsOf.set(uscc, (paymentsOf.get(uscc) ?? new Set()).add(e.eventId));
  }
  for (const uscc of new Set([...owed.keys(), ...paymentsOf.keys()])) {
    const want = (owed.get(uscc) ?? 0n) > 0n ? 1 : 0;
    const got = paymentsOf.get(uscc)?.size ?? 0;
    check(
      got === want,
      () => `subsidy ledger: enterprise ${uscc} paid by ${got} payments, want ${want}`,
    );
  }
  const subsidyDeposits = entries.filter((e) => e.eventType === Topics.subsidyFundDeposited);
  for (const fundId of subsidy.fundIds) {
    const want = subsidy.deposits.filter((d) => d.fundId === fundId);
    const got = subsidyDeposits.filter((e) =>
      e.postings.some((p) => p.account === `fund:${fundId}:available`),
    );
    const wantSum = want.reduce((s, d) => s + d.amountFen, 0n);
    const gotSum = sumOf(got, `fund:${fundId}:available`, 'CREDIT');
    check(
      got.length === want.length && gotSum === wantSum,
      () =>
        `subsidy ledger, ${fundId}: ${got.length} deposits of ${gotSum}, want ${want.length} of ${wantSum}`,
    );
  }

  // The export carries what verify recomputes the grants from.
  const reportRecords = records.filter((r) => r['type'] === 'subsidy-report');
  const roundRecords = records.filter((r) => r['type'] === 'subsidy-round');
  check(
    reportRecords.length === subsidy.reports.size && roundRecords.length === 1,
    () =>
      `subsidy export: ${reportRecords.length} report records and ${roundRecords.length} round records, want ${subsidy.reports.size} and 1`,
  );

  // The subsidy service's funds: nothing held once paid; paid what was granted.
  const funds = await api.expect<{
    items: Array<{
      fundId: string;
      availableFen: string;
      heldFen: string;
      depositedFen: string;
      paidFen: string;
    }>;
  }>(200, regulatorKey, 'GET', '/subsidy/funds');
  for (const fundId of subsidy.fundIds) {
    const row = funds.items.find((f) => f.fundId === fundId);
    const deposited = subsidy.deposits
      .filter((d) => d.fundId === fundId)
      .reduce((s, d) => s + d.amountFen, 0n);
    const granted = grantedFundSum.get(fundId) ?? 0n;
    const want = {
      availableFen: String(deposited - granted),
      heldFen: '0',
      depositedFen: String(deposited),
      paidFen: String(granted),
    };
    check(
      row !== undefined &&
        Object.entries(want).every(([k, v]) => row[k as keyof typeof want] === v),
      () => `subsidy fund ${fundId}: ${JSON.stringify(row)}, want ${JSON.stringify(want)}`,
    );
  }

  // The ledger's reconciliation with the subsidy service, settlement and pool-allocation.
  let reconciliation: { ok: boolean; differences: unknown[] } = { ok: false, differences: [] };
  const until = Date.now() + 60_000;
  do {
    reconciliation = await api.expect(200, regulatorKey, 'GET', '/ledger/reconciliation');
    if (!reconciliation.ok) await sleep(2_000);
  } while (!reconciliation.ok && Date.now() < until);
  check(
    reconciliation.ok && reconciliation.differences.length === 0,
    () => `reconciliation: ${JSON.stringify(reconciliation.differences).slice(0, 1000)}`,
  );

  return {
    reportsSent: subsidy.reportsSent,
    reportsAccepted: subsidy.reports.size,
    roundClosed: subsidy.closed,
    approvalsAccepted: subsidy.approvals.size,
    paymentsInLedger: new Set(paymentEntries.map((e) => e.eventId)).size,
    grantEntries: grantEntries.length,
  };
}
