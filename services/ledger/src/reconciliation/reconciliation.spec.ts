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
