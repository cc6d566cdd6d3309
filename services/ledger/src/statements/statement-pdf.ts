import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { formatYuan } from '@riskpool/domain';
import {
  claimStateName,
  isQuantityRow,
  isStateRow,
  StatementDocument,
  StatementLine,
  StatementQuantityRow,
  StatementRow,
  StatementStateRow,
} from './statement-document';

export type StatementLanguage = 'zh-CN' | 'en';

/**
 * Where the CJK font is found: Debian's fonts-noto-cjk, which scripts/setup.sh installs. It is
 * embedded (subset) in every PDF, so a reader needs no font of its own.
 */
export const CJK_FONT_CANDIDATES: ReadonlyArray<{ file: string; family: string }> = [
  {
    file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
    family: 'NotoSansCJKsc-Regular',
  },
  {
    file: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc',
    family: 'NotoSerifCJKsc-Regular',
  },
];

export function findCjkFont(configured?: string): { file: string; family: string | undefined } {
  if (configured !== undefined && configured !== '') {
    const [file, family] = configured.split('#');
    return { file: file as string, family };
  }
  const found = CJK_FONT_CANDIDATES.find((c) => existsSync(c.file));
  if (found === undefined)
    throw new Error(
      'no CJK font for statements: install Debian fonts-noto-cjk (scripts/setup.sh) or set STATEMENT_FONT_FILE',
    );
  return found;
}

const LABELS = {
  'zh-CN': {
    id: '对账单编号',
    subject: '对象',
    period: '期间',
    journal: '账本分录序号',
    issued: '出具时间',
    item: '项目',
    amount: '金额（元）',
    chart: '本月资金变动（元）',
    chartYear: '本年资金变动（元）',
    note: '本对账单的 CSV 与 PDF 文件的 SHA-256 已记入账本，可用 verify --statement 校验。',
  },
  en: {
    id: 'Statement',
    subject: 'Subject',
    period: 'Period',
    journal: 'Ledger entries',
    issued: 'Issued at',
    item: 'Item',
    amount: 'Amount (yuan)',
    chart: "The month's movements (yuan)",
    chartYear: "The year's movements (yuan)",
    note: 'The SHA-256 of this statement’s CSV and PDF files is posted to the ledger; check a file with verify --statement.',
  },
} as const;

function label(row: StatementLine, lang: StatementLanguage): string {
  return lang === 'zh-CN' ? row.labelZh : row.labelEn;
}

/** A number of loans with separators, a ratio as `1,234 bp`, an undefined ratio as `—`. */
export function formatQuantity(row: StatementQuantityRow): string {
  if (row.quantity === null) return '—';
  const grouped = row.quantity.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return row.unit === 'bp' ? `${grouped} bp` : grouped;
}

/** A claim's state at the opening and at the closing: `Deferred → Open`. */
export function claimStatesText(row: StatementStateRow, lang: StatementLanguage): string {
  const l = lang === 'zh-CN' ? 'zh' : 'en';
  return `${claimStateName(row.openingState, l)} → ${claimStateName(row.closingState, l)}`;
}

/** The statement as an A4 PDF in zh-CN or English: tables and one chart of the movements. */
export async function statementPdf(
  doc: StatementDocument,
  lang: StatementLanguage,
  font: { file: string | Buffer; family: string | undefined },
): Promise<Buffer> {
  const t = LABELS[lang];
  const pdf = new PDFDocument({
    size: 'A4',
    margin: 50,
    lang,
    info: {
      Title: lang === 'zh-CN' ? doc.titleZh : doc.titleEn,
      Subject: doc.statementId,
      CreationDate: new Date(doc.issuedAt),
      ModDate: new Date(doc.issuedAt),
    },
  });
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  pdf.registerFont('cjk', font.file, font.family);
  pdf.font('cjk');

  pdf.fontSize(16).text(lang === 'zh-CN' ? doc.titleZh : doc.titleEn);
  pdf.moveDown(0.5).fontSize(9);
  pdf.text(`${t.id}: ${doc.statementId}`);
  pdf.text(`${t.subject}: ${doc.subjectId}    ${t.period}: ${doc.period}`);
  pdf.text(
    `${t.journal}: ${doc.openingSeq + 1n} – ${doc.closingSeq}    ${t.issued}: ${doc.issuedAt}`,
  );

  const left = 50;
  const amountRight = 545;
  const chartAfter = doc.chartAfterSection ?? doc.sections.length - 1;
  const chartTitle = doc.kind === 'PROGRAMME_ANNUAL' ? t.chartYear : t.chart;
  for (const [index, section] of doc.sections.entries()) {
    // A section starts on a new page when its title and first rows would not fit.
    if (pdf.y > PAGE_BOTTOM - 80) newPage(pdf);
    pdf
      .moveDown(0.8)
      .fontSize(12)
      .text(lang === 'zh-CN' ? section.titleZh : section.titleEn, left);
    pdf.fontSize(10);
    let y = pdf.y + 4;
    pdf
      .fillColor('#555')
      .text(t.item, left, y)
      .text(t.amount, left, y, {
        width: amountRight - left,
        align: 'right',
      });
    pdf.fillColor('black');
    y += 14;
    pdf.moveTo(left, y).lineTo(amountRight, y).strokeColor('#999').stroke();
    for (const row of section.rows) {
      if (y > PAGE_BOTTOM) y = newPage(pdf);
      y += 4;
      const value = isStateRow(row)
        ? claimStatesText(row, lang)
        : isQuantityRow(row)
          ? formatQuantity(row)
          : formatYuan(row.amountFen);
      const text = label(row, lang);
      const width = amountRight - left;
      pdf.text(text, left, y, { width });
      // A label too long to share its line with the value (a claim's ids) puts the value below.
      if (pdf.widthOfString(text) + pdf.widthOfString(value) + 12 > width)
        y += pdf.heightOfString(text, { width });
      pdf.text(value, left, y, { width, align: 'right' });
      y += 14;
    }
    pdf.y = y;
    pdf.x = left;
    if (index === chartAfter) drawChart(pdf, doc.chart, lang, chartTitle);
  }

  pdf.moveDown(1).fontSize(8).fillColor('#555').text(t.note, left);
  pdf.end();
  return done;
}

/** The lowest baseline a table row or chart bar may start at on an A4 page (842 pt, margin 50). */
const PAGE_BOTTOM = 770;

function newPage(pdf: PDFKit.PDFDocument): number {
  pdf.addPage();
  pdf.x = 50;
  pdf.y = 50;
  return 50;
}

/** Horizontal bars, one per movement, scaled to the largest. */
function drawChart(
  pdf: PDFKit.PDFDocument,
  rows: readonly StatementRow[],
  lang: StatementLanguage,
  title: string,
): void {
  const left = 50;
  const barLeft = 170;
  const barWidthMax = 260;
  if (pdf.y + 40 + rows.length * 18 > PAGE_BOTTOM) newPage(pdf);
  pdf.moveDown(1).fontSize(12).fillColor('black').text(title, left);
  let y = pdf.y + 6;
  const max = rows.reduce((m, r) => (r.amountFen > m ? r.amountFen : m), 0n);
  pdf.fontSize(9);
  for (const row of rows) {
    // Bar length in points: a display proportion only; no money is computed from it.
    const width = max === 0n ? 0 : Number((row.amountFen * 1000n) / max) * (barWidthMax / 1000);
    pdf.fillColor('black').text(label(row, lang), left, y + 2, { width: barLeft - left - 6 });
    if (width > 0) pdf.rect(barLeft, y, Math.max(width, 1), 12).fill('#2f6fb0');
    pdf.fillColor('black').text(formatYuan(row.amountFen), barLeft + barWidthMax + 8, y + 2);
    y += 18;
  }
  pdf.y = y;
  pdf.x = left;
}
