/**
 * A deposit into a fund, as pool-allocation (its funds) and the subsidy service (its subsidy
 * funds) each record theirs in a `deposits` table of the same columns.
 */
export interface FundDeposit {
  readonly depositId: string;
  readonly fundId: string;
  readonly amountFen: bigint;
  readonly reference: string | null;
  readonly depositedBy: string;
  readonly businessDate: string;
}

/** The `deposits` row's columns (row-mapping's `insertRow`), in FundDeposit's order. */
export const FUND_DEPOSIT_COLUMNS =
  'deposit_id, fund_id, amount_fen, reference, deposited_by, business_date';

/** The deposit a fund manager (`actor`) makes on the business date. */
export function fundDeposit(
  depositId: string,
  cmd: { readonly fundId: string; readonly amountFen: bigint; readonly reference?: string },
  by: { readonly actor: string; readonly businessDate: string },
): FundDeposit {
  return {
    depositId,
    fundId: cmd.fundId,
    amountFen: cmd.amountFen,
    reference: cmd.reference ?? null,
    depositedBy: by.actor,
    businessDate: by.businessDate,
  };
}
