import { bankAccount, fundAccount } from '../accounts/chart-of-accounts';
import { signCheckpoint } from '../checkpoint/checkpoint-signing';
import { checkpointFromJson } from '../checkpoint/checkpoint';
import { canonicalEntryBytes, entryFromJson } from '../entry/entry-codec';
import { GENESIS_CHAIN_HASH, nextChainHash } from '../entry/hash-chain';
import { LedgerState } from '../ledger/ledger-state';
import { leafHash } from '../merkle/rfc6962';
import {
  content,
  credit,
  debit,
  depositDraft,
  event,
  forgeExport,
  holdDraft,
  holdPostings,
  postHoldDraft,
  voidHoldDraft,
  buildExport,
  freshSigner,
} from '../test-support/ledger-fixtures';
import type { ExportEntryRecord, ExportRecord } from './export-format';
import { exportLine } from './export-format';
import {
  ExportVerifier,
  type VerifyFailure,
  verifyExport,
  verifyExportAsync,
  verifyExportLines,
} from './export-verifier';

const { keys, signer } = freshSigner();
const { keys: otherKeys, signer: otherSigner } = freshSigner();
const CITY = fundAccount('CITY', 'available');
const EXTRA = new Set(['type', 'canonical', 'leafHash', 'chainHash']);

/** Three batches, a checkpoint (with consistency proof) after each: 17 entries. */
function sampleExport(withProofs = true): ExportRecord[] {
  const state = new LedgerState();
  return buildExport(
    state,
    signer,
    [
      [
        event('dep-city', [depositDraft('CITY', 10_000n)]),
        event('dep-xiaolan', [depositDraft('TOWN:XIAOLAN', 5_000n)]),
        event('hold-1', [holdDraft('CITY', 'B1', 3_000n)]),
        event('hold-2', [holdDraft('TOWN:XIAOLAN', 'B2', 2_000n)]),
      ],
      [
        event('pay-1', [postHoldDraft(3n, 'CITY', 'B1', 2_500n)]),
        event('release-2', [voidHoldDraft(4n, 'TOWN:XIAOLAN', 'B2', 2_000n)]),
        event('owed', [
          {
            kind: 'POST',
            loanId: 'loan-1',
            postings: [
              debit(bankAccount('B1', 'recoveries-owed'), 700n),
              credit(fundAccount('CITY', 'recoveries-owed'), 700n),
            ],
          },
        ]),
      ],
      Array.from({ length: 10 }, (_, i) =>
        event(`dep-torch-${i}`, [depositDraft('TOWN:TORCH', BigInt(i + 1))]),
      ),
    ],
    withProofs,
  ).records;
}

/** A record being tampered with. */
type Rec = Record<string, unknown>;

function clone(records: readonly ExportRecord[]): Rec[] {
  return JSON.parse(JSON.stringify(records)) as Rec[];
}

function typeOf(record: unknown): unknown {
  return (record as Rec | undefined)?.['type'];
}

function entryIndexes(records: readonly unknown[]): number[] {
  return records.flatMap((r, i) => (typeOf(r) === 'entry' ? [i] : []));
}

function checkpointIndexes(records: readonly unknown[]): number[] {
  return records.flatMap((r, i) => (typeOf(r) === 'checkpoint' ? [i] : []));
}

/** Sets both amounts of an entry record and re-encodes its canonical bytes from its fields. */
function setAmount(records: Rec[], index: number, amountFen: string): void {
  const record = records[index] as {
    postings: { amountFen: string }[];
    canonical: string;
    leafHash?: string;
    chainHash?: string;
  };
  record.postings.forEach((p) => (p.amountFen = amountFen));
  delete record.leafHash;
  delete record.chainHash;
  record.canonical = canonicalEntryBytes(entryFromJson(record, EXTRA)).toString('base64');
}

/** Recomputes every entry's prevHash and canonical bytes in order, as a forger without the key would. */
function rechain(records: Rec[]): void {
  let head: Buffer = Buffer.from(GENESIS_CHAIN_HASH);
  for (const record of records) {
    if (record['type'] !== 'entry') {
      continue;
    }
    const mutable = record as {
      prevHash: string;
      canonical: string;
      leafHash?: string;
      chainHash?: string;
    };
    mutable.prevHash = head.toString('hex');
    const bytes = canonicalEntryBytes(entryFromJson(record, EXTRA));
    mutable.canonical = bytes.toString('base64');
    delete mutable.leafHash;
    delete mutable.chainHash;
    head = nextChainHash(head, leafHash(bytes));
  }
}

function failure(records: readonly unknown[], publicKey = keys.publicKeyPem): VerifyFailure {
  const result = verifyExport(records, publicKey);
  if (result.ok) {
    throw new Error('expected the export to fail');
  }
  return result;
}

function asEntry(record: Rec | undefined): Rec {
  if (record?.['type'] !== 'entry') {
    throw new Error('not an entry record');
  }
  return record;
}

describe('verifyExport', () => {
  it('passes an untouched export, with or without consistency proofs', () => {
    for (const withProofs of [true, false]) {
      const result = verifyExport(sampleExport(withProofs), keys.publicKeyPem);
      expect(result).toMatchObject({
        ok: true,
        entries: 17,
        checkpoints: 3,
        treeSize: 17n,
        keyId: keys.keyId,
        lastCheckpointSize: 17n,
        uncheckpointedEntries: 0,
      });
    }
  });

  it('streams: JSON lines and async iterables give the same verdict', async () => {
    const records = sampleExport();
    const text = records.map(exportLine).join('');
    async function* lines() {
      for (const line of text.split('\n')) {
        yield line;
      }
    }
    await expect(verifyExportLines(lines(), keys.publicKeyPem)).resolves.toMatchObject({
      ok: true,
      entries: 17,
    });
    await expect(verifyExportAsync(records, keys.publicKeyPem)).resolves.toMatchObject({
      ok: true,
    });
    const broken = text.replace('"type":"entry"', '"type":"entry"').split('\n');
    broken[3] = '{not json';
    await expect(verifyExportLines(broken, keys.publicKeyPem)).resolves.toMatchObject({
      ok: false,
      reason: 'BAD_RECORD',
      record: 3,
      firstBadSeq: 3n,
    });
    await expect(verifyExportLines(['nope'], keys.publicKeyPem)).resolves.toMatchObject({
      reason: 'MISSING_HEADER',
    });
  });

  it('fails at the entry whose canonical bytes have any one byte flipped', () => {
    const original = sampleExport();
    for (const index of entryIndexes(original)) {
      const records = clone(original);
      const record = asEntry(records[index]) as { canonical: string; seq: string };
      const bytes = Buffer.from(record.canonical, 'base64');
      const at = (index * 37) % bytes.length;
      bytes[at] = (bytes[at] ?? 0) ^ 0x01;
      record.canonical = bytes.toString('base64');
      const result = failure(records);
      expect(result).toMatchObject({
        reason: 'CANONICAL_MISMATCH',
        record: index,
        firstBadSeq: BigInt(record.seq),
      });
    }
  });

  it('fails at an entry whose fields no longer match its bytes', () => {
    const records = clone(sampleExport());
    const index = entryIndexes(records)[4] as number;
    (asEntry(records[index]) as { postings: { amountFen: string }[] }).postings.forEach(
      (p) => (p.amountFen = '2400'),
    );
    expect(failure(records)).toMatchObject({
      reason: 'CANONICAL_MISMATCH',
      firstBadSeq: 5n,
      record: index,
    });
  });

  it('fails at the missing seq when an entry is deleted', () => {
    const original = sampleExport();
    for (const [n, index] of entryIndexes(original).entries()) {
      const records = clone(original);
      records.splice(index, 1);
      const result = failure(records);
      // The last entry before a checkpoint: the checkpoint then follows the wrong entry.
      if (typeOf(records[index]) === 'checkpoint') {
        expect(result).toMatchObject({ reason: 'CHECKPOINT_OUT_OF_PLACE', record: index });
      } else {
        expect(result).toMatchObject({
          reason: 'SEQ_MISMATCH',
          firstBadSeq: BigInt(n + 1),
          record: index,
        });
      }
    }
  });

  it('fails at the first displaced entry when entries are reordered', () => {
    const records = clone(sampleExport());
    const [, , i3, i4] = entryIndexes(records) as [number, number, number, number];
    [records[i3], records[i4]] = [records[i4] as Rec, records[i3] as Rec];
    expect(failure(records)).toMatchObject({ reason: 'SEQ_MISMATCH', firstBadSeq: 3n, record: i3 });
  });

  it('fails at a checkpoint re-signed with another key', () => {
    const original = sampleExport();
    for (const index of checkpointIndexes(original)) {
      for (const keepKeyId of [false, true]) {
        const records = clone(original);
        const cp = checkpointFromJson(records[index], new Set(['type', 'consistencyProof']));
        const resigned = signCheckpoint(cp, otherSigner);
        const forged = keepKeyId ? { ...resigned, keyId: cp.keyId } : resigned;
        Object.assign(records[index] as object, {
          keyId: forged.keyId,
          signature: forged.signature,
        });
        const result = failure(records);
        expect(result).toMatchObject({
          reason: 'CHECKPOINT_SIGNATURE_INVALID',
          record: index,
          checkpointTreeSize: cp.treeSize,
        });
        // ... and the same export passes for whoever trusts the other key, until a checkpoint
        // that key did not sign.
        const withOtherKey = verifyExport(records, otherKeys.publicKeyPem);
        expect(withOtherKey.ok).toBe(false);
      }
    }
  });

  it('names the entries no valid checkpoint vouches for', () => {
    const records = clone(sampleExport());
    const [first, second] = checkpointIndexes(records) as [number, number];
    const cp = checkpointFromJson(records[second], new Set(['type', 'consistencyProof']));
    Object.assign(records[second] as object, {
      signature: signCheckpoint(cp, otherSigner).signature,
    });
    const firstSize = checkpointFromJson(
      records[first],
      new Set(['type', 'consistencyProof']),
    ).treeSize;
    expect(failure(records)).toMatchObject({
      firstBadSeq: firstSize + 1n,
      checkpointTreeSize: cp.treeSize,
    });
  });

  it('fails at the next entry when one is rewritten with fresh bytes, at the next checkpoint when all are', () => {
    const original = sampleExport();
    const index5 = entryIndexes(original)[4] as number;

    // Entry 5 (a payout of 2500) rewritten as 2400 with matching bytes: entry 6 no longer chains.
    const one = clone(original);
    setAmount(one, index5, '2400');
    expect(failure(one)).toMatchObject({ reason: 'PREV_HASH_MISMATCH', firstBadSeq: 6n });

    // Every later entry re-chained too: only the signed checkpoint after entry 5 can tell.
    const all = clone(original);
    setAmount(all, index5, '2400');
    rechain(all);
    expect(failure(all)).toMatchObject({
      reason: 'CHECKPOINT_ROOT_MISMATCH',
      checkpointTreeSize: 7n,
      firstBadSeq: 5n,
    });
  });

  it('fails at a checkpoint whose signed root or chain differs from the entries', () => {
    for (const field of ['rootHash', 'chainHash'] as const) {
      const records = clone(sampleExport());
      const index = checkpointIndexes(records)[1] as number;
      const cp = checkpointFromJson(records[index], new Set(['type', 'consistencyProof']));
      const resigned = signCheckpoint({ ...cp, [field]: 'ab'.repeat(32) }, signer);
      Object.assign(records[index] as object, {
        [field]: resigned[field],
        signature: resigned.signature,
      });
      expect(failure(records)).toMatchObject({
        reason: field === 'rootHash' ? 'CHECKPOINT_ROOT_MISMATCH' : 'CHECKPOINT_CHAIN_MISMATCH',
        record: index,
      });
    }
  });

  it('fails at a misplaced checkpoint, a bad consistency proof or a time regression', () => {
    const original = sampleExport();
    const [c1, c2] = checkpointIndexes(original) as [number, number];

    const moved = clone(original);
    const [cp] = moved.splice(c1, 1);
    moved.splice(c1 - 1, 0, cp as Rec);
    expect(failure(moved)).toMatchObject({ reason: 'CHECKPOINT_OUT_OF_PLACE', record: c1 - 1 });

    const badProof = clone(original);
    const proof = (badProof[c2] as { consistencyProof: string[] }).consistencyProof;
    proof[0] = 'cd'.repeat(32);
    expect(failure(badProof)).toMatchObject({ reason: 'CONSISTENCY_PROOF_INVALID', record: c2 });

    const regressed = clone(original);
    const cp2 = checkpointFromJson(regressed[c2], new Set(['type', 'consistencyProof']));
    const earlier = signCheckpoint({ ...cp2, issuedAt: '2025-01-01T00:00:00.000Z' }, signer);
    Object.assign(regressed[c2] as object, {
      issuedAt: earlier.issuedAt,
      signature: earlier.signature,
    });
    expect(failure(regressed)).toMatchObject({ reason: 'CHECKPOINT_TIME_REGRESSION', record: c2 });

    const malformed = clone(original);
    (malformed[c2] as { consistencyProof: unknown }).consistencyProof = ['xyz'];
    expect(failure(malformed)).toMatchObject({ reason: 'BAD_RECORD', record: c2 });
    (malformed[c2] as { consistencyProof?: unknown }).consistencyProof = undefined;
    (malformed[c2] as { treeSize: unknown }).treeSize = 7;
    expect(failure(malformed)).toMatchObject({ reason: 'BAD_RECORD', record: c2 });
  });

  it('fails at informative hashes that disagree', () => {
    for (const field of ['leafHash', 'chainHash'] as const) {
      const records = clone(sampleExport());
      const index = entryIndexes(records)[2] as number;
      (records[index] as { [k: string]: unknown })[field] = 'ef'.repeat(32);
      expect(failure(records)).toMatchObject({
        reason: field === 'leafHash' ? 'LEAF_HASH_MISMATCH' : 'CHAIN_HASH_MISMATCH',
        firstBadSeq: 3n,
      });
    }
  });

  it('catches broken ledger rules even when hashed, chained and signed with the real key', () => {
    const deposit = content('d', 'POST', [
      debit('fund:CITY:contributions', 100n),
      credit(CITY, 100n),
    ]);
    const cases: [string, ReturnType<typeof content>[], bigint][] = [
      [
        'UNBALANCED',
        [
          deposit,
          content('x', 'POST', [debit(CITY, 5n), credit('bank:B1:compensation-received', 4n)]),
        ],
        2n,
      ],
      ['TOO_FEW_POSTINGS', [deposit, content('x', 'POST', [])], 2n],
      ['EXCEEDS_CREDITS', [deposit, content('x', 'POST', holdPostings('CITY', 'B1', 101n))], 2n],
      [
        'EXCEEDS_CREDITS',
        [
          deposit,
          content('h1', 'PENDING', holdPostings('CITY', 'B1', 60n)),
          content('h2', 'PENDING', holdPostings('CITY', 'B1', 41n)),
        ],
        3n,
      ],
      [
        'PENDING_ALREADY_RESOLVED',
        [
          deposit,
          content('h', 'PENDING', holdPostings('CITY', 'B1', 60n)),
          content('p', 'POST_PENDING', holdPostings('CITY', 'B1', 60n), 2n),
          content('v', 'VOID_PENDING', holdPostings('CITY', 'B1', 60n), 2n),
        ],
        4n,
      ],
      [
        'POST_EXCEEDS_PENDING',
        [
          deposit,
          content('h', 'PENDING', holdPostings('CITY', 'B1', 60n)),
          content('p', 'POST_PENDING', holdPostings('CITY', 'B1', 61n), 2n),
        ],
        3n,
      ],
      [
        'PENDING_NOT_FOUND',
        [deposit, content('p', 'POST_PENDING', holdPostings('CITY', 'B1', 1n), 1n)],
        2n,
      ],
      [
        'DUPLICATE_EVENT',
        [
          deposit,
          content('x', 'POST', [debit('fund:CITY:contributions', 1n), credit(CITY, 1n)]),
          { ...deposit, entryId: '00000000-0000-8000-8000-000000000000' },
        ],
        3n,
      ],
    ];
    for (const [reason, contents, seq] of cases) {
      const records = forgeExport(contents, signer);
      expect(failure(records)).toMatchObject({ reason, firstBadSeq: seq, record: Number(seq) });
    }
    // The honest version of the same shape passes.
    expect(verifyExport(forgeExport([deposit], signer), keys.publicKeyPem).ok).toBe(true);
  });

  it('requires a header first and well-formed records', () => {
    const records = sampleExport();
    expect(failure(records.slice(1))).toMatchObject({ reason: 'MISSING_HEADER', record: 0 });
    expect(failure([])).toMatchObject({ reason: 'MISSING_HEADER' });
    expect(failure([{ ...records[0], format: 'v0' }])).toMatchObject({ reason: 'BAD_HEADER' });
    expect(failure([{ ...records[0], genesisChainHash: '00'.repeat(32) }])).toMatchObject({
      reason: 'BAD_HEADER',
    });
    expect(failure([{ ...records[0], extra: 1 }])).toMatchObject({ reason: 'BAD_HEADER' });
    expect(failure([records[0], 'x'])).toMatchObject({ reason: 'BAD_RECORD', record: 1 });
    expect(failure([records[0], { type: 'memo' }])).toMatchObject({
      reason: 'BAD_RECORD',
      record: 1,
    });
    const entry = records[1] as ExportEntryRecord;
    expect(failure([records[0], { ...entry, canonical: '!!' }])).toMatchObject({
      reason: 'BAD_RECORD',
    });
    expect(failure([records[0], { ...entry, canonical: 5 }])).toMatchObject({
      reason: 'BAD_RECORD',
    });
    expect(failure([records[0], { ...entry, leafHash: 'x' }])).toMatchObject({
      reason: 'BAD_RECORD',
    });
    expect(failure([records[0], { ...entry, seq: 1 }])).toMatchObject({
      reason: 'BAD_RECORD',
      firstBadSeq: 1n,
    });
    expect(failure([records[0], { ...entry, surprise: true }])).toMatchObject({
      reason: 'BAD_RECORD',
    });
  });

  it('optionally requires the last entry to be checkpointed', () => {
    const records = sampleExport();
    const trimmed = records.slice(0, -1);
    expect(verifyExport(trimmed, keys.publicKeyPem)).toMatchObject({
      ok: true,
      lastCheckpointSize: 7n,
      uncheckpointedEntries: 10,
    });
    expect(
      verifyExport(trimmed, keys.publicKeyPem, { requireFinalCheckpoint: true }),
    ).toMatchObject({
      ok: false,
      reason: 'NO_FINAL_CHECKPOINT',
      firstBadSeq: 8n,
    });
    expect(verifyExport(records.slice(0, 1), keys.publicKeyPem)).toMatchObject({
      ok: true,
      entries: 0,
      lastCheckpointSize: null,
    });
  });

  it('runs extension checks on every entry and names the failing one', () => {
    const seen: bigint[] = [];
    const result = verifyExport(sampleExport(), keys.publicKeyPem, {
      entryChecks: [
        {
          name: 'compensation-recomputed',
          check: (entry, context) => {
            seen.push(entry.seq);
            expect(context.balance(entry.postings[0]?.account ?? '')).toBeDefined();
            return entry.kind === 'POST_PENDING'
              ? 'paid 2500 fen, policy says 2400 fen'
              : undefined;
          },
        },
      ],
    });
    expect(result).toMatchObject({
      ok: false,
      reason: 'EXTENSION_CHECK_FAILED',
      check: 'compensation-recomputed',
      firstBadSeq: 5n,
    });
    expect(seen).toEqual([1n, 2n, 3n, 4n, 5n]);
  });

  it('exposes the balances it recomputed', () => {
    const verifier = new ExportVerifier(keys.publicKeyPem);
    sampleExport().forEach((record) => verifier.push(record));
    expect(verifier.finish().ok).toBe(true);
    const balances = new Map(verifier.accounts());
    expect(balances.get(CITY)).toEqual({
      debitsPending: 0n,
      debitsPosted: 2_500n,
      creditsPending: 0n,
      creditsPosted: 10_000n,
    });
  });

  it('stops at the first failure and keeps reporting it', () => {
    const records = sampleExport();
    const verifier = new ExportVerifier(keys.publicKeyPem);
    verifier.push(records[0]);
    const first = verifier.push({ type: 'nonsense' });
    expect(first).toMatchObject({ reason: 'BAD_RECORD' });
    expect(verifier.push(records[1])).toBe(first);
    expect(verifier.pushUnparseable('x')).toBe(first);
    expect(verifier.finish()).toBe(first);
    expect(() => new ExportVerifier('not a key')).toThrow();
  });
});
