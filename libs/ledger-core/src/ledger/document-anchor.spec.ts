import { canonicalEntryJson, entryFromJson, entryToJson } from '../entry/entry-codec';
import { createHash } from 'node:crypto';
import { depositDraft, event } from '../test-support/ledger-fixtures';
import { LedgerState } from './ledger-state';

const CSV_SHA256 = createHash('sha256').update('statement,2026-06\r\n').digest('hex');

function statuses(state: LedgerState, events: Parameters<LedgerState['applyBatch']>[0]) {
  return state
    .applyBatch(events)
    .outcomes.map((o) => (o.status === 'REJECTED' ? `REJECTED:${o.code}` : o.status));
}

describe('ANCHOR entries (a document digest in the journal, no money)', () => {
  it('are appended, hashed into the tree, round-trip through JSON and move no account', () => {
    const state = new LedgerState();
    const firstEntries = state
      .applyBatch([event('dep-1', [depositDraft('CITY', 1000n)])])
      .appended.map((a) => a.entry);
    const before = [...state.accounts()];
    const result = state.applyBatch([
      event('statement-1', [
        {
          kind: 'ANCHOR',
          postings: [],
          documentName: 'FUND-CITY-2026-06.csv',
          documentSha256: CSV_SHA256,
        },
      ]),
    ]);
    expect(result.outcomes[0]?.status).toBe('APPLIED');
    const anchor = result.appended[0]?.entry;
    if (anchor === undefined) throw new Error('no anchor appended');
    expect(anchor.seq).toBe(2n);
    expect([...state.accounts()]).toEqual(before);
    const json = canonicalEntryJson(anchor);
    // Sorted keys: the document fields come right after claimId's place, before entryId.
    expect(
      json.startsWith(
        `{"documentName":"FUND-CITY-2026-06.csv","documentSha256":"${CSV_SHA256}","entryId"`,
      ),
    ).toBe(true);
    expect(json).toContain('"kind":"ANCHOR"');
    expect(json).toContain('"postings":[]');
    expect(entryFromJson(entryToJson(anchor))).toEqual(anchor);
    // A rebuild from the journal accepts it too.
    const deposit = state.applyBatch([]).appended;
    expect(deposit).toEqual([]);
    const journal = [...firstEntries, anchor];
    const rebuilt = LedgerState.fromJournal(journal);
    expect(rebuilt.rootHash()).toEqual(state.rootHash());
  });

  it('an ANCHOR with postings or without a digest, and money with a digest, are refused', () => {
    const state = new LedgerState();
    state.applyBatch([event('dep-1', [depositDraft('CITY', 1000n)])]);
    const deposit = depositDraft('CITY', 5n);
    expect(
      statuses(state, [
        event('a-1', [{ kind: 'ANCHOR', postings: deposit.postings, documentSha256: CSV_SHA256 }]),
        event('a-2', [{ kind: 'ANCHOR', postings: [] }]),
        event('a-3', [{ ...deposit, documentSha256: CSV_SHA256 }]),
      ]),
    ).toEqual([
      'REJECTED:ANCHOR_WITH_POSTINGS',
      'REJECTED:MISSING_DOCUMENT',
      'REJECTED:UNEXPECTED_DOCUMENT',
    ]);
    expect(state.size).toBe(1n);
  });

  it('a digest must be 64 lower-case hex digits', () => {
    const state = new LedgerState();
    expect(
      statuses(state, [
        event('a-1', [{ kind: 'ANCHOR', postings: [], documentSha256: CSV_SHA256.toUpperCase() }]),
      ]),
    ).toEqual(['REJECTED:INVALID_ENTRY']);
  });
});
