import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type LedgerEvent,
  LedgerState,
  type SigningKeyPair,
  createCheckpointSigner,
  exportCheckpointRecord,
  exportEntryRecord,
  exportHeaderRecord,
  exportKeyRotationRecord,
  exportLine,
  fundAccount,
  generateSigningKeyPair,
  keyRotationFromJson,
  signKeyRotation,
} from '@riskpool/ledger-core';
import { parseArgs, runVerify } from './verify';

describe('verify command arguments', () => {
  it('takes --workers (0 = one thread) and refuses a bad count', () => {
    expect(parseArgs(['--export', 'e.jsonl', '--public-key', 'k.pem'])).toEqual({
      exportFile: 'e.jsonl',
      publicKeyFile: 'k.pem',
    });
    expect(parseArgs(['--export=e.jsonl', '--public-key=k.pem', '--workers', '0'])).toEqual({
      exportFile: 'e.jsonl',
      publicKeyFile: 'k.pem',
      workers: 0,
    });
    expect(parseArgs(['--export', 'e', '--public-key', 'k', '--workers=3'])).toMatchObject({
      workers: 3,
    });
    expect(parseArgs(['--export', 'e', '--public-key', 'k', '--workers', 'x'])).toMatch(/usage/);
    expect(parseArgs(['--export', 'e'])).toMatch(/usage/);
  });
});

describe('verify --key-id and --trusted-checkpoint', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-verify-'));
  const keys = {
    a: generateSigningKeyPair(),
    b: generateSigningKeyPair(),
    c: generateSigningKeyPair(),
  };
  for (const [name, pair] of Object.entries(keys))
    writeFileSync(join(dir, `${name}.pem`), pair.publicKeyPem);
  const T = '2026-05-01T00:00:00.000Z';
  const deposits = (tag: string, amounts: readonly bigint[]): LedgerEvent[] =>
    amounts.map((amount, i) => ({
      eventId: `${tag}-${i}`,
      eventType: 'pool.fund-deposited.v1',
      occurredAt: T,
      entries: [
        {
          kind: 'POST',
          postings: [
            { account: fundAccount('CITY', 'contributions'), side: 'DEBIT', amountFen: amount },
            { account: fundAccount('CITY', 'available'), side: 'CREDIT', amountFen: amount },
          ],
        },
      ],
    }));

  /** Batches, a checkpoint after each; a rotation to `rotateTo` after the second when given. */
  function writeExport(
    file: string,
    first: SigningKeyPair,
    amounts: readonly bigint[],
    rotateTo?: SigningKeyPair,
  ): string[] {
    const state = new LedgerState();
    let signer = createCheckpointSigner(first.privateKeyPem);
    const lines = [exportLine(exportHeaderRecord(T))];
    let previous = 0n;
    const batches = [deposits('a', amounts), deposits('b', [300n]), deposits('c', [400n])];
    batches.forEach((batch, i) => {
      for (const appended of state.applyBatch(batch).appended)
        lines.push(exportLine(exportEntryRecord(appended)));
      const cp = state.checkpoint(signer, T);
      lines.push(
        exportLine(exportCheckpointRecord(cp, state.consistencyProof(previous, cp.treeSize))),
      );
      previous = cp.treeSize;
      if (i === 1 && rotateTo !== undefined) {
        lines.push(
          exportLine(
            exportKeyRotationRecord(
              signKeyRotation({ ...cp, rotatedAt: T }, signer, rotateTo.publicKeyPem),
            ),
          ),
        );
        signer = createCheckpointSigner(rotateTo.privateKeyPem);
      }
    });
    writeFileSync(join(dir, file), lines.join(''));
    return lines;
  }

  const original = writeExport('original.jsonl', keys.a, [100n, 200n], keys.b);
  // The regulator saved the first checkpoint line of an earlier export.
  writeFileSync(join(dir, 'saved.json'), original.find((l) => l.includes('"checkpoint"')) ?? '');
  // Someone who can write the database changes an amount and signs it all again with key C.
  writeExport('rewritten.jsonl', keys.c, [100n, 201n]);

  async function verify(
    ...argv: string[]
  ): Promise<{ code: number; report: Record<string, unknown> }> {
    let text = '';
    const code = await runVerify(
      argv.flatMap((a) =>
        a.endsWith('.pem') || a.endsWith('.json') || a.endsWith('.jsonl') ? [join(dir, a)] : [a],
      ),
      (t) => (text += t),
    );
    return { code, report: JSON.parse(text) as Record<string, unknown> };
  }

  /** verify with these arguments exits 1 for `reason`. */
  async function expectRefused(reason: string, ...argv: string[]): Promise<void> {
    expect(await verify(...argv)).toMatchObject({ code: 1, report: { result: { reason } } });
  }

  it('passes the ledger’s export, following its rotation from the pinned key', async () => {
    const { code, report } = await verify(
      '--export',
      'original.jsonl',
      '--public-key',
      'a.pem',
      '--key-id',
      keys.a.keyId,
      '--trusted-checkpoint',
      'saved.json',
      '--workers',
      '0',
    );
    expect(code).toBe(0);
    expect(report['result']).toMatchObject({
      ok: true,
      keyIds: [keys.a.keyId, keys.b.keyId],
      trustedCheckpointSize: '2',
    });
  });

  it('catches history rewritten and re-signed with a new key', async () => {
    // Handed the new key, a reader who pinned the old id refuses it ...
    await expectRefused(
      'PINNED_KEY_MISMATCH',
      '--export',
      'rewritten.jsonl',
      '--public-key',
      'c.pem',
      '--key-id',
      keys.a.keyId,
    );
    // ... the old key does not verify its checkpoints ...
    await expectRefused(
      'CHECKPOINT_SIGNATURE_INVALID',
      '--export',
      'rewritten.jsonl',
      '--public-key',
      'a.pem',
      '--key-id',
      keys.a.keyId,
    );
    // ... and even one who trusts the new key sees it differ from the checkpoint saved earlier.
    const trusted = await verify(
      '--export',
      'rewritten.jsonl',
      '--public-key',
      'c.pem',
      '--key-id',
      keys.c.keyId,
      '--trusted-checkpoint',
      'saved.json',
    );
    expect(trusted).toMatchObject({
      code: 1,
      report: { result: { reason: 'TRUSTED_CHECKPOINT_MISMATCH', firstBadSeq: '1' } },
    });
    // Without either, the rewritten export is self-consistent: that is why the pin matters.
    expect((await verify('--export', 'rewritten.jsonl', '--public-key', 'c.pem')).code).toBe(0);
  });

  it('refuses a rotation signed by a key other than the one it retires', async () => {
    const forged = original.map((line) => {
      if (!line.includes('"key-rotation"')) return line;
      const record = keyRotationFromJson(JSON.parse(line), new Set(['type']));
      const forger = { ...createCheckpointSigner(keys.c.privateKeyPem), keyId: keys.a.keyId };
      return exportLine(
        exportKeyRotationRecord(signKeyRotation(record, forger, keys.c.publicKeyPem)),
      );
    });
    writeFileSync(join(dir, 'forged.jsonl'), forged.join(''));
    const { code, report } = await verify(
      '--export',
      'forged.jsonl',
      '--public-key',
      'a.pem',
      '--key-id',
      keys.a.keyId,
    );
    expect(code).toBe(1);
    expect(report['result']).toMatchObject({ reason: 'KEY_ROTATION_INVALID' });
  });

  it('refuses a malformed key id or trusted checkpoint as usage', async () => {
    expect(
      (await verify('--export', 'original.jsonl', '--public-key', 'a.pem', '--key-id', 'abc')).code,
    ).toBe(2);
    writeFileSync(join(dir, 'bad.json'), '{"treeSize": 2}');
    expect(
      (
        await verify(
          '--export',
          'original.jsonl',
          '--public-key',
          'a.pem',
          '--trusted-checkpoint',
          'bad.json',
        )
      ).code,
    ).toBe(2);
  });
});
