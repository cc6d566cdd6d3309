// The web console's interest subsidy pages (docs/domain.md §9) in the machine's Chromium, against
// the whole running system with the demo's round (SUBSIDY:TOWN:XIAOLAN short): a subsidy fund
// manager reads requested, granted and lapsed per fund and approves in the browser, a bank reads
// its interest reports, and the regulator's charts show subsidy by town and month once paid.
// Screenshots go to tmp/console-screenshots/subsidy-*.png.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import {
  eventually,
  Keys,
  loanBody,
  PublicApi,
  REPO_ROOT,
  seedSubsidy,
  setUpProgramme,
  SubsidyDemo,
} from '@riskpool/testing';
import { RunningSystem, startSystem } from './support/system';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const SCREENSHOTS = path.join(REPO_ROOT, 'tmp', 'console-screenshots');
const CONSOLE_DIST = path.join(REPO_ROOT, 'dist', 'console', 'index.html');

let system: RunningSystem;
let api: PublicApi;
let keys: Keys;
let demo: SubsidyDemo;
let browser: Browser;
const loanIds: string[] = [];
/** Every refusal by the gateway's Content Security Policy that any page met (must stay empty). */
const cspRefusals: string[] = [];

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM))
    throw new Error(
      `no Chromium at ${CHROMIUM}: run scripts/setup.sh (it installs Debian's chromium)`,
    );
  if (!fs.existsSync(CONSOLE_DIST))
    execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', 'services/console'], {
      cwd: REPO_ROOT,
      stdio: 'ignore',
    });
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  system = await startSystem();
  api = new PublicApi(system.gatewayUrl);
  keys = await setUpProgramme(api, system.adminKey, '2026-01-05');
  for (const [i, [key, town, principalFen, flags]] of (
    [
      [keys.b1, 'XIAOLAN', '800000000', ['IP_PLEDGE']],
      [keys.b1, 'TORCH', '3000000000', []],
      [keys.b2, 'XIAOLAN', '1200000000', ['IP_PLEDGE']],
    ] as const
  ).entries()) {
    const loan = await api.expect<{ loanId: string }>(
      201,
      key,
      'POST',
      '/loans',
      loanBody({
        bankReference: `CONSOLE-SUBSIDY-${i}`,
        usccNo: 800 + i,
        townCode: town,
        principalFen,
        flags: [...flags],
      }),
    );
    loanIds.push(loan.loanId);
  }
  await api.expect(200, system.adminKey, 'POST', '/admin/clock', { businessDate: '2026-06-01' });
  demo = await seedSubsidy(api, system.adminKey, keys, {
    xiaolanIp: loanIds[0] as string,
    torch: loanIds[1] as string,
    xiaolanIpB2: loanIds[2] as string,
  });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await system?.stop();
});

async function signedIn(key: string, at = '/console/'): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text()))
      cspRefusals.push(`${page.url()}: ${message.text()}`);
  });
  await page.goto(`${system.gatewayUrl}${at}`);
  await page.getByTestId('api-key').fill(key);
  await page.getByTestId('sign-in').click();
  await page.getByTestId('sign-out').waitFor();
  return page;
}

/** `¥1,234.56` from fen, as the console shows amounts. */
function yuan(fen: bigint): string {
  const whole = (fen / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `¥${whole}.${(fen % 100n).toString().padStart(2, '0')}`;
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(SCREENSHOTS, `subsidy-${name}.png`), fullPage: true });

describe('the console’s interest subsidy pages, in Chromium', () => {
  it('a subsidy fund manager reads requested, granted and lapsed per fund, and approves its fund', async () => {
    for (const key of [demo.keys.city, demo.keys.torch])
      await api.expect(200, key, 'POST', `/subsidy/rounds/${demo.roundId}/decisions`, {
        decision: 'APPROVE',
      });
    const town = await signedIn(demo.keys.xiaolan);
    await town.getByTestId('nav-subsidy').click();
    const card = town.getByTestId(`subsidy-round-${demo.roundId}`);
    const row = card.getByTestId('round-fund-SUBSIDY:TOWN:XIAOLAN');
    await row.waitFor();
    // The demo's cut: 77,671.23 yuan asked of the town fund, 50,000.00 granted, 27,671.23 lapsed.
    const cells = await row.locator('td').allTextContents();
    expect(cells.slice(2, 6)).toEqual(['¥77,671.23', '¥50,000.00', '¥27,671.23', '✓']);
    await shot(town, 'round-before-approval');
    await card.getByTestId('subsidy-approve-open').click();
    await card.getByTestId('subsidy-approve-submit').click();
    await card.getByTestId('subsidy-approve-confirm').click();
    await eventually('the round approved on the page', async () => {
      const status = await card.getByTestId('round-status').textContent();
      return status === 'APPROVED' ? status : undefined;
    });
    await shot(town, 'round-approved');
    await town.close();
  });

  it('a bank reads its own interest reports with the subsidy requested and granted', async () => {
    const bank = await signedIn(keys.b2);
    await bank.getByTestId('nav-interest-reports').click();
    const table = bank.getByTestId('interest-reports');
    await table.waitFor();
    const text = (await table.textContent()) ?? '';
    expect(text).toContain(loanIds[2]);
    expect(text).not.toContain(loanIds[0]);
    await shot(bank, 'bank-interest-reports');
    await bank.close();
  });

  it('the regulator’s charts show interest subsidy granted by town and month', async () => {
    const regulator = await signedIn(keys.regulator);
    await regulator.getByTestId('nav-charts').click();
    const chart = regulator.getByTestId('chart-subsidy-town');
    await chart.locator('svg').waitFor();
    const text = (await chart.textContent()) ?? '';
    // Each town's bar: every grant to its enterprises (city and town funds), as the API lists them.
    const grants = await api.expect<{ items: Array<{ townCode: string; grantedFen: string }> }>(
      200,
      keys.regulator,
      'GET',
      `/subsidy/grants?roundId=${demo.roundId}`,
    );
    const byTown = new Map<string, bigint>();
    for (const g of grants.items)
      byTown.set(g.townCode, (byTown.get(g.townCode) ?? 0n) + BigInt(g.grantedFen));
    expect(byTown.size).toBe(2);
    for (const [town, fen] of byTown) expect(text).toContain(`2026-06 · ${town}${yuan(fen)}`);
    await shot(regulator, 'regulator-charts');
    await regulator.close();
  });

  it('no page met a refusal by the Content Security Policy', () => {
    expect(cspRefusals).toEqual([]);
  });
});
