import {
  bankAccount,
  fundAccount,
  loanExposureAccount,
  loanShareAccount,
} from '../accounts/chart-of-accounts';
import { ZERO_BALANCE } from '../accounts/account-book';
import { verifyCheckpointSignature } from '../checkpoint/checkpoint-signing';
import { canonicalEntryBytes, entryLeafHash } from '../entry/entry-codec';
import { deriveEntryId } from '../entry/entry-id';
import { GENESIS_CHAIN_HASH_HEX } from '../entry/hash-chain';
import type { JournalEntry } from '../entry/journal-entry';
import { verifyConsistency } from '../merkle/consistency-proof';
import { verifyInclusion } from '../merkle/inclusion-proof';
import { merkleRoot } from '../merkle/rfc6962';
import {
  T0,
  credit,
  debit,
  depositDraft,
  event,
  holdDraft,
  postHoldDraft,
  voidHoldDraft,
  freshSigner,
} from '../test-support/ledger-fixtures';
import {
  type AppendedEntry,
  type EventOutcome,
  LedgerState,
  MAX_ENTRIES_PER_EVENT,
} from './ledger-state';

const { keys, signer } = freshSigner();
const CITY = fundAccount('CITY', 'available');

function statuses(outcomes: readonly EventOutcome[]): string[] {
  return outcomes.map((o) => (o.status === 'REJECTED' ? `REJECTED:${o.code}` : o.status));
}

function snapshot(state: LedgerState) {
  return {
    size: state.size,
    root: state.rootHash().toString('hex'),
    chain: state.chainHash().toString('hex'),
    accounts: [...state.accounts()],
    holds: [...state.openHolds()],
  };
}

describe('LedgerState', () => {
  it('appends events as gapless, chained, hashed entries', () => {
    const state = new LedgerState();
    const result = state.applyBatch([
      event('dep-1', [depositDraft('CITY', 1000n)]),
      event('hold-1', [holdDraft('CITY', 'B1', 600n)]),
      event('pay-1', [postHoldDraft(2n, 'CITY', 'B1', 250n)]),
    ]);
    expect(statuses(result.outcomes)).toEqual(['APPLIED', 'APPLIED', 'APPLIED']);
    expect(result.size).toBe(3n);
    const entries = result.appended.map((a) => a.entry);
    expect(entries.map((e) => e.seq)).toEqual([1n, 2n, 3n]);
    expect(entries[0]?.prevHash).toBe(GENESIS_CHAIN_HASH_HEX);
    expect(entries[1]?.prevHash).toBe(result.appended[0]?.chainHash.toString('hex'));
    expect(entries[0]?.entryId).toBe(deriveEntryId('dep-1', 0));
    for (const a of result.appended) {
      expect(a.canonical).toEqual(canonicalEntryBytes(a.entry));
      expect(a.leafHash).toEqual(entryLeafHash(a.entry));
    }
    expect(state.rootHash()).toEqual(merkleRoot(result.appended.map((a) => a.leafHash)));
    expect(state.chainHash()).toEqual(result.appended[2]?.chainHash);
    expect(state.balance(CITY)).toEqual({
      ...ZERO_BALANCE,
      creditsPosted: 1000n,
      debitsPosted: 250n,
    });
    expect(state.balance('nobody:x')).toEqual(ZERO_BALANCE);
    expect(state.holdResolvedBy(2n)).toBe(3n);
    expect(state.invariantViolations()).toEqual([]);
    expect(state.totals().debitsPosted).toBe(1250n);
  });

  it('posts an event once: a replay is a duplicate and changes nothing', () => {
    const state = new LedgerState();
    state.applyBatch([
      event('dep-1', [depositDraft('CITY', 1000n)]),
      event('hold-1', [holdDraft('CITY', 'B1', 600n)]),
    ]);
    const before = snapshot(state);
    const replay = state.applyBatch([
      event('hold-1', [holdDraft('CITY', 'B1', 600n)]),
      event('dep-1', [depositDraft('CITY', 1000n)]),
    ]);
    expect(replay.outcomes).toEqual([
      { status: 'DUPLICATE', eventId: 'hold-1', firstSeq: 2n, entryCount: 1 },
      { status: 'DUPLICATE', eventId: 'dep-1', firstSeq: 1n, entryCount: 1 },
    ]);
    expect(replay.appended).toEqual([]);
    expect(snapshot(state)).toEqual(before);
  });

  it('reports the same id with other content as a conflict, never merging it', () => {
    const state = new LedgerState();
    state.applyBatch([event('dep-1', [depositDraft('CITY', 1000n)])]);
    const before = snapshot(state);
    const result = state.applyBatch([
      event('dep-1', [depositDraft('CITY', 1001n)]),
      { ...event('dep-1', [depositDraft('CITY', 1000n)]), occurredAt: '2026-01-10T08:00:00.001Z' },
      event('dep-1', [depositDraft('CITY', 1000n)], 'other.type.v1'),
    ]);
    expect(statuses(result.outcomes)).toEqual(['CONFLICT', 'CONFLICT', 'CONFLICT']);
    expect(result.outcomes[0]).toMatchObject({
      firstSeq: 1n,
      message: expect.stringContaining('different content') as unknown,
    });
    expect(snapshot(state)).toEqual(before);
  });

  it('detects duplicates and conflicts inside one batch', () => {
    const state = new LedgerState();
    const result = state.applyBatch([
      event('dep-1', [depositDraft('CITY', 1000n)]),
      event('dep-1', [depositDraft('CITY', 1000n)]),
      event('dep-1', [depositDraft('CITY', 5n)]),
    ]);
    expect(statuses(result.outcomes)).toEqual(['APPLIED', 'DUPLICATE', 'CONFLICT']);
    expect(state.size).toBe(1n);
  });

  it('applies an event all or nothing and carries on with the batch', () => {
    const state = new LedgerState();
    const result = state.applyBatch([
      event('dep-1', [depositDraft('CITY', 1000n)]),
      event('two', [holdDraft('CITY', 'B1', 400n), holdDraft('CITY', 'B1', 601n)]),
      event('hold-ok', [holdDraft('CITY', 'B1', 1000n)]),
    ]);
    expect(statuses(result.outcomes)).toEqual(['APPLIED', 'REJECTED:EXCEEDS_CREDITS', 'APPLIED']);
    expect(result.outcomes[1]).toMatchObject({ entryIndex: 1, account: CITY });
    expect(result.appended.map((a) => a.entry.seq)).toEqual([1n, 2n]);
    expect(result.appended[1]?.entry.eventId).toBe('hold-ok');
    expect(state.balance(CITY).debitsPending).toBe(1000n);
    // A rejected event was not applied, so a corrected retry under the same id is accepted.
    const retry = state.applyBatch([
      event('two', [voidHoldDraft(2n, 'CITY', 'B1', 1000n), holdDraft('CITY', 'B1', 601n)]),
    ]);
    expect(statuses(retry.outcomes)).toEqual(['APPLIED']);
    expect(state.entrySeq('two', 0)).toBe(3n);
    expect(state.entrySeq('two', 1)).toBe(4n);
    expect(state.entrySeq('two', 2)).toBeUndefined();
    expect(state.entrySeq('nope')).toBeUndefined();
    expect(state.event('two')).toMatchObject({ firstSeq: 3n, entryCount: 2 });
  });

  it('resolves a hold named by its event, even one placed earlier in the same batch', () => {
    const state = new LedgerState();
    const pay = (id: string, ref: { eventId: string; entryIndex?: number }, amountFen: bigint) =>
      event(id, [
        {
          ...postHoldDraft(0n, 'CITY', 'B1', amountFen),
          pendingEntrySeq: undefined,
          pendingRef: ref,
        },
      ]);
    const result = state.applyBatch([
      event('dep', [depositDraft('CITY', 1000n)]),
      event('holds', [holdDraft('CITY', 'B1', 100n), holdDraft('CITY', 'B1', 200n)]),
      pay('pay-1', { eventId: 'holds' }, 100n),
      pay('pay-2', { eventId: 'holds', entryIndex: 1 }, 150n),
      pay('pay-3', { eventId: 'holds', entryIndex: 2 }, 1n),
      pay('pay-4', { eventId: 'nope' }, 1n),
      event('self', [
        holdDraft('CITY', 'B1', 1n),
        {
          ...postHoldDraft(0n, 'CITY', 'B1', 1n),
          pendingEntrySeq: undefined,
          pendingRef: { eventId: 'self' },
        },
      ]),
      event('both', [{ ...postHoldDraft(2n, 'CITY', 'B1', 1n), pendingRef: { eventId: 'holds' } }]),
    ]);
    expect(statuses(result.outcomes)).toEqual([
      'APPLIED',
      'APPLIED',
      'APPLIED',
      'APPLIED',
      'REJECTED:PENDING_NOT_FOUND',
      'REJECTED:PENDING_NOT_FOUND',
      'REJECTED:INVALID_ENTRY',
      'REJECTED:INVALID_ENTRY',
    ]);
    expect(result.appended.map((a) => a.entry.pendingEntrySeq)).toEqual([
      undefined,
      undefined,
      undefined,
      2n,
      3n,
    ]);
    expect(state.balance(CITY)).toEqual({
      ...ZERO_BALANCE,
      creditsPosted: 1000n,
      debitsPosted: 250n,
    });
    // The journal holds resolved seqs; a replay by reference is a duplicate, not a conflict.
    const rebuilt = LedgerState.fromJournal(result.appended.map((a) => a.entry));
    expect(
      statuses(
        rebuilt.applyBatch([pay('pay-2', { eventId: 'holds', entryIndex: 1 }, 150n)]).outcomes,
      ),
    ).toEqual(['DUPLICATE']);
  });

  it('rejects malformed events and entries with a reason', () => {
    const state = new LedgerState();
    const many = Array.from({ length: MAX_ENTRIES_PER_EVENT + 1 }, () => depositDraft('CITY', 1n));
    const result = state.applyBatch([
      event('', [depositDraft('CITY', 1n)]),
      event('e1', [depositDraft('CITY', 1n)], 'bad type'),
      { ...event('e2', [depositDraft('CITY', 1n)]), occurredAt: 'now' },
      event('e3', []),
      event('e4', many),
      event('e5', [
        depositDraft('CITY', 1n),
        { kind: 'POST', postings: [debit('Bad', 1n), credit(CITY, 1n)] },
      ]),
      event('e6', [
        { kind: 'POST', postings: [debit('fund:CITY:contributions', 1n), credit(CITY, 2n)] },
      ]),
    ]);
    expect(statuses(result.outcomes)).toEqual([
      'REJECTED:INVALID_EVENT',
      'REJECTED:INVALID_EVENT',
      'REJECTED:INVALID_EVENT',
      'REJECTED:EMPTY_EVENT',
      'REJECTED:TOO_MANY_ENTRIES',
      'REJECTED:INVALID_ENTRY',
      'REJECTED:UNBALANCED',
    ]);
    expect(result.outcomes[5]).toMatchObject({ entryIndex: 1 });
    expect(state.size).toBe(0n);
    expect(() => state.applyBatch(Array.from({ length: 100_001 }, () => event('x', [])))).toThrow(
      RangeError,
    );
  });

  it('prepares without changing anything and commits once, only on an unchanged state', () => {
    const state = new LedgerState();
    const prepared = state.prepareBatch([event('dep-1', [depositDraft('CITY', 1000n)])]);
    expect(prepared.appended).toHaveLength(1);
    expect(state.size).toBe(0n);
    expect(state.balance(CITY)).toEqual(ZERO_BALANCE);
    expect(state.event('dep-1')).toBeUndefined();
    const stale = state.prepareBatch([event('dep-2', [depositDraft('CITY', 1n)])]);
    state.commitBatch(prepared);
    expect(state.size).toBe(1n);
    expect(() => state.commitBatch(prepared)).toThrow('already committed');
    expect(() => state.commitBatch(stale)).toThrow('changed');
    expect(() => new LedgerState().commitBatch(state.prepareBatch([]))).toThrow(
      'not prepared by this',
    );
    // Dropping a prepared batch (the database transaction failed) leaves the state as it was.
    state.prepareBatch([event('dep-3', [depositDraft('CITY', 5n)])]);
    expect(state.size).toBe(1n);
  });

  it('signs checkpoints whose roots prove inclusion and consistency', () => {
    const state = new LedgerState();
    state.applyBatch(
      Array.from({ length: 5 }, (_, i) => event(`d${i}`, [depositDraft('CITY', 10n)])),
    );
    const first = state.checkpoint(signer, T0);
    state.applyBatch(
      Array.from({ length: 8 }, (_, i) => event(`e${i}`, [depositDraft('TOWN:XIAOLAN', 10n)])),
    );
    const second = state.checkpoint(signer);
    expect(state.lastCheckpoint).toBe(second);
    expect(first).toMatchObject({ treeSize: 5n, keyId: keys.keyId, issuedAt: T0 });
    expect(verifyCheckpointSignature(second, keys.publicKeyPem)).toBe(true);
    expect(second.chainHash).toBe(state.chainHash().toString('hex'));
    expect(state.rootAt(5n).toString('hex')).toBe(first.rootHash);
    for (const seq of [1n, 3n, 5n]) {
      const proof = state.inclusionProof(seq, 5n);
      expect(
        verifyInclusion(
          Number(seq) - 1,
          5,
          state.leafHash(seq),
          proof,
          Buffer.from(first.rootHash, 'hex'),
        ),
      ).toBe(true);
    }
    const consistency = state.consistencyProof(5n, 13n);
    expect(
      verifyConsistency(
        5,
        13,
        Buffer.from(first.rootHash, 'hex'),
        Buffer.from(second.rootHash, 'hex'),
        consistency,
      ),
    ).toBe(true);
    const compact = new LedgerState({ tree: 'compact' });
    expect(() => compact.inclusionProof(1n)).toThrow('full');
  });

  it('rebuilds from its journal, including idempotency', () => {
    const state = new LedgerState();
    const appended: AppendedEntry[] = [];
    appended.push(
      ...state.applyBatch([
        event('dep-1', [depositDraft('CITY', 1000n), depositDraft('TOWN:TORCH', 50n)]),
        event('hold-1', [holdDraft('CITY', 'B1', 600n)]),
        event('void-1', [voidHoldDraft(3n, 'CITY', 'B1', 600n)]),
      ]).appended,
    );
    const rebuilt = LedgerState.fromJournal(appended.map((a) => a.entry));
    expect(snapshot(rebuilt)).toEqual(snapshot(state));
    expect(rebuilt.event('dep-1')).toEqual(state.event('dep-1'));
    const replay = rebuilt.applyBatch([
      event('dep-1', [depositDraft('CITY', 1000n), depositDraft('TOWN:TORCH', 50n)]),
      event('hold-1', [holdDraft('CITY', 'B1', 601n)]),
    ]);
    expect(statuses(replay.outcomes)).toEqual(['DUPLICATE', 'CONFLICT']);
  });

  it('refuses a journal entry out of sequence, off the chain, re-used or not matching its bytes', () => {
    const state = new LedgerState();
    const [e1, e2, e3] = state
      .applyBatch([
        event('a', [depositDraft('CITY', 10n)]),
        event('b', [depositDraft('CITY', 10n)]),
        event('a2', [depositDraft('CITY', 10n)]),
      ])
      .appended.map((a) => a.entry) as [JournalEntry, JournalEntry, JournalEntry];
    const replay = new LedgerState();
    expect(replay.appendEntry(e2)).toMatchObject({ ok: false, code: 'SEQ_MISMATCH' });
    expect(replay.appendEntry({ ...e1, prevHash: e2.prevHash })).toMatchObject({
      ok: false,
      code: 'PREV_HASH_MISMATCH',
    });
    expect(replay.appendEntry({ ...e1, seq: 0n })).toMatchObject({
      ok: false,
      code: 'INVALID_ENTRY',
    });
    expect(replay.appendEntry(e1, { bytes: Buffer.from('{}') })).toMatchObject({
      ok: false,
      code: 'CANONICAL_MISMATCH',
    });
    expect(replay.appendEntry(e1, { base64: Buffer.from('{}').toString('base64') }).ok).toBe(false);
    expect(
      replay.appendEntry(e1, {
        bytes: canonicalEntryBytes(e1),
        base64: canonicalEntryBytes(e1).toString('base64'),
      }).ok,
    ).toBe(true);
    expect(replay.appendEntry(e2).ok).toBe(true);
    // Entry 3 re-uses event "a" after another event came in between: the same event posted twice.
    const reused = { ...e3, eventId: 'a' };
    expect(replay.appendEntry(reused)).toMatchObject({ ok: false, code: 'DUPLICATE_EVENT' });
    expect(
      replay.appendEntry({
        ...e3,
        postings: [debit(CITY, 21n), credit('fund:CITY:contributions', 21n)],
      }),
    ).toMatchObject({
      ok: false,
      code: 'EXCEEDS_CREDITS',
    });
    expect(replay.size).toBe(2n);
    expect(() => LedgerState.fromJournal([e2])).toThrow('SEQ_MISMATCH');
  });

  it('books the domain worked example (§7): holds, payouts, recovery shares and a short fund', () => {
    const state = new LedgerState();
    const xiaolan = 'TOWN:XIAOLAN';
    const loan = 'loan-1';
    const r1 = state.applyBatch([
      event('dep-city', [depositDraft('CITY', 10_000_000_000n)], 'pool.fund-deposited.v1'),
      event('dep-xiaolan', [depositDraft(xiaolan, 300_000_000n)], 'pool.fund-deposited.v1'),
      event('hold-city', [holdDraft('CITY', 'B1', 135_000_000n)], 'pool.hold-placed.v1'),
      event('hold-xiaolan', [holdDraft(xiaolan, 'B1', 135_000_000n)], 'pool.hold-placed.v1'),
    ]);
    expect(statuses(r1.outcomes)).toEqual(['APPLIED', 'APPLIED', 'APPLIED', 'APPLIED']);
    const holdCity = state.entrySeq('hold-city') as bigint;
    const holdXiaolan = state.entrySeq('hold-xiaolan') as bigint;
    const r2 = state.applyBatch([
      event(
        'approved',
        [
          {
            kind: 'POST',
            loanId: loan,
            claimId: 'claim-1',
            policyVersion: 'default-v1',
            postings: [
              debit(loanExposureAccount(loan), 600_000_001n),
              credit(loanShareAccount(loan, { fundId: 'CITY' }), 135_000_000n),
              credit(loanShareAccount(loan, { fundId: xiaolan }), 135_000_000n),
              credit(bankAccount('B1', 'loss-borne'), 330_000_001n),
            ],
          },
        ],
        'pool.claim-approved.v1',
      ),
      event(
        'paid',
        [
          postHoldDraft(holdCity, 'CITY', 'B1', 135_000_000n),
          postHoldDraft(holdXiaolan, xiaolan, 'B1', 135_000_000n),
        ],
        'settlement.payout-completed.v1',
      ),
      event(
        'recovery-shared',
        ['CITY', xiaolan].map((fundId) => ({
          kind: 'POST' as const,
          loanId: loan,
          postings: [
            debit(bankAccount('B1', 'recoveries-owed'), 20_250_000n),
            credit(fundAccount(fundId, 'recoveries-owed'), 20_250_000n),
          ],
        })),
        'pool.recovery-shared.v1',
      ),
      event('hold-2', [holdDraft(xiaolan, 'B1', 165_000_001n, 'claim-2')], 'pool.hold-placed.v1'),
      event('hold-2b', [holdDraft(xiaolan, 'B1', 165_000_000n, 'claim-2')], 'pool.hold-placed.v1'),
    ]);
    expect(statuses(r2.outcomes)).toEqual([
      'APPLIED',
      'APPLIED',
      'APPLIED',
      'REJECTED:EXCEEDS_CREDITS',
      'APPLIED',
    ]);
    const available = state.balance(fundAccount(xiaolan, 'available'));
    expect(available.creditsPosted - available.debitsPosted - available.debitsPending).toBe(0n);
    expect(state.balance(bankAccount('B1', 'compensation-received')).creditsPosted).toBe(
      270_000_000n,
    );
    expect(state.balance(bankAccount('B1', 'compensation-received')).creditsPending).toBe(
      165_000_000n,
    );
    expect(state.balance(fundAccount('CITY', 'recoveries-owed')).creditsPosted).toBe(20_250_000n);
    expect(state.invariantViolations()).toEqual([]);
  });
});
