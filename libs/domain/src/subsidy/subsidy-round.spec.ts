import fc from 'fast-check';
import { split } from '../split';
import { computeSubsidy } from './subsidy-amount';
import { subsidyInput } from './subsidy-fixtures';
import {
  type RoundDecisionState,
  type RoundShareRequest,
  approveRoundFund,
  closeRound,
  returnRound,
  roundCoversPeriod,
  roundRangeProblems,
  roundTakesReport,
} from './subsidy-round';

const share = (
  reportId: string,
  fundId: string,
  requestedFen: bigint,
  at: string,
): RoundShareRequest => ({
  reportId,
  fundId,
  requestedFen,
  reportedAt: `2026-04-0${at}T00:00:00.000Z`,
});

describe('closeRound', () => {
  it('grants in full when the fund covers every share', () => {
    const closing = closeRound(
      [share('R1', 'SUBSIDY:CITY', 100n, '1'), share('R2', 'SUBSIDY:CITY', 50n, '2')],
      new Map([['SUBSIDY:CITY', 150n]]),
    );
    expect(closing.grants.map((g) => g.grantedFen)).toEqual([100n, 50n]);
    expect(closing.funds).toEqual([
      {
        fundId: 'SUBSIDY:CITY',
        availableFen: 150n,
        requestedFen: 150n,
        grantedFen: 150n,
        lapsedFen: 0n,
        proRata: false,
      },
    ]);
  });

  it('splits a short fund pro rata and lets the rest lapse', () => {
    const closing = closeRound(
      [share('R1', 'F', 300n, '1'), share('R2', 'F', 100n, '2')],
      new Map([['F', 200n]]),
    );
    expect(closing.grants.map((g) => [g.grantedFen, g.lapsedFen])).toEqual([
      [150n, 150n],
      [50n, 50n],
    ]);
    expect(closing.funds[0]?.lapsedFen).toBe(200n);
  });

  it('gives a tied leftover fen to the earlier report, whatever the input order', () => {
    const closing = closeRound(
      [share('R9', 'F', 1n, '2'), share('R1', 'F', 1n, '1')],
      new Map([['F', 1n]]),
    );
    expect(closing.grants.map((g) => [g.reportId, g.grantedFen])).toEqual([
      ['R1', 1n],
      ['R9', 0n],
    ]);
  });

  it('grants nothing from a fund with no money, and treats a missing fund as empty', () => {
    const closing = closeRound([share('R1', 'F', 5n, '1')], new Map());
    expect(closing.grants[0]?.grantedFen).toBe(0n);
    expect(closing.funds[0]?.lapsedFen).toBe(5n);
  });

  const requestsArb = fc.array(
    fc.record({
      fund: fc.constantFrom('SUBSIDY:CITY', 'SUBSIDY:TOWN:A', 'SUBSIDY:TOWN:B'),
      requestedFen: fc.bigInt({ min: 0n, max: 10_000_000n }),
      day: fc.integer({ min: 1, max: 9 }),
    }),
    { maxLength: 30 },
  );
  const availableArb = fc.tuple(
    fc.bigInt({ min: 0n, max: 50_000_000n }),
    fc.bigInt({ min: 0n, max: 50_000_000n }),
    fc.bigInt({ min: 0n, max: 50_000_000n }),
  );

  it('never grants more than requested nor more than a fund had; pro-rata splits are exact (property)', () => {
    fc.assert(
      fc.property(requestsArb, availableArb, (rows, [a, b, c]) => {
        const requests = rows.map((r, i) =>
          share(`R${String(i).padStart(2, '0')}`, r.fund, r.requestedFen, String(r.day)),
        );
        const available = new Map([
          ['SUBSIDY:CITY', a],
          ['SUBSIDY:TOWN:A', b],
          ['SUBSIDY:TOWN:B', c],
        ]);
        const closing = closeRound(requests, available);
        expect(closing.grants).toHaveLength(requests.length);
        for (const grant of closing.grants) {
          expect(grant.grantedFen).toBeGreaterThanOrEqual(0n);
          expect(grant.grantedFen).toBeLessThanOrEqual(grant.requestedFen);
          expect(grant.grantedFen + grant.lapsedFen).toBe(grant.requestedFen);
        }
        for (const fund of closing.funds) {
          const grants = closing.grants.filter((g) => g.fundId === fund.fundId);
          const granted = grants.reduce((s, g) => s + g.grantedFen, 0n);
          expect(granted).toBe(fund.grantedFen);
          expect(granted).toBeLessThanOrEqual(available.get(fund.fundId) ?? 0n);
          if (fund.proRata) {
            // Exactly the available money, and exactly THE split of it by request.
            expect(granted).toBe(fund.availableFen);
            const expected = split(
              fund.availableFen,
              grants.map((g) => ({ label: g.reportId, weight: g.requestedFen })),
            );
            expect(grants.map((g) => g.grantedFen)).toEqual(expected.map((p) => p.amountFen));
          } else {
            expect(granted).toBe(fund.requestedFen);
          }
        }
      }),
    );
  });

  it('keeps an enterprise within its annual cap across a year of reports (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: 1n, max: 40_000_000n }), { minLength: 1, maxLength: 20 }),
        (paids) => {
          let usedFen = 0n;
          for (const paid of paids) {
            const amount = computeSubsidy(
              subsidyInput({
                interestPaidFen: paid,
                outstandingAtStartFen: 3_000_000_000n,
                enterpriseRequestedThisYearFen: usedFen,
              }),
            );
            usedFen += amount.requestedFen;
          }
          expect(usedFen).toBeLessThanOrEqual(50_000_000n);
        },
      ),
    );
  });
});

describe('round decisions', () => {
  const closed: RoundDecisionState = {
    status: 'CLOSED',
    fundIds: ['SUBSIDY:CITY', 'SUBSIDY:TOWN:XIAOLAN'],
    approvedFundIds: [],
  };

  it('is APPROVED once every fund of the round has approved', () => {
    const one = approveRoundFund(closed, 'SUBSIDY:CITY', 'fund-manager:SUBSIDY:CITY');
    expect(one.status).toBe('CLOSED');
    const both = approveRoundFund(one, 'SUBSIDY:TOWN:XIAOLAN', 'fund-manager:SUBSIDY:TOWN:XIAOLAN');
    expect(both.status).toBe('APPROVED');
  });

  it('refuses a manager deciding for another fund, twice, or outside the round', () => {
    expect(() =>
      approveRoundFund(closed, 'SUBSIDY:CITY', 'fund-manager:SUBSIDY:TOWN:XIAOLAN'),
    ).toThrow('SUBSIDY.NOT_FUND_MANAGER');
    expect(() => approveRoundFund(closed, 'SUBSIDY:CITY', 'fund-manager:CITY')).toThrow(
      'SUBSIDY.NOT_FUND_MANAGER',
    );
    const once = approveRoundFund(closed, 'SUBSIDY:CITY', 'fund-manager:SUBSIDY:CITY');
    expect(() => approveRoundFund(once, 'SUBSIDY:CITY', 'fund-manager:SUBSIDY:CITY')).toThrow(
      'SUBSIDY.FUND_ALREADY_DECIDED',
    );
    expect(() =>
      approveRoundFund(closed, 'SUBSIDY:TOWN:TORCH', 'fund-manager:SUBSIDY:TOWN:TORCH'),
    ).toThrow('SUBSIDY.FUND_NOT_IN_ROUND');
    expect(() =>
      approveRoundFund({ ...closed, status: 'OPEN' }, 'SUBSIDY:CITY', 'fund-manager:SUBSIDY:CITY'),
    ).toThrow('SUBSIDY.ROUND_NOT_CLOSED');
  });

  it('a return clears every decision and reopens the round; it needs a reason', () => {
    const once = approveRoundFund(closed, 'SUBSIDY:CITY', 'fund-manager:SUBSIDY:CITY');
    const returned = returnRound(
      once,
      'SUBSIDY:TOWN:XIAOLAN',
      'fund-manager:SUBSIDY:TOWN:XIAOLAN',
      'wrong account',
    );
    expect(returned).toEqual({ ...closed, status: 'OPEN', approvedFundIds: [] });
    expect(() =>
      returnRound(once, 'SUBSIDY:TOWN:XIAOLAN', 'fund-manager:SUBSIDY:TOWN:XIAOLAN', ' '),
    ).toThrow('SUBSIDY.REASON_REQUIRED');
  });
});

describe('round ranges', () => {
  it('never overlap; to is after from', () => {
    const existing = [{ roundId: 'Q1', from: '2026-01-01', to: '2026-04-01' }];
    expect(roundRangeProblems({ from: '2026-04-01', to: '2026-07-01' }, existing)).toEqual([]);
    expect(
      roundRangeProblems({ from: '2026-03-01', to: '2026-07-01' }, existing).map((p) => p.code),
    ).toEqual(['OVERLAPS_ROUND']);
    expect(
      roundRangeProblems({ from: '2026-07-01', to: '2026-07-01' }, []).map((p) => p.code),
    ).toEqual(['DATES_OUT_OF_ORDER']);
  });

  it('covers a period by its last day; a later round takes a late report', () => {
    const q1 = { from: '2026-01-01', to: '2026-04-01' };
    expect(roundCoversPeriod(q1, '2026-04-01')).toBe(true);
    expect(roundCoversPeriod(q1, '2026-04-02')).toBe(false);
    const q2 = { from: '2026-04-01', to: '2026-07-01' };
    expect(roundTakesReport(q2, '2026-04-01')).toBe(true);
    expect(roundTakesReport(q2, '2026-07-02')).toBe(false);
  });
});
