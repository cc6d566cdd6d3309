import fc from 'fast-check';
import { bankAccount, fundAccount } from '../accounts/chart-of-accounts';
import type { JournalEntry } from '../entry/journal-entry';
import { merkleRoot } from '../merkle/rfc6962';
import {
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
  exportCheckpointRecord,
  exportEntryRecord,
  exportHeaderRecord,
} from '../verify/export-format';
import { verifyExport } from '../verify/export-verifier';
import { type EntryDraft, type EventOutcome, type LedgerEvent, LedgerState } from './ledger-state';

// A "replay" property: random event streams (deposits, holds, holds posted in full or in part,
// voided, resolved twice, recoveries owed and remitted, duplicates, conflicting replays, invalid
// entries, two-hold events) go through LedgerState in batches. A small model predicts every
// outcome and seq; after every batch the whole-book invariants must hold.

const FUNDS = ['CITY', 'TOWN:XIAOLAN', 'TOWN:TORCH'] as const;
const BANKS = ['B1', 'B2'] as const;

type Command =
  | { readonly type: 'deposit'; readonly fund: number; readonly amount: bigint }
  | { readonly type: 'hold'; readonly fund: number; readonly bank: number; readonly amount: bigint }
  | {
      readonly type: 'twoHolds';
      readonly fund: number;
      readonly amounts: readonly [bigint, bigint];
    }
  | { readonly type: 'post'; readonly pick: number; readonly percent: number }
  | { readonly type: 'void'; readonly pick: number }
  | {
      readonly type: 'recoveryOwed';
      readonly fund: number;
      readonly bank: number;
      readonly amount: bigint;
    }
  | { readonly type: 'remit'; readonly pick: number }
  | { readonly type: 'duplicate'; readonly pick: number }
  | { readonly type: 'conflict'; readonly pick: number }
  | { readonly type: 'unbalanced' };

const fund = fc.nat({ max: FUNDS.length - 1 });
const bank = fc.nat({ max: BANKS.length - 1 });
const amount = fc.bigInt({ min: 1n, max: 5_000n });
const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ type: fc.constant('deposit' as const), fund, amount }) },
  { weight: 4, arbitrary: fc.record({ type: fc.constant('hold' as const), fund, bank, amount }) },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('twoHolds' as const),
      fund,
      amounts: fc.tuple(amount, amount),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant('post' as const),
      pick: fc.nat(),
      percent: fc.integer({ min: 1, max: 100 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('void' as const), pick: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({ type: fc.constant('recoveryOwed' as const), fund, bank, amount }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('remit' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('duplicate' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('conflict' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('unbalanced' as const) }) },
);
const stream = fc.array(fc.array(command, { minLength: 1, maxLength: 8 }), {
  minLength: 1,
  maxLength: 10,
});

interface ModelHold {
  readonly seq: bigint;
  readonly fund: string;
  readonly bank: string;
  readonly amount: bigint;
  resolved: boolean;
}

/** What the ledger should do, computed without the ledger. */
class Model {
  readonly available = new Map<string, bigint>(FUNDS.map((f) => [f, 0n]));
  readonly holds: ModelHold[] = [];
  readonly applied: LedgerEvent[] = [];
  readonly owed: { fund: string; bank: string; amount: bigint; remitted: boolean }[] = [];
  nextSeq = 1n;
  private ids = 0;

  id(): string {
    return `ev-${this.ids++}`;
  }

  avail(fundId: string): bigint {
    return this.available.get(fundId) ?? 0n;
  }

  move(fundId: string, delta: bigint): void {
    this.available.set(fundId, this.avail(fundId) + delta);
  }
}

interface Expectation {
  readonly status: EventOutcome['status'];
  readonly code?: string;
}

/** Turns one command into an event and the outcome the model predicts, updating the model. */
function plan(model: Model, cmd: Command): { event: LedgerEvent; expect: Expectation } | undefined {
  const applied = (
    ev: LedgerEvent,
    effects: () => void,
  ): { event: LedgerEvent; expect: Expectation } => {
    effects();
    model.applied.push(ev);
    model.nextSeq += BigInt(ev.entries.length);
    return { event: ev, expect: { status: 'APPLIED' } };
  };
  const rejected = (ev: LedgerEvent, code: string) => ({
    event: ev,
    expect: { status: 'REJECTED' as const, code },
  });
  switch (cmd.type) {
    case 'deposit': {
      const f = FUNDS[cmd.fund] as string;
      return applied(event(model.id(), [depositDraft(f, cmd.amount)]), () =>
        model.move(f, cmd.amount),
      );
    }
    case 'hold': {
      const f = FUNDS[cmd.fund] as string;
      const b = BANKS[cmd.bank] as string;
      const ev = event(model.id(), [holdDraft(f, b, cmd.amount)]);
      if (cmd.amount > model.avail(f)) {
        return rejected(ev, 'EXCEEDS_CREDITS');
      }
      const seq = model.nextSeq;
      return applied(ev, () => {
        model.move(f, -cmd.amount);
        model.holds.push({ seq, fund: f, bank: b, amount: cmd.amount, resolved: false });
      });
    }
    case 'twoHolds': {
      const f = FUNDS[cmd.fund] as string;
      const [a1, a2] = cmd.amounts;
      const ev = event(model.id(), [holdDraft(f, 'B1', a1), holdDraft(f, 'B2', a2)]);
      if (a1 + a2 > model.avail(f)) {
        return rejected(ev, 'EXCEEDS_CREDITS');
      }
      const seq = model.nextSeq;
      return applied(ev, () => {
        model.move(f, -(a1 + a2));
        model.holds.push({ seq, fund: f, bank: 'B1', amount: a1, resolved: false });
        model.holds.push({ seq: seq + 1n, fund: f, bank: 'B2', amount: a2, resolved: false });
      });
    }
    case 'post':
    case 'void': {
      if (model.holds.length === 0) {
        return undefined;
      }
      const hold = model.holds[cmd.pick % model.holds.length] as ModelHold;
      const posted =
        cmd.type === 'post' ? (hold.amount * BigInt(cmd.percent) + 99n) / 100n : hold.amount;
      const draft: EntryDraft =
        cmd.type === 'post'
          ? postHoldDraft(hold.seq, hold.fund, hold.bank, posted)
          : voidHoldDraft(hold.seq, hold.fund, hold.bank, hold.amount);
      const ev = event(model.id(), [draft]);
      if (hold.resolved) {
        return rejected(ev, 'PENDING_ALREADY_RESOLVED');
      }
      return applied(ev, () => {
        hold.resolved = true;
        // A partial post releases the rest of the hold back to the fund.
        model.move(hold.fund, cmd.type === 'post' ? hold.amount - posted : hold.amount);
      });
    }
    case 'recoveryOwed': {
      const f = FUNDS[cmd.fund] as string;
      const b = BANKS[cmd.bank] as string;
      const ev = event(model.id(), [
        {
          kind: 'POST',
          postings: [
            debit(bankAccount(b, 'recoveries-owed'), cmd.amount),
            credit(fundAccount(f, 'recoveries-owed'), cmd.amount),
          ],
        },
      ]);
      return applied(ev, () =>
        model.owed.push({ fund: f, bank: b, amount: cmd.amount, remitted: false }),
      );
    }
    case 'remit': {
      const owed = model.owed.find(
        (o, i) => !o.remitted && i >= cmd.pick % Math.max(1, model.owed.length),
      );
      if (owed === undefined) {
        return undefined;
      }
      const ev = event(model.id(), [
        {
          kind: 'POST',
          postings: [
            debit(fundAccount(owed.fund, 'recoveries-owed'), owed.amount),
            credit(fundAccount(owed.fund, 'available'), owed.amount),
            debit(bankAccount(owed.bank, 'recoveries-remitted'), owed.amount),
            credit(bankAccount(owed.bank, 'recoveries-owed'), owed.amount),
          ],
        },
      ]);
      return applied(ev, () => {
        owed.remitted = true;
        model.move(owed.fund, owed.amount);
      });
    }
    case 'duplicate': {
      const original = model.applied[cmd.pick % Math.max(1, model.applied.length)];
      return original === undefined
        ? undefined
        : { event: original, expect: { status: 'DUPLICATE' } };
    }
    case 'conflict': {
      const original = model.applied[cmd.pick % Math.max(1, model.applied.length)];
      if (original === undefined) {
        return undefined;
      }
      const changed = { ...original, occurredAt: '2027-01-01T00:00:00.000Z' };
      return { event: changed, expect: { status: 'CONFLICT' } };
    }
    case 'unbalanced':
      return rejected(
        event(model.id(), [
          {
            kind: 'POST',
            postings: [debit('fund:CITY:contributions', 2n), credit('fund:CITY:available', 1n)],
          },
        ]),
        'UNBALANCED',
      );
  }
}

describe('LedgerState replay property', () => {
  const { keys, signer } = freshSigner();

  it('keeps every invariant after every batch of a random event stream', () => {
    fc.assert(
      fc.property(stream, (batches) => {
        const state = new LedgerState();
        const model = new Model();
        const leafHashes: Buffer[] = [];
        const journal: JournalEntry[] = [];
        const records: unknown[] = [exportHeaderRecord()];
        for (const commands of batches) {
          const planned = commands.map((c) => plan(model, c)).filter((p) => p !== undefined);
          const before = {
            size: state.size,
            root: state.rootHash(),
            accounts: [...state.accounts()],
          };
          const result = state.applyBatch(planned.map((p) => p.event));

          // Every outcome is the one the model predicted, in order.
          expect(
            result.outcomes.map((o) => ({
              status: o.status,
              ...(o.status === 'REJECTED' ? { code: o.code } : {}),
            })),
          ).toEqual(planned.map((p) => p.expect));
          // Gapless sequence; seqs as predicted; duplicates, conflicts and rejections append nothing.
          expect(state.size).toBe(model.nextSeq - 1n);
          expect(result.appended.map((a) => a.entry.seq)).toEqual(
            result.appended.map((_, i) => before.size + 1n + BigInt(i)),
          );
          if (result.appended.length === 0) {
            expect(state.rootHash()).toEqual(before.root);
            expect([...state.accounts()]).toEqual(before.accounts);
          }
          // Σ debits = Σ credits (posted and pending), no fund below zero counting holds, pending
          // counters equal the open holds, no negative counter.
          expect(state.invariantViolations()).toEqual([]);
          const totals = state.totals();
          expect(totals.debitsPosted).toBe(totals.creditsPosted);
          expect(totals.debitsPending).toBe(totals.creditsPending);
          for (const f of FUNDS) {
            const b = state.balance(fundAccount(f, 'available'));
            expect(b.creditsPosted - b.debitsPosted - b.debitsPending).toBe(model.avail(f));
            expect(model.avail(f) >= 0n).toBe(true);
          }
          // Each hold resolved at most once, exactly when the model resolved it.
          for (const hold of model.holds) {
            expect(state.holdResolvedBy(hold.seq) !== undefined).toBe(hold.resolved);
          }
          // Conflicts are reported with the first seq of the original event.
          for (const o of result.outcomes) {
            if (o.status === 'CONFLICT' || o.status === 'DUPLICATE') {
              expect(o.firstSeq).toBe(state.entrySeq(o.eventId));
            }
          }
          leafHashes.push(...result.appended.map((a) => a.leafHash));
          journal.push(...result.appended.map((a) => a.entry));
          expect(state.rootHash()).toEqual(merkleRoot(leafHashes));
          records.push(...result.appended.map(exportEntryRecord));
          records.push(exportCheckpointRecord(state.checkpoint(signer)));
        }
        // The whole stream exports and verifies offline, and the journal rebuilds the same state.
        expect(verifyExport(records, keys.publicKeyPem)).toMatchObject({
          ok: true,
          entries: leafHashes.length,
        });
        const rebuilt = LedgerState.fromJournal(journal);
        expect(rebuilt.rootHash()).toEqual(state.rootHash());
        expect(rebuilt.chainHash()).toEqual(state.chainHash());
        expect([...rebuilt.accounts()]).toEqual([...state.accounts()]);
      }),
      { numRuns: 150 },
    );
  });
});
