// The child process that renders statement PDFs (pdf-renderer.ts). Parsing and subsetting the
// 20 MB CJK font takes a few hundred MB for a moment; in a process that ends when the statements
// are done, that memory goes back to the system instead of staying in the ledger's process (a
// worker thread did not give it back: the allocator keeps what a thread freed).
import { readFileSync } from 'node:fs';
import type { StatementDocument } from './statement-document';
import { findCjkFont, statementPdf, type StatementLanguage } from './statement-pdf';

export interface PdfJob {
  readonly id: number;
  readonly doc: StatementDocument;
  readonly lang: StatementLanguage;
  /** `STATEMENT_FONT_FILE`, or empty for Debian's Noto CJK. */
  readonly fontFile: string;
}

export type PdfAnswer =
  | { readonly id: number; readonly pdf: Uint8Array }
  | { readonly id: number; readonly error: string };

const fonts = new Map<string, { file: Buffer; family: string | undefined }>();

/** The font read once per worker; pdfkit embeds the subset each PDF uses. */
function fontOf(fontFile: string): { file: Buffer; family: string | undefined } {
  let font = fonts.get(fontFile);
  if (font === undefined) {
    const found = findCjkFont(fontFile);
    font = { file: readFileSync(found.file), family: found.family };
    fonts.set(fontFile, font);
  }
  return font;
}

process.on('message', (job: PdfJob) => {
  // The ledger may be gone by the time a PDF is done (EPIPE): nobody to answer, so end quietly.
  const answer = (message: PdfAnswer) =>
    process.send?.(message, undefined, {}, (error) => {
      if (error) process.exit(0);
    });
  // Async, so that a font that cannot be read is an answer, not a crash of the worker.
  (async () => statementPdf(job.doc, job.lang, fontOf(job.fontFile)))().then(
    (pdf) => {
      answer({ id: job.id, pdf: new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength) });
    },
    (error: unknown) => answer({ id: job.id, error: String(error) }),
  );
});

// The ledger gone (its IPC channel closed): nothing more to do.
process.on('disconnect', () => process.exit(0));
