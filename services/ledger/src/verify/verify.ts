import { readFileSync } from 'node:fs';
import { CompensationRecomputation, POLICY_RECORD_TYPE } from './compensation-check';
import {
  type SignedCheckpoint,
  type VerifyResult,
  hashFromHex,
  verifyCheckpointSignature,
  verifyExportFile as verifyExportFileInParallel,
  verifyInclusion,
} from '@riskpool/ledger-core';

export interface VerifyReport {
  readonly ok: boolean;
  readonly result: Record<string, unknown>;
  readonly seconds: number;
  readonly entriesPerSecond: number | null;
}

function jsonSafe(result: VerifyResult): Record<string, unknown> {
  return JSON.parse(
    JSON.stringify(result, (_key, value: unknown) =>
      typeof value === 'bigint' ? value.toString() : value,
    ),
  ) as Record<string, unknown>;
}

/**
 * Verifies an export file offline with only the public key (libs/ledger-core `verifyExportFile`:
 * worker threads parse, check and hash entries ahead, the ordered checks run here), recomputing
 * each compensation entry from the export's policy records (compensation-check.ts). `workers`
 * (default: cores - 1, at least 1; 0 = one thread) is passed on.
 */
export async function verifyExportFile(
  exportFile: string,
  publicKeyPem: string,
  workers?: number,
): Promise<VerifyReport> {
  const started = process.hrtime.bigint();
  const compensation = new CompensationRecomputation();
  const result = await verifyExportFileInParallel(
    exportFile,
    publicKeyPem,
    {
      entryChecks: [compensation.check],
      extensionRecords: { [POLICY_RECORD_TYPE]: compensation.policyRecord },
    },
    workers !== undefined ? { workers } : {},
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const entries = result.ok ? result.entries : Number(result.firstBadSeq) - 1;
  return {
    ok: result.ok,
    result: jsonSafe(result),
    seconds,
    entriesPerSecond: seconds > 0 ? Math.round(entries / seconds) : null,
  };
}

/**
 * Checks an inclusion proof as the API serves it (`GET /ledger/entries/{seq}/proof`): the
 * checkpoint's signature with the public key, and the audit path from the leaf hash to its root.
 */
export function checkInclusionProof(
  proof: {
    seq: string;
    treeSize: string;
    leafHash: string;
    auditPath: string[];
    checkpoint: SignedCheckpointJson;
  },
  publicKeyPem: string,
  leafHashHex?: string,
): { ok: boolean; reason?: string } {
  const cp: SignedCheckpoint = { ...proof.checkpoint, treeSize: BigInt(proof.checkpoint.treeSize) };
  if (!verifyCheckpointSignature(cp, publicKeyPem))
    return { ok: false, reason: 'checkpoint signature invalid' };
  if (cp.treeSize !== BigInt(proof.treeSize))
    return { ok: false, reason: 'proof is not for this checkpoint' };
  const leaf = leafHashHex ?? proof.leafHash;
  const ok = verifyInclusion(
    Number(BigInt(proof.seq) - 1n),
    Number(cp.treeSize),
    hashFromHex(leaf),
    proof.auditPath.map(hashFromHex),
    hashFromHex(cp.rootHash),
  );
  return ok ? { ok } : { ok, reason: 'audit path does not lead to the signed root' };
}

export interface SignedCheckpointJson {
  treeSize: string;
  rootHash: string;
  chainHash: string;
  issuedAt: string;
  keyId: string;
  signature: string;
}

export function parseArgs(
  argv: readonly string[],
): { exportFile: string; publicKeyFile: string; workers?: number } | string {
  let exportFile: string | undefined;
  let publicKeyFile: string | undefined;
  let workers: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--workers' || arg?.startsWith('--workers=')) {
      const value = arg === '--workers' ? argv[++i] : arg.slice('--workers='.length);
      workers = Number(value);
      if (!Number.isSafeInteger(workers) || workers < 0 || workers > 64)
        return 'usage: --workers must be an integer from 0 to 64';
    } else if (arg === '--export') exportFile = argv[++i];
    else if (arg === '--public-key') publicKeyFile = argv[++i];
    else if (arg?.startsWith('--export=')) exportFile = arg.slice('--export='.length);
    else if (arg?.startsWith('--public-key=')) publicKeyFile = arg.slice('--public-key='.length);
  }
  if (!exportFile || !publicKeyFile)
    return 'usage: verify --export FILE --public-key KEY.pem [--workers N]';
  return { exportFile, publicKeyFile, ...(workers !== undefined ? { workers } : {}) };
}

/** The command: prints a JSON report, exit code 0 (verified), 1 (a check failed) or 2 (usage). */
export async function runVerify(
  argv: readonly string[],
  out: (text: string) => void,
): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    out(JSON.stringify({ ok: false, error: args }));
    return 2;
  }
  let key: string;
  try {
    key = readFileSync(args.publicKeyFile, 'utf8');
  } catch (error) {
    out(JSON.stringify({ ok: false, error: `cannot read the public key: ${String(error)}` }));
    return 2;
  }
  const report = await verifyExportFile(args.exportFile, key, args.workers);
  out(JSON.stringify(report, null, 2));
  return report.ok ? 0 : 1;
}
