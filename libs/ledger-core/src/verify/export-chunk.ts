import { parentPort } from 'node:worker_threads';
import { entryFromJson } from '../entry/entry-codec';
import { EntryFormatError } from '../entry/journal-entry';
import { isHashHex } from '../hash/sha256';
import { canonicalFromContentJson, entryContentJsonUnchecked } from '../entry/entry-codec';
import { utf8WithLeafHash } from '../merkle/rfc6962';

/**
 * The order-free half of verifying a stretch of an export, done ahead (on a worker thread by
 * {@link verifyExportFile}): split the JSON lines, parse each, and for every entry record check its
 * format, that `canonical` is exactly the standard base64 of the entry's canonical bytes, hash those
 * bytes once (the leaf hash), and check a `leafHash` given with it. The ordered half (seq, chain,
 * tree, rules, checkpoints, extension checks) stays with {@link ExportVerifier.pushChunk}.
 *
 * A record passes here ("prepared") only when every one of those checks holds; any other record
 * (header, checkpoint, extension record, bad JSON, an entry failing any check) is handed on as its
 * raw line and goes through the ordinary single-record path, which reports it exactly as before.
 */
export interface PreparedChunk {
  /**
   * Non-blank lines in order: for a prepared entry, its canonical JSON text (what the carried bytes
   * decode to); for every other record, the line as read.
   */
  readonly lines: string[];
  /** 1 where `lines[i]` is a prepared entry. */
  readonly prepared: Uint8Array;
  /** 32 bytes per line: the leaf hash of a prepared entry (zeros elsewhere). */
  readonly leafHashes: Uint8Array;
  /** The `chainHash` a prepared entry carries (64 hex digits), '' when it carries none. */
  readonly chainHashes: string[];
}

const EXTRA_KEYS: ReadonlySet<string> = new Set(['type', 'canonical', 'leafHash', 'chainHash']);
// readline (crlfDelay: Infinity) ends a line at \r\n, \n or a lone \r.
const LINE_BREAK = /\r\n|\n|\r/;
const LF = 0x0a;

/**
 * The non-blank lines of `bytes`, split as readline splits them. Each line is decoded on its own:
 * decoding a whole megabyte into one string is several times slower in V8 than decoding it in
 * pieces (0x0A never occurs inside a UTF-8 sequence, so cutting there is exact).
 */
export function splitLines(bytes: Buffer): string[] {
  const lines: string[] = [];
  let start = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(LF, start);
    if (end < 0) {
      end = bytes.length;
    }
    const line = bytes.toString('utf8', start, end);
    start = end + 1;
    if (line.includes('\r')) {
      for (const part of line.split(LINE_BREAK)) {
        if (part.trim() !== '') {
          lines.push(part);
        }
      }
    } else if (line.trim() !== '') {
      lines.push(line);
    }
  }
  return lines;
}

/**
 * Prepares the lines of `bytes` (UTF-8, whole lines: a chunk ends at a line break or the end of
 * the export). `startsExport` marks the chunk holding the first line, which must be the header and
 * is never prepared.
 */
export function prepareExportChunk(bytes: Buffer, startsExport: boolean): PreparedChunk {
  const lines = splitLines(bytes);
  const prepared = new Uint8Array(lines.length);
  const leafHashes = new Uint8Array(32 * lines.length);
  const chainHashes: string[] = new Array<string>(lines.length).fill('');
  for (let i = startsExport ? 1 : 0; i < lines.length; i++) {
    const result = prepareLine(lines[i] as string);
    if (result !== undefined) {
      lines[i] = result.canonicalText;
      prepared[i] = 1;
      leafHashes.set(result.leafHash, 32 * i);
      chainHashes[i] = result.chainHash;
    }
  }
  return { lines, prepared, leafHashes, chainHashes };
}

function prepareLine(
  line: string,
): { canonicalText: string; leafHash: Buffer; chainHash: string } | undefined {
  // Cheap pre-filter: only entry records are prepared.
  if (!line.startsWith('{"type":"entry"')) {
    return undefined;
  }
  let record: unknown;
  try {
    record = JSON.parse(line) as unknown;
  } catch {
    return undefined;
  }
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    return undefined;
  }
  const fields = record as Record<string, unknown>;
  if (fields['type'] !== 'entry') {
    return undefined;
  }
  const carried = fields['canonical'];
  const leafGiven = fields['leafHash'];
  const chainGiven = fields['chainHash'];
  if (
    typeof carried !== 'string' ||
    (leafGiven !== undefined && !isHashHex(leafGiven)) ||
    (chainGiven !== undefined && !isHashHex(chainGiven))
  ) {
    return undefined;
  }
  let canonicalText: string;
  try {
    // The full format check, as appendEntry makes it.
    const entry = entryFromJson(fields, EXTRA_KEYS, true);
    canonicalText = canonicalFromContentJson(
      entryContentJsonUnchecked(entry),
      entry.prevHash,
      entry.seq,
    );
  } catch (error: unknown) {
    if (error instanceof EntryFormatError) {
      return undefined;
    }
    throw error;
  }
  const { bytes, leafHash } = utf8WithLeafHash(canonicalText);
  // The same comparison appendEntry makes: the carried text is the standard base64 of the bytes.
  if (bytes.toString('base64') !== carried) {
    return undefined;
  }
  if (leafGiven !== undefined && leafGiven !== leafHash.toString('hex')) {
    return undefined;
  }
  return { canonicalText, leafHash, chainHash: chainGiven ?? '' };
}

/** A chunk of export bytes sent to a worker. */
export interface ChunkRequest {
  readonly id: number;
  readonly bytes: ArrayBuffer;
  readonly length: number;
  readonly startsExport: boolean;
}

/** The worker side: prepares each chunk it is sent (see `verifyExportFile`). */
export function serveExportChunks(): void {
  const port = parentPort;
  if (port === null) {
    throw new Error('serveExportChunks runs on a worker thread');
  }
  port.on('message', (request: ChunkRequest) => {
    const chunk = prepareExportChunk(
      Buffer.from(request.bytes, 0, request.length),
      request.startsExport,
    );
    port.postMessage({ id: request.id, chunk }, [chunk.leafHashes.buffer as ArrayBuffer]);
  });
}
