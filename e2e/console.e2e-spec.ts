// The web console (services/console) in the machine's Chromium, against the whole running system:
// managers approve and deny through the UI, a regulator verifies a ledger entry with the browser's
// Web Crypto and sees a tampered proof rejected, and a bank key stays out of manager pages.
// Screenshots of every page go to tmp/console-screenshots/, with the first page of statement PDFs
// downloaded through the console (rendered by poppler's pdftoppm).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import {
  eventually,
  Keys,
  loanBody,
  otherPoolLoansBody,
  PublicApi,
  REPO_ROOT,
  setUpProgramme,
} from '@riskpool/testing';
import { RunningSystem, startSystem } from './support/system';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const SCREENSHOTS = path.join(REPO_ROOT, 'tmp', 'console-screenshots');
const CONSOLE_DIST = path.join(REPO_ROOT, 'dist', 'console', 'index.html');

interface Claim {
  claimId: string;
  loanId: string;
  status: string;
}

let system: RunningSystem;
let api: PublicApi;
let keys: Keys;
let browser: Browser;
let mainLoanId: string;
let secondLoanId: string;
/** Every refusal by the gateway's Content Security Policy that any page met (must stay empty). */
const cspRefusals: string[] = [];

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `no Chromium at ${CHROMIUM}: run scripts/setup.sh (it installs Debian's chromium)`,
    );
  }
  if (!fs.existsSync(CONSOLE_DIST)) {
    // npm test builds the console before this step; a lone run builds it here.
    execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', 'services/console'], {
      cwd: REPO_ROOT,
      stdio: 'ignore',
    });
  }
  fs.rmSync(SCREENSHOTS, { recursive: true, force: true });
  fs.mkdirSync(SCREENSHOTS, { recursive: true });

  system = await startSystem();
  api = new PublicApi(system.gatewayUrl);
  keys = await setUpProgramme(api, system.adminKey, '2026-01-05');
  // The worked example's loans: B1's other pool loans keep it under the NPL breaker, and two
  // XIAOLAN loans default, so each claim is split between CITY and TOWN:XIAOLAN.
  // loan-registry learns of the policy from Kafka: retry while it answers NO_POLICY_IN_FORCE.
  const register = (bankReference: string, usccNo: number) =>
    eventually('the loan to be registered', async () => {
      const response = await api.call<{ loanId: string; code?: string }>(
        keys.b1,
        'POST',
        '/loans',
        loanBody({
          bankReference,
          usccNo,
          townCode: 'XIAOLAN',
          principalFen: '800000000',
          flags: ['IP_PLEDGE'],
        }),
      );
      if (response.status === 422 && response.body.code === 'LOAN.NO_POLICY_IN_FORCE')
        return undefined;
      expect(response.status).toBe(201);
      return response.body.loanId;
    });
  mainLoanId = await register('B1-MAIN', 1);
  secondLoanId = await register('B1-SECOND', 2);
  const bulk = await api.call<{ registered: number; refused: number }>(
    keys.b1,
    'POST',
    '/loans/bulk',
    otherPoolLoansBody('B1-OTHER', 1000),
    { 'content-type': 'application/x-ndjson' },
  );
  expect(bulk.status).toBeLessThan(300);
  expect(bulk.body).toMatchObject({ registered: 34, refused: 0 });
  await api.expect(200, system.adminKey, 'POST', '/admin/clock', { businessDate: '2026-06-01' });
  for (const loanId of [mainLoanId, secondLoanId]) {
    await eventually('the default to be accepted', async () => {
      const response = await api.call(keys.b1, 'POST', `/loans/${loanId}/defaults`, {
        outstandingAtDefaultFen: '600000001',
        daysPastDue: 102,
        reachedMinDaysPastDueOn: '2026-05-20',
      });
      if (response.status === 404) return undefined;
      expect(response.status).toBe(201);
      return true;
    });
    await eventually('the claim to open', async () => {
      const page = await api.expect<{ items: Claim[] }>(200, keys.city, 'GET', '/claims');
      return page.items.find((c) => c.loanId === loanId && c.status === 'OPEN');
    });
  }

  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await system?.stop();
});

/** A fresh browser tab whose Content Security Policy refusals are collected. */
async function newPage(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text()))
      cspRefusals.push(`${page.url()}: ${message.text()}`);
  });
  return page;
}

/** A fresh browser tab signed in with `key` (each tab has its own memory, so its own key). */
async function signedIn(key: string, at = '/console/'): Promise<Page> {
  const page = await newPage();
  await page.goto(`${system.gatewayUrl}${at}`);
  await page.getByTestId('api-key').fill(key);
  await page.getByTestId('sign-in').click();
  await page.locator('[data-testid="sign-out"], main [role="alert"]').first().waitFor();
  if ((await page.getByTestId('sign-out').count()) === 0) {
    await shot(page, 'sign-in-failed');
    throw new Error(`sign-in refused: ${await page.getByRole('alert').textContent()}`);
  }
  return page;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Moves inside the console without a reload (a reload would drop the key, by design). */
async function goInside(page: Page, consolePath: string): Promise<void> {
  // Runs in the page (this file is type-checked without the DOM library, hence a string).
  await page.evaluate(
    `window.history.pushState(null, '', ${JSON.stringify(`/console${consolePath}`)});
     window.dispatchEvent(new PopStateEvent('popstate'));`,
  );
}

async function openClaimOfLoan(page: Page, loanId: string): Promise<void> {
  await page.getByTestId('nav-claims').click();
  await page.locator(`tr[data-loan="${loanId}"] a`).first().click();
  await page.getByTestId('claim-facts').waitFor();
}

async function decide(page: Page, action: 'approve' | 'deny', reason: string): Promise<void> {
  await page.getByTestId(`${action}-open`).click();
  await page.getByTestId(action).getByTestId('reason').fill(reason);
  await page.getByTestId(`${action}-submit`).click();
  await page.getByTestId(`${action}-confirm`).click();
}

describe('the web console, in Chromium, against the running system', () => {
  it('serves the console at /console, index.html for its routes, 404 for a missing asset', async () => {
    const index = await fetch(`${system.gatewayUrl}/console/claims/anything`);
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('<div id="root">');
    expect((await fetch(`${system.gatewayUrl}/console/assets/missing.js`)).status).toBe(404);
  });

  it('a city manager and a town manager each approve a claim, and it is paid', async () => {
    const signIn = await newPage();
    await signIn.goto(`${system.gatewayUrl}/console/`);
    await signIn.getByTestId('api-key').waitFor();
    await shot(signIn, 'sign-in');
    await signIn.close();
    const city = await signedIn(keys.city);
    await expect(city.getByTestId('who').textContent()).resolves.toContain('CITY');
    await city.getByTestId('inbox_open').locator(`tr[data-loan="${mainLoanId}"]`).waitFor();
    await shot(city, 'fund-manager-inbox');
    await openClaimOfLoan(city, mainLoanId);
    // Amounts in yuan with separators: basis 600000001 fen.
    await expect(city.getByTestId('claim-facts').textContent()).resolves.toContain('¥6,000,000.01');
    await decide(city, 'approve', '材料齐全');
    await city.locator('tr[data-fund="CITY"]').getByText('✔').waitFor();
    await shot(city, 'fund-manager-claim-approved-by-city');

    const town = await signedIn(keys.xiaolan);
    await openClaimOfLoan(town, mainLoanId);
    await decide(town, 'approve', 'reviewed');
    await eventually('both shares paid, shown on the claim page', async () => {
      await town.getByTestId('refresh').click();
      const paid = await town.locator('[data-testid="claim-shares"] td.paid').allTextContents();
      return paid.length === 2 && paid.every((p) => p === '¥1,350,000.00') ? paid : undefined;
    });
    await expect(town.getByTestId('claim-status').textContent()).resolves.toBe('APPROVED');
    // The history in words, amounts in yuan, every time in China Standard Time and named so.
    const history = await town.getByTestId('history-words').allTextContents();
    expect(history.join('\n')).not.toMatch(/[{}"]|Fen\b/);
    expect(history.some((h) => h.includes('CITY 基金经理') && h.includes('批准'))).toBe(true);
    expect(history.some((h) => h.includes('¥1,350,000.00'))).toBe(true);
    const times = await town
      .locator('[data-testid="claim-history"] tbody tr td:first-child')
      .allTextContents();
    expect(times.length).toBeGreaterThan(2);
    for (const time of times) expect(time).toMatch(/ 北京时间$/);
    await expect(town.getByTestId('time-zone').textContent()).resolves.toContain('北京时间');
    // Approved and paid: nobody is waiting to approve.
    await expect(town.getByTestId('claim-approvals').textContent()).resolves.toContain(
      '理赔已结束，无待审批',
    );
    await shot(town, 'fund-manager-claim-paid');
    await town.close();
    await city.close();
  });

  it('the regulator sees the payout in the ledger explorer', async () => {
    const regulator = await signedIn(keys.regulator);
    await regulator.getByTestId('filter-loan').fill(mainLoanId);
    // Page through the loan's entries (the explorer's paging) collecting the payouts' postings.
    const payoutPostings = async (): Promise<string[]> => {
      await regulator.getByTestId('filter-search').click();
      const found: string[] = [];
      for (;;) {
        await regulator.getByTestId('ledger-entries').waitFor();
        found.push(
          ...(await regulator
            .locator('tr[data-event-type="settlement.payout-completed.v1"]')
            .allTextContents()),
        );
        if (await regulator.getByTestId('next-page').isDisabled()) return found;
        const firstSeq = await regulator.locator('tr[data-seq]').first().getAttribute('data-seq');
        await regulator.getByTestId('next-page').click();
        await regulator.locator(`tr[data-seq="${firstSeq}"]`).waitFor({ state: 'detached' });
      }
    };
    // Each fund's payout books two entries (its hold posted, then paid to the bank).
    const payouts = await eventually("both funds' payouts in the ledger", async () => {
      const found = await payoutPostings();
      const text = found.join(' ');
      return text.includes('fund:CITY') && text.includes('fund:TOWN:XIAOLAN') ? found : undefined;
    });
    expect(payouts.length).toBe(4);
    for (const payout of payouts) {
      expect(payout).toContain('¥1,350,000.00');
      // The same zone, named, as on the claim page (the claim page once showed 09:41 for 17:41).
      expect(payout).toContain('北京时间');
    }
    await shot(regulator, 'regulator-ledger-explorer');
    await regulator.close();
  });

  it('a denial needs a reason: without one the API’s field error is shown, with one it is denied', async () => {
    const city = await signedIn(keys.city);
    await openClaimOfLoan(city, secondLoanId);
    await decide(city, 'deny', '');
    const problem = city.getByTestId('deny').getByRole('alert');
    await expect(problem.textContent()).resolves.toContain('理由（reason）');
    await shot(city, 'fund-manager-deny-needs-reason');
    await expect(city.getByTestId('claim-status').textContent()).resolves.toBe('OPEN');
    await city.getByTestId('deny').getByTestId('reason').fill('抵押物不符合要求');
    await city.getByTestId('deny-submit').click();
    await city.getByTestId('deny-confirm').click();
    await city.getByTestId('claim-status').getByText('DENIED').waitFor();
    // Denied by one fund: closed, so the other fund is not shown as a pending approver.
    await expect(city.getByTestId('claim-approvals').textContent()).resolves.toContain(
      '理赔已结束，无待审批',
    );
    const words = await city.getByTestId('history-words').allTextContents();
    expect(words.some((w) => w.includes('拒绝了理赔') && w.includes('抵押物不符合要求'))).toBe(
      true,
    );
    await shot(city, 'fund-manager-claim-denied');
    await city.close();
  });

  it('a fund manager deposits yuan and the fund grows by exactly that many fen; English on request', async () => {
    const town = await signedIn(keys.xiaolan);
    await town.getByTestId('nav-fund').click();
    const before = await api.expect<{ items: Array<{ availableFen: string }> }>(
      200,
      keys.xiaolan,
      'GET',
      '/funds',
    );
    await town.getByTestId('deposit-open').click();
    await town.getByTestId('deposit-amount').fill('1,000.57');
    await town.getByTestId('deposit-submit').click();
    await expect(town.getByTestId('deposit-confirm-step').textContent()).resolves.toContain(
      '¥1,000.57',
    );
    await town.getByTestId('deposit-confirm').click();
    await town.getByTestId('deposit-result').waitFor();
    const after = await api.expect<{ items: Array<{ availableFen: string }> }>(
      200,
      keys.xiaolan,
      'GET',
      '/funds',
    );
    expect(
      BigInt(after.items[0]?.availableFen ?? '0') - BigInt(before.items[0]?.availableFen ?? '0'),
    ).toBe(100057n);
    await shot(town, 'fund-manager-fund-page');
    await town.getByTestId('language').click();
    await town.getByText('Sign out').waitFor();
    await town.getByTestId('nav-policies').click();
    await town.getByTestId('policies').waitFor();
    await shot(town, 'fund-manager-policies-english');
    await town.close();
  });

  it('the city manager publishes a policy version; a blank version id is refused by field', async () => {
    const city = await signedIn(keys.city);
    await city.getByTestId('nav-policies').click();
    await city.getByTestId('publish-policy-open').click();
    const editor = city.getByTestId('policy-json');
    const template = JSON.parse(await editor.inputValue()) as Record<string, unknown>;
    expect(template['policyVersionId']).toBe('');
    await city.getByTestId('publish-policy-submit').click();
    await city.getByTestId('publish-policy-confirm').click();
    await expect(
      city.getByTestId('publish-policy').getByRole('alert').textContent(),
    ).resolves.toContain('policyVersionId');
    await editor.fill(
      JSON.stringify({ ...template, policyVersionId: 'P-2026-7', effectiveFrom: '2026-07-01' }),
    );
    await city.getByTestId('publish-policy-submit').click();
    await city.getByTestId('publish-policy-confirm').click();
    await city.getByTestId('policies').getByText('P-2026-7').waitFor();
    await shot(city, 'fund-manager-city-policy-published');
    await city.close();
  });

  it('a regulator verifies an entry in the browser, and a tampered proof is rejected', async () => {
    const regulator = await signedIn(keys.regulator);
    await regulator.getByTestId('filter-loan').fill(mainLoanId);
    await regulator.getByTestId('filter-search').click();
    const payout = regulator.locator('tr[data-event-type="settlement.payout-completed.v1"] a');
    await payout.first().click();
    await regulator.getByTestId('entry-postings').waitFor();
    const entryPath = new URL(regulator.url()).pathname;

    const verify = async () => {
      await eventually('a verification result (the entry may await its checkpoint)', async () => {
        await regulator.getByTestId('verify').click();
        await regulator
          .locator('[data-testid="verify-result"], [data-testid="verify-panel"] [role="alert"]')
          .first()
          .waitFor();
        return (await regulator.getByTestId('verify-result').count()) > 0 ? true : undefined;
      });
    };
    // Without the key id the regulator pinned, the browser refuses to vouch for the key.
    await verify();
    await expect(regulator.locator('[data-check="pinned"]').getAttribute('data-ok')).resolves.toBe(
      'false',
    );
    // With the id the ledger printed at its start, every check passes.
    await regulator.getByTestId('pinned-key-id').fill(system.ledgerKeyId);
    await verify();
    await expect(regulator.getByTestId('verify-result').getAttribute('data-ok')).resolves.toBe(
      'true',
    );
    const checks = regulator.locator('[data-testid="verify-checks"] li');
    await expect(
      checks.evaluateAll((items) => items.map((i) => i.getAttribute('data-ok'))),
    ).resolves.toEqual(['true', 'true', 'true', 'true', 'true', 'true']);
    await shot(regulator, 'regulator-entry-verified');

    // A man in the middle changes one hash of the audit path on its way to the browser.
    let tampered = 0;
    await regulator.route('**/api/v1/ledger/entries/*/proof', async (route) => {
      const response = await route.fetch();
      const proof = (await response.json()) as { auditPath: string[] };
      const first = proof.auditPath[0] ?? '';
      proof.auditPath[0] = (first.startsWith('0') ? '1' : '0') + first.slice(1);
      tampered += 1;
      await route.fulfill({ response, json: proof });
    });
    await goInside(regulator, '/ledger');
    await goInside(regulator, entryPath.replace(/^\/console/, ''));
    await regulator.getByTestId('entry-postings').waitFor();
    await verify();
    expect(tampered).toBeGreaterThan(0);
    await expect(regulator.getByTestId('verify-result').getAttribute('data-ok')).resolves.toBe(
      'false',
    );
    await expect(regulator.locator('[data-check="path"]').getAttribute('data-ok')).resolves.toBe(
      'false',
    );
    await shot(regulator, 'regulator-entry-tampered-proof-rejected');
    await regulator.unroute('**/api/v1/ledger/entries/*/proof');

    await regulator.getByTestId('nav-reports-loan').click();
    await regulator.getByTestId('report-loan-id').fill(mainLoanId);
    await regulator.getByTestId('report-show').click();
    await regulator.locator('[data-testid="loan-report-funds"] tr[data-fund="CITY"]').waitFor();
    await expect(
      regulator.locator('[data-testid="loan-report-funds"] tr[data-fund="CITY"]').textContent(),
    ).resolves.toContain('¥1,350,000.00');
    await shot(regulator, 'regulator-loan-report');

    await regulator.getByTestId('nav-charts').click();
    await regulator.getByTestId('chart-npl').locator('svg').waitFor();
    await expect(regulator.getByTestId('chart-town').textContent()).resolves.toContain('XIAOLAN');
    await expect(regulator.getByTestId('chart-bank').textContent()).resolves.toContain(
      '¥2,700,000.00',
    );
    await shot(regulator, 'regulator-charts');
    await regulator.close();
  });

  it('a bank key cannot reach manager pages, and sees its own loans and claims', async () => {
    const bank = await signedIn(keys.b1, '/console/claims');
    await bank.getByTestId('forbidden').waitFor();
    expect(await bank.getByTestId('nav-claims').count()).toBe(0);
    expect(await bank.getByTestId('nav-fund').count()).toBe(0);
    await shot(bank, 'bank-forbidden-manager-page');
    for (const managerPage of ['/fund', '/policies', '/ledger', '/claims/x']) {
      await goInside(bank, managerPage);
      await bank.getByTestId('forbidden').waitFor();
    }
    await bank.getByTestId('nav-bank').click();
    await bank.getByTestId('bank-loans').waitFor();
    await expect(bank.getByTestId('bank-claims').textContent()).resolves.toContain('DENIED');
    await shot(bank, 'bank-loans-and-claims');
    await bank.close();
  });

  it('statements: each role browses its own and downloads the files as issued; screenshots of a statement page and of a PDF page', async () => {
    // June ends by the business clock: the ledger issues June's statements and anchors them.
    await api.expect(200, system.adminKey, 'POST', '/admin/clock', { businessDate: '2026-07-01' });
    interface Issued {
      statementId: string;
      subjectId: string;
      files: Array<{ format: string; sha256: string }>;
      anchors: unknown[];
    }
    const anchored = (statementId: string) =>
      eventually(
        `${statementId} anchored`,
        async () => {
          const s = await api.call<Issued>(keys.regulator, 'GET', `/statements/${statementId}`);
          return s.status === 200 && s.body.anchors.length === 3 ? s.body : undefined;
        },
        180_000,
      );
    const programme = await anchored('programme-monthly-2026-06');
    const bankStatement = await anchored('bank-monthly-B1-2026-06');
    await anchored('fund-monthly-TOWN-XIAOLAN-2026-06');

    /** The statement ids listed, read at once (the list re-renders when a filter changes). */
    const listed = async (page: Page): Promise<Array<string | undefined>> => {
      await page.getByTestId('statements').waitFor();
      return JSON.parse(
        (await page.evaluate(
          `JSON.stringify([...document.querySelectorAll('[data-testid="statements"] tr[data-statement]')].map((r) => r.dataset.statement))`,
        )) as string,
      ) as Array<string | undefined>;
    };
    /** Clicks a download button, keeps the file, and checks it is the file the ledger anchored. */
    const download = async (page: Page, format: string, issued: Issued, name: string) => {
      const [file] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId(`download-${format}`).first().click(),
      ]);
      const saved = path.join(SCREENSHOTS, name);
      await file.saveAs(saved);
      const sha = createHash('sha256').update(fs.readFileSync(saved)).digest('hex');
      expect(sha).toBe(issued.files.find((f) => f.format === format)?.sha256);
      return saved;
    };
    /** The PDF's first page as a PNG among the screenshots. */
    const renderFirstPage = (pdf: string, name: string) => {
      execFileSync('pdftoppm', [
        '-png',
        '-r',
        '80',
        '-f',
        '1',
        '-l',
        '1',
        '-singlefile',
        pdf,
        path.join(SCREENSHOTS, name),
      ]);
      expect(fs.statSync(path.join(SCREENSHOTS, `${name}.png`)).size).toBeGreaterThan(10_000);
      return execFileSync('pdftotext', ['-layout', '-f', '1', '-l', '1', pdf, '-'], {
        encoding: 'utf8',
      });
    };

    // The regulator: every kind, the programme's statement page, its PDF.
    const regulator = await signedIn(keys.regulator);
    await regulator.getByTestId('nav-statements').click();
    expect(await listed(regulator)).toEqual(
      expect.arrayContaining([
        programme.statementId,
        bankStatement.statementId,
        'fund-monthly-CITY-2026-06',
      ]),
    );
    await shot(regulator, 'regulator-statements');
    await regulator.getByTestId('statement-kind').selectOption('programme');
    await regulator.locator(`tr[data-statement="${programme.statementId}"]`).waitFor();
    // The filtered list has replaced the whole one: no other kind's row is left.
    await regulator
      .locator('[data-testid="statements"] tr[data-statement]:not([data-statement^="programme-"])')
      .first()
      .waitFor({ state: 'detached' });
    const programmes = await listed(regulator);
    expect(programmes).toContain(programme.statementId);
    expect(programmes.every((id) => id?.startsWith('programme-'))).toBe(true);
    await regulator.getByTestId(`statement-${programme.statementId}`).click();
    await regulator.getByTestId('statement-figures').waitFor();
    await regulator.getByTestId('statement-anchors').waitFor();
    const figures = (await regulator.getByTestId('statement-figures').textContent()) ?? '';
    expect(figures).toContain('合计');
    // The loan book (ADR 0019): exposure, leverage and the NPL ratio, in the totals and per town.
    expect(figures).toMatch(/在保敞口\s*¥[0-9,]+\.[0-9]{2}/);
    expect(figures).toMatch(/放大倍数\s*([0-9,]+ bp|—)/);
    await shot(regulator, 'regulator-statement-programme');
    const zhPdf = await download(
      regulator,
      'pdf-zh-CN',
      programme,
      'statement-programme.zh-CN.pdf',
    );
    const zhText = renderFirstPage(zhPdf, 'statement-programme-pdf-zh-CN-page-1');
    expect(zhText).toContain('风险补偿资金池项目月度报告（2026-06）');
    // The page's figures are the PDF's: the programme's payouts, as the page shows them.
    const payouts = /代偿支付\s*¥([0-9,]+\.[0-9]{2})/.exec(figures)?.[1];
    expect(payouts).toBeDefined();
    expect(zhText).toMatch(new RegExp(`代偿支付\\s+${(payouts ?? 'x').replace(/\./g, '\\.')}`));
    await regulator.getByTestId('language').click();
    await regulator.getByText('Programme totals').first().waitFor();
    expect(await regulator.getByTestId('statement-figures').textContent()).toMatch(
      /Leverage\s*([0-9,]+ bp|—)/,
    );
    await shot(regulator, 'regulator-statement-programme-en');
    await regulator.close();

    // A bank: its own statements only; the programme's answers as if it did not exist.
    const bank = await signedIn(keys.b1);
    await bank.getByTestId('nav-statements').click();
    const banks = await listed(bank);
    expect(banks).toContain(bankStatement.statementId);
    expect(banks.every((id) => id?.startsWith('bank-monthly-B1-'))).toBe(true);
    await bank.getByTestId(`statement-${bankStatement.statementId}`).click();
    await bank.getByTestId('statement-figures').waitFor();
    const bankFigures = (await bank.getByTestId('statement-figures').textContent()) ?? '';
    expect(bankFigures).toContain('本期收到代偿');
    // The loan book (ADR 0019): exposure, quota use and the NPL ratio, in both languages.
    expect(bankFigures).toMatch(/期末在保敞口\s*¥[0-9,]+\.[0-9]{2}/);
    expect(bankFigures).toMatch(/额度使用率\s*[0-9,]+ bp/);
    // Claims and their states (ADR 0019): the counts, and each claim's states in Chinese.
    expect(bankFigures).toContain('理赔及其状态');
    expect(bankFigures).toMatch(/期末审核中笔数\s*[0-9,]+/);
    const zhStates = await bank.getByTestId('claim-states').allTextContents();
    const zhState = '(—|审核中|已暂缓|已批准|已驳回|已撤回)';
    for (const text of zhStates)
      expect(text.replace(/\s+/g, ' ')).toMatch(new RegExp(`^${zhState} → ${zhState}$`));
    await shot(bank, 'bank-statement');
    const enPdf = await download(bank, 'pdf-en', bankStatement, 'statement-bank-B1.en.pdf');
    const enPage = renderFirstPage(enPdf, 'statement-bank-B1-pdf-en-page-1');
    expect(enPage).toContain('Monthly institution statement (B1, 2026-06)');
    expect(enPage).toMatch(/Closing exposure\s+[0-9,]+\.[0-9]{2}/);
    await bank.getByTestId('language').click();
    await bank.getByText('Closing exposure').first().waitFor();
    expect(await bank.getByTestId('statement-figures').textContent()).toMatch(
      /NPL ratio\s*([0-9,]+ bp|—)/,
    );
    await bank.getByText('Claims and their states').first().waitFor();
    const enState = '(—|Open|Deferred|Approved|Denied|Withdrawn)';
    const enStates = await bank.getByTestId('claim-states').allTextContents();
    expect(enStates).toHaveLength(zhStates.length);
    for (const text of enStates)
      expect(text.replace(/\s+/g, ' ')).toMatch(new RegExp(`^${enState} → ${enState}$`));
    await shot(bank, 'bank-statement-en');
    await goInside(bank, `/statements/${programme.statementId}`);
    await bank.locator('main [role="alert"][data-status="404"]').waitFor();
    await bank.close();

    // A fund manager: its fund's only.
    const town = await signedIn(keys.xiaolan);
    await town.getByTestId('nav-statements').click();
    const towns = await listed(town);
    expect(towns).toContain('fund-monthly-TOWN-XIAOLAN-2026-06');
    expect(towns.every((id) => id?.startsWith('fund-monthly-TOWN-XIAOLAN-'))).toBe(true);
    await shot(town, 'fund-manager-statements');
    await town.close();
  });

  it('serves the console, its API and Swagger UI with the security headers', async () => {
    const consolePage = await fetch(`${system.gatewayUrl}/console/`);
    const api = await fetch(`${system.gatewayUrl}/api/v1/clock`, {
      headers: { authorization: `Bearer ${keys.regulator}` },
    });
    const docs = await fetch(`${system.gatewayUrl}/api/docs`);
    for (const answer of [consolePage, api, docs]) {
      const csp = answer.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self';");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
    }
    expect(consolePage.headers.get('content-security-policy')).not.toContain('unsafe');
    expect(api.headers.get('content-security-policy')).not.toContain('unsafe');
  });

  it('Swagger UI works under its policy and keeps an authorised key out of storage', async () => {
    const page = await newPage();
    await page.goto(`${system.gatewayUrl}/api/docs`);
    await page.locator('.opblock').first().waitFor();
    await page.locator('button.authorize').first().click();
    await page.locator('.modal-ux input').first().fill(keys.regulator);
    await page.locator('.modal-ux button.authorize').first().click();
    await page.locator('.modal-ux button.btn-done').first().click();
    await shot(page, 'swagger-ui-authorised');
    const stored = await page.evaluate(
      'JSON.stringify([{ ...window.localStorage }, { ...window.sessionStorage }, document.cookie])',
    );
    expect(JSON.stringify(stored)).not.toContain(keys.regulator.slice(0, 20));
    await page.close();
  });

  it('keeps the key out of every browser storage', async () => {
    const page = await signedIn(keys.city);
    const stored = await page.evaluate(
      'JSON.stringify([{ ...window.localStorage }, { ...window.sessionStorage }, document.cookie])',
    );
    expect(JSON.stringify(stored)).not.toContain(keys.city.slice(0, 20));
    await page.reload();
    await page.getByTestId('api-key').waitFor();
    await page.close();
  });

  it('no page met a refusal by the Content Security Policy', () => {
    expect(cspRefusals).toEqual([]);
  });
});
