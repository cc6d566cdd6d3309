import { readFileSync } from 'node:fs';
import {
  CLAIM_RECORD_TYPE,
  CompensationRecomputation,
  POLICY_RECORD_TYPE,
} from './compensation-check';
import { StatementAnchors, StatementFileResult, takeStatementArgs } from './statement-check';
import {
  SUBSIDY_REPORT_RECORD_TYPE,
  SUBSIDY_ROUND_RECORD_TYPE,
  SubsidyRecomputation,
} from './subsidy-check';
import {
  type SignedCheckpoint,
  type VerifyResult,
  CheckpointFormatError,
  checkpointFromJson,
  hashFromHex,
  isKeyId,
  verifyCheckpointSignature,
  verifyExportFile as verifyExportFileInParallel,
  verifyInclusion,
} from '@riskpool/ledger-core';

/** What the reader brings besides the public key (README "verify"). */
export interface TrustOptions {
  /** The key id the reader pinned: the public key must have it; rotations are followed from it. */
  readonly keyId?: string;
  /** A checkpoint the reader saved earlier, which the export must be consistent with. */
  readonly trustedCheckpoint?: SignedCheckpoint;
}

export interface VerifyReport {
  readonly ok: boolean;
  /** With `--statement`: each file, its SHA-256 and the entry that anchors it (if any). */
  readonly statements?: readonly StatementFileResult[];
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
 * each compensation entry from the export's policy records (compensation-check.ts) and each
 * interest subsidy grant from its report, policy version and round (subsidy-check.ts). `workers`
 * (default: cores - 1, at least 1; 0 = one thread) is passed on.
 */
export async function verifyExportFile(
  exportFile: string,
  publicKeyPem: string,
  workers?: number,
  trust: TrustOptions = {},
  statementFiles: readonly string[] = [],
): Promise<VerifyReport> {
  const started = process.hrtime.bigint();
  const compensation = new CompensationRecomputation();
  const subsidy = new SubsidyRecomputation((id) => compensation.policy(id));
  const anchors = statementFiles.length > 0 ? new StatementAnchors(statementFiles) : undefined;
  const result = await verifyExportFileInParallel(
    exportFile,
    publicKeyPem,
    {
      entryChecks: anchors
        ? [compensation.check, subsidy.check, anchors.check]
        : [compensation.check, subsidy.check],
      extensionRecords: {
        [POLICY_RECORD_TYPE]: compensation.policyRecord,
        [CLAIM_RECORD_TYPE]: compensation.claimRecord,
        [SUBSIDY_REPORT_RECORD_TYPE]: subsidy.reportRecord,
        [SUBSIDY_ROUND_RECORD_TYPE]: subsidy.roundRecord,
      },
      ...(trust.keyId !== undefined ? { expectedKeyId: trust.keyId } : {}),
      ...(trust.trustedCheckpoint !== undefined
        ? { trustedCheckpoint: trust.trustedCheckpoint }
        : {}),
    },
    workers !== undefined ? { workers } : {},
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const entries = result.ok ? result.entries : Number(result.firstBadSeq) - 1;
  const statements = anchors?.results();
  return {
    // A statement file counts only when the whole export verifies and anchors it.
    ok: result.ok && (statements ?? []).every((s) => s.anchored),
    ...(statements !== undefined ? { statements } : {}),
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

export interface VerifyArgs {
  readonly exportFile: string;
  readonly publicKeyFile: string;
  readonly workers?: number;
  readonly keyId?: string;
  readonly trustedCheckpointFile?: string;
}

const USAGE =
  'usage: verify --export FILE --public-key KEY.pem [--key-id ID] [--trusted-checkpoint FILE] [--workers N] [--statement FILE ...]';

export function parseArgs(argv: readonly string[]): VerifyArgs | string {
  const values = new Map<string, string>();
  const names = ['export', 'public-key', 'workers', 'key-id', 'trusted-checkpoint'];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const name = names.find((n) => arg === `--${n}` || arg.startsWith(`--${n}=`));
    if (name === undefined) return `${USAGE} (unknown argument ${arg})`;
    const value = arg === `--${name}` ? argv[++i] : arg.slice(name.length + 3);
    if (value === undefined || value === '') return `${USAGE} (--${name} needs a value)`;
    values.set(name, value);
  }
  const exportFile = values.get('export');
  const publicKeyFile = values.get('public-key');
  if (!exportFile || !publicKeyFile) return USAGE;
  let workers: number | undefined;
  if (values.has('workers')) {
    workers = Number(values.get('workers'));
    if (!Number.isSafeInteger(workers) || workers < 0 || workers > 64)
      return 'usage: --workers must be an integer from 0 to 64';
  }
  const keyId = values.get('key-id');
  if (keyId !== undefined && !isKeyId(keyId))
    return 'usage: --key-id must be 32 lower-case hex digits (the id the ledger prints at start)';
  const trustedCheckpointFile = values.get('trusted-checkpoint');
  return {
    exportFile,
    publicKeyFile,
    ...(workers !== undefined ? { workers } : {}),
    ...(keyId !== undefined ? { keyId } : {}),
    ...(trustedCheckpointFile !== undefined ? { trustedCheckpointFile } : {}),
  };
}

/**
 * A checkpoint saved earlier: the JSON of `GET /ledger/checkpoints` items, of a
 * `ledger.checkpoint-signed.v1` event's data or of an export's checkpoint line.
 */
export function readTrustedCheckpoint(file: string): SignedCheckpoint {
  const value = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  return checkpointFromJson(value, new Set(['type', 'consistencyProof']));
}

/** The command: prints a JSON report, exit code 0 (verified), 1 (a check failed) or 2 (usage). */
export async function runVerify(
  argv: readonly string[],
  out: (text: string) => void,
): Promise<number> {
  const { statements, rest } = takeStatementArgs(argv);
  const args = parseArgs(rest);
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
  let trustedCheckpoint: SignedCheckpoint | undefined;
  if (args.trustedCheckpointFile !== undefined) {
    try {
      trustedCheckpoint = readTrustedCheckpoint(args.trustedCheckpointFile);
    } catch (error) {
      const why = error instanceof CheckpointFormatError ? error.message : String(error);
      out(JSON.stringify({ ok: false, error: `cannot read the trusted checkpoint: ${why}` }));
      return 2;
    }
  }
  const report = await verifyExportFile(
    args.exportFile,
    key,
    args.workers,
    {
      ...(args.keyId !== undefined ? { keyId: args.keyId } : {}),
      ...(trustedCheckpoint !== undefined ? { trustedCheckpoint } : {}),
    },
    statements,
  );
  out(JSON.stringify(report, null, 2));
  return report.ok ? 0 : 1;
}
