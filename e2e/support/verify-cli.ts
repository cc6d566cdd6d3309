// Runs the ledger's offline `verify` command (from source, through ts-node) as a third party
// would: only the export file and the public key (and what it pinned: `--key-id`, ...).
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '@riskpool/testing';

/** The command's stdout (its JSON report), and whether it exited 0. */
export async function runVerifyCli(
  exportFile: string,
  keyFile: string,
  extraArgs: readonly string[] = [],
): Promise<{ exitedOk: boolean; stdout: string }> {
  return promisify(execFile)(
    process.execPath,
    [
      '-r',
      './scripts/register-aliases.js',
      '-r',
      'ts-node/register/transpile-only',
      'services/ledger/src/verify/verify.cli.ts',
      '--export',
      exportFile,
      '--public-key',
      keyFile,
      ...extraArgs,
    ],
    {
      cwd: REPO_ROOT,
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, TS_NODE_PROJECT: path.join(REPO_ROOT, 'tsconfig.spec.json') },
    },
  ).then(
    ({ stdout }) => ({ exitedOk: true, stdout }),
    (error: { stdout?: string; message?: string }) => ({
      exitedOk: false,
      stdout: error.stdout ?? error.message ?? '',
    }),
  );
}
