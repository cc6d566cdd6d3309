// The loan book on the statements (docs/domain.md §10, ADR 0019), end to end: a month with loans
// registered (in bulk and one by one), a repayment and defaults, closed by the business clock.
// Every new figure of the institution's and the programme's statements (CSV rows and the PDF's
// text) is compared with the ledger's balances for the statement's journal range and with the
// owning services' read models (loan-registry's loans, the gateway's quotas); verify --statement
// accepts the issued file and refuses one with a changed figure; a bank sees only its own.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { eventually, Keys, loanBody, PublicApi, setUpProgramme } from '@riskpool/testing';
import { RunningSystem, startSystem } from './support/system';
import { verifyIssuedAndChanged } from './support/verify-cli';

interface Loan {
  loanId: string;
  bankId: string;
  status: string;
  principalFen: string;
  outstandingFen: string;
  exposureFen: string;
  enterprise: { townCode: string };
}
interface Counters {
  debitsPending: string;
  debitsPosted: string;
  creditsPending: string;
  creditsPosted: string;
}
interface Claim {
  claimId: string;
  loanId: string;
  bankId: string;
  status: string;
}
interface Statement {
  statementId: string;
  openingSeq: string;
  closingSeq: string;
  anchors: Array<{ seq: string; documentName: string }>;
}

let system: RunningSystem;
let api: PublicApi;
let keys: Keys;
let dir: string;

const BANK = 'bank-monthly-B1-2026-03';
const BANK2 = 'bank-monthly-B2-2026-03';
const PROGRAMME = 'programme-monthly-2026-03';

beforeAll(async () => {
  system = await startSystem();
  api = new PublicApi(system.gatewayUrl);
  keys = await setUpProgramme(api, system.adminKey, '2026-03-02');
  dir = fs.mkdtempSync(path.join(system.logDir, 'loan-book-'));
}, 600_000);

afterAll(async () => {
  await system?.stop();
});

async function allLoans(): Promise<Loan[]> {
  const loans: Loan[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor === null ? '' : `&cursor=${cursor}`;
    const page = await api.expect<{ items: Loan[]; nextCursor: string | null }>(
      200,
      keys.regulator,
      'GET',
      `/loans?limit=500${query}`,
    );
    loans.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return loans;
}

/** A bank's claims as pool-allocation has them (GET /claims, its own key). */
async function claimsOf(key: string): Promise<Claim[]> {
  const page = await api.expect<{ items: Claim[] }>(200, key, 'GET', '/claims?limit=500');
  return page.items;
}

async function balancesAt(seq: string): Promise<Map<string, Counters>> {
  const body = await api.expect<{ accounts: Array<{ account: string } & Counters> }>(
    200,
    keys.regulator,
    'GET',
    `/ledger/balances?asOf=${seq}`,
  );
  return new Map(body.accounts.map((a) => [a.account, a]));
}

/** A memo account's balance (debits less credits, posted). */
const memo = (m: Map<string, Counters>, account: string) =>
  BigInt(m.get(account)?.debitsPosted ?? '0') - BigInt(m.get(account)?.creditsPosted ?? '0');
const sumMemo = (m: Map<string, Counters>, pattern: RegExp) =>
  [...m.keys()].filter((a) => pattern.test(a)).reduce((s, a) => s + memo(m, a), 0n);

async function download(key: string, statementId: string, format: string): Promise<Buffer> {
  const res = await fetch(`${system.gatewayUrl}/api/v1/statements/${statementId}/files/${format}`, {
    headers: { authorization: `Bearer ${key}` },
  });
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}
/** CSV rows by `section|item` (this test's figures hold no comma or quote). */
function csvRows(body: Buffer): Map<string, string[]> {
  return new Map(
    body
      .toString('utf8')
      .slice(1)
      .split('\r\n')
      .map((line) => line.split(','))
      .map((cells) => [`${cells[0]}|${cells[2]}`, cells]),
  );
}
function pdfText(name: string, body: Buffer): string {
  fs.writeFileSync(path.join(dir, name), body);
  return execFileSync('pdftotext', ['-layout', path.join(dir, name), '-'], { encoding: 'utf8' });
}
const yuan = (fen: bigint) =>
  `${fen < 0n ? '-' : ''}${(fen < 0n ? -fen : fen) / 100n}.${String((fen < 0n ? -fen : fen) % 100n).padStart(2, '0')}`;
const grouped = (fen: bigint) => yuan(fen).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
const escape = (s: string) => s.replace(/[.()]/g, (c) => `\\${c}`);
const groupedInt = (n: bigint) => n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');

describe('the loan book on the statements of a month (docs/domain.md §10, ADR 0019)', () => {
  let repaid: Loan;
  let defaulted: Loan;

  it('March: loans registered in bulk and one by one, a repayment, two defaults', async () => {
    // B1: 20 loans in bulk across XIAOLAN and GUZHEN, then two one by one; B2 one in GUZHEN.
    const bulk = Array.from({ length: 20 }, (_, i) =>
      JSON.stringify(
        loanBody({
          bankReference: `LB-BULK-${i}`,
          usccNo: 500 + i,
          townCode: i % 2 === 0 ? 'XIAOLAN' : 'GUZHEN',
          principalFen: String(100_000_000 + i * 1_000_001),
        }),
      ),
    ).join('\n');
    // Sent again until loan-registry has read the policy published a moment ago (a row refused
    // for that is not registered; a row registered before is answered with the same loan).
    await eventually('the bulk registered', async () => {
      const res = await api.call<{ registered: number; refused: number; items?: unknown[] }>(
        keys.b1,
        'POST',
        '/loans/bulk',
        bulk,
        { 'content-type': 'application/x-ndjson' },
      );
      return res.status < 300 && res.body.refused === 0 ? true : undefined;
    });
    repaid = await api.expect<Loan>(
      201,
      keys.b1,
      'POST',
      '/loans',
      loanBody({
        bankReference: 'LB-REPAID',
        usccNo: 600,
        townCode: 'XIAOLAN',
        principalFen: '50000000',
      }),
    );
    defaulted = await api.expect<Loan>(
      201,
      keys.b1,
      'POST',
      '/loans',
      loanBody({
        bankReference: 'LB-DEFAULT',
        usccNo: 601,
        townCode: 'GUZHEN',
        principalFen: '40000000',
      }),
    );
    const b2 = await api.expect<Loan>(
      201,
      keys.b2,
      'POST',
      '/loans',
      loanBody({
        bankReference: 'LB-B2',
        usccNo: 602,
        townCode: 'GUZHEN',
        principalFen: '30000000',
      }),
    );
    await api.expect(201, keys.b1, 'POST', `/loans/${repaid.loanId}/repayments`, {
      amountFen: '12345678',
    });
    // Defaults at less than the outstanding (the exposure becomes the outstanding at default).
    for (const [key, loan, fen] of [
      [keys.b1, defaulted, '39000000'],
      [keys.b2, b2, '30000000'],
    ] as const)
      await eventually('the default accepted', async () => {
        const r = await api.call(key, 'POST', `/loans/${loan.loanId}/defaults`, {
          outstandingAtDefaultFen: fen,
          daysPastDue: 95,
          reachedMinDaysPastDueOn: '2026-03-01',
        });
        if (r.status === 404) return undefined;
        expect(r.status).toBe(201);
        return true;
      });
    // The ledger has booked every loan event (its exposure equals loan-registry's) before the
    // clock moves: the month's figures are the journal's up to where the ledger read the clock.
    await eventually(
      'the ledger’s exposure equal to loan-registry’s',
      async () => {
        const loans = await allLoans();
        const ours = loans.filter((l) => l.bankId === 'B1' || l.bankId === 'B2');
        const exposure = ours.reduce((s, l) => s + BigInt(l.exposureFen), 0n);
        const defaultedFen = ours
          .filter((l) => l.status === 'DEFAULTED')
          .reduce((s, l) => s + BigInt(l.exposureFen), 0n);
        const head = await api.expect<{ accounts: Array<{ account: string } & Counters> }>(
          200,
          keys.regulator,
          'GET',
          '/ledger/balances',
        );
        const m = new Map(head.accounts.map((a) => [a.account, a]));
        // Each default opened a claim (pool-allocation); the ledger booked its opening as a claim
        // memo entry (ADR 0019), so its state is in the month.
        const claims = [...(await claimsOf(keys.b1)), ...(await claimsOf(keys.b2))];
        const opened = sumMemo(m, /^bank:B[12]:claims-(opened|deferred)$/);
        return defaultedFen === 69_000_000n &&
          sumMemo(m, /^bank:B[12]:exposure:town:/) === exposure &&
          sumMemo(m, /^bank:B[12]:defaulted:town:/) === defaultedFen &&
          claims.length === 2 &&
          opened === 2n
          ? true
          : undefined;
      },
      180_000,
    );
    await api.expect(200, system.adminKey, 'POST', '/admin/clock', { businessDate: '2026-04-01' });
  }, 400_000);

  it('the institution’s statement: loans, exposure, quota use and defaults equal the ledger’s and the read models’', async () => {
    const statement = await eventually(
      'March’s statements anchored',
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
      180_000,
    );
    const opening = await balancesAt(statement.openingSeq);
    const closing = await balancesAt(statement.closingSeq);
    const loans = (await allLoans()).filter((l) => l.bankId === 'B1');
    const banks = await api.expect<{ items: Array<{ bankId: string; quotaFen: string }> }>(
      200,
      system.adminKey,
      'GET',
      '/admin/banks',
    );
    const quota = BigInt(banks.items.find((b) => b.bankId === 'B1')?.quotaFen ?? '0');
    // The read models: loan-registry's loans of B1 (all registered this month) and their exposure.
    const principal = loans.reduce((s, l) => s + BigInt(l.principalFen), 0n);
    const exposure = loans.reduce((s, l) => s + BigInt(l.exposureFen), 0n);
    const defaultedFen = loans
      .filter((l) => l.status === 'DEFAULTED')
      .reduce((s, l) => s + BigInt(l.exposureFen), 0n);
    expect(loans).toHaveLength(22);
    expect(exposure).toBe(principal - 12_345_678n - 1_000_000n);
    // The ledger's memo balances for the statement's range agree with them.
    expect(sumMemo(opening, /^bank:B1:exposure:town:/)).toBe(0n);
    expect(sumMemo(closing, /^bank:B1:exposure:town:/)).toBe(exposure);
    expect(sumMemo(closing, /^bank:B1:defaulted:town:/)).toBe(defaultedFen);
    expect(memo(closing, 'bank:B1:quota')).toBe(quota);

    const expected: Array<[string, string, string[]]> = [
      ['Loans', 'Loans registered (number)', ['', '', '22', 'count']],
      ['Loans', 'Principal registered', [`${principal}`, yuan(principal), '', '']],
      ['Loans', 'Repayments (number)', ['', '', '1', 'count']],
      ['Loans', 'Principal repaid', ['12345678', '123456.78', '', '']],
      ['Loans', 'Opening exposure', ['0', '0.00', '', '']],
      ['Loans', 'Closing exposure', [`${exposure}`, yuan(exposure), '', '']],
      ['Loans', 'Quota', [`${quota}`, yuan(quota), '', '']],
      ['Loans', 'Quota use', ['', '', `${(exposure * 10_000n) / quota}`, 'bp']],
      ['Defaults', 'Defaults reported (number)', ['', '', '1', 'count']],
      ['Defaults', 'Outstanding at default', ['39000000', '390000.00', '', '']],
      ['Defaults', 'Closing defaulted exposure', [`${defaultedFen}`, yuan(defaultedFen), '', '']],
      ['Defaults', 'NPL ratio', ['', '', `${(defaultedFen * 10_000n) / exposure}`, 'bp']],
    ];
    const csv = csvRows(await download(keys.b1, BANK, 'csv'));
    for (const [section, item, cells] of expected)
      expect([item, csv.get(`${section}|${item}`)?.slice(4, 8)]).toEqual([item, cells]);
    // Per town, as loan-registry has them.
    for (const town of ['XIAOLAN', 'GUZHEN']) {
      const fen = loans
        .filter((l) => l.enterprise.townCode === town)
        .reduce((s, l) => s + BigInt(l.exposureFen), 0n);
      expect([town, csv.get(`Closing exposure by borrower’s town|${town} exposure`)?.[4]]).toEqual([
        town,
        `${fen}`,
      ]);
    }
    const en = pdfText('bank.en.pdf', await download(keys.b1, BANK, 'pdf-en'));
    expect(en).toMatch(new RegExp(`Closing exposure\\s+${escape(grouped(exposure))}`));
    expect(en).toMatch(/Loans registered \(number\)\s+22/);
    expect(en).toMatch(
      new RegExp(`NPL ratio\\s+${groupedInt((defaultedFen * 10_000n) / exposure)} bp`),
    );
    const zh = pdfText('bank.zh-CN.pdf', await download(keys.b1, BANK, 'pdf-zh-CN'));
    expect(zh).toMatch(new RegExp(`期末在保敞口\\s+${escape(grouped(exposure))}`));
    expect(zh).toMatch(/本期新增登记贷款笔数\s+22/);

    // Claims and their states (ADR 0019): each of B1's claims with its state at the closing equal
    // to pool-allocation's (nothing happened to a claim since the clock moved), none before.
    const claims = await claimsOf(keys.b1);
    expect(claims.map((c) => c.loanId)).toEqual([defaulted.loanId]);
    const stateRows = [...csv.values()].filter((cells) => cells[7] === 'state');
    expect(stateRows.map((cells) => [cells[2], cells[8], cells[9]])).toEqual(
      claims.map((c) => [`Claim ${c.claimId} (loan ${c.loanId})`, '', c.status]),
    );
    const names: Record<string, [string, string]> = {
      OPEN: ['Open', '审核中'],
      DEFERRED: ['Deferred', '已暂缓'],
    };
    for (const c of claims) {
      const [nameEn, nameZh] = names[c.status] ?? ['?', '?'];
      expect(en.replace(/\s+/g, ' ')).toContain(
        `Claim ${c.claimId} (loan ${c.loanId}) — → ${nameEn}`,
      );
      expect(zh.replace(/\s+/g, ' ')).toContain(
        `理赔 ${c.claimId}（贷款 ${c.loanId}） — → ${nameZh}`,
      );
    }
    const open = claims.filter((c) => c.status === 'OPEN').length;
    expect(csv.get('Claims and their states|Claims opened (number)')?.slice(6, 8)).toEqual([
      `${claims.length}`,
      'count',
    ]);
    expect(csv.get('Claims and their states|Open at closing (number)')?.slice(6, 8)).toEqual([
      `${open}`,
      'count',
    ]);
    expect(csv.get('Claims and their states|Deferred at closing (number)')?.slice(6, 8)).toEqual([
      `${claims.length - open}`,
      'count',
    ]);
  }, 300_000);

  it('the programme statement: exposure, leverage and NPL ratio by town and by institution equal the ledger’s', async () => {
    const statement = await api.expect<Statement>(
      200,
      keys.regulator,
      'GET',
      `/statements/${PROGRAMME}`,
    );
    const closing = await balancesAt(statement.closingSeq);
    const loans = (await allLoans()).filter((l) => l.bankId === 'B1' || l.bankId === 'B2');
    const balanceOf = (fundId: string) => {
      const a = closing.get(`fund:${fundId}:available`);
      const h = closing.get(`fund:${fundId}:held`);
      const n = (c: Counters | undefined, k: keyof Counters) => BigInt(c?.[k] ?? '0');
      return (
        n(a, 'creditsPosted') -
        n(a, 'debitsPosted') -
        n(a, 'debitsPending') +
        n(h, 'creditsPending') +
        n(h, 'creditsPosted') -
        n(h, 'debitsPosted')
      );
    };
    const csv = csvRows(await download(keys.regulator, PROGRAMME, 'csv'));
    for (const town of ['XIAOLAN', 'GUZHEN']) {
      const ofTown = loans.filter((l) => l.enterprise.townCode === town);
      const exposure = ofTown.reduce((s, l) => s + BigInt(l.exposureFen), 0n);
      const defaultedFen = ofTown
        .filter((l) => l.status === 'DEFAULTED')
        .reduce((s, l) => s + BigInt(l.exposureFen), 0n);
      expect(sumMemo(closing, new RegExp(`^bank:B[12]:exposure:town:${town}$`))).toBe(exposure);
      // A town is served by its own fund and the city's.
      const serving = balanceOf('CITY') + balanceOf(`TOWN:${town}`);
      expect(csv.get(`Town ${town}|Exposure`)?.[4]).toBe(`${exposure}`);
      expect(csv.get(`Town ${town}|Defaulted exposure`)?.[4]).toBe(`${defaultedFen}`);
      expect(csv.get(`Town ${town}|NPL ratio`)?.[6]).toBe(`${(defaultedFen * 10_000n) / exposure}`);
      expect(csv.get(`Town ${town}|Leverage`)?.[6]).toBe(`${(exposure * 10_000n) / serving}`);
    }
    const b2 = loans.filter((l) => l.bankId === 'B2');
    const b2Exposure = b2.reduce((s, l) => s + BigInt(l.exposureFen), 0n);
    expect(csv.get('Institution B2|Exposure')?.[4]).toBe(`${b2Exposure}`);
    expect(csv.get('Institution B2|NPL ratio')?.[6]).toBe('10000');
    const total = loans.reduce((s, l) => s + BigInt(l.exposureFen), 0n);
    const allFunds = ['CITY', 'TOWN:XIAOLAN', 'TOWN:TORCH', 'TOWN:GUZHEN'].reduce(
      (s, f) => s + balanceOf(f),
      0n,
    );
    expect(csv.get('Programme totals|Exposure')?.[4]).toBe(`${total}`);
    expect(csv.get('Programme totals|Leverage')?.[6]).toBe(`${(total * 10_000n) / allFunds}`);
    const en = pdfText('programme.en.pdf', await download(keys.regulator, PROGRAMME, 'pdf-en'));
    expect(en).toContain('Town GUZHEN');
    expect(en).toMatch(new RegExp(`Leverage\\s+${groupedInt((total * 10_000n) / allFunds)} bp`));
  }, 300_000);

  it('verify --statement accepts the issued institution statement and refuses one with a changed exposure', async () => {
    const csv = await download(keys.b1, BANK, 'csv');
    const text = csv.toString('utf8');
    const line = text.split('\r\n').find((l) => l.startsWith('Loans,贷款,Closing exposure,'));
    expect(line).toBeDefined();
    const fen = /,(\d+),(\d+\.\d\d),,,,$/.exec(line as string);
    const changed = BigInt(fen?.[1] ?? '0') + 1n;
    const refused = await verifyIssuedAndChanged(
      api,
      keys.regulator,
      dir,
      csv,
      text.replace(
        line as string,
        (line as string).replace(/,\d+,\d+\.\d\d,,,,$/, `,${changed},${yuan(changed)},,,,`),
      ),
    );
    expect(refused.exitedOk).toBe(false);
    expect(refused.stdout).toMatch(/"anchored":\s*false/);
  }, 300_000);

  it('a bank sees only its own institution statements; the regulator all', async () => {
    expect((await api.call(keys.b2, 'GET', `/statements/${BANK}`)).status).toBe(404);
    expect((await api.call(keys.b1, 'GET', `/statements/${BANK2}`)).status).toBe(404);
    expect((await api.call(keys.b2, 'GET', `/statements/${BANK2}`)).status).toBe(200);
    expect((await api.call(keys.b1, 'GET', `/statements/${PROGRAMME}`)).status).toBe(404);
    expect((await api.call(keys.regulator, 'GET', `/statements/${BANK}`)).status).toBe(200);
  });
});
