import {
  type JournalEntry,
  assertEntryFormat,
  entryFormatProblem,
  isAccountName,
  isIdentifier,
  isTimestamp,
} from './journal-entry';
import { T0, depositDraft } from '../test-support/ledger-fixtures';

const valid: JournalEntry = {
  seq: 1n,
  entryId: '3f1c2a9e-8b7d-4e6f-9a5b-0c1d2e3f4a5b',
  eventId: 'ev-1',
  eventType: 'pool.fund-deposited.v1',
  occurredAt: T0,
  ...depositDraft('CITY', 1n),
  prevHash: 'a'.repeat(64),
};

describe('journal entry format', () => {
  it('accepts a well-formed entry', () => {
    expect(entryFormatProblem(valid)).toBeUndefined();
    expect(() => assertEntryFormat(valid)).not.toThrow();
  });

  it.each([
    ['seq', { seq: 0n }],
    ['entryId', { entryId: '3F1C2A9E-8B7D-4E6F-9A5B-0C1D2E3F4A5B' }],
    ['eventId', { eventId: '' }],
    ['eventType', { eventType: 'has space' }],
    ['occurredAt', { occurredAt: '2026-01-10T08:00:00Z' }],
    ['kind', { kind: 'REVERSE' }],
    ['pendingEntrySeq', { pendingEntrySeq: 0n }],
    ['claimId', { claimId: 'a\nb' }],
    ['loanId', { loanId: 'x'.repeat(129) }],
    ['policyVersion', { policyVersion: '\ud800' }],
    ['postings[0].account', { postings: [{ account: 'Fund:X', side: 'DEBIT', amountFen: 1n }] }],
    [
      'postings[0].side',
      { postings: [{ account: 'fund:X:available', side: 'LEFT', amountFen: 1n }] },
    ],
    [
      'postings[0].amountFen',
      { postings: [{ account: 'fund:X:available', side: 'DEBIT', amountFen: -1n }] },
    ],
    ['prevHash', { prevHash: 'A'.repeat(64) }],
  ])('names %s when it is malformed', (field, patch) => {
    const problem = entryFormatProblem({ ...valid, ...(patch as Partial<JournalEntry>) });
    expect(problem?.field).toBe(field);
    expect(() => assertEntryFormat({ ...valid, ...(patch as Partial<JournalEntry>) })).toThrow(
      field,
    );
  });

  it('checks timestamps are real instants in toISOString form', () => {
    expect(isTimestamp('2024-02-29T23:59:59.999Z')).toBe(true);
    expect(isTimestamp('2000-02-29T00:00:00.000Z')).toBe(true);
    for (const bad of [
      '2025-02-29T00:00:00.000Z',
      '1900-02-29T00:00:00.000Z',
      '2026-04-31T00:00:00.000Z',
      '2026-13-01T00:00:00.000Z',
      '2026-00-01T00:00:00.000Z',
      '2026-01-00T00:00:00.000Z',
      '2026-01-01T24:00:00.000Z',
      '2026-01-01T00:60:00.000Z',
      '2026-01-01T00:00:60.000Z',
      '2026-01-01T00:00:00.000+08:00',
      '2026-01-01 00:00:00.000Z',
      20260101,
    ]) {
      expect(isTimestamp(bad)).toBe(false);
    }
  });

  it.each([
    ['fund:TOWN:XIAOLAN:available', true],
    ['loan:0190f6a0-0000-7000-8000-000000000001:exposure', true],
    ['fund', false],
    ['fund::available', false],
    ['fund:"x":available', false],
    ['fund:a b:available', false],
    [`fund:${'x'.repeat(260)}:available`, false],
  ])('knows whether %p is an account name (%p)', (name, expected) => {
    expect(isAccountName(name)).toBe(expected);
  });

  it.each([
    ['贷款-1 "quoted"', true],
    ['tab\there', false],
  ])('knows whether %p is an identifier (%p)', (value, expected) => {
    expect(isIdentifier(value)).toBe(expected);
  });
});
