import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/** Shape of `shared/vectors/rfc6962.json` (known answers from transparency-dev/merkle). */
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

/**
 * The workspace root (the folder with nx.json) above this file; `shared/` sits beside it both in
 * /work and in CI's clone.
 */
export function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'nx.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(`no nx.json above ${__dirname}`);
    }
    dir = parent;
  }
  return dir;
}

export function loadRfc6962Vectors(): Rfc6962Vectors {
  const file = path.resolve(repoRoot(), '..', 'shared', 'vectors', 'rfc6962.json');
  return JSON.parse(readFileSync(file, 'utf8')) as Rfc6962Vectors;
}

export function hex(value: string): Buffer {
  return Buffer.from(value, 'hex');
}
