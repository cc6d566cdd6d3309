import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { EntryCheck, JournalEntry } from '@riskpool/ledger-core';

/**
 * `verify --statement FILE` (repeatable): is this file a statement the ledger anchored? The file's
 * SHA-256 must equal the `documentSha256` of an ANCHOR entry of a `ledger.statement-issued.v1`
 * event in the export, and the export itself must verify (signatures, chain, Merkle roots), so the
 * digest is covered by a signed checkpoint. One changed byte (one changed figure) gives another
 * digest, which no entry anchors.
 */
export const STATEMENT_ISSUED = 'ledger.statement-issued.v1';

export interface StatementFileResult {
  readonly file: string;
  readonly sha256: string;
  readonly anchored: boolean;
  /** The anchoring entry, when found. */
  readonly seq?: string;
  readonly documentName?: string;
  readonly statementEventId?: string;
}

/** Splits `--statement FILE` / `--statement=FILE` out of the arguments; the rest are returned. */
export function takeStatementArgs(argv: readonly string[]): {
  statements: string[];
  rest: string[];
} {
  const statements: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--statement') {
      const value = argv[++i];
      if (value !== undefined) statements.push(value);
      else rest.push(arg); // left for the usage check
    } else if (arg.startsWith('--statement=')) statements.push(arg.slice('--statement='.length));
    else rest.push(arg);
  }
  return { statements, rest };
}

/** Collects the anchored digests while the export is verified; answers for each file after. */
export class StatementAnchors {
  private readonly wanted = new Map<string, string[]>();
  private readonly found = new Map<
    string,
    { seq: string; documentName?: string; eventId: string }
  >();

  constructor(files: readonly string[]) {
    for (const file of files) {
      const sha256 = createHash('sha256').update(readFileSync(file)).digest('hex');
      this.wanted.set(sha256, [...(this.wanted.get(sha256) ?? []), file]);
    }
  }

  /** Never refuses an entry: it only records the anchors the export holds. */
  readonly check: EntryCheck = {
    name: 'statement-anchors',
    check: (entry: JournalEntry) => {
      if (
        entry.kind === 'ANCHOR' &&
        entry.eventType === STATEMENT_ISSUED &&
        entry.documentSha256 !== undefined &&
        this.wanted.has(entry.documentSha256) &&
        !this.found.has(entry.documentSha256)
      )
        this.found.set(entry.documentSha256, {
          seq: entry.seq.toString(),
          ...(entry.documentName !== undefined ? { documentName: entry.documentName } : {}),
          eventId: entry.eventId,
        });
      return undefined;
    },
  };

  results(): StatementFileResult[] {
    const out: StatementFileResult[] = [];
    for (const [sha256, files] of this.wanted)
      for (const file of files) {
        const hit = this.found.get(sha256);
        out.push(
          hit === undefined
            ? { file, sha256, anchored: false }
            : {
                file,
                sha256,
                anchored: true,
                seq: hit.seq,
                ...(hit.documentName !== undefined ? { documentName: hit.documentName } : {}),
                statementEventId: hit.eventId,
              },
        );
      }
    return out;
  }
}
