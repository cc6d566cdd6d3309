import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BankClaimStateFigures,
  BankLoanFigures,
  BankStatementFigures,
  programmeLoanFigures,
  programmeStatementFigures,
} from '@riskpool/domain';
import { bankStatementDocument, programmeStatementDocument } from './bank-programme-documents';
import { CSV_HEADER, parseCsv, statementCsv, csvField } from './statement-csv';
import { fundStatementDocument } from './statement-document';
import { findCjkFont, statementPdf } from './statement-pdf';
import { fundFigures } from '../../test/fund-figures';

const figures = fundFigures({
  opening: { availableFen: 350_000n, heldFen: 50_000n, balanceFen: 400_000n },
  closing: { availableFen: 562_345n, heldFen: 20_000n, balanceFen: 582_345n },
  depositsFen: 200_000n,
  holdsPlacedFen: 100_000n,
  holdsReleasedFen: 100_000n,
  payoutsFen: 30_000n,
  recoveriesReceivedFen: 123_456_789n,
});
const doc = fundStatementDocument({
  statementId: 'FUND-TOWN:XIAOLAN-2026-06',
  month: '2026-06',
  openingSeq: 10n,
  closingSeq: 17n,
  issuedAt: '2026-07-01T00:00:00.000Z',
  figures,
});

function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'statement-'));
  const file = join(dir, 's.pdf');
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

function pdfFonts(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'statement-'));
  const file = join(dir, 's.pdf');
  writeFileSync(file, pdf);
  return execFileSync('pdffonts', [file], { encoding: 'utf8' });
}

describe('statement CSV', () => {
  const csv = statementCsv(doc);

  it('is UTF-8 with a BOM and CRLF line ends', () => {
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.toString('utf8')).toContain('\r\n');
    expect(csv.toString('utf8').replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('has one row per figure with fen and yuan in their own columns', () => {
    const rows = parseCsv(csv);
    // The header exactly as written: after the BOM, the first CRLF-ended line.
    expect(csv.toString('utf8').slice(1).split('\r\n')[0]).toBe(
      'section,栏目,item,项目,amount_fen,amount_yuan,quantity,unit,state_opening,state_closing',
    );
    expect(rows[0]).toHaveLength(10);
    const byItem = new Map(rows.map((r) => [r[2], r]));
    expect(byItem.get('Recoveries received')).toEqual([
      'Movements of the month',
      '本月变动',
      'Recoveries received',
      '追偿回收',
      '123456789',
      '1234567.89',
      '',
      '',
      '',
      '',
    ]);
    expect(byItem.get('Closing balance')?.slice(4, 6)).toEqual(['582345', '5823.45']);
    expect(byItem.get('Opening held')?.slice(4, 6)).toEqual(['50000', '500.00']);
    expect(byItem.get('statement_id')?.[5]).toBe('FUND-TOWN:XIAOLAN-2026-06');
  });

  it('quotes fields as RFC 4180 says', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('plain')).toBe('plain');
    expect(parseCsv(Buffer.from('x,"a,""b"""\r\n'))).toEqual([['x', 'a,"b"']]);
  });
});

describe('statement PDF', () => {
  const font = findCjkFont();

  it('zh-CN: Chinese labels and every amount in yuan with separators; the CJK font embedded', async () => {
    const pdf = await statementPdf(doc, 'zh-CN', font);
    const text = pdfText(pdf);
    expect(text).toContain('风险补偿资金池月度对账单');
    expect(text).toMatch(/追偿回收\s+1,234,567\.89/);
    expect(text).toMatch(/期末余额\s+5,823\.45/);
    expect(text).toMatch(/期初冻结\s+500\.00/);
    const fonts = pdfFonts(pdf)
      .split('\n')
      .filter((l) => l.includes('CJK'));
    expect(fonts.length).toBeGreaterThan(0);
    for (const line of fonts) expect(line).toMatch(/\byes\s+yes\b/); // embedded, subset
  });

  it('English variant', async () => {
    const text = pdfText(await statementPdf(doc, 'en', font));
    expect(text).toContain('Monthly fund statement (TOWN:XIAOLAN, 2026-06)');
    expect(text).toMatch(/Deposits\s+2,000\.00/);
    expect(text).toMatch(/Payouts\s+300\.00/);
    // The chart of the month's movements, its bars labelled with the amounts.
    expect(text).toMatch(
      /The month's movements \(yuan\)[\s\S]*Recoveries received\s+1,234,567\.89/,
    );
  });
});

describe('institution and programme statements', () => {
  const font = findCjkFont();
  const bank: BankStatementFigures = {
    bankId: 'B1',
    compensationReceivedFen: 1_000_000n,
    compensationReceivedToDateFen: 1_500_000n,
    lossBorneFen: 2_200_000n,
    lossBorneToDateFen: 2_200_000n,
    recoveriesOwedOpeningFen: 0n,
    recoveriesAssessedFen: 123_456n,
    recoveriesSettledFen: 100_000n,
    recoveriesOwedClosingFen: 23_456n,
    recoveriesRemittedFen: 100_000n,
    recoveriesRemittedToDateFen: 100_000n,
    subsidyGrantedFen: 60_000n,
    subsidyPaidFen: 45_000n,
    claims: [
      {
        claimId: 'C1',
        loanId: 'L1',
        compensationReceivedFen: 1_000_000n,
        lossBorneFen: 2_200_000n,
        recoveriesAssessedFen: 123_456n,
        recoveriesSettledFen: 100_000n,
      },
    ],
  };
  const loans: BankLoanFigures = {
    bankId: 'B1',
    loansRegistered: 3n,
    principalRegisteredFen: 1_234_567_800n,
    repayments: 1n,
    repaidFen: 100_000n,
    exposureOpeningFen: 0n,
    exposureOtherChangesFen: -50_000n,
    exposureClosingFen: 1_234_417_800n,
    quotaFen: 5_000_000_000n,
    quotaUseBp: 2468n,
    defaultsReported: 1n,
    defaultedAtReportFen: 600_000_001n,
    defaultsCuredFen: 0n,
    defaultsEndedFen: 0n,
    defaultedOpeningFen: 0n,
    defaultedClosingFen: 600_000_001n,
    nplBp: 4860n,
    towns: [{ townCode: 'XIAOLAN', exposureFen: 1_234_417_800n, defaultedFen: 600_000_001n }],
  };
  // Real ids are UUIDs: the label is too long to share its line with the states.
  const LONG_CLAIM = '01a24783-d91f-7f0c-90b9-24b15075d45e';
  const LONG_LOAN = '01a24783-d800-72a0-8c6b-f8456ab73f50';
  const claimStates: BankClaimStateFigures = {
    claims: [
      { claimId: 'C2', loanId: 'L2', openingState: 'DEFERRED', closingState: 'DENIED' },
      { claimId: 'C3', loanId: 'L3', openingState: null, closingState: 'OPEN' },
      { claimId: LONG_CLAIM, loanId: LONG_LOAN, openingState: 'DEFERRED', closingState: 'OPEN' },
    ],
    opened: 1n,
    openedDeferred: 0n,
    deferralsLifted: 0n,
    approved: 0n,
    denied: 1n,
    withdrawn: 0n,
    openAtOpening: 0n,
    deferredAtOpening: 1n,
    openAtClosing: 1n,
    deferredAtClosing: 0n,
  };
  const header = {
    openingSeq: 10n,
    closingSeq: 17n,
    issuedAt: '2026-07-01T00:00:00.000Z',
  };

  it('an institution’s statement: compensation, recoveries and each claim, in CSV and PDF', async () => {
    const d = bankStatementDocument({
      ...header,
      statementId: 'bank-monthly-B1-2026-06',
      period: '2026-06',
      figures: bank,
      loans,
      claimStates,
    });
    const rows = parseCsv(statementCsv(d));
    const row = (section: string, item: string) =>
      rows.find((r) => r[0] === section && r[2] === item)?.slice(4, 6);
    expect(row('Recoveries', 'Recoveries owed, closing')).toEqual(['23456', '234.56']);
    expect(row('Claim C1 (loan L1)', 'Recoveries assessed')).toEqual(['123456', '1234.56']);
    expect(row('Interest subsidy of its borrowers', 'Subsidies paid')).toEqual(['45000', '450.00']);
    const text = pdfText(await statementPdf(d, 'zh-CN', font));
    expect(text).toContain('合作银行月度对账单（B1，2026-06）');
    expect(text).toMatch(/期末应付追偿款\s+234\.56/);
    expect(text).toMatch(/累计收到代偿\s+15,000\.00/);
    expect(text).toContain('本月资金变动');
    // The loan book (ADR 0019): counts and bp in `quantity` with their unit, money in fen and yuan.
    expect(rows[0]).toEqual([...CSV_HEADER]);
    expect(rows.find((r) => r[2] === 'Loans registered (number)')?.slice(4)).toEqual([
      '',
      '',
      '3',
      'count',
      '',
      '',
    ]);
    // Claims and their states (ADR 0019): counts, then each claim's state at opening and closing.
    const claimRow = (item: string) =>
      rows.find((r) => r[0] === 'Claims and their states' && r[2] === item)?.slice(4);
    expect(claimRow('Open at closing (number)')).toEqual(['', '', '1', 'count', '', '']);
    expect(claimRow('Claim C2 (loan L2)')).toEqual(['', '', '', 'state', 'DEFERRED', 'DENIED']);
    expect(claimRow('Claim C3 (loan L3)')?.slice(4)).toEqual(['', 'OPEN']);
    expect(text).toMatch(/理赔 C2（贷款 L2）\s+已暂缓 → 已驳回/);
    expect(text).toMatch(/期末审核中笔数\s+1/);
    expect(row('Loans', 'Closing exposure')).toEqual(['1234417800', '12344178.00']);
    expect(rows.find((r) => r[2] === 'NPL ratio')?.slice(6, 8)).toEqual(['4860', 'bp']);
    expect(text).toMatch(/额度使用率\s+2,468 bp/);
    expect(text).toMatch(/期末在保敞口\s+12,344,178\.00/);
    const en = pdfText(await statementPdf(d, 'en', font));
    expect(en).toMatch(/Loans registered \(number\)\s+3/);
    expect(en).toMatch(/XIAOLAN defaulted exposure\s+6,000,000\.01/);
    expect(en).toMatch(/Claim C3 \(loan L3\)\s+— → Open/);
    expect(en.replace(/\s+/g, ' ')).toContain(
      `Claim ${LONG_CLAIM} (loan ${LONG_LOAN}) Deferred → Open`,
    );
    expect(text.replace(/\s+/g, ' ')).toContain(
      `理赔 ${LONG_CLAIM}（贷款 ${LONG_LOAN}） 已暂缓 → 审核中`,
    );
    expect(en).toMatch(/Claims denied \(number\)\s+1/);
  });

  it('a programme report with many funds runs over pages and keeps its chart on the first', async () => {
    const funds = Array.from({ length: 12 }, (_, i) => ({ ...figures, fundId: `TOWN:T${i}` }));
    const programme = programmeStatementFigures(
      funds.map((f) => ({ ...f, payoutsFen: 0n, recoveriesReceivedFen: 0n })),
      [{ ...bank, compensationReceivedFen: 0n, recoveriesRemittedFen: 0n }],
    );
    const d = programmeStatementDocument({
      ...header,
      statementId: 'programme-annual-2026',
      period: '2026',
      annual: true,
      figures: programme,
      loans: programmeLoanFigures([loans], funds),
    });
    expect(d.kind).toBe('PROGRAMME_ANNUAL');
    const text = pdfText(await statementPdf(d, 'en', font));
    const pages = text.split('\f');
    expect(pages.length).toBeGreaterThan(2);
    expect(pages[0]).toContain('Annual programme report (2026)');
    expect(pages[0]).toContain("The year's movements (yuan)");
    // 12 funds × 2,000 yuan deposited.
    expect(pages[0]).toMatch(/Deposits\s+24,000\.00/);
    expect(text).toContain('Fund TOWN:T11');
    expect(text).toContain('Institution B1');
    // XIAOLAN has no fund of its own among these: CITY-like funds serve it, here none, so its
    // leverage is undefined; the programme's is over every compensation fund (12 × 5,823.45).
    expect(text).toContain('Town XIAOLAN');
    expect(text).toMatch(/Leverage\s+—/);
    const total = programmeLoanFigures([loans], funds).total;
    expect(total.servingFundsBalanceFen).toBe(12n * 582_345n);
    expect(total.leverageBp).toBe((1_234_417_800n * 10_000n) / (12n * 582_345n));
  });
});
