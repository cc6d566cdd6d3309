import { sumFen } from '@riskpool/domain';
import type { SubsidyPart } from '../payouts/persistence/payment-instruction.repository';

export interface GrantToPay {
  readonly reportId: string;
  readonly loanId: string;
  readonly bankId: string;
  readonly uscc: string;
  readonly fundId: string;
  readonly grantedFen: string;
  readonly payeeAccountNo: string;
  readonly payeeAccountName: string;
}

export interface PlannedSubsidyPayment {
  readonly uscc: string;
  readonly accountNo: string;
  readonly accountName: string;
  readonly amountFen: bigint;
  readonly parts: readonly SubsidyPart[];
}

/**
 * docs/domain.md §9.4: "settlement pays each enterprise the sum of its grants per payee account".
 * One payment per enterprise (USCC) and payee account in a round, summing its granted parts; a
 * grant of zero (all lapsed) pays nothing. The account name is the first grant's (report order).
 */
export function planSubsidyPayments(grants: readonly GrantToPay[]): PlannedSubsidyPayment[] {
  const byPayee = new Map<string, { first: GrantToPay; parts: SubsidyPart[] }>();
  for (const g of grants) {
    const amountFen = BigInt(g.grantedFen);
    if (amountFen <= 0n) continue;
    const key = `${g.uscc}|${g.payeeAccountNo}`;
    const entry = byPayee.get(key) ?? { first: g, parts: [] };
    entry.parts.push({
      reportId: g.reportId,
      loanId: g.loanId,
      bankId: g.bankId,
      fundId: g.fundId,
      amountFen,
    });
    byPayee.set(key, entry);
  }
  return [...byPayee.values()].map(({ first, parts }) => ({
    uscc: first.uscc,
    accountNo: first.payeeAccountNo,
    accountName: first.payeeAccountName,
    amountFen: sumFen(parts.map((p) => p.amountFen)),
    parts,
  }));
}
