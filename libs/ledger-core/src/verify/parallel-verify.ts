import type { KeyObject } from 'node:crypto';
import { open } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { type ChunkRequest, type PreparedChunk, prepareExportChunk } from './export-chunk';
import { ExportVerifier, type VerifyOptions, type VerifyResult } from './export-verifier';

export interface ParallelVerifyOptions {
  /**
   * Worker threads preparing chunks (parse, format, canonical bytes, leaf hash) while the calling
   * thread runs the ordered checks. Default: one fewer than the cores, at least 1, at most 4
   * (none for a file of at most two chunks). 0 prepares the chunks on the calling thread (same
   * checks, one core).
   */
  readonly workers?: number;
  /** Bytes read per chunk (cut back to the last line break); default 1 MiB. */
  readonly chunkBytes?: number;
  /** Chunks in flight per worker; default 4. */
  readonly inFlightPerWorker?: number;
}

const DEFAULT_CHUNK_BYTES = 1 << 20;
const NEWLINE = 0x0a;

export function defaultVerifyWorkers(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

/**
 * Verifies a JSON-lines export file: the same checks and the same report as
 * `verifyExportLines(readline over the file)`, including the first failing record and check, but
 * the per-record work that does not depend on order runs on worker threads (see
 * {@link prepareExportChunk}). Chunks come back and are checked strictly in file order, so a
 * failure in a later chunk (prepared earlier or at the same time) is never reported before one in
 * an earlier chunk.
 */
export async function verifyExportFile(
  exportFile: string,
  publicKeyPem: string | KeyObject,
  options: VerifyOptions = {},
  parallel: ParallelVerifyOptions = {},
): Promise<VerifyResult> {
  const verifier = new ExportVerifier(publicKeyPem, options);
  const chunkBytes = Math.max(4096, parallel.chunkBytes ?? DEFAULT_CHUNK_BYTES);
  const file = await open(exportFile, 'r');
  // By default an export of one or two chunks is not worth starting threads for.
  let workerCount: number;
  let pool: ChunkWorkers | undefined;
  try {
    workerCount =
      parallel.workers ?? ((await file.stat()).size <= 2 * chunkBytes ? 0 : defaultVerifyWorkers());
    pool = workerCount > 0 ? new ChunkWorkers(workerCount) : undefined;
  } catch (error: unknown) {
    await file.close();
    throw error;
  }
  const maxInFlight = pool === undefined ? 1 : workerCount * (parallel.inFlightPerWorker ?? 4);
  const inFlight: Promise<PreparedChunk>[] = [];
  let failed = false;
  const drainOne = async (): Promise<void> => {
    const chunk = await (inFlight.shift() as Promise<PreparedChunk>);
    if (!failed && verifier.pushChunk(chunk) !== undefined) {
      failed = true;
    }
  };
  try {
    let carry: Buffer = Buffer.alloc(0);
    let startsExport = true;
    let atEnd = false;
    while (!atEnd && !failed) {
      // A fresh, unpooled buffer per chunk: its memory is transferred to the worker.
      const size = Math.max(chunkBytes, carry.length * 2);
      const buffer = Buffer.from(new ArrayBuffer(size));
      carry.copy(buffer, 0);
      let filled = carry.length;
      while (filled < size) {
        const { bytesRead } = await file.read(buffer, filled, size - filled, null);
        if (bytesRead === 0) {
          atEnd = true;
          break;
        }
        filled += bytesRead;
      }
      // Cut after the last line break (0x0A never occurs inside a UTF-8 sequence); the rest is
      // carried into the next chunk. A chunk without a line break grows until it has one.
      let end = filled;
      if (!atEnd) {
        end = buffer.lastIndexOf(NEWLINE, filled - 1) + 1;
        if (end === 0) {
          carry = Buffer.from(buffer.subarray(0, filled));
          continue;
        }
      }
      carry = Buffer.from(buffer.subarray(end, filled));
      if (end === 0 && atEnd) {
        break;
      }
      const request: ChunkRequest = {
        id: 0,
        bytes: buffer.buffer as ArrayBuffer,
        length: end,
        startsExport,
      };
      startsExport = false;
      inFlight.push(
        pool !== undefined
          ? pool.prepare(request)
          : Promise.resolve(prepareExportChunk(buffer.subarray(0, end), request.startsExport)),
      );
      while (inFlight.length >= maxInFlight && !failed) {
        await drainOne();
      }
    }
    while (inFlight.length > 0 && !failed) {
      await drainOne();
    }
  } finally {
    inFlight.length = 0;
    await file.close();
    await pool?.close();
  }
  return verifier.finish();
}

// Runs the compiled module as is; from TypeScript sources (ts-node, jest) it registers ts-node in
// the worker first, so one design serves both the build in dist/ and the sources.
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
if (workerData.modulePath.endsWith('.ts')) {
  require('ts-node').register({ transpileOnly: true, compilerOptions: { module: 'commonjs' } });
}
require(workerData.modulePath).serveExportChunks();
`;

class ChunkWorkers {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<
    number,
    { resolve: (chunk: PreparedChunk) => void; reject: (error: unknown) => void }
  >();
  private nextId = 0;
  private broken: unknown;

  constructor(count: number) {
    const modulePath = __filename.replace(/parallel-verify(\.[cm]?[jt]s)$/, 'export-chunk$1');
    for (let i = 0; i < count; i++) {
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { modulePath } });
      worker.on('message', (message: { id: number; chunk: PreparedChunk }) => {
        const waiter = this.pending.get(message.id);
        this.pending.delete(message.id);
        waiter?.resolve(message.chunk);
      });
      worker.on('error', (error: unknown) => this.fail(error));
      worker.on('exit', (code) => {
        if (this.pending.size > 0) {
          this.fail(new Error(`a verify worker exited (code ${code}) with chunks pending`));
        }
      });
      this.workers.push(worker);
    }
  }

  prepare(request: ChunkRequest): Promise<PreparedChunk> {
    if (this.broken !== undefined) {
      return Promise.reject(this.broken);
    }
    const id = this.nextId++;
    const worker = this.workers[id % this.workers.length] as Worker;
    const promise = new Promise<PreparedChunk>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ ...request, id }, [request.bytes]);
    });
    // Chunks dropped after a failure are rejected on close; nobody awaits them any more.
    promise.catch(() => undefined);
    return promise;
  }

  async close(): Promise<void> {
    const waiters = [...this.pending.values()];
    this.pending.clear();
    for (const waiter of waiters) {
      waiter.reject(new Error('verification ended'));
    }
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private fail(error: unknown): void {
    this.broken ??= error;
    const waiters = [...this.pending.values()];
    this.pending.clear();
    for (const waiter of waiters) {
      waiter.reject(error);
    }
  }
}
