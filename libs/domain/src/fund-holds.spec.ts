import fc from 'fast-check';
import {
  type FundState,
  assertFundInvariants,
  balanceFen,
  changeShare,
  deposit,
  fill,
  heldFor,
  newFund,
  queuedFor,
  release,
  reserve,
  settle,
  totalQueuedFen,
} from './fund-holds';

describe('reserve', () => {
  it('holds the whole share when the fund has it', () => {
    const { fund, heldFen, queuedFen } = reserve(
      newFund('TOWN:XIAOLAN', 300_000_000n),
      'C1',
      135_000_000n,
    );
    expect([heldFen, queuedFen]).toEqual([135_000_000n, 0n]);
    expect(fund.availableFen).toBe(165_000_000n);
    expect(heldFor(fund, 'C1')).toBe(135_000_000n);
  });

  it('holds what is available and queues the rest at the end', () => {
    const { fund, heldFen, queuedFen } = reserve(
      newFund('TOWN:XIAOLAN', 165_000_000n),
      'C2',
      200_000_000n,
      'C2/TOWN:XIAOLAN',
    );
    expect([heldFen, queuedFen]).toEqual([165_000_000n, 35_000_000n]);
    expect(fund.availableFen).toBe(0n);
    expect(fund.queue).toEqual([
      { claimId: 'C2', partId: 'C2/TOWN:XIAOLAN', amountFen: 35_000_000n, seq: 1 },
    ]);
  });

  it('queues a whole share behind others, never jumping the queue', () => {
    let fund = reserve(newFund('F', 10n), 'A', 15n).fund;
    fund = reserve(fund, 'B', 4n).fund;
    expect(fund.queue.map((q) => [q.claimId, q.amountFen])).toEqual([
      ['A', 5n],
      ['B', 4n],
    ]);
    expect(heldFor(fund, 'B')).toBe(0n);
  });

  it('holds nothing for a zero share and refuses a second reservation', () => {
    const { fund, heldFen, queuedFen } = reserve(newFund('F', 10n), 'Z', 0n);
    expect([heldFen, queuedFen, fund.holds.length, fund.queue.length]).toEqual([0n, 0n, 0, 0]);
    const once = reserve(fund, 'A', 3n).fund;
    expect(() => reserve(once, 'A', 3n)).toThrow(/already reserved/);
    expect(() => reserve(once, 'N', -1n)).toThrow(/negative/);
  });
});

describe('fill', () => {
  it('fills the queue oldest first and keeps what is left available', () => {
    let fund = reserve(newFund('F', 0n), 'A', 5n).fund;
    fund = reserve(fund, 'B', 7n).fund;
    const first = fill(fund, 8n);
    expect(first.fills).toEqual([
      { claimId: 'A', amountFen: 5n, seq: 1, partCompleted: true },
      { claimId: 'B', amountFen: 3n, seq: 2, partCompleted: false },
    ]);
    expect(queuedFor(first.fund, 'B')).toBe(4n);
    const second = deposit(first.fund, 10n);
    expect(second.fills).toEqual([{ claimId: 'B', amountFen: 4n, seq: 2, partCompleted: true }]);
    expect(second.fund.availableFen).toBe(6n);
    expect(heldFor(second.fund, 'B')).toBe(7n);
  });

  it('refuses a negative amount', () => {
    expect(() => fill(newFund('F'), -1n)).toThrow();
  });
});

describe('release', () => {
  it('dequeues the claim first, then its released hold fills the others', () => {
    let fund = reserve(newFund('F', 10n), 'A', 6n).fund; // A holds 6
    fund = reserve(fund, 'B', 8n).fund; // B holds 4, queues 4
    fund = reserve(fund, 'C', 3n).fund; // C queues 3
    const released = release(fund, 'B');
    expect(released.releasedFen).toBe(4n);
    expect(released.dequeuedFen).toBe(4n);
    expect(released.fills).toEqual([{ claimId: 'C', amountFen: 3n, seq: 2, partCompleted: true }]);
    expect(released.fund.availableFen).toBe(1n);
    expect(released.fund.queue).toEqual([]);
  });

  it('is a no-op for a claim that has nothing on this fund', () => {
    const fund = newFund('F', 5n);
    expect(release(fund, 'X')).toEqual({ fund, releasedFen: 0n, dequeuedFen: 0n, fills: [] });
  });
});

describe('changeShare', () => {
  it('shrinks the queued part first, then releases from the hold into the queue', () => {
    let fund = reserve(newFund('F', 10n), 'A', 14n).fund; // A holds 10, queues 4
    fund = reserve(fund, 'B', 5n).fund; // B queues 5
    const smaller = changeShare(fund, 'A', 8n); // cut 6: 4 from the queue, 2 from the hold
    expect([smaller.queuedDeltaFen, smaller.heldDeltaFen, smaller.releasedFen]).toEqual([
      -4n,
      -2n,
      2n,
    ]);
    expect(smaller.fills).toEqual([{ claimId: 'B', amountFen: 2n, seq: 2, partCompleted: false }]);
    expect([heldFor(smaller.fund, 'A'), queuedFor(smaller.fund, 'A')]).toEqual([8n, 0n]);
    expect(queuedFor(smaller.fund, 'B')).toBe(3n);
  });

  it('grows in place behind its existing queued part, keeping its turn', () => {
    let fund = reserve(newFund('F', 10n), 'A', 14n).fund; // A holds 10, queues 4
    fund = reserve(fund, 'B', 5n).fund;
    const larger = changeShare(fund, 'A', 20n);
    expect([larger.heldDeltaFen, larger.queuedDeltaFen]).toEqual([0n, 6n]);
    expect(larger.fund.queue.map((q) => [q.claimId, q.amountFen, q.seq])).toEqual([
      ['A', 10n, 1],
      ['B', 5n, 2],
    ]);
  });

  it('holds what is available and queues the rest at the end when it had no queued part', () => {
    const fund = reserve(newFund('F', 10n), 'A', 6n).fund; // A holds 6, 4 available
    const larger = changeShare(fund, 'A', 12n);
    expect([larger.heldDeltaFen, larger.queuedDeltaFen]).toEqual([4n, 2n]);
    expect(larger.fund.queue).toEqual([{ claimId: 'A', amountFen: 2n, seq: 1 }]);
    let crowded = reserve(newFund('F', 6n), 'A', 6n).fund;
    crowded = reserve(crowded, 'B', 1n).fund; // B queued
    const behind = changeShare(crowded, 'A', 9n);
    expect(behind.fund.queue.map((q) => [q.claimId, q.amountFen])).toEqual([
      ['B', 1n],
      ['A', 3n],
    ]);
  });
});

describe('settle', () => {
  it('pays the held share out and leaves the queued part waiting', () => {
    const fund = reserve(newFund('F', 10n), 'A', 14n).fund;
    const paid = settle(fund, 'A');
    expect(paid.paidFen).toBe(10n);
    expect(heldFor(paid.fund, 'A')).toBe(0n);
    expect(queuedFor(paid.fund, 'A')).toBe(4n);
    expect(balanceFen(paid.fund)).toBe(0n);
  });
});

// ---------------------------------------------------------------------------------------------
// Random sequences of operations against a simple ledger of what went in and out.
type Op =
  | { kind: 'reserve'; shareFen: bigint }
  | { kind: 'deposit'; amountFen: bigint }
  | { kind: 'release'; pick: number }
  | { kind: 'change'; pick: number; shareFen: bigint }
  | { kind: 'settle'; pick: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('reserve' as const),
    shareFen: fc.bigInt({ min: 0n, max: 1_000n }),
  }),
  fc.record({
    kind: fc.constant('deposit' as const),
    amountFen: fc.bigInt({ min: 0n, max: 1_500n }),
  }),
  fc.record({ kind: fc.constant('release' as const), pick: fc.nat() }),
  fc.record({
    kind: fc.constant('change' as const),
    pick: fc.nat(),
    shareFen: fc.bigInt({ min: 0n, max: 1_500n }),
  }),
  fc.record({ kind: fc.constant('settle' as const), pick: fc.nat() }),
);

describe('fund holds and queues properties', () => {
  it('conserves money, holds never exceed availability, and the queue is served strictly first come first served', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 2_000n }),
        fc.array(opArb, { maxLength: 40 }),
        (initialFen, ops) => {
          let fund: FundState = newFund('F', initialFen);
          let inFen = initialFen;
          let paidFen = 0n;
          const live: string[] = [];
          const shareOf = new Map<string, bigint>(); // current share, of which paid + held + queued
          const paidTo = new Map<string, bigint>();
          let counter = 0;
          const checkFills = (
            fills: readonly { seq: number; partCompleted: boolean }[],
            queueBefore: FundState['queue'],
          ): void => {
            // Fills go in queue order, and only the last one may be partial.
            const seqs = fills.map((f) => f.seq);
            expect(seqs).toEqual(queueBefore.slice(0, fills.length).map((q) => q.seq));
            fills.slice(0, -1).forEach((f) => expect(f.partCompleted).toBe(true));
          };
          for (const op of ops) {
            const pickClaim = (pick: number): string | undefined =>
              live[pick % Math.max(live.length, 1)];
            if (op.kind === 'reserve') {
              const claimId = `C${(counter += 1)}`;
              const before = fund.availableFen;
              const r = reserve(fund, claimId, op.shareFen);
              expect(r.heldFen <= before).toBe(true);
              expect(r.heldFen + r.queuedFen).toBe(op.shareFen);
              fund = r.fund;
              live.push(claimId);
              shareOf.set(claimId, op.shareFen);
            } else if (op.kind === 'deposit') {
              const queueBefore = fund.queue;
              const r = deposit(fund, op.amountFen);
              checkFills(r.fills, queueBefore);
              fund = r.fund;
              inFen += op.amountFen;
            } else if (op.kind === 'release') {
              const claimId = pickClaim(op.pick);
              if (claimId === undefined) continue;
              const queueBefore = fund.queue.filter((q) => q.claimId !== claimId);
              const r = release(fund, claimId);
              checkFills(r.fills, queueBefore);
              fund = r.fund;
              live.splice(live.indexOf(claimId), 1);
              shareOf.delete(claimId);
            } else if (op.kind === 'change') {
              const claimId = pickClaim(op.pick);
              if (claimId === undefined) continue;
              const alreadyPaid = paidTo.get(claimId) ?? 0n;
              const newShareFen = op.shareFen + alreadyPaid; // a share never drops below what was paid
              const before = fund.availableFen;
              const queueBefore = fund.queue.filter((q) => q.claimId !== claimId);
              const r = changeShare(fund, claimId, newShareFen - alreadyPaid);
              expect(r.heldDeltaFen <= before).toBe(true);
              checkFills(r.fills, queueBefore);
              fund = r.fund;
              shareOf.set(claimId, newShareFen);
            } else {
              const claimId = pickClaim(op.pick);
              if (claimId === undefined) continue;
              const r = settle(fund, claimId);
              fund = r.fund;
              paidFen += r.paidFen;
              paidTo.set(claimId, (paidTo.get(claimId) ?? 0n) + r.paidFen);
            }
            assertFundInvariants(fund);
            // Money in = available + held + paid out.
            expect(balanceFen(fund) + paidFen).toBe(inFen);
            for (const claimId of live) {
              expect(
                heldFor(fund, claimId) + queuedFor(fund, claimId) + (paidTo.get(claimId) ?? 0n),
              ).toBe(shareOf.get(claimId));
            }
            if (totalQueuedFen(fund) > 0n) expect(fund.availableFen).toBe(0n);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('never fills a later claim before an earlier one, whatever the deposits', () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: 1n, max: 100n }), { minLength: 1, maxLength: 10 }),
        fc.array(fc.bigInt({ min: 0n, max: 150n }), { maxLength: 15 }),
        (shares, deposits) => {
          let fund = newFund('F', 0n);
          shares.forEach((shareFen, i) => {
            fund = reserve(fund, `C${i}`, shareFen).fund;
          });
          for (const amountFen of deposits) fund = deposit(fund, amountFen).fund;
          // Held amounts form a prefix: every claim before a partly held one is fully held.
          const heldShares = shares.map(
            (shareFen, i) => [heldFor(fund, `C${i}`), shareFen] as const,
          );
          const firstNotFull = heldShares.findIndex(([held, share]) => held < share);
          if (firstNotFull >= 0)
            heldShares.slice(firstNotFull + 1).forEach(([held]) => expect(held).toBe(0n));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
