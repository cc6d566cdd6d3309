// docs/domain.md §7, driven only through the public API of the running system: every service as a
// real process behind the gateway, a real Kafka broker and a real PostgreSQL.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import {
  eventually,
  Keys,
  loanBody,
  otherPoolLoansBody,
  createCoSharerKey,
  PublicApi,
  setUpProgramme,
} from '@riskpool/testing';
import { publicRoutes } from '@riskpool/contracts';
import { RunningSystem, startSystem } from './support/system';
import { runVerifyCli, verifyIssuedAndChanged } from './support/verify-cli';

interface ClaimShare {
  fundId: string;
  shareFen: string;
  heldFen: string;
  queuedFen: string;
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
interface Loan {
  loanId: string;
  status: string;
}

let system: RunningSystem;
let api: PublicApi;
let keys: Keys;

beforeAll(async () => {
  system = await startSystem();
  api = new PublicApi(system.gatewayUrl);
  keys = await setUpProgramme(api, system.adminKey, '2026-01-05');
  // Long enough for the cluster topology too (worked-example-cluster.e2e-spec.ts).
}, 900_000);

afterAll(async () => {
  await system?.stop();
});

async function claimOfLoan(key: string, loanId: string): Promise<Claim | undefined> {
  const page = await api.expect<{ items: Claim[] }>(200, key, 'GET', '/claims?limit=200');
  const summary = page.items.find((c) => c.loanId === loanId);
  if (summary === undefined) return undefined;
  return api.expect<Claim>(200, key, 'GET', `/claims/${summary.claimId}`);
}

function share(claim: Claim, fundId: string): ClaimShare {
  const found = claim.shares.find((s) => s.fundId === fundId);
  if (found === undefined) throw new Error(`claim ${claim.claimId} has no share of ${fundId}`);
  return found;
}

describe('the worked example of docs/domain.md §7, end to end', () => {
  let mainLoan: Loan;
  let secondLoan: Loan;

  it('registers B1 other pool loans of 1,000,000,000.00 yuan in bulk, and the two XIAOLAN loans', async () => {
    const bulk = await api.call<{ registered: number; refused: number }>(
      keys.b1,
      'POST',
      '/loans/bulk',
      otherPoolLoansBody('B1-OTHER', 1000),
      {
        'content-type': 'application/x-ndjson',
      },
    );
    expect(bulk.status).toBeLessThan(300);
    expect(bulk.body).toMatchObject({ registered: 34, refused: 0 });

    mainLoan = await api.expect<Loan>(
      201,
      keys.b1,
      'POST',
      '/loans',
      loanBody({
        bankReference: 'B1-MAIN',
        usccNo: 1,
        townCode: 'XIAOLAN',
        principalFen: '800000000',
        flags: ['IP_PLEDGE'],
      }),
    );
    secondLoan = await api.expect<Loan>(
      201,
      keys.b1,
      'POST',
      '/loans',
      loanBody({
        bankReference: 'B1-SECOND',
        usccNo: 2,
        townCode: 'XIAOLAN',
        principalFen: '1000000000',
        flags: ['IP_PLEDGE'],
      }),
    );
    expect(mainLoan.status).toBe('REGISTERED');
  });

  it('opens the claim to the fen when B1 reports the default', async () => {
    await api.expect(200, system.adminKey, 'POST', '/admin/clock', { businessDate: '2026-06-01' });
    // default-events learns of the loan from Kafka; retry until its projection has it.
    await eventually('the default to be accepted', async () => {
      const response = await api.call(keys.b1, 'POST', `/loans/${mainLoan.loanId}/defaults`, {
        outstandingAtDefaultFen: '600000001',
        daysPastDue: 102,
        reachedMinDaysPastDueOn: '2026-05-20',
      });
      if (response.status === 404) return undefined;
      expect(response.status).toBe(201);
      return true;
    });
    const claim = await eventually('the claim', () => claimOfLoan(keys.city, mainLoan.loanId));
    expect(claim).toMatchObject({
      status: 'OPEN',
      basisFen: '600000001',
      rateBp: 4500,
      poolFen: '270000000',
      bankShareFen: '330000001',
      capsApplied: [],
    });
    expect(share(claim, 'CITY')).toMatchObject({
      shareFen: '135000000',
      heldFen: '135000000',
      queuedFen: '0',
    });
    expect(share(claim, 'TOWN:XIAOLAN')).toMatchObject({
      shareFen: '135000000',
      heldFen: '135000000',
      queuedFen: '0',
    });
  });

  it('pays both funds when both managers approve', async () => {
    const claim = (await claimOfLoan(keys.city, mainLoan.loanId)) as Claim;
    await api.expect(200, keys.city, 'POST', `/claims/${claim.claimId}/decisions`, {
      decision: 'APPROVE',
    });
    await api.expect(200, keys.xiaolan, 'POST', `/claims/${claim.claimId}/decisions`, {
      decision: 'APPROVE',
    });
    const paid = await eventually('both shares paid', async () => {
      const current = await claimOfLoan(keys.regulator, mainLoan.loanId);
      return current !== undefined && current.shares.every((s) => s.paidFen === s.shareFen)
        ? current
        : undefined;
    });
    expect(paid.status).toBe('APPROVED');
    expect(share(paid, 'CITY').paidFen).toBe('135000000');
    expect(share(paid, 'TOWN:XIAOLAN').paidFen).toBe('135000000');
  });

  it('shares a recovery after payout: 20250000 to each fund, 49500000 to the bank', async () => {
    await api.expect(201, keys.b1, 'POST', `/loans/${mainLoan.loanId}/recoveries`, {
      amountFen: '100000000',
      costsFen: '10000000',
    });
    const owed = await eventually('the recovery to be owed', async () => {
      const response = await api.expect<{
        items: Array<{ fundId: string; loanId: string; owedFen: string; outstandingFen: string }>;
      }>(200, keys.b1, 'GET', '/owed');
      const mine = response.items.filter((o) => o.loanId === mainLoan.loanId);
      return mine.length === 2 ? mine : undefined;
    });
    for (const fundId of ['CITY', 'TOWN:XIAOLAN']) {
      const row = owed.find((o) => o.fundId === fundId);
      expect(row).toMatchObject({ owedFen: '20250000', outstandingFen: '20250000' });
    }
  });

  it('holds 165000000 and queues 35000000 when a second XIAOLAN default needs 200000000 there', async () => {
    await eventually('the second default to be accepted', async () => {
      const response = await api.call(keys.b1, 'POST', `/loans/${secondLoan.loanId}/defaults`, {
        outstandingAtDefaultFen: '888888889',
        daysPastDue: 95,
        reachedMinDaysPastDueOn: '2026-05-28',
      });
      if (response.status === 404) return undefined;
      expect(response.status).toBe(201);
      return true;
    });
    const claim = await eventually('the second claim', () =>
      claimOfLoan(keys.xiaolan, secondLoan.loanId),
    );
    expect(claim.poolFen).toBe('400000000');
    expect(share(claim, 'TOWN:XIAOLAN')).toMatchObject({
      shareFen: '200000000',
      heldFen: '165000000',
      queuedFen: '35000000',
    });
    expect(share(claim, 'CITY')).toMatchObject({
      shareFen: '200000000',
      heldFen: '200000000',
      queuedFen: '0',
    });
  });

  it('books it all in the ledger: the per-loan report and the fund balances match to the fen', async () => {
    interface LoanReport {
      basisFen: string;
      funds: Array<{
        fundId: string;
        shareFen: string;
        paidFen: string;
        recoveredFen: string;
        owedFen: string;
      }>;
      shares: Array<{ party: string; shareFen: string }>;
    }
    const report = await eventually('the ledger to book the payouts and the recovery', async () => {
      const r = await api.expect<LoanReport>(
        200,
        keys.regulator,
        'GET',
        `/reports/loans/${mainLoan.loanId}`,
      );
      // The ledger books the approval, the payouts and the recovery as their events arrive: they
      // come from three topics (pool-allocation's and settlement's), so in any order. The report is
      // complete once each of them is in; the figures themselves are checked below.
      const paidAndOwed = r.funds.every(
        (f) => f.owedFen === '20250000' && f.paidFen === '135000000',
      );
      const approvalBooked = r.basisFen !== '0';
      return r.funds.length === 2 && paidAndOwed && approvalBooked ? r : undefined;
    });
    expect(report.basisFen).toBe('600000001');
    expect(report.shares).toEqual(
      expect.arrayContaining([
        { party: 'fund:CITY', shareFen: '135000000' },
        { party: 'fund:TOWN:XIAOLAN', shareFen: '135000000' },
        { party: 'bank', shareFen: '330000001' },
      ]),
    );
    for (const fund of report.funds) {
      expect(fund).toMatchObject({
        shareFen: '135000000',
        paidFen: '135000000',
        recoveredFen: '20250000',
        owedFen: '20250000',
      });
    }

    interface FundReport {
      fundId: string;
      heldFen: string;
      paidOutFen: string;
      recoveriesOwedFen: string;
    }
    const funds = await eventually('the second claim held in the ledger', async () => {
      const r = await api.expect<{ items: FundReport[] }>(
        200,
        keys.regulator,
        'GET',
        '/reports/funds',
      );
      const xiaolan = r.items.find((f) => f.fundId === 'TOWN:XIAOLAN');
      return xiaolan?.heldFen === '165000000' ? r.items : undefined;
    });
    expect(funds.find((f) => f.fundId === 'TOWN:XIAOLAN')).toMatchObject({
      heldFen: '165000000',
      paidOutFen: '135000000',
      recoveriesOwedFen: '20250000',
    });
    expect(funds.find((f) => f.fundId === 'CITY')).toMatchObject({
      heldFen: '200000000',
      paidOutFen: '135000000',
      recoveriesOwedFen: '20250000',
    });
  });

  it('reconciles: the ledger agrees with pool-allocation and settlement per fund and bank, and reports a planted difference', async () => {
    interface Reconciliation {
      ok: boolean;
      differences: Array<Record<string, string>>;
    }
    const reconcile = () =>
      api.expect<Reconciliation>(200, keys.regulator, 'GET', '/ledger/reconciliation');
    // Events may still be on their way to one side: agreement is reached, not assumed.
    const agreed = await eventually('the ledger and its sources to agree', async () => {
      const r = await reconcile();
      return r.ok ? r : undefined;
    });
    expect(agreed.differences).toEqual([]);
    // One fen too many on pool-allocation's side of the town fund, put there behind its back.
    const db = new Client({ connectionString: system.databaseUrl });
    await db.connect();
    const plant = (delta: number) =>
      db.query(
        `UPDATE pool_allocation.funds SET deposited_fen = deposited_fen + $1 WHERE fund_id = $2`,
        [delta, 'TOWN:XIAOLAN'],
      );
    try {
      await plant(1);
      const found = await reconcile();
      expect(found.ok).toBe(false);
      expect(found.differences).toEqual([
        expect.objectContaining({
          partyId: 'TOWN:XIAOLAN',
          figure: 'depositedFen',
          source: 'pool-allocation',
        }),
      ]);
      const { ledgerFen, sourceFen } = found.differences[0] as Record<string, string>;
      expect(BigInt(sourceFen as string) - BigInt(ledgerFen as string)).toBe(1n);
    } finally {
      await plant(-1);
      await db.end();
    }
    expect((await reconcile()).ok).toBe(true);
  });

  it('exports the ledger, and the offline verify passes with only the public key', async () => {
    const dir = fs.mkdtempSync(path.join(system.logDir, 'verify-'));
    const exportFile = path.join(dir, 'ledger-export.jsonl');
    const keyFile = path.join(dir, 'ledger-key.pem');
    const exported = await api.call<string>(keys.regulator, 'GET', '/ledger/export');
    expect(exported.status).toBe(200);
    fs.writeFileSync(
      exportFile,
      typeof exported.body === 'string' ? exported.body : JSON.stringify(exported.body),
    );
    const key = await api.expect<{ publicKeyPem: string }>(
      200,
      keys.regulator,
      'GET',
      '/ledger/public-key',
    );
    fs.writeFileSync(keyFile, key.publicKeyPem);

    // The key id pinned from the ledger's start, not from the API being checked.
    const { exitedOk, stdout } = await runVerifyCli(exportFile, keyFile, [
      '--key-id',
      system.ledgerKeyId,
    ]);
    if (!exitedOk) throw new Error(`verify failed: ${stdout}`);
    expect(stdout).toMatch(/"ok":\s*true/);
  });
});

describe('security: every route, every role, through the gateway and around it', () => {
  interface Operation {
    method: string;
    path: string;
    roles: readonly string[];
  }

  const ROLES = ['admin', 'bank', 'fund-manager', 'regulator', 'cosharer'] as const;

  /** A guarantor admitted by the admin, and a key of the co-sharer role (docs/domain.md §8.4). */
  let guarantorKey: Promise<string> | undefined;
  function cosharerKey(): Promise<string> {
    guarantorKey ??= createCoSharerKey(api, system.adminKey, 'G-E2E');
    return guarantorKey;
  }

  /** The role table, checked against what the gateway documents for each route. */
  async function operations(): Promise<Operation[]> {
    const response = await fetch(`${system.gatewayUrl}/api/docs/openapi.json`);
    const document = (await response.json()) as {
      paths: Record<string, Record<string, { 'x-roles': string[] }>>;
    };
    const documented = Object.entries(document.paths).flatMap(([fullPath, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        key: `${method.toUpperCase()} ${fullPath.replace(/^\/api\/v1/, '')}`,
        roles: [...op['x-roles']].sort(),
      })),
    );
    const declared = publicRoutes().map((r) => ({
      key: r.key as string,
      roles: [...r.roles].sort(),
    }));
    expect(documented.sort((x, y) => x.key.localeCompare(y.key))).toEqual(
      declared.sort((x, y) => x.key.localeCompare(y.key)),
    );
    return publicRoutes().map((r) => ({
      method: r.method,
      path: r.path.replace(/\{[A-Za-z]+\}/g, 'X-PROBE-1'),
      roles: r.roles,
    }));
  }

  it('answers 401 on every route without a key or with a forged one; lets every allowed role in and refuses every other role 403', async () => {
    const ops = await operations();
    expect(ops.length).toBeGreaterThan(30);
    const keyOf: Record<(typeof ROLES)[number], string> = {
      admin: system.adminKey,
      bank: keys.b2,
      // The city fund's manager: the one manager every fund-manager route admits.
      'fund-manager': keys.city,
      regulator: keys.regulator,
      cosharer: await cosharerKey(),
    };
    let denials = 0;
    let admissions = 0;
    for (const op of ops) {
      const body = op.method === 'GET' ? undefined : {};
      expect([
        op.method,
        op.path,
        (await api.call(undefined, op.method, op.path, body)).status,
      ]).toEqual([op.method, op.path, 401]);
      expect(
        (await api.call('rpk_forged_0000000000000000000000000000', op.method, op.path, body))
          .status,
      ).toBe(401);
      denials += 2;
      for (const role of ROLES) {
        const status = (await api.call(keyOf[role], op.method, op.path, body)).status;
        if (op.roles.includes(role)) {
          // In: whatever the answer (a 2xx, or a 400/404/422 for the probe's empty body and
          // unknown id), it is neither an authentication nor an authorisation refusal.
          expect([op.method, op.path, role, [401, 403].includes(status) ? status : 'in']).toEqual([
            op.method,
            op.path,
            role,
            'in',
          ]);
          expect(status).toBeLessThan(500);
          admissions += 1;
        } else {
          expect([op.method, op.path, role, status]).toEqual([op.method, op.path, role, 403]);
          denials += 1;
        }
      }
    }
    process.stdout.write(
      `security matrix: ${ops.length} routes, ${admissions} admissions and ${denials} denials proven\n`,
    );
  });

  it('keeps each bank to its own loans and each manager to its own fund', async () => {
    const b1Loans = await api.expect<{ items: Array<{ loanId: string; bankId: string }> }>(
      200,
      keys.b1,
      'GET',
      '/loans',
    );
    const b1Loan = b1Loans.items[0] as { loanId: string };
    // A read of another bank's row answers 404 everywhere, as if it did not exist, so ids cannot
    // be probed; so does a list filtered to another bank or fund.
    const b1Claim = (
      await api.expect<{ items: Array<{ claimId: string; approvals: { required: string[] } }> }>(
        200,
        keys.b1,
        'GET',
        '/claims',
      )
    ).items[0];
    const b1Payout = (
      await api.expect<{ items: Array<{ payoutId: string }> }>(200, keys.b1, 'GET', '/payouts')
    ).items[0];
    const b1Entry = (
      await api.expect<{ items: Array<{ seq: string }> }>(200, keys.b1, 'GET', '/ledger/entries')
    ).items[0];
    expect([b1Claim, b1Payout, b1Entry].every((x) => x !== undefined)).toBe(true);
    const hidden: Array<[string, string]> = [
      [keys.b2, `/loans/${b1Loan.loanId}`],
      [keys.b2, `/reports/loans/${b1Loan.loanId}`],
      [keys.b2, `/claims/${b1Claim?.claimId ?? ''}`],
      [keys.b2, `/payouts/${b1Payout?.payoutId ?? ''}`],
      [keys.b2, `/ledger/entries/${b1Entry?.seq ?? ''}/proof`],
      [keys.b2, '/payouts?bankId=B1'],
      [keys.b2, '/remittances?bankId=B1'],
      [keys.b2, '/owed?bankId=B1'],
      [keys.torch, '/payouts?fundId=CITY'],
      [keys.torch, '/remittances?fundId=CITY'],
    ];
    // A manager whose fund is not in the claim's split reads neither the claim nor its loan report.
    const outsider = (
      [
        ['TOWN:TORCH', keys.torch],
        ['TOWN:XIAOLAN', keys.xiaolan],
        ['TOWN:GUZHEN', keys.guzhen],
      ] as const
    ).find(([fundId]) => !(b1Claim?.approvals.required ?? []).includes(fundId));
    expect(outsider).toBeDefined();
    hidden.push([outsider?.[1] ?? '', `/claims/${b1Claim?.claimId ?? ''}`]);
    // A co-sharer reads only the claims naming it: none of the worked example's.
    const guarantor = await cosharerKey();
    hidden.push([guarantor, `/claims/${b1Claim?.claimId ?? ''}`]);
    expect(
      (await api.expect<{ items: unknown[] }>(200, guarantor, 'GET', '/claims')).items,
    ).toEqual([]);
    for (const [key, path] of hidden)
      expect([path, (await api.call(key, 'GET', path)).status]).toEqual([path, 404]);
    // Writes on another bank's loan are refused too.
    const b2Loans = await api.expect<{ items: Array<{ bankId: string }> }>(
      200,
      keys.b2,
      'GET',
      '/loans',
    );
    expect(b2Loans.items.every((l) => l.bankId === 'B2')).toBe(true);

    // A manager of a fund outside the claim's split may not decide it; nor deposit into another fund.
    const claims = await api.expect<{ items: Array<{ claimId: string; status: string }> }>(
      200,
      keys.regulator,
      'GET',
      '/claims',
    );
    const open = claims.items.find((c) => c.status === 'OPEN') ?? claims.items[0];
    expect(open).toBeDefined();
    expect(
      (
        await api.call(keys.torch, 'POST', `/claims/${open?.claimId ?? 'none'}/decisions`, {
          decision: 'APPROVE',
        })
      ).status,
    ).toBe(403);
    expect(
      (await api.call(keys.xiaolan, 'POST', '/funds/CITY/deposits', { amountFen: '100' })).status,
    ).toBe(403);
    // Regulators read everything and write nothing.
    expect(
      (await api.call(keys.regulator, 'POST', '/funds/CITY/deposits', { amountFen: '100' })).status,
    ).toBe(403);
  });

  it('refuses a request that skips the gateway, at every service', async () => {
    for (const [name, method, path] of [
      ['loan-registry', 'GET', '/loans'],
      ['default-events', 'POST', '/loans/X/defaults'],
      ['pool-allocation', 'GET', '/claims'],
      ['settlement', 'GET', '/payouts'],
      ['ledger', 'GET', '/ledger/entries'],
    ] as const) {
      const response = await fetch(`${system.serviceUrl(name)}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${keys.regulator}`,
          'content-type': 'application/json',
          'idempotency-key': 'skip-gateway-1',
        },
        ...(method === 'POST' ? { body: '{}' } : {}),
      });
      expect([name, response.status]).toEqual([name, 401]);
    }
  });
});

describe('statements of the worked example’s month (docs/domain.md §10)', () => {
  const TOWN = 'fund-monthly-TOWN-XIAOLAN-2026-06';
  interface Counters {
    debitsPending: string;
    debitsPosted: string;
    creditsPending: string;
    creditsPosted: string;
  }
  interface Statement {
    statementId: string;
    subjectId: string;
    openingSeq: string;
    closingSeq: string;
    files: Array<{ format: string; sha256: string }>;
    anchors: Array<{ seq: string; documentName: string }>;
  }
  const download = async (key: string, statementId: string, format: string) => {
    const res = await fetch(
      `${system.gatewayUrl}/api/v1/statements/${statementId}/files/${format}`,
      {
        headers: { authorization: `Bearer ${key}` },
      },
    );
    return { status: res.status, body: Buffer.from(await res.arrayBuffer()) };
  };
  const balancesAt = async (seq: string) => {
    const body = await api.expect<{ accounts: Array<{ account: string } & Counters> }>(
      200,
      keys.regulator,
      'GET',
      `/ledger/balances?asOf=${seq}`,
    );
    return new Map(body.accounts.map((a) => [a.account, a]));
  };

  it('June closes when the clock passes its end; each figure of the CSV and the PDF equals the ledger’s for the month', async () => {
    // B1 remits the recovery it owes XIAOLAN, so the month has a recovery received too.
    await api.expect(201, keys.b1, 'POST', '/remittances', {
      fundId: 'TOWN:XIAOLAN',
      amountFen: '20250000',
    });
    await eventually('the remittance in the ledger', async () => {
      const funds = await api.expect<{
        items: Array<{ fundId: string; recoveriesReceivedFen: string }>;
      }>(200, keys.regulator, 'GET', '/reports/funds');
      const x = funds.items.find((f) => f.fundId === 'TOWN:XIAOLAN');
      return x !== undefined && x.recoveriesReceivedFen === '20250000' ? true : undefined;
    });
    await api.expect(200, system.adminKey, 'POST', '/admin/clock', { businessDate: '2026-07-01' });
    const statement = await eventually(
      'June’s XIAOLAN statement, anchored',
      async () => {
        const s = await api.call<Statement>(keys.regulator, 'GET', `/statements/${TOWN}`);
        return s.status === 200 && s.body.anchors.length === 3 ? s.body : undefined;
      },
      120_000,
    );
    const opening = await balancesAt(statement.openingSeq);
    const closing = await balancesAt(statement.closingSeq);
    const n = (m: Map<string, Counters>, account: string, field: keyof Counters) =>
      BigInt(m.get(account)?.[field] ?? '0');
    const acct = (role: string) => `fund:TOWN:XIAOLAN:${role}`;
    const available = (m: Map<string, Counters>) =>
      n(m, acct('available'), 'creditsPosted') -
      n(m, acct('available'), 'debitsPosted') -
      n(m, acct('available'), 'debitsPending');
    const held = (m: Map<string, Counters>) =>
      n(m, acct('held'), 'creditsPending') +
      n(m, acct('held'), 'creditsPosted') -
      n(m, acct('held'), 'debitsPosted');
    const moved = (account: string, field: keyof Counters) =>
      n(closing, account, field) - n(opening, account, field);
    const expected: Record<string, bigint> = {
      'Opening available': available(opening),
      'Opening held': held(opening),
      'Opening balance': available(opening) + held(opening),
      Deposits: moved(acct('contributions'), 'debitsPosted'),
      Payouts: moved(acct('held'), 'debitsPosted'),
      'Recoveries received': moved(acct('recoveries-owed'), 'debitsPosted'),
      'Closing available': available(closing),
      'Closing held': held(closing),
      'Closing balance': available(closing) + held(closing),
    };
    // The month of the worked example: XIAOLAN paid its share and received the recovery back.
    expect(expected['Payouts']).toBeGreaterThan(0n);
    expect(expected['Recoveries received']).toBe(20_250_000n);
    expect(expected['Closing held']).toBeGreaterThan(0n);

    const csv = await download(keys.xiaolan, TOWN, 'csv');
    expect(csv.status).toBe(200);
    expect([...csv.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = new Map(
      csv.body
        .toString('utf8')
        .slice(1)
        .split('\r\n')
        .map((line) => line.split(','))
        .map((cells) => [cells[2], cells]),
    );
    const yuan = (fen: bigint) => `${fen / 100n}.${String(fen % 100n).padStart(2, '0')}`;
    for (const [item, fen] of Object.entries(expected)) {
      expect([item, rows.get(item)?.[4], rows.get(item)?.[5]]).toEqual([item, `${fen}`, yuan(fen)]);
    }

    const dir = fs.mkdtempSync(path.join(system.logDir, 'statements-'));
    const pdf = await download(keys.xiaolan, TOWN, 'pdf-en');
    expect(pdf.status).toBe(200);
    fs.writeFileSync(path.join(dir, 'statement.en.pdf'), pdf.body);
    const text = execFileSync('pdftotext', ['-layout', path.join(dir, 'statement.en.pdf'), '-'], {
      encoding: 'utf8',
    });
    const grouped = (fen: bigint) => yuan(fen).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    for (const [item, fen] of Object.entries(expected))
      expect([item, text.includes(grouped(fen))]).toEqual([item, true]);

    // verify --statement: the issued CSV is anchored in the exported, signed ledger; one changed
    // figure is not.
    const changed = await verifyIssuedAndChanged(
      api,
      keys.regulator,
      dir,
      csv.body,
      csv.body.toString('utf8').replace(',20250000,202500.00', ',20250001,202500.01'),
    );
    expect(changed.exitedOk).toBe(false);
    expect(changed.stdout).toMatch(/"anchored":\s*false/);
  });

  it('B1’s June statement and the programme’s: every figure equals the ledger’s for the month', async () => {
    const BANK = 'bank-monthly-B1-2026-06';
    const PROGRAMME = 'programme-monthly-2026-06';
    const bank = await eventually(
      'June’s statements of B1 and of the programme, anchored',
      async () => {
        const b = await api.call<Statement>(keys.b1, 'GET', `/statements/${BANK}`);
        const p = await api.call<Statement>(keys.regulator, 'GET', `/statements/${PROGRAMME}`);
        return b.status === 200 &&
          b.body.anchors.length === 3 &&
          p.status === 200 &&
          p.body.anchors.length === 3
          ? b.body
          : undefined;
      },
      120_000,
    );
    const opening = await balancesAt(bank.openingSeq);
    const closing = await balancesAt(bank.closingSeq);
    const n = (m: Map<string, Counters>, account: string, field: keyof Counters) =>
      BigInt(m.get(account)?.[field] ?? '0');
    const moved = (account: string, field: keyof Counters) =>
      n(closing, account, field) - n(opening, account, field);
    const expected: Array<[string, string, bigint]> = [
      [
        'Compensation',
        'Compensation received',
        moved('bank:B1:compensation-received', 'creditsPosted'),
      ],
      ['Compensation', 'Loss borne', moved('bank:B1:loss-borne', 'creditsPosted')],
      ['Recoveries', 'Recoveries assessed', moved('bank:B1:recoveries-owed', 'debitsPosted')],
      ['Recoveries', 'Recoveries settled', moved('bank:B1:recoveries-owed', 'creditsPosted')],
      ['Recoveries', 'Recoveries remitted', moved('bank:B1:recoveries-remitted', 'debitsPosted')],
    ];
    // The worked example’s month for B1: compensation paid, its loss share, the recovery remitted.
    expect(expected.every(([, , fen]) => fen > 0n)).toBe(true);
    const yuan = (fen: bigint) => `${fen / 100n}.${String(fen % 100n).padStart(2, '0')}`;
    const grouped = (fen: bigint) => yuan(fen).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    const csvRows = (body: Buffer) =>
      new Map(
        body
          .toString('utf8')
          .slice(1)
          .split('\r\n')
          .map((line) => line.split(','))
          .map((cells) => [`${cells[0]}|${cells[2]}`, cells]),
      );
    const dir = fs.mkdtempSync(path.join(system.logDir, 'statements-'));
    const pdfText = (name: string, body: Buffer) => {
      fs.writeFileSync(path.join(dir, name), body);
      return execFileSync('pdftotext', ['-layout', path.join(dir, name), '-'], {
        encoding: 'utf8',
      });
    };
    const csv = csvRows((await download(keys.b1, BANK, 'csv')).body);
    const text = pdfText('bank.en.pdf', (await download(keys.b1, BANK, 'pdf-en')).body);
    for (const [section, item, fen] of expected) {
      expect([item, csv.get(`${section}|${item}`)?.slice(4, 6)]).toEqual([
        item,
        [`${fen}`, yuan(fen)],
      ]);
      expect([
        item,
        new RegExp(`${item}\\s+${grouped(fen).replace(/\./g, '\\.')}`).test(text),
      ]).toEqual([item, true]);
    }
    // The programme’s institution line for B1 is B1’s own; its totals add up every fund’s.
    const programmeCsv = csvRows((await download(keys.regulator, PROGRAMME, 'csv')).body);
    for (const [, item, fen] of expected.filter(([, i]) => i !== 'Recoveries settled'))
      expect([item, programmeCsv.get(`Institution B1|${item}`)?.[4]]).toEqual([item, `${fen}`]);
    const totalPayouts = [...closing.keys()]
      .filter((account) => /^fund:.+:held$/.test(account))
      .reduce((s, account) => s + moved(account, 'debitsPosted'), 0n);
    expect(programmeCsv.get('Programme totals|Payouts')?.[4]).toBe(`${totalPayouts}`);
    const programmeText = pdfText(
      'programme.zh-CN.pdf',
      (await download(keys.regulator, PROGRAMME, 'pdf-zh-CN')).body,
    );
    expect(programmeText).toContain('风险补偿资金池项目月度报告（2026-06）');
    expect(programmeText).toMatch(
      new RegExp(`代偿支付\\s+${grouped(totalPayouts).replace(/\./g, '\\.')}`),
    );
  });

  it('a fund manager sees its fund’s statements only, a bank its own, the regulator all', async () => {
    const subjects = async (key: string) =>
      (
        await api.expect<{ items: Array<{ subjectId: string }> }>(
          200,
          key,
          'GET',
          '/statements?limit=200',
        )
      ).items.map((s) => s.subjectId);
    expect(new Set(await subjects(keys.xiaolan))).toEqual(new Set(['TOWN:XIAOLAN']));
    expect(new Set(await subjects(keys.b1))).toEqual(new Set(['B1']));
    expect((await subjects(keys.b2)).every((s) => s === 'B2')).toBe(true);
    expect(await subjects(keys.regulator)).toEqual(
      expect.arrayContaining(['CITY', 'TOWN:XIAOLAN', 'B1', 'PROGRAMME']),
    );
    // Another's statement answers 404, as if it did not exist, in both directions.
    const BANK = 'bank-monthly-B1-2026-06';
    const PROGRAMME = 'programme-monthly-2026-06';
    for (const [key, id] of [
      [keys.b2, BANK],
      [keys.xiaolan, BANK],
      [keys.b1, PROGRAMME],
      [keys.city, PROGRAMME],
    ] as const) {
      expect([id, (await api.call(key, 'GET', `/statements/${id}`)).status]).toEqual([id, 404]);
      expect([id, (await download(key, id, 'pdf-en')).status]).toEqual([id, 404]);
    }
    expect((await download(keys.b1, BANK, 'pdf-zh-CN')).status).toBe(200);
    expect((await download(keys.regulator, BANK, 'csv')).status).toBe(200);
    expect((await download(keys.city, TOWN, 'csv')).status).toBe(404);
    expect((await download(keys.b1, TOWN, 'pdf-zh-CN')).status).toBe(404);
    expect((await api.call(keys.b1, 'GET', `/statements/${TOWN}`)).status).toBe(404);
  });
});
