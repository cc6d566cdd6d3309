import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/** Shape of `rfc6962.json`: RFC 6962 / RFC 9162 known answers, as transparency-dev/merkle publishes them. */
export interface Rfc6962Vectors {
  readonly leafInputsHex: readonly string[];
  readonly leafHashesHex: readonly string[];
  readonly rootsBySize: Readonly<Record<string, string>>;
  readonly inclusionProofs: readonly {
    leafIndex: number;
    treeSize: number;
    proofHex: readonly string[];
  }[];
  readonly consistencyProofs: readonly {
    size1: number;
    size2: number;
    proofHex: readonly string[];
  }[];
}

/** The vectors committed beside this file (`rfc6962.json`; its `provenance` says where they come from). */
export function loadRfc6962Vectors(): Rfc6962Vectors {
  const file = path.join(__dirname, 'rfc6962.json');
  return JSON.parse(readFileSync(file, 'utf8')) as Rfc6962Vectors;
}

export function hex(value: string): Buffer {
  return Buffer.from(value, 'hex');
}
