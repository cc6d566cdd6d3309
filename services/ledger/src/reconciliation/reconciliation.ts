import type { AccountBalance } from '@riskpool/ledger-core';
import { accounts, isSubsidyFund, ownerOf, subsidyLoanAccountOf } from '../journal/chart';

/** The figures pool-allocation (`GET /reconciliation/funds`) and settlement (`GET /totals`) report. */
export interface SourceTotals {
  readonly poolFunds: ReadonlyArray<{
    fundId: string;
    depositedFen: string;
    availableFen: string;
    heldFen: string;
  }>;
  readonly settlementFunds: ReadonlyArray<{ fundId: string; paidFen: string }>;
  readonly settlementBanks: ReadonlyArray<{ bankId: string; paidFen: string; remittedFen: string }>;
  /** The subsidy service's `GET /reconciliation/funds` (approved rounds only). */
  readonly subsidyFunds?: ReadonlyArray<{
    fundId: string;
    depositedFen: string;
    grantedFen: string;
    lapsedFen: string;
    unGrantedFen: string;
  }>;
  /** settlement's `GET /totals` `subsidyFunds`: subsidies paid per subsidy fund. */
  readonly settlementSubsidyFunds?: ReadonlyArray<{ fundId: string; paidFen: string }>;
}

export interface Difference {
  readonly party: 'fund' | 'bank';
  readonly partyId: string;
  readonly figure: string;
  readonly source: 'pool-allocation' | 'settlement' | 'subsidy';
  readonly ledgerFen: bigint;
  readonly sourceFen: bigint;
}

type Balance = (account: string) => AccountBalance;

/**
 * Each compared figure: how the ledger computes it from its counters (services/ledger README
 * "Chart of accounts") and which source reports it.
 */
const FUND_FIGURES: ReadonlyArray<{
  figure: string;
  source: Difference['source'];
  ledger: (fundId: string, balance: Balance) => bigint;
}> = [
  {
    figure: 'depositedFen',
    source: 'pool-allocation',
    ledger: (f, b) => b(accounts.fundContributions(f)).debitsPosted,
  },
  {
    figure: 'availableFen',
    source: 'pool-allocation',
    ledger: (f, b) => {
      const a = b(accounts.fundAvailable(f));
      return a.creditsPosted - a.debitsPosted - a.debitsPending;
    },
  },
  {
    figure: 'heldFen',
    source: 'pool-allocation',
    ledger: (f, b) => b(accounts.fundHeld(f)).creditsPending,
  },
  {
    figure: 'paidOutFen',
    source: 'settlement',
    ledger: (f, b) => b(accounts.fundHeld(f)).debitsPosted,
  },
];

const BANK_FIGURES: ReadonlyArray<{
  figure: string;
  ledger: (bankId: string, balance: Balance) => bigint;
}> = [
  {
    figure: 'compensationReceivedFen',
    ledger: (id, b) => b(accounts.bankCompensationReceived(id)).creditsPosted,
  },
  {
    figure: 'recoveriesRemittedFen',
    ledger: (id, b) => b(accounts.bankRecoveriesRemitted(id)).debitsPosted,
  },
];

/**
 * Every figure on which the ledger and a source disagree. A party known to one side only is
 * compared with zero on the other, so money the ledger never booked (or booked for an unknown
 * fund or bank) shows up too.
 */
export function reconcile(
  ledgerAccounts: Iterable<string>,
  balance: Balance,
  sources: SourceTotals,
): Difference[] {
  // Read more than once below: an iterator would be spent after the first pass.
  const names = [...ledgerAccounts];
  const funds = new Set<string>();
  const banks = new Set<string>();
  for (const account of names) {
    const owner = ownerOf(account);
    // Subsidy funds are reconciled with the subsidy service (reconcileSubsidy), not pool-allocation.
    if (owner.ownerType === 'fund' && !isSubsidyFund(owner.ownerId)) funds.add(owner.ownerId);
    if (owner.ownerType === 'bank') banks.add(owner.ownerId);
  }
  const subsidyFunds = new Set<string>();
  for (const account of names) {
    const owner = ownerOf(account);
    if (owner.ownerType === 'fund' && isSubsidyFund(owner.ownerId)) subsidyFunds.add(owner.ownerId);
  }
  const pool = new Map(sources.poolFunds.map((f) => [f.fundId, f]));
  const paidByFund = new Map(sources.settlementFunds.map((f) => [f.fundId, f.paidFen]));
  const bankTotals = new Map(sources.settlementBanks.map((b) => [b.bankId, b]));
  for (const id of pool.keys()) funds.add(id);
  for (const id of paidByFund.keys()) funds.add(id);
  for (const id of bankTotals.keys()) banks.add(id);

  const differences: Difference[] = reconcileSubsidy(names, balance, sources, subsidyFunds);
  for (const fundId of [...funds].sort()) {
    const reported = pool.get(fundId);
    const sourceOf: Record<string, string | undefined> = {
      depositedFen: reported?.depositedFen,
      availableFen: reported?.availableFen,
      heldFen: reported?.heldFen,
      paidOutFen: paidByFund.get(fundId),
    };
    for (const f of FUND_FIGURES) {
      const ledgerFen = f.ledger(fundId, balance);
      const sourceFen = BigInt(sourceOf[f.figure] ?? '0');
      if (ledgerFen !== sourceFen)
        differences.push({
          party: 'fund',
          partyId: fundId,
          figure: f.figure,
          source: f.source,
          ledgerFen,
          sourceFen,
        });
    }
  }
  for (const bankId of [...banks].sort()) {
    const reported = bankTotals.get(bankId);
    for (const f of BANK_FIGURES) {
      const ledgerFen = f.ledger(bankId, balance);
      const sourceFen = BigInt(
        (f.figure === 'compensationReceivedFen' ? reported?.paidFen : reported?.remittedFen) ?? '0',
      );
      if (ledgerFen !== sourceFen)
        differences.push({
          party: 'bank',
          partyId: bankId,
          figure: f.figure,
          source: 'settlement',
          ledgerFen,
          sourceFen,
        });
    }
  }
  return differences;
}

/**
 * docs/domain.md §9: each subsidy fund's figures against the subsidy service (deposited, granted
 * and lapsed in approved rounds, deposited less granted) and settlement (paid to enterprises).
 * Grants are summed over the loans' payables of the fund (README "Interest subsidy accounts").
 */
function reconcileSubsidy(
  ledgerAccounts: Iterable<string>,
  balance: Balance,
  sources: SourceTotals,
  funds: Set<string>,
): Difference[] {
  const granted = new Map<string, bigint>();
  for (const account of ledgerAccounts) {
    const parsed = subsidyLoanAccountOf(account);
    if (parsed?.role === 'subsidy-payable')
      granted.set(
        parsed.fundId,
        (granted.get(parsed.fundId) ?? 0n) + balance(account).creditsPosted,
      );
  }
  const reported = new Map((sources.subsidyFunds ?? []).map((f) => [f.fundId, f]));
  const paid = new Map((sources.settlementSubsidyFunds ?? []).map((f) => [f.fundId, f.paidFen]));
  for (const id of reported.keys()) funds.add(id);
  for (const id of paid.keys()) funds.add(id);
  const differences: Difference[] = [];
  for (const fundId of [...funds].sort()) {
    const r = reported.get(fundId);
    const available = balance(accounts.fundAvailable(fundId));
    const figures: Array<[string, Difference['source'], bigint, string | undefined]> = [
      [
        'depositedFen',
        'subsidy',
        balance(accounts.fundContributions(fundId)).debitsPosted,
        r?.depositedFen,
      ],
      ['grantedFen', 'subsidy', granted.get(fundId) ?? 0n, r?.grantedFen],
      [
        'lapsedFen',
        'subsidy',
        balance(accounts.subsidyFundLapsed(fundId)).debitsPosted,
        r?.lapsedFen,
      ],
      [
        'unGrantedFen',
        'subsidy',
        available.creditsPosted - available.debitsPosted - available.debitsPending,
        r?.unGrantedFen,
      ],
      [
        'paidFen',
        'settlement',
        balance(accounts.subsidyFundPaid(fundId)).creditsPosted,
        paid.get(fundId),
      ],
    ];
    for (const [figure, source, ledgerFen, reportedFen] of figures) {
      const sourceFen = BigInt(reportedFen ?? '0');
      if (ledgerFen !== sourceFen)
        differences.push({ party: 'fund', partyId: fundId, figure, source, ledgerFen, sourceFen });
    }
  }
  return differences;
}

/** Which figure differs (not by how much: both sides may move between two looks). */
export function differenceKey(d: Difference): string {
  return `${d.party}|${d.partyId}|${d.figure}|${d.source}`;
}
