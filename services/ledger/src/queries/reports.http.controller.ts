import { Controller, Inject, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Identity, Topics } from '@riskpool/contracts';
import {
  CurrentIdentity,
  Page,
  pageOfList,
  PageQuery,
  pageRequest,
  Problems,
  PublicList,
  PublicRead,
} from '@riskpool/service-kit';
import { Counters, LedgerQueries } from './ledger-queries';
import { BankReportView, FundReportView, LoanReportView } from './report-views';
import { scopeOf } from './scope';

const ZERO: Counters = {
  debitsPending: 0n,
  debitsPosted: 0n,
  creditsPending: 0n,
  creditsPosted: 0n,
};

/** A co-sharer on a loan (docs/domain.md §8.4). */
interface LoanCosharerLine {
  shareFen: bigint;
  /** Its share still owed to the lender. */
  owedFen: bigint;
  paidFen: bigint;
  /** Its part of the recoveries after payout (what the lender owes it in all). */
  recoveredFen: bigint;
  recoveryPaidFen: bigint;
}

interface LoanFundLine {
  shareFen: bigint;
  heldFen: bigint;
  paidFen: bigint;
  recoveredFen: bigint;
  remittedFen: bigint;
}

/** Loss-sharing reports computed from the journal (README "Reports"). Read-only. */
@ApiTags('reports')
@Controller()
export class ReportsHttpController {
  constructor(@Inject(LedgerQueries) private readonly queries: LedgerQueries) {}

  @PublicRead(
    'GET /reports/loans/{loanId}',
    {
      operationId: 'reportLoan',
      summary: 'A loan’s loss sharing: basis, each party’s share, paid, recovered, owed',
      description:
        'The bank of the loan, a manager of a fund with a share in it, and the regulator read it; any other loan answers 404, like an unknown one.',
    },
    { type: LoanReportView, description: 'The loan’s report' },
  )
  async loan(
    @CurrentIdentity() identity: Identity,
    @Param('loanId') loanId: string,
  ): Promise<LoanReportView> {
    const scope = scopeOf(identity);
    const rows = await this.queries.loanPostings(loanId);
    const bankId = await this.queries.bankOfLoan(loanId);
    if (rows.length === 0 && bankId === undefined) throw Problems.notFound(`loan ${loanId}`);
    if (scope.kind === 'bank' && bankId !== scope.bankId) throw Problems.notFound(`loan ${loanId}`); // another bank's loan: as if it did not exist
    let basis = 0n;
    let bankShare = 0n;
    let bankRecovered = 0n;
    const claimIds = new Set<string>();
    const policyVersions = new Set<string>();
    const funds = new Map<string, LoanFundLine>();
    const cosharers = new Map<string, LoanCosharerLine>();
    const cosharer = (id: string) => {
      const line = cosharers.get(id) ?? {
        shareFen: 0n,
        owedFen: 0n,
        paidFen: 0n,
        recoveredFen: 0n,
        recoveryPaidFen: 0n,
      };
      cosharers.set(id, line);
      return line;
    };
    const fund = (id: string) => {
      const line = funds.get(id) ?? {
        shareFen: 0n,
        heldFen: 0n,
        paidFen: 0n,
        recoveredFen: 0n,
        remittedFen: 0n,
      };
      funds.set(id, line);
      return line;
    };
    for (const r of rows) {
      const account = String(r['account']);
      const side = String(r['side']);
      const type = String(r['event_type']);
      const amount = BigInt(String(r['amount_fen']));
      const pending = BigInt(String(r['pending_delta']));
      const posted = BigInt(String(r['posted_delta']));
      const ownerId = String(r['owner_id']);
      if (r['claim_id']) claimIds.add(String(r['claim_id']));
      if (r['policy_version']) policyVersions.add(String(r['policy_version']));
      if (account === `loan:${loanId}:exposure`) basis += side === 'DEBIT' ? posted : -posted;
      else if (account.startsWith(`loan:${loanId}:share:fund:`))
        fund(account.slice(`loan:${loanId}:share:fund:`.length)).shareFen += posted;
      else if (account.startsWith('cosharer:')) {
        // docs/domain.md §8.4: its part of the loss, what it owes the lender and paid, and its
        // part of recoveries after payout and what the lender paid it.
        const line = cosharer(ownerId);
        const role = account.slice(`cosharer:${ownerId}:`.length);
        if (role === 'loss-borne') line.shareFen += posted;
        else if (role === 'share-owed') line.owedFen += side === 'DEBIT' ? posted : -posted;
        else if (role === 'share-paid') line.paidFen += posted;
        else if (role === 'recoveries-owed')
          line.recoveredFen +=
            type === Topics.recoveryShared ? (side === 'CREDIT' ? posted : -posted) : 0n;
        else if (role === 'recoveries-received') line.recoveryPaidFen += posted;
      } else if (account.endsWith(':loss-borne')) bankShare += posted;
      else if (account.startsWith('fund:') && account.endsWith(':held')) {
        if (side === 'CREDIT') fund(ownerId).heldFen += pending;
        if (side === 'DEBIT' && type === Topics.payoutCompleted) fund(ownerId).paidFen += posted;
      } else if (account.startsWith('fund:') && account.endsWith(':recoveries-owed')) {
        if (type === Topics.recoveryShared)
          fund(ownerId).recoveredFen += side === 'CREDIT' ? amount : -amount;
        if (type === Topics.remittanceReceived && side === 'DEBIT')
          fund(ownerId).remittedFen += amount;
      } else if (account.endsWith(':recoveries-owed') && type === Topics.recoveryShared) {
        bankRecovered += side === 'DEBIT' ? amount : -amount;
      }
    }
    if (scope.kind === 'fund' && !funds.has(scope.fundId))
      throw Problems.notFound(`loan ${loanId}`); // no share of this fund: as if it did not exist
    const fundLines = [...funds.entries()].sort(([a], [b]) => a.localeCompare(b));
    const paid = fundLines.reduce((sum, [, l]) => sum + l.paidFen, 0n);
    const recovered = fundLines.reduce((sum, [, l]) => sum + l.recoveredFen, 0n);
    const remitted = fundLines.reduce((sum, [, l]) => sum + l.remittedFen, 0n);
    return {
      loanId,
      bankId: bankId ?? null,
      claimIds: [...claimIds],
      policyVersions: [...policyVersions],
      basisFen: basis.toString(),
      shares: [
        ...fundLines.map(([fundId, l]) => ({
          party: `fund:${fundId}`,
          shareFen: l.shareFen.toString(),
        })),
        ...[...cosharers.entries()].map(([partyId, l]) => ({
          party: `cosharer:${partyId}`,
          shareFen: l.shareFen.toString(),
        })),
        { party: 'bank', shareFen: bankShare.toString() },
      ],
      cosharers: [...cosharers.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([partyId, l]) => ({
          partyId,
          shareFen: l.shareFen.toString(),
          sharePaidFen: l.paidFen.toString(),
          shareOutstandingFen: l.owedFen.toString(),
          recoveredFen: l.recoveredFen.toString(),
          recoveryPaidFen: l.recoveryPaidFen.toString(),
          recoveryOutstandingFen: (l.recoveredFen - l.recoveryPaidFen).toString(),
        })),
      funds: fundLines.map(([fundId, l]) => ({
        fundId,
        shareFen: l.shareFen.toString(),
        heldFen: l.heldFen.toString(),
        paidFen: l.paidFen.toString(),
        recoveredFen: l.recoveredFen.toString(),
        remittedFen: l.remittedFen.toString(),
        owedFen: (l.recoveredFen - l.remittedFen).toString(),
      })),
      paidFen: paid.toString(),
      recoveredFen: recovered.toString(),
      remittedFen: remitted.toString(),
      owedFen: (recovered - remitted).toString(),
      bankRecoveryOwedTotalFen: bankRecovered.toString(),
    };
  }

  @PublicList(
    'GET /reports/funds',
    {
      operationId: 'reportFunds',
      summary: 'Per-fund report in fund id order (a fund manager reads its own fund’s)',
    },
    FundReportView,
    'A page of funds',
  )
  async funds(
    @CurrentIdentity() identity: Identity,
    @Query() query: PageQuery,
  ): Promise<Page<FundReportView>> {
    const scope = scopeOf(identity);
    const own = scope.kind === 'fund' ? scope.fundId : undefined;
    return this.ownersPage('fund', own, query, (fundId, account) => {
      const available = account('available');
      const held = account('held');
      const owed = account('recoveries-owed');
      return {
        fundId,
        depositedFen: account('contributions').debitsPosted.toString(),
        availableFen: (
          available.creditsPosted -
          available.debitsPosted -
          available.debitsPending
        ).toString(),
        heldFen: held.creditsPending.toString(),
        paidOutFen: held.debitsPosted.toString(),
        recoveriesOwedFen: (owed.creditsPosted - owed.debitsPosted).toString(),
        recoveriesReceivedFen: owed.debitsPosted.toString(),
      };
    });
  }

  @PublicList(
    'GET /reports/banks',
    {
      operationId: 'reportBanks',
      summary: 'Per-bank report in bank id order (a bank reads its own)',
    },
    BankReportView,
    'A page of banks',
  )
  async banks(
    @CurrentIdentity() identity: Identity,
    @Query() query: PageQuery,
  ): Promise<Page<BankReportView>> {
    const scope = scopeOf(identity);
    const own = scope.kind === 'bank' ? scope.bankId : undefined;
    return this.ownersPage('bank', own, query, (bankId, account) => {
      const owed = account('recoveries-owed');
      return {
        bankId,
        compensationReceivedFen: account('compensation-received').creditsPosted.toString(),
        lossBorneFen: account('loss-borne').creditsPosted.toString(),
        recoveriesOwedFen: (owed.debitsPosted - owed.creditsPosted).toString(),
        recoveriesRemittedFen: account('recoveries-remitted').debitsPosted.toString(),
      };
    });
  }

  /**
   * One page of the owners of `kind` (every one, or only `ownerId`) in id order, each with the
   * figures `report` makes from its accounts (`<kind>:<ownerId>:<account>`, zero when it has none).
   */
  private async ownersPage<T>(
    kind: 'fund' | 'bank',
    ownerId: string | undefined,
    query: PageQuery,
    report: (ownerId: string, account: (name: string) => Counters) => T,
  ): Promise<Page<T>> {
    const page = pageRequest(query);
    const byOwner = new Map<string, Map<string, Counters>>();
    for (const r of await this.queries.balancesOf(kind, ownerId)) {
      const m = byOwner.get(r.ownerId) ?? new Map<string, Counters>();
      m.set(r.account.slice(`${kind}:${r.ownerId}:`.length), r.c);
      byOwner.set(r.ownerId, m);
    }
    const owners = [...byOwner.keys()].sort((a, b) => (a < b ? -1 : 1));
    const items = owners.map((id) => ({ id, figures: byOwner.get(id) ?? new Map() }));
    const { items: pageItems, nextCursor } = pageOfList(items, page, (o) => o.id);
    return {
      items: pageItems.map((o) => report(o.id, (name) => o.figures.get(name) ?? ZERO)),
      nextCursor,
    };
  }
}
