// docs/domain.md §8, the programme variants, driven only through the public API of the running
// system (every service a real process behind the gateway, a real Kafka broker and PostgreSQL):
// a 54:26:16:4 IP-pledge loan on the net-loss basis with an insurer and a valuer (their shares,
// what they owe the lender, their part of a recovery after payout and the settlements both ways),
// a portfolio cap that bites, a micro-loan company's own rate tier, a claim opened only when the
// bank declares recovery finished (after-recovery timing), and the offline verify recomputing each compensation (and failing
// on a tampered co-sharer amount).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { policyDocumentOf } from '@riskpool/contracts';
import { defaultPolicy, type PolicyVersion } from '@riskpool/domain';
import { createKey, eventually, loanBody, PublicApi } from '@riskpool/testing';
import { RunningSystem, startSystem } from './support/system';
import { runVerifyCli } from './support/verify-cli';

interface ClaimShare {
  fundId: string;
  shareFen: string;
  paidFen: string;
}
interface Claim {
  claimId: string;
  loanId: string;
  status: string;
  basisFen: string;
  rateBp: number;
  poolFen: string;
  bankShareFen: string;
  capsApplied: string[];
  shares: ClaimShare[];
}
interface Obligation {
  claimId: string;
  partyId: string;
  payer: 'COSHARER' | 'LENDER';
  source: 'CLAIM_SHARE' | 'RECOVERY';
  amountFen: string;
  settledFen: string;
  outstandingFen: string;
  dueOn: string;
  overdue: boolean;
}

let system: RunningSystem;
let api: PublicApi;
let admin: string;
const keys: Record<string, string> = {};

/** A version of the default policy (docs/domain.md §3) with the §8 parameters given. */
function policy(
  versionId: string,
  effectiveFrom: string,
  overrides: Partial<PolicyVersion>,
): unknown {
  // No bank breaker here (it is not what these tests are about): never strictly above 100 %.
  return policyDocumentOf({
    ...defaultPolicy(versionId, effectiveFrom),
    nplBreakerBp: 10_000,
    ...overrides,
  });
}

async function setClock(businessDate: string): Promise<void> {
  await api.expect(200, admin, 'POST', '/admin/clock', { businessDate });
}

async function claimOfLoan(loanId: string): Promise<Claim | undefined> {
  const page = await api.expect<{ items: Claim[] }>(
    200,
    keys.regulator as string,
    'GET',
    '/claims?limit=200',
  );
  const summary = page.items.find((c) => c.loanId === loanId);
  if (summary === undefined) return undefined;
  return api.expect<Claim>(200, keys.regulator as string, 'GET', `/claims/${summary.claimId}`);
}

/**
 * Registers a loan once loan-registry knows what it names (the policy, the bank and its co-sharers
 * reach it over Kafka); a refusal still there after the wait fails the test with its body.
 */
async function registerLoan(key: string, body: unknown): Promise<string> {
  const created = await eventually('the loan to be registered', async () => {
    const response = await api.call<{ loanId: string }>(key, 'POST', '/loans', body);
    if (response.status !== 201 && response.status !== 200)
      throw new Error(`registration answered ${response.status}: ${JSON.stringify(response.body)}`);
    return response.body;
  });
  return created.loanId;
}

/** Reports a default until default-events knows the loan (it learns of it from Kafka). */
async function reportDefault(key: string, loanId: string, body: Record<string, unknown>) {
  await eventually(`the default of ${loanId} to be accepted`, async () => {
    const response = await api.call(key, 'POST', `/loans/${loanId}/defaults`, body);
    if (response.status === 404) return undefined;
    if (response.status !== 201)
      throw new Error(`default refused: ${JSON.stringify(response.body)}`);
    return true;
  });
}

async function approveAndAwaitPayout(loanId: string, managers: readonly string[]): Promise<Claim> {
  const claim = await eventually('the claim', () => claimOfLoan(loanId));
  for (const key of managers)
    await api.expect(200, key, 'POST', `/claims/${claim.claimId}/decisions`, {
      decision: 'APPROVE',
    });
  return eventually('every share paid', async () => {
    const current = await claimOfLoan(loanId);
    return current?.status === 'APPROVED' && current.shares.every((s) => s.paidFen === s.shareFen)
      ? current
      : undefined;
  });
}

async function obligations(key: string, query: string): Promise<Obligation[]> {
  const page = await api.expect<{ items: Obligation[] }>(
    200,
    key,
    'GET',
    `/cosharer-obligations?${query}`,
  );
  return page.items;
}

beforeAll(async () => {
  system = await startSystem();
  api = new PublicApi(system.gatewayUrl);
  admin = system.adminKey;
  await setClock('2026-01-05');
  for (const [fundId, name] of [
    ['CITY', '中山市'],
    ['TOWN:TORCH', '火炬开发区'],
    ['TOWN:XIAOLAN', '小榄镇'],
  ] as const)
    await api.expect(201, admin, 'POST', '/admin/funds', { fundId, name });
  for (const bankId of ['B1', 'B2'])
    await api.expect(201, admin, 'POST', '/admin/banks', {
      bankId,
      name: `Bank ${bankId}`,
      quotaFen: '100000000000',
    });
  // docs/domain.md §8.4: co-sharers are admitted by an admin as banks are.
  for (const [partyId, kind] of [
    ['I-ZSINS', 'INSURER'],
    ['V-ZSVAL', 'VALUER'],
  ] as const)
    await api.expect(201, admin, 'POST', '/admin/cosharers', { partyId, name: partyId, kind });
  keys.city = await createKey(api, admin, 'fund-manager', 'CITY', 'city manager');
  keys.torch = await createKey(api, admin, 'fund-manager', 'TOWN:TORCH', 'torch manager');
  keys.xiaolan = await createKey(api, admin, 'fund-manager', 'TOWN:XIAOLAN', 'xiaolan manager');
  keys.b1 = await createKey(api, admin, 'bank', 'B1', 'B1');
  keys.b2 = await createKey(api, admin, 'bank', 'B2', 'B2');
  keys.regulator = await createKey(api, admin, 'regulator', null, 'regulator');
  for (const [key, fundId] of [
    [keys.city, 'CITY'],
    [keys.torch, 'TOWN:TORCH'],
    [keys.xiaolan, 'TOWN:XIAOLAN'],
  ] as const)
    await api.expect(201, key as string, 'POST', `/funds/${fundId}/deposits`, {
      amountFen: '1000000000',
    });
}, 600_000);

afterAll(async () => {
  await system?.stop();
});

describe('programme variants of docs/domain.md §8, end to end', () => {
  let ipLoan = '';
  let capLoan = '';
  let microLoan = '';
  let afterRecoveryLoan = '';
  let ipClaim = '';

  it('publishes a 54:26:16:4 net-loss version for January, a portfolio-capped one for February and an after-recovery one from March', async () => {
    const capped: Partial<PolicyVersion> = {
      portfolioCapBp: 3_000,
      institutionKinds: ['BANK', 'MICROLOAN'],
      rateTiersByKind: { MICROLOAN: [{ upToFen: 3_000_000_000n, rateBp: 3_500 }] },
    };
    // Zhongshan's IP-pledge scheme: the funds 54, the bank 26 (its minimum), an insurer 16 and a
    // valuer 4, on the net loss (principal, interest, costs).
    await api.expect(
      201,
      keys.city as string,
      'POST',
      '/policies',
      policy('ZS-IP-2026-01', '2026-01-05', {
        effectiveTo: '2026-02-01',
        rateTiers: [{ upToFen: 3_000_000_000n, rateBp: 5_400 }],
        bonusBp: {},
        maxRateBp: 5_400,
        perLoanCapFen: 3_000_000_000n,
        minLenderShareBp: 2_600,
        shareBasis: 'PRINCIPAL_INTEREST_COSTS',
      }),
    );
    // The EIF's capped guarantee: compensation at most 30 % of all the principal a bank registered.
    await api.expect(
      201,
      keys.city as string,
      'POST',
      '/policies',
      policy('EIF-CAP-2026-02', '2026-02-01', { ...capped, effectiveTo: '2026-03-01' }),
    );
    // From March the same, but a claim waits until the bank declares recovery finished (§8.5).
    await api.expect(
      201,
      keys.city as string,
      'POST',
      '/policies',
      policy('AR-2026-03', '2026-03-01', { ...capped, compensationTiming: 'AFTER_RECOVERY' }),
    );
  });

  it('registers the IP-pledge loan naming its insurer and valuer, and the banks’ other loans', async () => {
    ipLoan = await registerLoan(keys.b1 as string, {
      ...loanBody({
        bankReference: 'B1-IP',
        usccNo: 101,
        townCode: 'TORCH',
        principalFen: '200000000',
        flags: ['IP_PLEDGE'],
      }),
      coSharers: [
        { partyId: 'I-ZSINS', kind: 'INSURER', shareBp: 1600 },
        { partyId: 'V-ZSVAL', kind: 'VALUER', shareBp: 400 },
      ],
    });
    // B1's portfolio: 200000000 + 100000000 + 100000000 (below) registered, a cap of 120000000.
    await registerLoan(
      keys.b1 as string,
      loanBody({
        bankReference: 'B1-OTHER',
        usccNo: 102,
        townCode: 'TORCH',
        principalFen: '100000000',
      }),
    );
    // Registered under the February version: the default §3 terms, its portfolio cap when claimed.
    await setClock('2026-02-02');
    capLoan = await registerLoan(
      keys.b2 as string,
      loanBody(
        { bankReference: 'B2-CAP', usccNo: 201, townCode: 'XIAOLAN', principalFen: '100000000' },
        '2026-02-05',
        '2028-02-05',
      ),
    );
    // A technology micro-loan company (科技小额贷款公司), admitted as such, rated by its own tiers.
    // The gateway admits the kind once it has read the version that allows it from Kafka: until
    // then the admission is refused (422 on kind, nothing changed) and is asked again.
    await eventually('the gateway to admit a MICROLOAN under the February version', async () => {
      const answer = await api.call(admin, 'POST', '/admin/banks', {
        bankId: 'M1',
        name: 'Micro-loan One',
        quotaFen: '10000000000',
        kind: 'MICROLOAN',
      });
      if (answer.status === 422) return undefined;
      expect(answer.status).toBe(201);
      return answer;
    });
    keys.m1 = await createKey(api, admin, 'bank', 'M1', 'M1');
    microLoan = await registerLoan(
      keys.m1 as string,
      loanBody(
        { bankReference: 'M1-1', usccNo: 301, townCode: 'XIAOLAN', principalFen: '10000000' },
        '2026-02-05',
        '2028-02-05',
      ),
    );
    // Registered under the March version: its claim waits for the declaration.
    await setClock('2026-03-02');
    afterRecoveryLoan = await registerLoan(
      keys.b1 as string,
      loanBody(
        { bankReference: 'B1-AR', usccNo: 103, townCode: 'TORCH', principalFen: '100000000' },
        '2026-03-05',
        '2028-03-05',
      ),
    );
  });

  it('refuses interest over its limit on the default report, naming the field, and changes nothing', async () => {
    await setClock('2026-05-01');
    const body = {
      outstandingAtDefaultFen: '120000000',
      // 120000000 × 450 bp × 100 days / 3650000 = 1479452 at the most.
      accruedInterestFen: '1479453',
      costsFen: '3000000',
      daysPastDue: 100,
      reachedMinDaysPastDueOn: '2026-04-20',
    };
    const refused = await eventually('default-events to know the loan', async () => {
      const response = await api.call<{ errors?: Array<{ field: string }> }>(
        keys.b1 as string,
        'POST',
        `/loans/${ipLoan}/defaults`,
        body,
      );
      return response.status === 404 ? undefined : response;
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors?.map((e) => e.field)).toContain('accruedInterestFen');
    const loan = await api.expect<{ status: string }>(
      200,
      keys.b1 as string,
      'GET',
      `/loans/${ipLoan}`,
    );
    expect(loan.status).toBe('REGISTERED');
  });

  it('opens the 54:26:16:4 claim on the net loss 120000000 + 456789 + 3000000, the co-sharers out of the bank share', async () => {
    await reportDefault(keys.b1 as string, ipLoan, {
      outstandingAtDefaultFen: '120000000',
      accruedInterestFen: '456789',
      costsFen: '3000000',
      daysPastDue: 100,
      reachedMinDaysPastDueOn: '2026-04-20',
    });
    const claim = await eventually('the claim', () => claimOfLoan(ipLoan));
    ipClaim = claim.claimId;
    // pool (123456789 × 5400 + 5000) div 10000 = 66666666; insurer 19753086, valuer 4938272;
    // the lender 56790123 − 24691358 = 32098765, its minimum (123456789 × 2600, half up).
    expect(claim).toMatchObject({
      status: 'OPEN',
      basisFen: '123456789',
      rateBp: 5400,
      poolFen: '66666666',
      bankShareFen: '56790123',
      capsApplied: [],
      coSharerShares: [
        { partyId: 'I-ZSINS', shareFen: '19753086' },
        { partyId: 'V-ZSVAL', shareFen: '4938272' },
      ],
      lenderShareFen: '32098765',
    });
  });

  it('pays the funds on approval, and each co-sharer then owes the lender its share within remitWithinDays', async () => {
    const paid = await approveAndAwaitPayout(ipLoan, [keys.city as string, keys.torch as string]);
    expect(paid.shares.map((s) => s.paidFen)).toEqual(['33333333', '33333333']);
    const owed = await eventually('the co-sharers’ obligations', async () => {
      const rows = await obligations(keys.b1 as string, `claimId=${ipClaim}`);
      return rows.length === 2 ? rows : undefined;
    });
    expect(owed).toEqual([
      expect.objectContaining({
        partyId: 'I-ZSINS',
        payer: 'COSHARER',
        source: 'CLAIM_SHARE',
        amountFen: '19753086',
        outstandingFen: '19753086',
        dueOn: '2026-05-31',
        overdue: false,
      }),
      expect.objectContaining({
        partyId: 'V-ZSVAL',
        payer: 'COSHARER',
        amountFen: '4938272',
        dueOn: '2026-05-31',
      }),
    ]);
    // Another bank sees none of it.
    expect(await obligations(keys.b2 as string, `claimId=${ipClaim}`)).toEqual([]);
  });

  it('shares a recovery of 7654321 after payout over funds, co-sharers and lender: 2066667 each fund, 1224691, 306173, 1990123', async () => {
    await api.expect(201, keys.b1 as string, 'POST', `/loans/${ipLoan}/recoveries`, {
      amountFen: '7654321',
      costsFen: '0',
    });
    const funds = await eventually('the funds’ parts owed', async () => {
      const page = await api.expect<{
        items: Array<{ fundId: string; loanId: string; owedFen: string }>;
      }>(200, keys.b1 as string, 'GET', '/owed');
      const mine = page.items.filter((o) => o.loanId === ipLoan);
      return mine.length === 2 ? mine : undefined;
    });
    expect(funds.map((o) => [o.fundId, o.owedFen])).toEqual([
      ['CITY', '2066667'],
      ['TOWN:TORCH', '2066667'],
    ]);
    const lender = await eventually('the co-sharers’ parts owed by the lender', async () => {
      const rows = (await obligations(keys.b1 as string, `claimId=${ipClaim}`)).filter(
        (o) => o.payer === 'LENDER',
      );
      return rows.length === 2 ? rows : undefined;
    });
    expect(lender.map((o) => [o.partyId, o.source, o.amountFen])).toEqual([
      ['I-ZSINS', 'RECOVERY', '1224691'],
      ['V-ZSVAL', 'RECOVERY', '306173'],
    ]);
  });

  it('settles when reported, both ways and never netted; refuses more than is owed, naming the amount, and changes nothing', async () => {
    const over = await api.call<{ errors?: Array<{ field: string }> }>(
      keys.b1 as string,
      'POST',
      '/cosharer-settlements',
      { claimId: ipClaim, partyId: 'I-ZSINS', payer: 'COSHARER', amountFen: '19753087' },
      { 'idempotency-key': 'variants-over' },
    );
    expect(over.status).toBe(422);
    expect(over.body.errors?.map((e) => e.field)).toEqual(['amountFen']);
    const fromInsurer = await api.call<{ outstandingAfterFen: string }>(
      keys.b1 as string,
      'POST',
      '/cosharer-settlements',
      { claimId: ipClaim, partyId: 'I-ZSINS', payer: 'COSHARER', amountFen: '19753086' },
      { 'idempotency-key': 'variants-insurer-share' },
    );
    expect(fromInsurer.status).toBe(201);
    expect(fromInsurer.body.outstandingAfterFen).toBe('0');
    const toInsurer = await api.call<{ outstandingAfterFen: string }>(
      keys.b1 as string,
      'POST',
      '/cosharer-settlements',
      { claimId: ipClaim, partyId: 'I-ZSINS', payer: 'LENDER', amountFen: '1224691' },
      { 'idempotency-key': 'variants-insurer-recovery' },
    );
    expect(toInsurer.status).toBe(201);
    expect(toInsurer.body.outstandingAfterFen).toBe('0');
    const open = await obligations(keys.regulator as string, `claimId=${ipClaim}`);
    expect(open.map((o) => [o.partyId, o.payer, o.outstandingFen])).toEqual([
      ['V-ZSVAL', 'COSHARER', '4938272'],
      ['V-ZSVAL', 'LENDER', '306173'],
    ]);
  });

  it('shows what is still owed as overdue once its due date has passed', async () => {
    await setClock('2026-06-01');
    const open = await obligations(keys.b1 as string, `claimId=${ipClaim}`);
    expect(open.find((o) => o.payer === 'COSHARER')).toMatchObject({
      partyId: 'V-ZSVAL',
      outstandingFen: '4938272',
      overdue: true,
    });
  });

  it('caps the pool at what is left of the bank’s portfolio cap, and names it', async () => {
    await reportDefault(keys.b2 as string, capLoan, {
      outstandingAtDefaultFen: '100000000',
      daysPastDue: 95,
      reachedMinDaysPastDueOn: '2026-05-25',
    });
    const claim = await eventually('the capped claim', () => claimOfLoan(capLoan));
    // 100000000 × 4000 bp = 40000000, above 30 % of B2's 100000000 registered.
    expect(claim).toMatchObject({
      basisFen: '100000000',
      rateBp: 4000,
      poolFen: '30000000',
      bankShareFen: '70000000',
      capsApplied: ['PORTFOLIO_CAP'],
    });
    const paid = await approveAndAwaitPayout(capLoan, [
      keys.city as string,
      keys.xiaolan as string,
    ]);
    expect(paid.shares.map((s) => s.paidFen)).toEqual(['15000000', '15000000']);
  });

  it('rates the micro-loan company’s claim by its kind’s tier (3500 bp, not the banks’ 4000)', async () => {
    await reportDefault(keys.m1 as string, microLoan, {
      outstandingAtDefaultFen: '5000000',
      daysPastDue: 95,
      reachedMinDaysPastDueOn: '2026-05-25',
    });
    const claim = await eventually('the micro-loan claim', () => claimOfLoan(microLoan));
    // 5000000 × 3500 bp = 1750000, under 30 % of M1's 10000000 registered.
    expect(claim).toMatchObject({
      basisFen: '5000000',
      rateBp: 3500,
      poolFen: '1750000',
      bankShareFen: '3250000',
      capsApplied: [],
    });
    const paid = await approveAndAwaitPayout(microLoan, [
      keys.city as string,
      keys.xiaolan as string,
    ]);
    expect(paid.poolFen).toBe(claim.poolFen);
  });

  it('opens no claim at an after-recovery default; recoveries lower the basis until the bank declares recovery finished', async () => {
    await reportDefault(keys.b1 as string, afterRecoveryLoan, {
      outstandingAtDefaultFen: '100000000',
      daysPastDue: 95,
      reachedMinDaysPastDueOn: '2026-05-25',
    });
    await api.expect(201, keys.b1 as string, 'POST', `/loans/${afterRecoveryLoan}/recoveries`, {
      amountFen: '12000000',
      costsFen: '2000000',
    });
    expect(await claimOfLoan(afterRecoveryLoan)).toBeUndefined();
    // The compensated-in-advance loan has nothing to declare.
    const advance = await api.call<{ errors?: Array<{ field: string }> }>(
      keys.b1 as string,
      'POST',
      `/loans/${ipLoan}/recovery-closed`,
      {},
    );
    expect(advance.status).toBe(400);
    await eventually('the recovery to be counted', async () => {
      const response = await api.call(
        keys.b1 as string,
        'POST',
        `/loans/${afterRecoveryLoan}/recovery-closed`,
        {},
      );
      return response.status === 201 ? true : undefined;
    });
    const claim = await eventually('the after-recovery claim', () =>
      claimOfLoan(afterRecoveryLoan),
    );
    // 100000000 − (12000000 − 2000000) = 90000000; × 4000 bp = 36000000, within B1's portfolio
    // cap (120000000 − the IP claim's 66666666).
    expect(claim).toMatchObject({
      status: 'OPEN',
      basisFen: '90000000',
      rateBp: 4000,
      poolFen: '36000000',
      bankShareFen: '54000000',
      capsApplied: [],
    });
    const paid = await approveAndAwaitPayout(afterRecoveryLoan, [
      keys.city as string,
      keys.torch as string,
    ]);
    expect(paid.shares.map((s) => s.paidFen)).toEqual(['18000000', '18000000']);
  });

  it('books the co-sharers in the per-loan report of the ledger', async () => {
    const report = await eventually('the co-sharers’ settlements in the ledger', async () => {
      const r = await api.expect<{
        shares: Array<{ party: string; shareFen: string }>;
        cosharers: Array<Record<string, string>>;
      }>(200, keys.regulator as string, 'GET', `/reports/loans/${ipLoan}`);
      const insurer = r.cosharers?.find((c) => c.partyId === 'I-ZSINS');
      return insurer?.recoveryPaidFen === '1224691' && insurer.sharePaidFen === '19753086'
        ? r
        : undefined;
    });
    expect(report.shares).toEqual([
      { party: 'fund:CITY', shareFen: '33333333' },
      { party: 'fund:TOWN:TORCH', shareFen: '33333333' },
      { party: 'cosharer:I-ZSINS', shareFen: '19753086' },
      { party: 'cosharer:V-ZSVAL', shareFen: '4938272' },
      { party: 'bank', shareFen: '32098765' },
    ]);
    expect(report.cosharers).toEqual([
      {
        partyId: 'I-ZSINS',
        shareFen: '19753086',
        sharePaidFen: '19753086',
        shareOutstandingFen: '0',
        recoveredFen: '1224691',
        recoveryPaidFen: '1224691',
        recoveryOutstandingFen: '0',
      },
      {
        partyId: 'V-ZSVAL',
        shareFen: '4938272',
        sharePaidFen: '0',
        shareOutstandingFen: '4938272',
        recoveredFen: '306173',
        recoveryPaidFen: '0',
        recoveryOutstandingFen: '306173',
      },
    ]);
  });

  it('lets a co-sharer read and settle only its own obligations (cosharer:<partyId>)', async () => {
    const valuer = await createKey(api, admin, 'cosharer', 'V-ZSVAL', 'valuer');
    const own = await obligations(valuer, `claimId=${ipClaim}`);
    expect(own.map((o) => [o.partyId, o.payer, o.outstandingFen])).toEqual([
      ['V-ZSVAL', 'COSHARER', '4938272'],
      ['V-ZSVAL', 'LENDER', '306173'],
    ]);
    const page = await api.call(valuer, 'GET', '/cosharer-obligations?partyId=I-ZSINS');
    expect(page.status).toBe(404);
    const forOther = await api.call(valuer, 'POST', '/cosharer-settlements', {
      claimId: ipClaim,
      partyId: 'I-ZSINS',
      payer: 'COSHARER',
      amountFen: '1',
    });
    expect(forOther.status).toBe(403);
    const paid = await api.call<{ outstandingAfterFen: string }>(
      valuer,
      'POST',
      '/cosharer-settlements',
      { claimId: ipClaim, partyId: 'V-ZSVAL', payer: 'COSHARER', amountFen: '4938272' },
    );
    expect(paid.status).toBe(201);
    expect(paid.body.outstandingAfterFen).toBe('0');
  });

  it('verify recomputes every compensation and passes the export; a tampered co-sharer amount fails it', async () => {
    const dir = fs.mkdtempSync(path.join(system.logDir, 'variants-verify-'));
    const exportFile = path.join(dir, 'ledger-export.jsonl');
    const keyFile = path.join(dir, 'ledger-key.pem');
    // Both approvals and the settlements signed by a checkpoint (the last line of the export).
    const text = await eventually('a checkpoint of every entry', async () => {
      const exported = await api.call<string>(keys.regulator as string, 'GET', '/ledger/export');
      const body = typeof exported.body === 'string' ? exported.body : '';
      const last = body.trim().split('\n').pop() ?? '';
      const approvals = body.split('\n').filter((l) => l.includes('"type":"claim"')).length;
      return last.includes('"type":"checkpoint"') &&
        approvals === 4 &&
        body.includes('settlement.cosharer-settlement-reported.v1')
        ? body
        : undefined;
    });
    fs.writeFileSync(exportFile, text);
    const key = await api.expect<{ publicKeyPem: string }>(
      200,
      keys.regulator as string,
      'GET',
      '/ledger/public-key',
    );
    fs.writeFileSync(keyFile, key.publicKeyPem);
    const honest = await runVerifyCli(exportFile, keyFile, ['--key-id', system.ledgerKeyId]);
    if (!honest.exitedOk) throw new Error(`verify failed: ${honest.stdout}`);

    // The insurer's share in the approval's record moved by a fen: no longer what the signed
    // entry booked nor what the policy gives; verify names that entry.
    const lines = text.split('\n');
    const at = lines.findIndex((l) => l.includes('"type":"claim"') && l.includes('I-ZSINS'));
    const record = JSON.parse(lines[at] as string) as {
      claim: { coSharerShares: Array<{ partyId: string; shareFen: string }> };
    };
    for (const c of record.claim.coSharerShares)
      if (c.partyId === 'I-ZSINS') c.shareFen = '19753087';
    lines[at] = JSON.stringify(record);
    const tampered = path.join(dir, 'tampered.jsonl');
    fs.writeFileSync(tampered, lines.join('\n'));
    const refused = await runVerifyCli(tampered, keyFile, ['--key-id', system.ledgerKeyId]);
    expect(refused.exitedOk).toBe(false);
    expect(refused.stdout).toContain('compensation-recomputed-from-policy');
    expect(refused.stdout).toContain('co-sharer I-ZSINS');
  });
});
