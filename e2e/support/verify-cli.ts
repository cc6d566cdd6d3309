// Runs the ledger's offline `verify` command (from source, through ts-node) as a third party
// would: only the export file and the public key (and what it pinned: `--key-id`, ...).
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { PublicApi, REPO_ROOT } from '@riskpool/testing';

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

/**
 * `verify --statement` as an auditor runs it: the ledger's export and public key fetched through
 * the gateway (as `regulatorKey`), then the issued file (which must be accepted) and a copy with
 * one changed figure; answers the verdict on the changed copy.
 */
export async function verifyIssuedAndChanged(
  api: PublicApi,
  regulatorKey: string,
  dir: string,
  issued: Buffer,
  changed: Buffer | string,
): Promise<{ exitedOk: boolean; stdout: string }> {
  fs.writeFileSync(path.join(dir, 'issued.csv'), issued);
  fs.writeFileSync(path.join(dir, 'changed.csv'), changed);
  const exported = await api.call<string>(regulatorKey, 'GET', '/ledger/export');
  fs.writeFileSync(
    path.join(dir, 'export.jsonl'),
    typeof exported.body === 'string' ? exported.body : JSON.stringify(exported.body),
  );
  const key = await api.expect<{ publicKeyPem: string }>(
    200,
    regulatorKey,
    'GET',
    '/ledger/public-key',
  );
  fs.writeFileSync(path.join(dir, 'key.pem'), key.publicKeyPem);
  const run = (file: string) =>
    runVerifyCli(path.join(dir, 'export.jsonl'), path.join(dir, 'key.pem'), [
      '--statement',
      path.join(dir, file),
    ]);
  const accepted = await run('issued.csv');
  if (!accepted.exitedOk)
    throw new Error(`verify --statement refused the issued file: ${accepted.stdout}`);
  return run('changed.csv');
}
