import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import fc from 'fast-check';
import { LedgerState } from '../ledger/ledger-state';
import {
  depositDraft,
  event,
  holdDraft,
  postHoldDraft,
  buildExport,
  freshSigner,
} from '../test-support/ledger-fixtures';
import { exportLine } from './export-format';
import { prepareExportChunk } from './export-chunk';
import { type EntryCheck, type VerifyResult, verifyExportLines } from './export-verifier';
import { type ParallelVerifyOptions, verifyExportFile } from './parallel-verify';

const { keys, signer } = freshSigner();
const otherSigner = freshSigner().signer;
const dir = mkdtempSync(path.join(tmpdir(), 'parallel-verify-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// Worker start-up registers ts-node in each worker (seconds on a loaded machine).
jest.setTimeout(180_000);

/** 12 batches of 25 events (deposits, holds, posted holds): 300 entries, 12 checkpoints. */
function exportLines(sign = signer): string[] {
  const state = new LedgerState();
  let seq = 0;
  const batches = Array.from({ length: 12 }, (_, b) =>
    Array.from({ length: 25 }, (_, i) => {
      const n = b * 25 + i;
      seq++;
      if (i % 5 === 1) return event(`hold-${n}`, [holdDraft('CITY', 'B1', 10n)]);
      if (i % 5 === 2)
        return event(`post-${n}`, [postHoldDraft(BigInt(seq - 1), 'CITY', 'B1', 7n)]);
      return event(`dep-${n}`, [depositDraft(n % 2 === 0 ? 'CITY' : 'TOWN:TORCH', 100n)]);
    }),
  );
  return buildExport(state, sign, batches).records.map((r) => exportLine(r).slice(0, -1));
}

const LINES = exportLines();
let fileNo = 0;
function write(lines: readonly string[], eol = '\n'): string {
  const file = path.join(dir, `export-${fileNo++}.jsonl`);
  writeFileSync(file, lines.join(eol) + eol);
  return file;
}

async function sequential(file: string, checks?: EntryCheck[]): Promise<VerifyResult> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  const result = await verifyExportLines(
    lines,
    keys.publicKeyPem,
    checks ? { entryChecks: checks } : {},
  );
  lines.close();
  return result;
}

function parallel(
  file: string,
  options: ParallelVerifyOptions,
  checks?: EntryCheck[],
): Promise<VerifyResult> {
  return verifyExportFile(file, keys.publicKeyPem, checks ? { entryChecks: checks } : {}, {
    chunkBytes: 16 * 1024,
    ...options,
  });
}

/** Entry record of seq `seq` (line index = seq + checkpoints before it). */
function lineOfSeq(lines: readonly string[], seq: number): number {
  const i = lines.findIndex((l) => l.startsWith(`{"type":"entry","seq":"${seq}",`));
  if (i < 0) throw new Error(`no entry ${seq}`);
  return i;
}

function flipCanonicalByte(line: string, at = 40): string {
  const record = JSON.parse(line) as Record<string, string>;
  const bytes = Buffer.from(record['canonical'] as string, 'base64');
  bytes[at] = (bytes[at] as number) ^ 0x01;
  return JSON.stringify({ ...record, canonical: bytes.toString('base64') });
}

function changeAmount(line: string): string {
  return line.replace(/"amountFen":"(\d+)"/, (_m, d: string) => `"amountFen":"${BigInt(d) + 1n}"`);
}

function isJson(line: string): boolean {
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
}

type Tamper = (line: string) => string;
const TAMPERS: Record<string, Tamper> = {
  // Only records that carry canonical bytes (not a checkpoint, not a line an earlier edit broke).
  flipCanonicalByte: (l) => (/"canonical":"[^"]+"/.test(l) && isJson(l) ? flipCanonicalByte(l) : l),
  changeAmount,
  badJson: (l) => l.slice(0, -3),
  leafHash: (l) => l.replace(/"leafHash":"[0-9a-f]/, '"leafHash":"g'),
  chainHash: (l) =>
    l.replace(
      /"chainHash":"([0-9a-f])/,
      (_m, c: string) => `"chainHash":"${c === '0' ? '1' : '0'}`,
    ),
  nonCanonicalBase64: (l) =>
    l.replace(/"canonical":"([^"]*)"/, (_m, b: string) => `"canonical":"${b.replace(/=+$/, '')}"`),
  unknownKey: (l) => l.replace('{"type":"entry",', '{"type":"entry","extra":1,'),
  overspend: (l) => l.replace(/"amountFen":"\d+"/g, '"amountFen":"99999999"'),
  blank: () => '   ',
  wrongType: (l) => l.replace('"type":"entry"', '"type":"entree"'),
};

describe('verifyExportFile (worker threads)', () => {
  it('passes an untouched export with the same verdict as the sequential verifier', async () => {
    const file = write(LINES);
    const expected = await sequential(file);
    expect(expected.ok).toBe(true);
    await expect(parallel(file, { workers: 2 })).resolves.toEqual(expected);
    await expect(parallel(file, { workers: 1, chunkBytes: 4096 })).resolves.toEqual(expected);
  });

  it('reports a tampered entry in a chunk a worker prepared as the FIRST failure, though a later chunk fails too', async () => {
    const lines = [...LINES];
    // 16 KiB chunks hold about 12 records; seq 150 lies in a chunk sent to a worker (not the
    // first), seq 290 many chunks later, on either worker.
    const first = lineOfSeq(lines, 150);
    const later = lineOfSeq(lines, 290);
    lines[first] = flipCanonicalByte(lines[first] as string);
    lines[later] = changeAmount(lines[later] as string);
    const file = write(lines);
    const expected = await sequential(file);
    expect(expected).toMatchObject({ ok: false, firstBadSeq: 150n, reason: 'CANONICAL_MISMATCH' });
    const got = await parallel(file, { workers: 2, inFlightPerWorker: 8 });
    expect(got).toEqual(expected);
    // The later failure alone is found too (it is not lost to the chunking).
    const onlyLater = [...LINES];
    onlyLater[later] = changeAmount(onlyLater[later] as string);
    const laterFile = write(onlyLater);
    await expect(parallel(laterFile, { workers: 2 })).resolves.toEqual(await sequential(laterFile));
    await expect(parallel(laterFile, { workers: 2 })).resolves.toMatchObject({ firstBadSeq: 290n });
  });

  it('reports a checkpoint re-signed with another key, a CRLF export and an extension check like the sequential verifier', async () => {
    const resigned = write(exportLines(otherSigner));
    await expect(parallel(resigned, { workers: 2 })).resolves.toEqual(await sequential(resigned));
    const crlf = write(LINES, '\r\n');
    await expect(parallel(crlf, { workers: 2 })).resolves.toEqual(await sequential(crlf));
    const check: EntryCheck = {
      name: 'no-seq-200',
      check: (entry) => (entry.seq === 200n ? 'seq 200 refused' : undefined),
    };
    const file = write(LINES);
    const expected = await sequential(file, [check]);
    expect(expected).toMatchObject({
      ok: false,
      reason: 'EXTENSION_CHECK_FAILED',
      firstBadSeq: 200n,
    });
    await expect(parallel(file, { workers: 2 }, [check])).resolves.toEqual(expected);
  });

  it('agrees with the sequential verifier on random tamperings (chunks prepared on the calling thread)', async () => {
    const names = Object.keys(TAMPERS);
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            line: fc.integer({ min: 0, max: LINES.length - 1 }),
            tamper: fc.constantFrom(...names),
          }),
          { minLength: 0, maxLength: 3 },
        ),
        fc.integer({ min: 4096, max: 64 * 1024 }),
        async (edits, chunkBytes) => {
          const lines = [...LINES];
          for (const { line, tamper } of edits) {
            lines[line] = (TAMPERS[tamper] as Tamper)(lines[line] as string);
          }
          const file = write(lines);
          const expected = await sequential(file);
          const got = await parallel(file, { workers: 0, chunkBytes });
          rmSync(file);
          expect(got).toEqual(expected);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('prepares only entry records that pass every order-free check', () => {
    const lines = [
      LINES[0],
      LINES[1],
      TAMPERS['flipCanonicalByte']?.(LINES[2] as string),
      LINES[3],
    ];
    const chunk = prepareExportChunk(Buffer.from(lines.join('\n')), true);
    expect([...chunk.prepared]).toEqual([0, 1, 0, 1]);
    expect(chunk.lines[2]).toBe(lines[2]);
    expect(JSON.parse(chunk.lines[1] as string)).toMatchObject({ seq: '1' });
  });
});
