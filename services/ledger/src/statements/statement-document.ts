import { FundStatementFigures, isSubsidyFundId } from '@riskpool/domain';

/**
 * What a statement says, independent of its file format: the CSV and the PDF are both drawn from
 * one document, so they cannot disagree (docs/domain.md §10).
 */
export type StatementKind =
  'FUND_MONTHLY' | 'BANK_MONTHLY' | 'PROGRAMME_MONTHLY' | 'PROGRAMME_ANNUAL';

export interface StatementRow {
  readonly labelZh: string;
  readonly labelEn: string;
  readonly amountFen: bigint;
}

/**
 * A figure that is not money (ADR 0019): a number of loans, repayments or defaults, or a ratio in
 * bp (quota use, leverage, NPL ratio); null when the ratio is undefined (nothing to divide by).
 */
export interface StatementQuantityRow {
  readonly labelZh: string;
  readonly labelEn: string;
  readonly quantity: bigint | null;
  readonly unit: 'count' | 'bp';
}

/**
 * A claim's state at the statement's opening (null: not booked yet) and at its closing (ADR 0019):
 * the claim states of pool-allocation (OPEN, DEFERRED, APPROVED, DENIED, WITHDRAWN).
 */
export interface StatementStateRow {
  readonly labelZh: string;
  readonly labelEn: string;
  readonly openingState: string | null;
  readonly closingState: string;
}

export type StatementLine = StatementRow | StatementQuantityRow | StatementStateRow;

/** A money figure of a statement, labelled in Chinese and English. */
export function moneyRow(labelZh: string, labelEn: string, amountFen: bigint): StatementRow {
  return { labelZh, labelEn, amountFen };
}

export function isQuantityRow(row: StatementLine): row is StatementQuantityRow {
  return 'quantity' in row;
}

export function isStateRow(row: StatementLine): row is StatementStateRow {
  return 'closingState' in row;
}

/** A claim state's name on a statement, per language; `—` before the claim was booked. */
export const CLAIM_STATE_NAMES: Readonly<Record<string, { zh: string; en: string }>> = {
  OPEN: { zh: '审核中', en: 'Open' },
  DEFERRED: { zh: '已暂缓', en: 'Deferred' },
  APPROVED: { zh: '已批准', en: 'Approved' },
  DENIED: { zh: '已驳回', en: 'Denied' },
  WITHDRAWN: { zh: '已撤回', en: 'Withdrawn' },
};

export function claimStateName(state: string | null, lang: 'zh' | 'en'): string {
  if (state === null) return '—';
  return CLAIM_STATE_NAMES[state]?.[lang] ?? state;
}

export interface StatementSection {
  readonly titleZh: string;
  readonly titleEn: string;
  readonly rows: readonly StatementLine[];
}

export interface StatementDocument {
  readonly statementId: string;
  readonly kind: StatementKind;
  /** The fund, bank or programme the statement is about. */
  readonly subjectId: string;
  /** `YYYY-MM` (monthly) or `YYYY` (annual). */
  readonly period: string;
  readonly titleZh: string;
  readonly titleEn: string;
  /** The journal positions the figures were read between: (openingSeq, closingSeq]. */
  readonly openingSeq: bigint;
  readonly closingSeq: bigint;
  readonly issuedAt: string;
  readonly sections: readonly StatementSection[];
  /** The month's movements, drawn as the PDF's chart. */
  readonly chart: readonly StatementRow[];
  /** The section the chart follows (default the last): the programme's totals, on its first page. */
  readonly chartAfterSection?: number;
}

export function fundStatementDocument(args: {
  readonly statementId: string;
  readonly month: string;
  readonly openingSeq: bigint;
  readonly closingSeq: bigint;
  readonly issuedAt: string;
  readonly figures: FundStatementFigures;
}): StatementDocument {
  const f = args.figures;
  const movements = fundMovementRows(f);
  return {
    statementId: args.statementId,
    kind: 'FUND_MONTHLY',
    subjectId: f.fundId,
    period: args.month,
    titleZh: `风险补偿资金池月度对账单（${f.fundId}，${args.month}）`,
    titleEn: `Monthly fund statement (${f.fundId}, ${args.month})`,
    openingSeq: args.openingSeq,
    closingSeq: args.closingSeq,
    issuedAt: args.issuedAt,
    sections: [
      { titleZh: '期初余额', titleEn: 'Opening balance', rows: openingRows(f) },
      { titleZh: '本月变动', titleEn: 'Movements of the month', rows: movements },
      { titleZh: '期末余额', titleEn: 'Closing balance', rows: closingRows(f) },
    ],
    chart: movements,
  };
}

/** A fund's movements over the period (the fund statement's middle section and its chart). */
export function fundMovementRows(f: FundStatementFigures): StatementRow[] {
  const movements: StatementRow[] = [
    moneyRow('存入资金', 'Deposits', f.depositsFen),
    moneyRow('冻结（新增）', 'Holds placed', f.holdsPlacedFen),
    moneyRow('冻结释放', 'Holds released', f.holdsReleasedFen),
    moneyRow('代偿支付', 'Payouts', f.payoutsFen),
    moneyRow('追偿回收', 'Recoveries received', f.recoveriesReceivedFen),
    moneyRow('贴息补助', 'Subsidy grants', f.subsidyGrantsFen),
  ];
  // A subsidy fund's lapses (a memo) and payments from its grants; none on a compensation fund.
  if (isSubsidyFundId(f.fundId) || f.subsidyLapsedFen !== 0n || f.subsidiesPaidFen !== 0n)
    movements.push(
      moneyRow('贴息核减', 'Subsidy lapsed', f.subsidyLapsedFen),
      moneyRow('贴息已支付', 'Subsidies paid', f.subsidiesPaidFen),
    );
  if (f.otherCreditsFen !== 0n)
    movements.push(moneyRow('其他入账', 'Other credits', f.otherCreditsFen));
  if (f.otherDebitsFen !== 0n)
    movements.push(moneyRow('其他出账', 'Other debits', f.otherDebitsFen));
  return movements;
}

export function openingRows(f: Pick<FundStatementFigures, 'opening'>): StatementRow[] {
  return [
    moneyRow('期初可用', 'Opening available', f.opening.availableFen),
    moneyRow('期初冻结', 'Opening held', f.opening.heldFen),
    moneyRow('期初余额', 'Opening balance', f.opening.balanceFen),
  ];
}

export function closingRows(f: Pick<FundStatementFigures, 'closing'>): StatementRow[] {
  return [
    moneyRow('期末可用', 'Closing available', f.closing.availableFen),
    moneyRow('期末冻结', 'Closing held', f.closing.heldFen),
    moneyRow('期末余额', 'Closing balance', f.closing.balanceFen),
  ];
}
