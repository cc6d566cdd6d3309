import { type AccountBalance, ZERO_BALANCE } from '@riskpool/ledger-core';
import { reconcile, type SourceTotals } from './reconciliation';

const book = new Map<string, AccountBalance>([
  ['fund:CITY:contributions', { ...ZERO_BALANCE, debitsPosted: 1000n }],
  [
    'fund:CITY:available',
    { ...ZERO_BALANCE, creditsPosted: 1000n, debitsPosted: 300n, debitsPending: 100n },
  ],
  ['fund:CITY:held', { ...ZERO_BALANCE, creditsPending: 100n, debitsPosted: 300n }],
  ['bank:B1:compensation-received', { ...ZERO_BALANCE, creditsPosted: 300n }],
  ['bank:B1:recoveries-remitted', { ...ZERO_BALANCE, debitsPosted: 40n }],
]);
const balance = (account: string) => book.get(account) ?? ZERO_BALANCE;

const agreeing: SourceTotals = {
  poolFunds: [{ fundId: 'CITY', depositedFen: '1000', availableFen: '600', heldFen: '100' }],
  settlementFunds: [{ fundId: 'CITY', paidFen: '300' }],
  settlementBanks: [{ bankId: 'B1', paidFen: '300', remittedFen: '40' }],
};

describe('reconcile', () => {
  it('finds nothing when every figure agrees', () => {
    expect(reconcile(book.keys(), balance, agreeing)).toEqual([]);
  });

  it('names each differing figure with both amounts', () => {
    const differences = reconcile(book.keys(), balance, {
      ...agreeing,
      poolFunds: [{ fundId: 'CITY', depositedFen: '1000', availableFen: '650', heldFen: '100' }],
      settlementBanks: [{ bankId: 'B1', paidFen: '300', remittedFen: '45' }],
    });
    expect(differences).toEqual([
      {
        party: 'fund',
        partyId: 'CITY',
        figure: 'availableFen',
        source: 'pool-allocation',
        ledgerFen: 600n,
        sourceFen: 650n,
      },
      {
        party: 'bank',
        partyId: 'B1',
        figure: 'recoveriesRemittedFen',
        source: 'settlement',
        ledgerFen: 40n,
        sourceFen: 45n,
      },
    ]);
  });

  it('compares a party one side does not know with zero', () => {
    const differences = reconcile(book.keys(), balance, {
      ...agreeing,
      poolFunds: [
        ...agreeing.poolFunds,
        { fundId: 'TOWN:GUZHEN', depositedFen: '5', availableFen: '5', heldFen: '0' },
      ],
      settlementBanks: [],
    });
    expect(
      differences.map((d) => `${d.partyId} ${d.figure} ${d.ledgerFen}/${d.sourceFen}`),
    ).toEqual([
      'TOWN:GUZHEN depositedFen 0/5',
      'TOWN:GUZHEN availableFen 0/5',
      'B1 compensationReceivedFen 300/0',
      'B1 recoveriesRemittedFen 40/0',
    ]);
  });
});

describe('reconcile interest subsidy funds', () => {
  const S = 'SUBSIDY:TOWN:XIAOLAN';
  const subsidyBook = new Map<string, AccountBalance>([
    ...book,
    [`fund:${S}:contributions`, { ...ZERO_BALANCE, debitsPosted: 2000n }],
    [`fund:${S}:available`, { ...ZERO_BALANCE, creditsPosted: 2000n, debitsPosted: 2000n }],
    [`fund:${S}:lapsed`, { ...ZERO_BALANCE, debitsPosted: 700n }],
    [`fund:${S}:subsidies-paid`, { ...ZERO_BALANCE, creditsPosted: 1200n }],
    [
      `loan:L1:subsidy-payable:fund:${S}`,
      { ...ZERO_BALANCE, creditsPosted: 1200n, debitsPosted: 1200n },
    ],
    [`loan:L2:subsidy-payable:fund:${S}`, { ...ZERO_BALANCE, creditsPosted: 800n }],
    [`loan:L2:subsidy-lapsed:fund:${S}`, { ...ZERO_BALANCE, creditsPosted: 700n }],
  ]);
  const subsidyBalance = (account: string) => subsidyBook.get(account) ?? ZERO_BALANCE;
  const sources: SourceTotals = {
    ...agreeing,
    subsidyFunds: [
      { fundId: S, depositedFen: '2000', grantedFen: '2000', lapsedFen: '700', unGrantedFen: '0' },
    ],
    settlementSubsidyFunds: [{ fundId: S, paidFen: '1200' }],
  };

  it('agrees when grants (summed over the loans), lapses and payments match, and keeps them out of pool-allocation', () => {
    expect(reconcile(subsidyBook.keys(), subsidyBalance, sources)).toEqual([]);
  });

  it('names the subsidy fund figure and source that differ', () => {
    const differences = reconcile(subsidyBook.keys(), subsidyBalance, {
      ...sources,
      subsidyFunds: [
        {
          fundId: S,
          depositedFen: '2000',
          grantedFen: '1900',
          lapsedFen: '700',
          unGrantedFen: '100',
        },
      ],
      settlementSubsidyFunds: [],
    });
    expect(
      differences.map((d) => [d.partyId, d.figure, d.source, d.ledgerFen, d.sourceFen]),
    ).toEqual([
      [S, 'grantedFen', 'subsidy', 2000n, 1900n],
      [S, 'unGrantedFen', 'subsidy', 0n, 100n],
      [S, 'paidFen', 'settlement', 1200n, 0n],
    ]);
  });
});
