import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { createEvent, Identity, Topics, uuidv7 } from '@riskpool/contracts';
import { formatYuan } from '@riskpool/domain';
import { gatewayHeaders } from '@riskpool/testing';
import { parseCsv } from '../../src/statements/statement-csv';
import { runVerify, verifyExportFile } from '../../src/verify/verify';
import {
  businessClock,
  exportRequest,
  fundDeposit,
  holdPlaced,
  holdReleased,
  ledgerGet,
  payoutCompleted,
  recoveryShared,
  remittanceReceived,
  subsidyFundDeposit,
  upstreamEvent,
  waitFor,
  who as whoAt,
  claimOpened,
  useLedger,
} from '../support';

// A month of one town fund with a deposit, a hold, a partial payout, a release and a recovery,
// closed by the business clock; every figure of the statement is compared with the ledger's own
// balances and entries for the same journal range, in the CSV and in the PDF's text.
const SCHEMA = 'ledger_statements_it';
const run = uuidv7().slice(-8);
const X = 'TOWN:XIAOLAN';
const L1 = `L1-${run}`;
const C1 = `C1-${run}`;
/** Claims of B1 in other states (ADR 0019): claim memo entries only, no money. */
const C = (n: number) => `C${n}-${run}`;
const L = (n: number) => `L${n}-${run}`;
const S = 'SUBSIDY:TOWN:XIAOLAN';

const ledger = useLedger(SCHEMA, `ledger-st-${run}`, {
  LOG_LEVEL: 'warn',
  LEDGER_CHECKPOINT_EVERY: '4',
  LEDGER_CHECKPOINT_SECONDS: '1',
});

const who = (role: Identity['role'], scope: string | null, businessDate = '2026-07-01') =>
  whoAt(role, scope, businessDate);
const regulator = who('regulator', null);
const get = (path: string, identity: Identity = regulator) =>
  ledgerGet(ledger.service.url, path, identity);
const binary = (path: string, identity: Identity = regulator) =>
  get(path, identity)
    .buffer(true)
    .parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });

/** A statement's file (`csv`, `pdf-en` or `pdf-zh-CN`) as the regulator downloads it. */
const statementFile = async (statementId: string, format: 'csv' | 'pdf-en' | 'pdf-zh-CN') =>
  (await binary(`/statements/${statementId}/files/${format}`).expect(200)).body as Buffer;

const ev = upstreamEvent;
const { send } = ledger;
const now = () => new Date().toISOString();
const deposit = (fundId: string, amountFen: string) =>
  fundDeposit(fundId, amountFen, `fund-manager:${fundId}`);
const clock = businessClock;
const opened = (n: number, status: 'OPEN' | 'DEFERRED') =>
  claimOpened(
    { claimId: C(n), loanId: L(n), bankId: 'B1' },
    { townCode: 'XIAOLAN', status, openedOn: '2026-05-20' },
    computation,
  );
const denied = (n: number) =>
  ev(Topics.claimDenied, L(n), {
    claimId: C(n),
    loanId: L(n),
    bankId: 'B1',
    fundId: X,
    reason: 'not eligible',
    deniedBy: 'fund-manager:TOWN:XIAOLAN',
    deniedOn: '2026-06-10',
  });
const computation = {
  basisFen: '60000',
  rateBp: 4500,
  poolFen: '27000',
  capsApplied: [] as [],
  shares: [
    { fundId: 'CITY', shareFen: '13500', heldFen: '13500', queuedFen: '0' },
    { fundId: X, shareFen: '13500', heldFen: '13500', queuedFen: '0' },
  ],
  bankShareFen: '33000',
  economicPolicyVersionId: 'GZ-2025-v1',
  proceduralPolicyVersionId: 'GZ-2025-v1',
};

beforeAll(async () => {
  // May: an opening balance. The clock enters June.
  await send(clock('2026-05-20', null), deposit(X, '50000'), deposit('CITY', '70000'));
  // May's claims of B1: C2 deferred, C3 open, C6 opened and denied.
  await send(opened(2, 'DEFERRED'), opened(3, 'OPEN'), opened(6, 'OPEN'));
  await send(denied(6));
  await waitFor('May booked', () => entryCount(6));
  await send(clock('2026-06-01', '2026-05-20'));
  await waitFor('May closed', () => periodClosed('2026-05'));
  // June: a deposit, a claim's holds, a payout of part of the town's hold with the rest released,
  // a recovery owed and remitted.
  await send(
    deposit(X, '100000'),
    claimOpened(
      { claimId: C1, loanId: L1, bankId: 'B1' },
      { townCode: 'XIAOLAN', status: 'OPEN', openedOn: '2026-06-03' },
      computation,
    ),
  );
  await send(holdPlaced(C1, L1, X, '13500'));
  await waitFor('June holds booked', () => entryCount(9));
  await send(payoutCompleted({ claimId: C1, loanId: L1, bankId: 'B1' }, X, '10000'));
  await waitFor('the payout booked', () => entryCount(12));
  await send(
    holdReleased(C1, L1, X, '3500'),
    recoveryShared(
      { claimId: C1, loanId: L1, bankId: 'B1' },
      {
        cumulativeNetFen: '4000',
        owed: [[X, '1234']],
        bankPartFen: '2766',
        dueOn: '2026-07-01',
        policyVersionId: 'GZ-2025-v1',
      },
    ),
  );
  await waitFor('release and recovery booked', () => entryCount(14));
  await send(
    remittanceReceived({ claimId: C1, loanId: L1, bankId: 'B1' }, X, '1234', '1234', '2026-06-20'),
  );
  await waitFor('the remittance booked', () => entryCount(16));
  // June's claim events of B1: C2's deferral lifted, C3 withdrawn (cured), C4 opened and denied,
  // C5 opened deferred, and C7's denial read before its opening (another topic). C1 stays open.
  await send(
    ev(Topics.claimDeferralLifted, L(2), {
      claimId: C(2),
      loanId: L(2),
      bankId: 'B1',
      reason: 'breaker reset',
      liftedBy: 'regulator',
      liftedAt: now(),
    }),
    ev(Topics.claimWithdrawn, L(3), {
      claimId: C(3),
      loanId: L(3),
      bankId: 'B1',
      reason: 'CURED',
      withdrawnOn: '2026-06-12',
    }),
    opened(4, 'OPEN'),
    opened(5, 'DEFERRED'),
    denied(7),
  );
  await send(denied(4));
  await waitFor('C7 denied', () => entryCount(21));
  await send(opened(7, 'OPEN'));
  await waitFor('June claims booked', () => entryCount(23));
  // The clock passes the end of June: June's statements are issued and anchored.
  await send(clock('2026-07-01', '2026-06-01'));
  await waitFor('June statements anchored', async () => {
    const r = await ledger.admin.query(
      `SELECT count(*)::int AS n FROM "${SCHEMA}".entries WHERE kind = 'ANCHOR'`,
    );
    // May and June: CITY, XIAOLAN, bank B1 and the programme; three files each.
    return r.rows[0].n === 24 ? true : undefined;
  });
}, 180_000);

async function countEntries(): Promise<number> {
  const r = await ledger.admin.query(
    `SELECT count(*)::int AS n FROM "${SCHEMA}".entries WHERE kind <> 'ANCHOR'`,
  );
  return r.rows[0].n as number;
}
async function entryCount(n: number): Promise<true | undefined> {
  const r = await ledger.admin.query(
    `SELECT count(*)::int AS n FROM "${SCHEMA}".entries WHERE kind <> 'ANCHOR'`,
  );
  return r.rows[0].n >= n ? true : undefined;
}
async function periodClosed(period: string): Promise<true | undefined> {
  const r = await ledger.admin.query(
    `SELECT 1 FROM "${SCHEMA}".statement_periods WHERE period = $1`,
    [period],
  );
  return r.rowCount === 1 ? true : undefined;
}

interface Counters {
  debitsPending: string;
  debitsPosted: string;
  creditsPending: string;
  creditsPosted: string;
}
async function balancesAt(seq: string): Promise<Map<string, Counters>> {
  const res = await get(`/ledger/balances?asOf=${seq}`).expect(200);
  const body = res.body as
    { accounts?: Array<{ account: string } & Counters> } | Array<{ account: string } & Counters>;
  const list = Array.isArray(body) ? body : (body.accounts ?? []);
  return new Map(list.map((a) => [a.account, a]));
}

const TOWN_JUNE = 'fund-monthly-TOWN-XIAOLAN-2026-06';

describe('fund statements', () => {
  it('every figure equals the ledger’s balances and entries for the month, in the CSV and the PDF', async () => {
    const statement = (await get(`/statements/${TOWN_JUNE}`).expect(200)).body as {
      openingSeq: string;
      closingSeq: string;
      files: Array<{ format: string; sha256: string }>;
      anchors: Array<{ seq: string; documentName: string }>;
    };
    // The ledger's own figures for the same journal range (by its public read API).
    const opening = await balancesAt(statement.openingSeq);
    const closing = await balancesAt(statement.closingSeq);
    const c = (m: Map<string, Counters>, account: string) => {
      const x = m.get(account);
      return {
        dp: BigInt(x?.debitsPending ?? '0'),
        dpo: BigInt(x?.debitsPosted ?? '0'),
        cp: BigInt(x?.creditsPending ?? '0'),
        cpo: BigInt(x?.creditsPosted ?? '0'),
      };
    };
    const available = (m: Map<string, Counters>) => {
      const a = c(m, `fund:${X}:available`);
      return a.cpo - a.dpo - a.dp;
    };
    const held = (m: Map<string, Counters>) => {
      const h = c(m, `fund:${X}:held`);
      return h.cp + h.cpo - h.dpo;
    };
    const expected: Record<string, bigint> = {
      'Opening available': available(opening),
      'Opening held': held(opening),
      'Opening balance': available(opening) + held(opening),
      'Closing available': available(closing),
      'Closing held': held(closing),
      'Closing balance': available(closing) + held(closing),
      // Movements: the difference of the ledger's counters over the range.
      Deposits:
        c(closing, `fund:${X}:contributions`).dpo - c(opening, `fund:${X}:contributions`).dpo,
      Payouts: c(closing, `fund:${X}:held`).dpo - c(opening, `fund:${X}:held`).dpo,
      'Recoveries received':
        c(closing, `fund:${X}:recoveries-owed`).dpo - c(opening, `fund:${X}:recoveries-owed`).dpo,
      'Subsidy grants': 0n,
    };
    // And the literal story: 500 yuan at May's close; June +1,000 deposited, 135 held, 100 paid,
    // 35 released, 12.34 recovered.
    expect(expected['Opening balance']).toBe(50_000n);
    expect(expected['Deposits']).toBe(100_000n);
    expect(expected['Payouts']).toBe(10_000n);
    expect(expected['Recoveries received']).toBe(1_234n);
    expect(expected['Closing balance']).toBe(50_000n + 100_000n - 10_000n + 1_234n);
    expect(expected['Closing held']).toBe(0n);
    // The ledger's holds as booked: the 135 placed; the payout posts 100 of it and holds the rest
    // again (a second placement of 35, the first's 35 released), then the release frees those 35.
    expected['Holds placed'] = 13_500n + 3_500n;
    expected['Holds released'] = 3_500n + 3_500n;

    const csv = await statementFile(TOWN_JUNE, 'csv');
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder('utf-8', { fatal: true }).decode(csv)).toContain('追偿回收');
    const rows = new Map(parseCsv(csv).map((r) => [r[2], r]));
    for (const [item, fen] of Object.entries(expected)) {
      expect([item, rows.get(item)?.[4]]).toEqual([item, fen.toString()]);
      expect([item, rows.get(item)?.[5]]).toEqual([item, formatYuan(fen).replace(/,/g, '')]);
    }
    expect(rows.get('opening_seq')?.[5]).toBe(statement.openingSeq);
    expect(rows.get('closing_seq')?.[5]).toBe(statement.closingSeq);

    const zh = await statementFile(TOWN_JUNE, 'pdf-zh-CN');
    const en = await statementFile(TOWN_JUNE, 'pdf-en');
    writeFileSync(join(ledger.dir, 'zh.pdf'), zh);
    writeFileSync(join(ledger.dir, 'en.pdf'), en);
    const enText = execFileSync('pdftotext', ['-layout', join(ledger.dir, 'en.pdf'), '-'], {
      encoding: 'utf8',
    });
    const zhText = execFileSync('pdftotext', ['-layout', join(ledger.dir, 'zh.pdf'), '-'], {
      encoding: 'utf8',
    });
    for (const [item, fen] of Object.entries(expected)) {
      const escaped = formatYuan(fen).replace(/\./g, '\\.');
      expect([item, new RegExp(`${item}\\s+${escaped}`).test(enText)]).toEqual([item, true]);
    }
    expect(zhText).toMatch(new RegExp(`追偿回收\\s+${formatYuan(1_234n).replace('.', '\\.')}`));
    expect(zhText).toMatch(/期末余额\s+1,412\.34/);
    expect(execFileSync('pdffonts', [join(ledger.dir, 'zh.pdf')], { encoding: 'utf8' })).toMatch(
      /CJK.*\byes\s+yes\b/,
    );

    // The digests of the files as served are the ones the ledger anchored.
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    expect(statement.files.map((f) => f.sha256).sort()).toEqual(
      [sha(csv), sha(zh), sha(en)].sort(),
    );
    expect(statement.anchors.map((a) => a.documentName).sort()).toEqual(
      [`${TOWN_JUNE}.csv`, `${TOWN_JUNE}.en.pdf`, `${TOWN_JUNE}.zh-CN.pdf`].sort(),
    );
  });

  it('verify --statement accepts the issued files and refuses one with a changed figure', async () => {
    const csv = await statementFile(TOWN_JUNE, 'csv');
    const pdf = await statementFile(TOWN_JUNE, 'pdf-zh-CN');
    writeFileSync(join(ledger.dir, 'issued.csv'), csv);
    writeFileSync(join(ledger.dir, 'issued.pdf'), pdf);
    // One figure changed: 12.34 yuan of recoveries becomes 12.35.
    const text = csv.toString('utf8');
    expect(text).toContain(',1234,12.34');
    writeFileSync(
      join(ledger.dir, 'changed.csv'),
      Buffer.from(text.replace(',1234,12.34', ',1235,12.35'), 'utf8'),
    );
    const exportText = (await exportRequest(ledger.service.url, regulator).expect(200))
      .body as string;
    writeFileSync(join(ledger.dir, 'export.jsonl'), exportText);
    const key = (await get('/ledger/public-key').expect(200)).body.publicKeyPem as string;

    // The institution's and the programme's files are anchored the same way.
    const bankCsv = await statementFile('bank-monthly-B1-2026-06', 'csv');
    writeFileSync(join(ledger.dir, 'bank.csv'), bankCsv);
    writeFileSync(
      join(ledger.dir, 'bank-changed.csv'),
      Buffer.from(bankCsv.toString('utf8').replace(',10000,100.00', ',10001,100.01'), 'utf8'),
    );
    writeFileSync(
      join(ledger.dir, 'programme.en.pdf'),
      await statementFile('programme-monthly-2026-06', 'pdf-en'),
    );
    const good = await verifyExportFile(join(ledger.dir, 'export.jsonl'), key, 0, {}, [
      join(ledger.dir, 'issued.csv'),
      join(ledger.dir, 'issued.pdf'),
      join(ledger.dir, 'bank.csv'),
      join(ledger.dir, 'programme.en.pdf'),
    ]);
    expect(good).toMatchObject({ ok: true, result: { ok: true } });
    expect(good.statements?.map((s) => [s.anchored, s.documentName])).toEqual([
      [true, `${TOWN_JUNE}.csv`],
      [true, `${TOWN_JUNE}.zh-CN.pdf`],
      [true, 'bank-monthly-B1-2026-06.csv'],
      [true, 'programme-monthly-2026-06.en.pdf'],
    ]);
    const bad = await verifyExportFile(join(ledger.dir, 'export.jsonl'), key, 0, {}, [
      join(ledger.dir, 'changed.csv'),
      join(ledger.dir, 'bank-changed.csv'),
    ]);
    expect(bad.ok).toBe(false);
    expect(bad.result['ok']).toBe(true); // the ledger itself verifies; the files are not anchored
    expect(bad.statements?.map((s) => s.anchored)).toEqual([false, false]);

    // The command line: exit 0 for the issued file, 1 for the changed one.
    writeFileSync(join(ledger.dir, 'key.pem'), key);
    const cli = async (file: string) => {
      let printed = '';
      const code = await runVerify(
        [
          '--export',
          join(ledger.dir, 'export.jsonl'),
          '--public-key',
          join(ledger.dir, 'key.pem'),
          '--workers',
          '0',
          '--statement',
          file,
        ],
        (text) => (printed += text),
      );
      return { code, report: JSON.parse(printed) as { statements: Array<{ anchored: boolean }> } };
    };
    const accepted = await cli(join(ledger.dir, 'issued.csv'));
    expect([accepted.code, accepted.report.statements[0]?.anchored]).toEqual([0, true]);
    const refused = await cli(join(ledger.dir, 'changed.csv'));
    expect([refused.code, refused.report.statements[0]?.anchored]).toEqual([1, false]);
  });

  it('one statement per fund and month; May’s closing is June’s opening', async () => {
    const page = (await get('/statements?limit=10').expect(200)).body as {
      items: Array<{ statementId: string; openingSeq: string; closingSeq: string }>;
      nextCursor: string | null;
    };
    expect(page.items.map((s) => s.statementId)).toEqual([
      'bank-monthly-B1-2026-06',
      'fund-monthly-CITY-2026-06',
      'fund-monthly-TOWN-XIAOLAN-2026-06',
      'programme-monthly-2026-06',
      'bank-monthly-B1-2026-05',
      'fund-monthly-CITY-2026-05',
      'fund-monthly-TOWN-XIAOLAN-2026-05',
      'programme-monthly-2026-05',
    ]);
    expect(page.items[2]?.openingSeq).toBe(page.items[6]?.closingSeq);
    // Paging: two at a time, each cursor continues where its page ended.
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const next = (
        await get(`/statements?limit=2${cursor !== null ? `&cursor=${cursor}` : ''}`).expect(200)
      ).body as typeof page;
      paged.push(...next.items.map((s) => s.statementId));
      cursor = next.nextCursor;
    } while (cursor !== null);
    expect(paged).toEqual(page.items.map((s) => s.statementId));
    await get('/statements?cursor=not-a-cursor').expect(400);
  });

  it('a fund manager sees only its fund’s statements, a bank none of a fund’s, the regulator all', async () => {
    const town = who('fund-manager', X);
    const city = who('fund-manager', 'CITY');
    const bank = who('bank', 'B1');
    const list = async (id: Identity) =>
      (
        (await get('/statements', id).expect(200)).body as { items: Array<{ subjectId: string }> }
      ).items.map((s) => s.subjectId);
    expect(new Set(await list(town))).toEqual(new Set([X]));
    expect(new Set(await list(city))).toEqual(new Set(['CITY']));
    expect(await list(bank)).toEqual(['B1', 'B1']);
    expect(await list(who('bank', 'B2'))).toEqual([]);
    await get('/statements/bank-monthly-B1-2026-06', bank).expect(200);
    await get('/statements/bank-monthly-B1-2026-06', who('bank', 'B2')).expect(404);
    await get('/statements/bank-monthly-B1-2026-06/files/pdf-en', town).expect(404);
    await get('/statements/programme-monthly-2026-06', bank).expect(404);
    await get('/statements/programme-monthly-2026-06/files/csv', town).expect(404);
    // A filter cannot widen the scope: another kind or subject is an empty page.
    expect(
      (
        (await get('/statements?kind=programme', bank).expect(200)).body as {
          items: unknown[];
        }
      ).items,
    ).toEqual([]);
    await get(`/statements/${TOWN_JUNE}`, town).expect(200);
    await get(`/statements/${TOWN_JUNE}`, city).expect(404);
    await get(`/statements/${TOWN_JUNE}/files/csv`, city).expect(404);
    await get(`/statements/${TOWN_JUNE}/files/csv`, bank).expect(404);
    await get(`/statements/${TOWN_JUNE}/files/xlsx`, town).expect(400);
  });
});

interface StatementHead {
  kind: string;
  subjectType: string;
  subjectId: string;
  openingSeq: string;
  closingSeq: string;
}

/** A statement as the ledger serves it, and the ledger's own figures for its journal range. */
async function statementWithRange(id: string) {
  const statement = (await get(`/statements/${id}`).expect(200)).body as StatementHead;
  return { statement, l: await ledgerRange(statement.openingSeq, statement.closingSeq) };
}

/** The ledger's own figures for a journal range, from its public balances read at both ends. */
async function ledgerRange(openingSeq: string, closingSeq: string) {
  const opening = await balancesAt(openingSeq);
  const closing = await balancesAt(closingSeq);
  const n = (m: Map<string, Counters>, account: string, field: keyof Counters) =>
    BigInt(m.get(account)?.[field] ?? '0');
  const moved = (account: string, field: keyof Counters) =>
    n(closing, account, field) - n(opening, account, field);
  const fundBalance = (m: Map<string, Counters>, fundId: string) =>
    n(m, `fund:${fundId}:available`, 'creditsPosted') -
    n(m, `fund:${fundId}:available`, 'debitsPosted') -
    n(m, `fund:${fundId}:available`, 'debitsPending') +
    n(m, `fund:${fundId}:held`, 'creditsPending') +
    n(m, `fund:${fundId}:held`, 'creditsPosted') -
    n(m, `fund:${fundId}:held`, 'debitsPosted');
  const owed = (m: Map<string, Counters>, bankId: string) =>
    n(m, `bank:${bankId}:recoveries-owed`, 'debitsPosted') -
    n(m, `bank:${bankId}:recoveries-owed`, 'creditsPosted');
  return { opening, closing, n, moved, fundBalance, owed };
}

/** CSV figures by (section, item): [fen, yuan]. */
function csvFigures(csv: Buffer): Map<string, [string, string]> {
  return new Map(
    parseCsv(csv).map((r) => [`${r[0]}|${r[2]}`, [r[4] ?? '', r[5] ?? ''] as [string, string]]),
  );
}

function pdfTextOf(pdf: Buffer, name: string): string {
  writeFileSync(join(ledger.dir, name), pdf);
  return execFileSync('pdftotext', ['-layout', join(ledger.dir, name), '-'], { encoding: 'utf8' });
}

function expectFigures(
  csv: Map<string, [string, string]>,
  text: string,
  section: string,
  expected: Record<string, bigint>,
): void {
  for (const [item, fen] of Object.entries(expected)) {
    expect([section, item, csv.get(`${section}|${item}`)]).toEqual([
      section,
      item,
      [fen.toString(), formatYuan(fen).replace(/,/g, '')],
    ]);
    const escaped = formatYuan(fen).replace(/\./g, '\\.');
    expect([item, new RegExp(`${item.replace(/[()]/g, '\\$&')}\\s+${escaped}`).test(text)]).toEqual(
      [item, true],
    );
  }
}

const BANK_JUNE = 'bank-monthly-B1-2026-06';
const PROGRAMME_JUNE = 'programme-monthly-2026-06';

describe('institution and programme statements', () => {
  it('the institution’s statement: every figure equals the ledger’s for the month, CSV and PDF', async () => {
    const { statement, l } = await statementWithRange(BANK_JUNE);
    expect([statement.kind, statement.subjectType]).toEqual(['BANK_MONTHLY', 'bank']);
    const acct = (role: string) => `bank:B1:${role}`;
    const compensation = {
      'Compensation received': l.moved(acct('compensation-received'), 'creditsPosted'),
      'Compensation received to date': l.n(
        l.closing,
        acct('compensation-received'),
        'creditsPosted',
      ),
      'Loss borne': l.moved(acct('loss-borne'), 'creditsPosted'),
      'Loss borne to date': l.n(l.closing, acct('loss-borne'), 'creditsPosted'),
    };
    const recoveries = {
      'Recoveries owed, opening': l.owed(l.opening, 'B1'),
      'Recoveries assessed': l.moved(acct('recoveries-owed'), 'debitsPosted'),
      'Recoveries settled': l.moved(acct('recoveries-owed'), 'creditsPosted'),
      'Recoveries owed, closing': l.owed(l.closing, 'B1'),
      'Recoveries remitted': l.moved(acct('recoveries-remitted'), 'debitsPosted'),
      'Recoveries remitted to date': l.n(l.closing, acct('recoveries-remitted'), 'debitsPosted'),
    };
    // The month's story for B1: 100 yuan of compensation, 12.34 owed and remitted.
    expect(compensation['Compensation received']).toBe(10_000n);
    expect(recoveries['Recoveries assessed']).toBe(1_234n);
    expect(recoveries['Recoveries remitted']).toBe(1_234n);
    const csv = await statementFile(BANK_JUNE, 'csv');
    expect(new TextDecoder('utf-8', { fatal: true }).decode(csv)).toContain('本期收到代偿');
    const rows = csvFigures(csv);
    const en = pdfTextOf(await statementFile(BANK_JUNE, 'pdf-en'), 'bank.en.pdf');
    expectFigures(rows, en, 'Compensation', compensation);
    expectFigures(rows, en, 'Recoveries', recoveries);
    // The claim of the month, by its entries' claim id.
    expectFigures(rows, en, `Claim ${C1} (loan ${L1})`, {
      'Compensation received': 10_000n,
      'Recoveries assessed': 1_234n,
      'Recoveries settled': 1_234n,
    });
    const zh = pdfTextOf(await statementFile(BANK_JUNE, 'pdf-zh-CN'), 'bank.zh.pdf');
    expect(zh).toMatch(/本期收到代偿\s+100\.00/);
    expect(zh).toContain('本月资金变动（元）');
  });

  it('claims and their states: each claim at the opening and the closing, and the counts, from the journal', async () => {
    const { l } = await statementWithRange(BANK_JUNE);
    const moved = (role: string) => l.moved(`bank:B1:${role}`, 'debitsPosted');
    const at = (m: Map<string, Counters>, role: string) =>
      l.n(m, `bank:B1:${role}`, 'debitsPosted');
    // The claim memo entries of the range are the month's claim events.
    const counts = {
      'Claims opened (number)': moved('claims-opened') + moved('claims-deferred'),
      'of which deferred': moved('claims-deferred'),
      'Deferrals lifted (number)': moved('claims-lifted'),
      'Claims approved (number)': moved('claims-approved'),
      'Claims denied (number)': moved('claims-denied'),
      'Claims withdrawn (number)': moved('claims-withdrawn'),
    };
    // C1, C4, C5 and C7 opened in June, C5 deferred; C2's deferral lifted; C4 and C7 denied.
    expect(Object.values(counts)).toEqual([4n, 1n, 1n, 0n, 2n, 1n]);
    // To date: every claim opened is in one state; the ended ones are the ends booked.
    const ended = (m: Map<string, Counters>) =>
      at(m, 'claims-approved') + at(m, 'claims-denied') + at(m, 'claims-withdrawn');
    const booked = (m: Map<string, Counters>) => at(m, 'claims-opened') + at(m, 'claims-deferred');
    const states = {
      'Open at opening (number)': 1n,
      'Deferred at opening (number)': 1n,
      'Open at closing (number)': 2n,
      'Deferred at closing (number)': 1n,
    };
    expect(booked(l.opening) - ended(l.opening)).toBe(2n);
    expect(booked(l.closing) - ended(l.closing)).toBe(3n);
    const csv = await statementFile(BANK_JUNE, 'csv');
    const rows = parseCsv(csv).filter((r) => r[0] === 'Claims and their states');
    const en = pdfTextOf(await statementFile(BANK_JUNE, 'pdf-en'), 'bank-claims.en.pdf');
    const zh = pdfTextOf(await statementFile(BANK_JUNE, 'pdf-zh-CN'), 'bank-claims.zh.pdf');
    for (const [item, n] of Object.entries({ ...counts, ...states })) {
      expect([item, rows.find((r) => r[2] === item)?.slice(6, 8)]).toEqual([
        item,
        [n.toString(), 'count'],
      ]);
      expect([item, new RegExp(`${item.replace(/[()]/g, '\\$&')}\\s+${n}`).test(en)]).toEqual([
        item,
        true,
      ]);
    }
    // Each claim open at the opening or with an event in June, as pool-allocation would say.
    const expected: Array<[number, string, string, string, string]> = [
      [1, '', 'OPEN', '— → Open', '— → 审核中'],
      [2, 'DEFERRED', 'OPEN', 'Deferred → Open', '已暂缓 → 审核中'],
      [3, 'OPEN', 'WITHDRAWN', 'Open → Withdrawn', '审核中 → 已撤回'],
      [4, '', 'DENIED', '— → Denied', '— → 已驳回'],
      [5, '', 'DEFERRED', '— → Deferred', '— → 已暂缓'],
      [7, '', 'DENIED', '— → Denied', '— → 已驳回'],
    ];
    const claimRows = rows.filter((r) => r[7] === 'state');
    expect(claimRows.map((r) => [r[2], r[8], r[9]])).toEqual(
      expected.map(([n, opening, closing]) => [`Claim ${C(n)} (loan ${L(n)})`, opening, closing]),
    );
    for (const [n, , , enText, zhText] of expected) {
      expect(en.replace(/\s+/g, ' ')).toContain(`Claim ${C(n)} (loan ${L(n)}) ${enText}`);
      expect(zh.replace(/\s+/g, ' ')).toContain(`理赔 ${C(n)}（贷款 ${L(n)}） ${zhText}`);
    }
    // C6 ended in May: not on June's statement, but on May's, as it was then.
    expect(claimRows.some((r) => r[2]?.includes(C(6)))).toBe(false);
    const may = parseCsv(await statementFile('bank-monthly-B1-2026-05', 'csv')).filter(
      (r) => r[7] === 'state',
    );
    expect(may.map((r) => [r[2]?.split(' ')[1], r[8], r[9]])).toEqual([
      [C(2), '', 'DEFERRED'],
      [C(3), '', 'OPEN'],
      [C(6), '', 'DENIED'],
    ]);
  });

  it('the programme statement: totals and each fund’s and bank’s lines equal the ledger’s', async () => {
    const { statement, l } = await statementWithRange(PROGRAMME_JUNE);
    expect([statement.kind, statement.subjectId]).toEqual(['PROGRAMME_MONTHLY', 'PROGRAMME']);
    const funds = ['CITY', X];
    const sum = (f: (fundId: string) => bigint) => funds.reduce((s, id) => s + f(id), 0n);
    const totals = {
      'Opening balance': sum((id) => l.fundBalance(l.opening, id)),
      Deposits: sum((id) => l.moved(`fund:${id}:contributions`, 'debitsPosted')),
      Payouts: sum((id) => l.moved(`fund:${id}:held`, 'debitsPosted')),
      'Recoveries received': sum((id) => l.moved(`fund:${id}:recoveries-owed`, 'debitsPosted')),
      'Subsidy grants': 0n,
      'Closing balance': sum((id) => l.fundBalance(l.closing, id)),
      'Compensation received': l.moved('bank:B1:compensation-received', 'creditsPosted'),
      'Recoveries remitted': l.moved('bank:B1:recoveries-remitted', 'debitsPosted'),
      'Recoveries owed, closing': l.owed(l.closing, 'B1'),
    };
    expect(totals['Deposits']).toBe(100_000n);
    expect(totals['Closing balance']).toBe(70_000n + 50_000n + 100_000n - 10_000n + 1_234n);
    const csv = await statementFile(PROGRAMME_JUNE, 'csv');
    const rows = csvFigures(csv);
    const en = pdfTextOf(await statementFile(PROGRAMME_JUNE, 'pdf-en'), 'programme.en.pdf');
    // The totals and the chart are on the first page.
    const first = en.split('\f')[0] ?? '';
    expectFigures(rows, first, 'Programme totals', totals);
    expect(first).toContain("The month's movements (yuan)");
    // Each fund's lines are its own statement's.
    const town = csvFigures(await statementFile(TOWN_JUNE, 'csv'));
    for (const item of [
      'Opening balance',
      'Deposits',
      'Payouts',
      'Recoveries received',
      'Closing balance',
    ])
      expect([item, rows.get(`Fund ${X}|${item}`)]).toEqual([
        item,
        town.get(`Movements of the month|${item}`) ??
          town.get(`Opening balance|${item}`) ??
          town.get(`Closing balance|${item}`),
      ]);
    expectFigures(rows, en, 'Institution B1', {
      'Compensation received': 10_000n,
      'Recoveries remitted': 1_234n,
    });
    const zh = pdfTextOf(await statementFile(PROGRAMME_JUNE, 'pdf-zh-CN'), 'programme.zh.pdf');
    expect(zh).toContain('风险补偿资金池项目月度报告（2026-06）');
    expect(zh).toMatch(/银行收到代偿\s+100\.00/);
  });

  it('on demand: an ended month is issued once; a month not ended is refused', async () => {
    const adminId = who('admin', null, '2026-07-15');
    const post = (period: unknown, key: string, as = adminId) => {
      const body = JSON.stringify({ period });
      return request(ledger.service.url)
        .post('/statements')
        .set(gatewayHeaders(as, 'ledger', 'POST', '/statements', body))
        .set('Idempotency-Key', key)
        .set('content-type', 'application/json')
        .send(body);
    };
    const again = await post('2026-06', `k-${run}-1`).expect(200);
    expect(
      (again.body as { items: Array<{ statementId: string }> }).items.map((s) => s.statementId),
    ).toContain(TOWN_JUNE);
    const r = await ledger.admin.query(
      `SELECT count(*)::int AS n FROM "${SCHEMA}".statements WHERE period = '2026-06'`,
    );
    expect(r.rows[0].n).toBe(4);
    const notEnded = await post('2026-07', `k-${run}-2`).expect(409);
    expect(notEnded.body.code).toBe('STATEMENT.MONTH_NOT_ENDED');
    const bad = await post('2026-13', `k-${run}-3`).expect(400);
    expect(bad.body.errors[0].field).toBe('period');
    await post('2026-06', `k-${run}-4`, regulator).expect(403);
  });
});

describe('subsidy movements on the statements (a month with a grant, a lapse and a payment)', () => {
  beforeAll(async () => {
    const entriesBefore = await countEntries();
    // July's interest subsidy: the town's subsidy fund is funded, a round grants 600 yuan on L1 (300
    // lapse, cut pro rata) and 450 of it is paid to the enterprise.
    await send(subsidyFundDeposit(S, '500000'));
    await waitFor('the subsidy deposit booked', () => entryCount(entriesBefore + 1));
    const grant = {
      reportId: `R-${run}`,
      loanId: L1,
      bankId: 'B1',
      uscc: '91350100M000100Y43',
      townCode: 'XIAOLAN',
      fundId: S,
      requestedFen: '90000',
      grantedFen: '60000',
      lapsedFen: '30000',
      payeeAccountNo: '6222000011112222',
      payeeAccountName: 'Walkthrough Tech',
      periodStart: '2026-01-01',
      periodEnd: '2026-04-01',
      economicPolicyVersionId: 'GZ-2025-v1',
    };
    await send(
      createEvent({
        topic: Topics.subsidyRoundApproved,
        source: 'subsidy',
        subject: `RD-${run}`,
        data: {
          roundId: `RD-${run}`,
          closing: 1,
          approvedOn: '2026-07-20',
          funds: [
            {
              fundId: S,
              availableFen: '500000',
              requestedFen: '90000',
              grantedFen: '60000',
              lapsedFen: '30000',
              proRata: true,
            },
          ],
          grants: [grant],
        },
      }),
      createEvent({
        topic: Topics.subsidyPaymentCompleted,
        source: 'settlement',
        subject: `RD-${run}`,
        data: {
          paymentId: uuidv7().replace(/-/g, ''),
          roundId: `RD-${run}`,
          closing: 1,
          uscc: grant.uscc,
          payeeAccountNo: grant.payeeAccountNo,
          payeeAccountName: grant.payeeAccountName,
          amountFen: '45000',
          parts: [
            { reportId: grant.reportId, loanId: L1, bankId: 'B1', fundId: S, amountFen: '45000' },
          ],
          rail: 'SIMULATED' as const,
          railReference: 'sim',
          attempts: 1,
          completedAt: now(),
        },
      }),
    );
    await waitFor('the grant and the payment booked', () => entryCount(entriesBefore + 3));
    // The clock passes the end of July: July's statements, the subsidy fund's among them.
    await send(clock('2026-08-01', '2026-07-01'));
    await waitFor(
      'July statements anchored',
      async () => {
        const r = await ledger.admin.query(
          `SELECT count(*)::int AS n FROM "${SCHEMA}".entries e JOIN "${SCHEMA}".statements s
             ON e.event_id = s.event_id::text WHERE e.kind = 'ANCHOR' AND s.period = '2026-07'`,
        );
        // CITY, the subsidy fund, XIAOLAN, B1 and the programme; three files each.
        return r.rows[0].n === 15 ? true : undefined;
      },
      120_000,
    );
  }, 180_000);

  it('the subsidy fund’s statement: deposits, grants, lapses and payments equal the ledger’s', async () => {
    const id = 'fund-monthly-SUBSIDY-TOWN-XIAOLAN-2026-07';
    const { l } = await statementWithRange(id);
    const movements = {
      Deposits: l.moved(`fund:${S}:contributions`, 'debitsPosted'),
      'Subsidy grants': l.moved(`fund:${S}:available`, 'debitsPosted'),
      'Subsidy lapsed': l.moved(`fund:${S}:lapsed`, 'debitsPosted'),
      'Subsidies paid': l.moved(`fund:${S}:subsidies-paid`, 'creditsPosted'),
      Payouts: 0n,
    };
    expect(movements).toEqual({
      Deposits: 500_000n,
      'Subsidy grants': 60_000n,
      'Subsidy lapsed': 30_000n,
      'Subsidies paid': 45_000n,
      Payouts: 0n,
    });
    const rows = csvFigures(await statementFile(id, 'csv'));
    const en = pdfTextOf(await statementFile(id, 'pdf-en'), 'subsidy.en.pdf');
    expectFigures(rows, en, 'Movements of the month', movements);
    expectFigures(rows, en, 'Opening balance', { 'Opening balance': l.fundBalance(l.opening, S) });
    expectFigures(rows, en, 'Closing balance', {
      'Closing balance': l.fundBalance(l.closing, S),
      'Closing held': 0n,
    });
    expect(l.fundBalance(l.closing, S)).toBe(500_000n - 60_000n);
    const zh = pdfTextOf(await statementFile(id, 'pdf-zh-CN'), 'subsidy.zh.pdf');
    expect(zh).toMatch(/贴息补助\s+600\.00/);
    expect(zh).toMatch(/贴息核减\s+300\.00/);
    expect(zh).toMatch(/贴息已支付\s+450\.00/);
  });

  it('the institution’s statement of the month: the subsidy granted on its loans and paid to its borrowers', async () => {
    const id = 'bank-monthly-B1-2026-07';
    const { l } = await statementWithRange(id);
    // B1's loan L1 is the only one with subsidy accounts.
    const subsidy = {
      'Subsidy granted': l.moved(`loan:${L1}:subsidy-payable:fund:${S}`, 'creditsPosted'),
      'Subsidies paid': l.moved(`fund:${S}:subsidies-paid`, 'creditsPosted'),
    };
    expect(subsidy).toEqual({ 'Subsidy granted': 60_000n, 'Subsidies paid': 45_000n });
    const rows = csvFigures(await statementFile(id, 'csv'));
    const en = pdfTextOf(await statementFile(id, 'pdf-en'), 'bank-july.en.pdf');
    expectFigures(rows, en, 'Interest subsidy of its borrowers', subsidy);
  });

  it('the programme statement of the month: the subsidy fund’s grants, lapses and payments in its totals', async () => {
    const statement = (await get('/statements/programme-monthly-2026-07').expect(200)).body as {
      openingSeq: string;
      closingSeq: string;
    };
    const l = await ledgerRange(statement.openingSeq, statement.closingSeq);
    const funds = ['CITY', S, X];
    const sum = (f: (fundId: string) => bigint) => funds.reduce((s, id) => s + f(id), 0n);
    const totals = {
      'Opening balance': sum((id) => l.fundBalance(l.opening, id)),
      Deposits: sum((id) => l.moved(`fund:${id}:contributions`, 'debitsPosted')),
      // The subsidy fund's available is debited by grants only.
      'Subsidy grants': l.moved(`fund:${S}:available`, 'debitsPosted'),
      'Subsidy lapsed': l.moved(`fund:${S}:lapsed`, 'debitsPosted'),
      'Subsidies paid': l.moved(`fund:${S}:subsidies-paid`, 'creditsPosted'),
      'Closing balance': sum((id) => l.fundBalance(l.closing, id)),
    };
    expect(totals).toMatchObject({
      Deposits: 500_000n,
      'Subsidy grants': 60_000n,
      'Subsidy lapsed': 30_000n,
      'Subsidies paid': 45_000n,
    });
    expect(totals['Closing balance']).toBe(totals['Opening balance'] + 500_000n - 60_000n);
    const rows = csvFigures(await statementFile('programme-monthly-2026-07', 'csv'));
    const en = pdfTextOf(
      await statementFile('programme-monthly-2026-07', 'pdf-en'),
      'programme-july.en.pdf',
    );
    expectFigures(rows, en.split('\f')[0] ?? '', 'Programme totals', totals);
    expectFigures(rows, en, `Fund ${S}`, {
      'Subsidy grants': 60_000n,
      'Subsidy lapsed': 30_000n,
      'Subsidies paid': 45_000n,
    });
  });
});

describe('the annual programme report', () => {
  it('is issued when December closes, over the whole year, every total equal to the ledger’s', async () => {
    const adminId = who('admin', null, '2027-01-05');
    const body = JSON.stringify({ period: '2026-12' });
    await request(ledger.service.url)
      .post('/statements')
      .set(gatewayHeaders(adminId, 'ledger', 'POST', '/statements', body))
      .set('Idempotency-Key', `k-${run}-annual`)
      .set('content-type', 'application/json')
      .send(body)
      .expect(200);
    const statement = (await get('/statements/programme-annual-2026').expect(200)).body as {
      kind: string;
      period: string;
      openingSeq: string;
      closingSeq: string;
    };
    expect([statement.kind, statement.period, statement.openingSeq]).toEqual([
      'PROGRAMME_ANNUAL',
      '2026',
      '0',
    ]);
    const december = (await get('/statements/programme-monthly-2026-12').expect(200)).body as {
      closingSeq: string;
    };
    expect(statement.closingSeq).toBe(december.closingSeq);
    const l = await ledgerRange(statement.openingSeq, statement.closingSeq);
    const funds = ['CITY', S, X];
    const sum = (f: (fundId: string) => bigint) => funds.reduce((s, id) => s + f(id), 0n);
    const totals = {
      'Opening balance': 0n,
      'Subsidy grants': l.moved(`fund:${S}:available`, 'debitsPosted'),
      Deposits: sum((id) => l.moved(`fund:${id}:contributions`, 'debitsPosted')),
      Payouts: sum((id) => l.moved(`fund:${id}:held`, 'debitsPosted')),
      'Recoveries received': sum((id) => l.moved(`fund:${id}:recoveries-owed`, 'debitsPosted')),
      'Closing balance': sum((id) => l.fundBalance(l.closing, id)),
      'Compensation received': l.moved('bank:B1:compensation-received', 'creditsPosted'),
    };
    // The year: May's 1,200 yuan and June's 1,000 deposited, and the subsidy fund's 5,000.
    expect(totals['Deposits']).toBe(220_000n + 500_000n);
    expect(totals['Subsidy grants']).toBe(60_000n);
    const rows = csvFigures(await statementFile('programme-annual-2026', 'csv'));
    const en = pdfTextOf(await statementFile('programme-annual-2026', 'pdf-en'), 'annual.en.pdf');
    expect(en).toContain('Annual programme report (2026)');
    expect(en).toContain("The year's movements (yuan)");
    expectFigures(rows, en.split('\f')[0] ?? '', 'Programme totals', totals);
    // The year's report is in the ledger like every statement.
    await waitFor('the annual report anchored', async () => {
      const s = (await get('/statements/programme-annual-2026').expect(200)).body as {
        anchors: unknown[];
      };
      return s.anchors.length === 3 ? true : undefined;
    });
  });
});
