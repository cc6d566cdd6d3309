import { BankStatementFigures, ProgrammeStatementFigures } from '@riskpool/domain';
import {
  closingRows,
  fundMovementRows,
  openingRows,
  StatementDocument,
  StatementRow,
  StatementSection,
} from './statement-document';

interface Header {
  readonly statementId: string;
  /** `YYYY-MM` (monthly) or `YYYY` (annual). */
  readonly period: string;
  readonly openingSeq: bigint;
  readonly closingSeq: bigint;
  readonly issuedAt: string;
}

/** The subject id of the programme statements: the whole programme. */
export const PROGRAMME_SUBJECT = 'PROGRAMME';

function compensationRows(b: BankStatementFigures): StatementRow[] {
  return [
    {
      labelZh: '本期收到代偿',
      labelEn: 'Compensation received',
      amountFen: b.compensationReceivedFen,
    },
    {
      labelZh: '累计收到代偿',
      labelEn: 'Compensation received to date',
      amountFen: b.compensationReceivedToDateFen,
    },
    { labelZh: '本期银行自担损失', labelEn: 'Loss borne', amountFen: b.lossBorneFen },
    { labelZh: '累计银行自担损失', labelEn: 'Loss borne to date', amountFen: b.lossBorneToDateFen },
  ];
}

function recoveryRows(b: BankStatementFigures): StatementRow[] {
  return [
    {
      labelZh: '期初应付追偿款',
      labelEn: 'Recoveries owed, opening',
      amountFen: b.recoveriesOwedOpeningFen,
    },
    {
      labelZh: '本期新增应付追偿款',
      labelEn: 'Recoveries assessed',
      amountFen: b.recoveriesAssessedFen,
    },
    {
      labelZh: '本期已结清追偿款',
      labelEn: 'Recoveries settled',
      amountFen: b.recoveriesSettledFen,
    },
    {
      labelZh: '期末应付追偿款',
      labelEn: 'Recoveries owed, closing',
      amountFen: b.recoveriesOwedClosingFen,
    },
    {
      labelZh: '本期划付追偿款',
      labelEn: 'Recoveries remitted',
      amountFen: b.recoveriesRemittedFen,
    },
    {
      labelZh: '累计划付追偿款',
      labelEn: 'Recoveries remitted to date',
      amountFen: b.recoveriesRemittedToDateFen,
    },
  ];
}

function subsidyRows(b: BankStatementFigures): StatementRow[] {
  return [
    { labelZh: '本期核定贴息', labelEn: 'Subsidy granted', amountFen: b.subsidyGrantedFen },
    { labelZh: '本期已支付贴息', labelEn: 'Subsidies paid', amountFen: b.subsidyPaidFen },
  ];
}

function bankChart(b: BankStatementFigures): StatementRow[] {
  return [
    { labelZh: '收到代偿', labelEn: 'Compensation received', amountFen: b.compensationReceivedFen },
    { labelZh: '银行自担损失', labelEn: 'Loss borne', amountFen: b.lossBorneFen },
    { labelZh: '新增应付追偿', labelEn: 'Recoveries assessed', amountFen: b.recoveriesAssessedFen },
    { labelZh: '划付追偿款', labelEn: 'Recoveries remitted', amountFen: b.recoveriesRemittedFen },
  ];
}

/** An institution's monthly statement: compensation, recoveries and each claim of the month. */
export function bankStatementDocument(
  h: Header & { figures: BankStatementFigures },
): StatementDocument {
  const b = h.figures;
  const claimSections: StatementSection[] = b.claims.map((c) => ({
    titleZh: `理赔 ${c.claimId}（贷款 ${c.loanId}）`,
    titleEn: `Claim ${c.claimId} (loan ${c.loanId})`,
    rows: [
      {
        labelZh: '收到代偿',
        labelEn: 'Compensation received',
        amountFen: c.compensationReceivedFen,
      },
      { labelZh: '银行自担损失', labelEn: 'Loss borne', amountFen: c.lossBorneFen },
      {
        labelZh: '新增应付追偿款',
        labelEn: 'Recoveries assessed',
        amountFen: c.recoveriesAssessedFen,
      },
      { labelZh: '已结清追偿款', labelEn: 'Recoveries settled', amountFen: c.recoveriesSettledFen },
    ],
  }));
  return {
    ...h,
    kind: 'BANK_MONTHLY',
    subjectId: b.bankId,
    titleZh: `合作银行月度对账单（${b.bankId}，${h.period}）`,
    titleEn: `Monthly institution statement (${b.bankId}, ${h.period})`,
    sections: [
      { titleZh: '代偿', titleEn: 'Compensation', rows: compensationRows(b) },
      { titleZh: '追偿', titleEn: 'Recoveries', rows: recoveryRows(b) },
      {
        titleZh: '借款企业贴息',
        titleEn: 'Interest subsidy of its borrowers',
        rows: subsidyRows(b),
      },
      ...claimSections,
    ],
    chart: bankChart(b),
  };
}

/**
 * The programme statement for the regulator, monthly or annual: totals, then every fund (a town's
 * fund is its town) and every institution with the lines of their own statements.
 */
export function programmeStatementDocument(
  h: Header & { annual: boolean; figures: ProgrammeStatementFigures },
): StatementDocument {
  const { totals: t, funds, banks } = h.figures;
  const totalRows: StatementRow[] = [
    ...openingRows(t),
    { labelZh: '存入资金', labelEn: 'Deposits', amountFen: t.depositsFen },
    { labelZh: '冻结（新增）', labelEn: 'Holds placed', amountFen: t.holdsPlacedFen },
    { labelZh: '冻结释放', labelEn: 'Holds released', amountFen: t.holdsReleasedFen },
    { labelZh: '代偿支付', labelEn: 'Payouts', amountFen: t.payoutsFen },
    { labelZh: '追偿回收', labelEn: 'Recoveries received', amountFen: t.recoveriesReceivedFen },
    { labelZh: '贴息补助', labelEn: 'Subsidy grants', amountFen: t.subsidyGrantsFen },
    { labelZh: '贴息核减', labelEn: 'Subsidy lapsed', amountFen: t.subsidyLapsedFen },
    { labelZh: '贴息已支付', labelEn: 'Subsidies paid', amountFen: t.subsidiesPaidFen },
    ...closingRows(t),
    {
      labelZh: '银行收到代偿',
      labelEn: 'Compensation received',
      amountFen: t.compensationReceivedFen,
    },
    { labelZh: '银行自担损失', labelEn: 'Loss borne', amountFen: t.lossBorneFen },
    {
      labelZh: '新增应付追偿款',
      labelEn: 'Recoveries assessed',
      amountFen: t.recoveriesAssessedFen,
    },
    {
      labelZh: '期末应付追偿款',
      labelEn: 'Recoveries owed, closing',
      amountFen: t.recoveriesOwedClosingFen,
    },
    {
      labelZh: '银行划付追偿款',
      labelEn: 'Recoveries remitted',
      amountFen: t.recoveriesRemittedFen,
    },
  ];
  const what = h.annual
    ? { zh: '年度报告', en: 'Annual programme report', kind: 'PROGRAMME_ANNUAL' as const }
    : { zh: '月度报告', en: 'Monthly programme statement', kind: 'PROGRAMME_MONTHLY' as const };
  return {
    ...h,
    kind: what.kind,
    subjectId: PROGRAMME_SUBJECT,
    titleZh: `风险补偿资金池项目${what.zh}（${h.period}）`,
    titleEn: `${what.en} (${h.period})`,
    sections: [
      { titleZh: '合计', titleEn: 'Programme totals', rows: totalRows },
      ...funds.map((f) => ({
        titleZh: `资金池 ${f.fundId}`,
        titleEn: `Fund ${f.fundId}`,
        rows: [...openingRows(f), ...fundMovementRows(f), ...closingRows(f)],
      })),
      ...banks.map((b) => ({
        titleZh: `合作银行 ${b.bankId}`,
        titleEn: `Institution ${b.bankId}`,
        rows: [...compensationRows(b), ...recoveryRows(b), ...subsidyRows(b)],
      })),
    ],
    chartAfterSection: 0,
    chart: [
      { labelZh: '存入资金', labelEn: 'Deposits', amountFen: t.depositsFen },
      { labelZh: '代偿支付', labelEn: 'Payouts', amountFen: t.payoutsFen },
      { labelZh: '追偿回收', labelEn: 'Recoveries received', amountFen: t.recoveriesReceivedFen },
      { labelZh: '贴息补助', labelEn: 'Subsidy grants', amountFen: t.subsidyGrantsFen },
      {
        labelZh: '新增应付追偿',
        labelEn: 'Recoveries assessed',
        amountFen: t.recoveriesAssessedFen,
      },
    ],
  };
}
