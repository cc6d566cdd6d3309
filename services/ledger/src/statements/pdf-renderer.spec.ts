import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fundFigures } from '../../test/fund-figures';
import { PdfRenderer } from './pdf-renderer';
import { fundStatementDocument } from './statement-document';

const figures = fundFigures({
  closing: { availableFen: 123_456_789n, heldFen: 0n, balanceFen: 123_456_789n },
  depositsFen: 123_456_789n,
});
const doc = fundStatementDocument({
  statementId: 'fund-monthly-TOWN-XIAOLAN-2026-06',
  month: '2026-06',
  openingSeq: 0n,
  closingSeq: 4n,
  issuedAt: '2026-07-01T00:00:00.000Z',
  figures,
});

function pdfText(pdf: Buffer): string {
  const file = join(mkdtempSync(join(tmpdir(), 'pdf-renderer-')), 's.pdf');
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

describe('statement PDFs rendered in a worker process', () => {
  jest.setTimeout(60_000);
  let renderer: PdfRenderer | undefined;
  afterEach(async () => renderer?.close());

  it('renders both languages with every figure, then ends the worker when idle', async () => {
    renderer = new PdfRenderer({ fontFile: '', idleMs: 200 });
    const [zh, en] = await Promise.all([renderer.render(doc, 'zh-CN'), renderer.render(doc, 'en')]);
    expect(pdfText(zh)).toContain('1,234,567.89');
    expect(pdfText(zh)).toContain('对账单');
    expect(pdfText(en)).toContain('fund-monthly-TOWN-XIAOLAN-2026-06');
    expect(renderer.workerRunning).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(renderer.workerRunning).toBe(false);
    // A later statement starts a new worker.
    expect(pdfText(await renderer.render(doc, 'en'))).toContain('1,234,567.89');
  });

  it('renders a job sent while the last worker is ending in a new worker, which that ending does not refuse', async () => {
    renderer = new PdfRenderer({ fontFile: '', idleMs: 60_000 });
    await renderer.render(doc, 'en');
    const ending = renderer.close();
    const pdf = renderer.render(doc, 'en');
    await ending;
    expect((await pdf).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('refuses a job it cannot render with the reason, and renders the next', async () => {
    renderer = new PdfRenderer({ fontFile: '/nonexistent/font.ttc', idleMs: 200 });
    await expect(renderer.render(doc, 'en')).rejects.toThrow(/statement PDF: .*nonexistent/);
    await renderer.close();
    renderer = new PdfRenderer({ fontFile: '', idleMs: 200 });
    expect((await renderer.render(doc, 'en')).subarray(0, 5).toString()).toBe('%PDF-');
  });
});
