import * as path from 'node:path';
import { ChildProcess, fork } from 'node:child_process';
import type { PdfAnswer, PdfJob } from './pdf-worker';
import type { StatementDocument } from './statement-document';
import type { StatementLanguage } from './statement-pdf';

export interface PdfRendererOptions {
  /** `STATEMENT_FONT_FILE`, or empty for Debian's Noto CJK. */
  readonly fontFile: string;
  /** The worker ends after this long without a job (a month's statements come in one burst). */
  readonly idleMs?: number;
}

/**
 * Renders statement PDFs in a child process (pdf-worker.ts) that lives while there is work and
 * ends after it, so the memory a render takes (the CJK font's parse, a few hundred MB at its
 * peak) is returned with it: the ledger's RSS stays what its journal needs. Jobs run one after
 * another.
 */
export class PdfRenderer {
  private worker: ChildProcess | undefined;
  private nextId = 1;
  /** Jobs sent and not answered, with the worker each went to. */
  private readonly waiting = new Map<
    number,
    { worker: ChildProcess; resolve: (pdf: Buffer) => void; reject: (error: Error) => void }
  >();
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: PdfRendererOptions) {}

  /** Whether a worker process is up now. */
  get workerRunning(): boolean {
    return this.worker !== undefined;
  }

  render(doc: StatementDocument, lang: StatementLanguage): Promise<Buffer> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    const worker = this.worker ?? this.startWorker();
    const id = this.nextId++;
    const job: PdfJob = { id, doc, lang, fontFile: this.options.fontFile };
    return new Promise<Buffer>((resolve, reject) => {
      this.waiting.set(id, { worker, resolve, reject });
      // Keeps the ledger's process up while a job waits; unref'd again when none does.
      worker.ref();
      worker.channel?.ref();
      worker.send(job);
    });
  }

  /** Ends the worker now (service shutdown); a job still waiting is refused. */
  async close(): Promise<void> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    const worker = this.worker;
    this.worker = undefined;
    if (worker === undefined || worker.exitCode !== null || worker.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.kill('SIGTERM');
    await exited;
  }

  private startWorker(): ChildProcess {
    // Advanced serialisation: the documents' bigints and the PDFs' bytes cross as they are.
    const worker = fork(workerFile(), [], { ...workerOptions(), serialization: 'advanced' });
    worker.on('message', (answer: PdfAnswer) => {
      const waiter = this.waiting.get(answer.id);
      this.waiting.delete(answer.id);
      if ('error' in answer) waiter?.reject(new Error(`statement PDF: ${answer.error}`));
      else
        waiter?.resolve(
          Buffer.from(answer.pdf.buffer, answer.pdf.byteOffset, answer.pdf.byteLength),
        );
      if (this.jobsOf(worker).length === 0) {
        worker.unref();
        worker.channel?.unref();
        this.endWhenIdle();
      }
    });
    // Only this worker's jobs: one sent meanwhile to the next worker (started while this one was
    // ending after its idle time) is that worker's to answer.
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const [id, waiter] of this.jobsOf(worker)) {
        this.waiting.delete(id);
        waiter.reject(error);
      }
    };
    worker.on('error', fail);
    worker.on('exit', (code, signal) =>
      fail(new Error(`statement PDF worker ended (${signal ?? `exit code ${String(code)}`})`)),
    );
    this.worker = worker;
    return worker;
  }

  private jobsOf(worker: ChildProcess) {
    return [...this.waiting].filter(([, waiter]) => waiter.worker === worker);
  }

  private endWhenIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      if (this.waiting.size === 0) void this.close();
    }, this.options.idleMs ?? 2000);
    this.idleTimer.unref();
  }
}

/** pdf-worker.js beside the build's pdf-renderer.js, or pdf-worker.ts when run from source. */
function workerFile(): string {
  return path.join(__dirname, `pdf-worker${path.extname(__filename)}`);
}

/**
 * A service run from its build or by ts-node passes its own `-r` hooks to the worker (fork
 * inherits the process's execArgv). Under jest, which compiles in-process, a worker of the .ts
 * source gets ts-node and the project's alias hook itself.
 */
function workerOptions(): { execArgv?: string[] } {
  const fromSource = path.extname(__filename) === '.ts';
  const hooked = process.execArgv.some((arg) => arg.includes('ts-node'));
  if (!fromSource || hooked) return {};
  const root = path.resolve(__dirname, '..', '..', '..', '..');
  return {
    execArgv: [
      '-r',
      path.join(root, 'scripts', 'register-aliases.js'),
      '-r',
      require.resolve('ts-node/register/transpile-only'),
    ],
  };
}
