import fc from 'fast-check';
import { canonicalJson } from '../canonical/canonical-json';
import { merkleRoot } from '../merkle/rfc6962';
import {
  canonicalEntryBytes,
  canonicalEntryJson,
  canonicalFromContentJson,
  entryCanonicalValue,
  entryContentJson,
  entryFromJson,
  entryLeafHash,
  entryToJson,
} from './entry-codec';
import { GENESIS_CHAIN_HASH, GENESIS_CHAIN_HASH_HEX, nextChainHash } from './hash-chain';
import { EntryFormatError, type JournalEntry, isIdentifier } from './journal-entry';

// The worked example of README "Canonical entry bytes"; a Python one-liner reproduces it.
const deposit: JournalEntry = {
  seq: 1n,
  entryId: '0190f6a0-1c2b-8d3e-9f40-5a6b7c8d9e0f',
  eventId: '0190f6a0-1c2b-7d3e-8f40-5a6b7c8d9e01',
  eventType: 'pool.fund-deposited.v1',
  occurredAt: '2026-01-10T08:00:00.000Z',
  kind: 'POST',
  postings: [
    { account: 'fund:CITY:contributions', side: 'DEBIT', amountFen: 10000000000n },
    { account: 'fund:CITY:available', side: 'CREDIT', amountFen: 10000000000n },
  ],
  prevHash: GENESIS_CHAIN_HASH_HEX,
};
const DEPOSIT_JSON =
  '{"entryId":"0190f6a0-1c2b-8d3e-9f40-5a6b7c8d9e0f","eventId":"0190f6a0-1c2b-7d3e-8f40-5a6b7c8d9e01",' +
  '"eventType":"pool.fund-deposited.v1","kind":"POST","occurredAt":"2026-01-10T08:00:00.000Z",' +
  '"postings":[{"account":"fund:CITY:contributions","amountFen":"10000000000","side":"DEBIT"},' +
  '{"account":"fund:CITY:available","amountFen":"10000000000","side":"CREDIT"}],' +
  '"prevHash":"d69293e94ee26fcf315b2d2ea3e9970ab5300d84f77719eb7f268297a7c1fe54","seq":"1"}';
const DEPOSIT_LEAF = '1850fa764dbc1f6eed93a83ebc1a30976f1e2bfc45f52de39df3411aebebd1e9';
const DEPOSIT_CHAIN = '3b5a87918a1c5ec06f081045e49c0302703299b002eaa8635cef9eebb8706da7';

const hold: JournalEntry = {
  seq: 2n,
  entryId: '0190f6a0-1c2b-8d3e-9f40-5a6b7c8d9e10',
  eventId: '0190f6a0-2d3c-7e4f-8a51-6b7c8d9e0f12',
  eventType: 'pool.hold-placed.v1',
  occurredAt: '2026-03-02T09:30:00.000Z',
  kind: 'PENDING',
  claimId: 'claim-7',
  loanId: 'loan-42',
  policyVersion: 'GZ-2025-v1',
  postings: [
    { account: 'fund:TOWN:XIAOLAN:available', side: 'DEBIT', amountFen: 135000000n },
    { account: 'bank:B1:compensation-received', side: 'CREDIT', amountFen: 135000000n },
  ],
  prevHash: DEPOSIT_CHAIN,
};
const HOLD_JSON =
  '{"claimId":"claim-7","entryId":"0190f6a0-1c2b-8d3e-9f40-5a6b7c8d9e10",' +
  '"eventId":"0190f6a0-2d3c-7e4f-8a51-6b7c8d9e0f12","eventType":"pool.hold-placed.v1","kind":"PENDING",' +
  '"loanId":"loan-42","occurredAt":"2026-03-02T09:30:00.000Z","policyVersion":"GZ-2025-v1",' +
  '"postings":[{"account":"fund:TOWN:XIAOLAN:available","amountFen":"135000000","side":"DEBIT"},' +
  '{"account":"bank:B1:compensation-received","amountFen":"135000000","side":"CREDIT"}],' +
  '"prevHash":"3b5a87918a1c5ec06f081045e49c0302703299b002eaa8635cef9eebb8706da7","seq":"2"}';
const HOLD_LEAF = 'e88424bed72124b93e12b61bbbe44a88b7ac160a64f686caa205c4fa129205d0';
const HOLD_CHAIN = 'b0a9b1b6cc775da5b3451fcd823ad66ed451fe4db7c90a733b19b89ddb63060a';
const ROOT_2 = 'acce19dd0714565e6d096e4175e45bfcf8d7812063498384776d24dd0c43fc15';

const identifier = fc
  .string({ unit: 'binary', minLength: 1, maxLength: 20 })
  .filter((s) => isIdentifier(s));
const segment = fc.stringMatching(/^[A-Za-z0-9_.-]{1,12}$/);
const posting = fc.record({
  account: fc
    .tuple(fc.constantFrom('fund', 'bank', 'loan'), segment, segment)
    .map((s) => s.join(':')),
  side: fc.constantFrom('DEBIT' as const, 'CREDIT' as const),
  amountFen: fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }),
});
const arbitraryEntry: fc.Arbitrary<JournalEntry> = fc.record(
  {
    seq: fc.bigInt({ min: 1n, max: 2n ** 62n }),
    entryId: fc.uuid(),
    eventId: identifier,
    eventType: fc.stringMatching(/^[a-z][a-z0-9.-]{0,20}$/),
    occurredAt: fc
      .date({
        min: new Date('2000-01-01T00:00:00Z'),
        max: new Date('2099-12-31T23:59:59Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString()),
    kind: fc.constantFrom(
      'POST' as const,
      'PENDING' as const,
      'POST_PENDING' as const,
      'VOID_PENDING' as const,
    ),
    pendingEntrySeq: fc.bigInt({ min: 1n, max: 2n ** 62n }),
    claimId: identifier,
    loanId: identifier,
    policyVersion: identifier,
    postings: fc.array(posting, { maxLength: 5 }),
    prevHash: fc
      .uint8Array({ minLength: 32, maxLength: 32 })
      .map((b) => Buffer.from(b).toString('hex')),
  },
  {
    requiredKeys: [
      'seq',
      'entryId',
      'eventId',
      'eventType',
      'occurredAt',
      'kind',
      'postings',
      'prevHash',
    ],
  },
);

describe('canonical entry bytes', () => {
  it('encodes the README worked example exactly', () => {
    expect(canonicalEntryJson(deposit)).toBe(DEPOSIT_JSON);
    expect(canonicalEntryBytes(deposit)).toEqual(Buffer.from(DEPOSIT_JSON, 'utf8'));
    expect(entryLeafHash(deposit).toString('hex')).toBe(DEPOSIT_LEAF);
    expect(nextChainHash(GENESIS_CHAIN_HASH, entryLeafHash(deposit)).toString('hex')).toBe(
      DEPOSIT_CHAIN,
    );
    expect(canonicalEntryJson(hold)).toBe(HOLD_JSON);
    expect(entryLeafHash(hold).toString('hex')).toBe(HOLD_LEAF);
    expect(
      nextChainHash(Buffer.from(DEPOSIT_CHAIN, 'hex'), entryLeafHash(hold)).toString('hex'),
    ).toBe(HOLD_CHAIN);
    expect(merkleRoot([entryLeafHash(deposit), entryLeafHash(hold)]).toString('hex')).toBe(ROOT_2);
  });

  it('escapes free-form ids like JCS and keeps non-ASCII as UTF-8', () => {
    const entry = { ...deposit, claimId: '理赔 "7" \\ x' };
    const text = canonicalEntryJson(entry);
    expect(text.startsWith('{"claimId":"理赔 \\"7\\" \\\\ x","entryId"')).toBe(true);
    expect(canonicalEntryBytes(entry).includes(Buffer.from('理赔', 'utf8'))).toBe(true);
  });

  it('equals the generic canonical JSON of the fields for any entry', () => {
    fc.assert(
      fc.property(arbitraryEntry, (entry) => {
        expect(canonicalEntryJson(entry)).toBe(canonicalJson(entryCanonicalValue(entry)));
        const { seq, prevHash, ...content } = entry;
        expect(canonicalFromContentJson(entryContentJson(content), prevHash, seq)).toBe(
          canonicalEntryJson(entry),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips through its JSON form', () => {
    fc.assert(
      fc.property(arbitraryEntry, (entry) => {
        const json = JSON.parse(JSON.stringify(entryToJson(entry))) as unknown;
        expect(entryFromJson(json)).toEqual(entry);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses malformed entries', () => {
    expect(() => canonicalEntryJson({ ...deposit, prevHash: 'x' })).toThrow(EntryFormatError);
    expect(() => entryContentJson({ ...deposit, eventType: '' })).toThrow(EntryFormatError);
  });
});

describe('entryFromJson', () => {
  const json = entryToJson(hold) as unknown as Record<string, unknown>;

  it.each([
    ['an unknown key', { extra: 1 }, 'extra'],
    ['a numeric seq', { seq: 2 }, 'seq'],
    ['a seq with a leading zero', { seq: '02' }, 'seq'],
    [
      'a signed amount',
      { postings: [{ account: 'fund:X:available', side: 'DEBIT', amountFen: '+1' }] },
      'amountFen',
    ],
    [
      'an unknown posting key',
      { postings: [{ account: 'fund:X:available', side: 'DEBIT', amountFen: '1', memo: 'x' }] },
      'memo',
    ],
    [
      'a bad side',
      { postings: [{ account: 'fund:X:available', side: 'debit', amountFen: '1' }] },
      'side',
    ],
    ['a bad kind', { kind: 'post' }, 'kind'],
    ['postings not an array', { postings: {} }, 'postings'],
    ['a numeric claimId', { claimId: 7 }, 'claimId'],
    ['a zero pendingEntrySeq', { pendingEntrySeq: '0' }, 'pendingEntrySeq'],
  ])('refuses %s', (_name, patch, field) => {
    expect(() => entryFromJson({ ...json, ...patch })).toThrow(field);
  });

  it('accepts listed extra keys and refuses non-objects', () => {
    expect(entryFromJson({ ...json, type: 'entry' }, new Set(['type']))).toEqual(hold);
    expect(() => entryFromJson(null)).toThrow(EntryFormatError);
    expect(() => entryFromJson([json])).toThrow(EntryFormatError);
  });
});
