import {
  BankClaimStateFigures,
  BankLoanFigures,
  BankStatementFigures,
  ExposureLine,
  ProgrammeLoanFigures,
  ProgrammeStatementFigures,
} from '@riskpool/domain';
import {
  closingRows,
  fundMovementRows,
  moneyRow,
  openingRows,
  StatementDocument,
  StatementLine,
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
    moneyRow('本期收到代偿', 'Compensation received', b.compensationReceivedFen),
    moneyRow('累计收到代偿', 'Compensation received to date', b.compensationReceivedToDateFen),
    moneyRow('本期银行自担损失', 'Loss borne', b.lossBorneFen),
    moneyRow('累计银行自担损失', 'Loss borne to date', b.lossBorneToDateFen),
  ];
}

function recoveryRows(b: BankStatementFigures): StatementRow[] {
  return [
    moneyRow('期初应付追偿款', 'Recoveries owed, opening', b.recoveriesOwedOpeningFen),
    moneyRow('本期新增应付追偿款', 'Recoveries assessed', b.recoveriesAssessedFen),
    moneyRow('本期已结清追偿款', 'Recoveries settled', b.recoveriesSettledFen),
    moneyRow('期末应付追偿款', 'Recoveries owed, closing', b.recoveriesOwedClosingFen),
    moneyRow('本期划付追偿款', 'Recoveries remitted', b.recoveriesRemittedFen),
    moneyRow('累计划付追偿款', 'Recoveries remitted to date', b.recoveriesRemittedToDateFen),
  ];
}

function subsidyRows(b: BankStatementFigures): StatementRow[] {
  return [
    moneyRow('本期核定贴息', 'Subsidy granted', b.subsidyGrantedFen),
    moneyRow('本期已支付贴息', 'Subsidies paid', b.subsidyPaidFen),
  ];
}

const count = (labelZh: string, labelEn: string, quantity: bigint): StatementLine => ({
  labelZh,
  labelEn,
  quantity,
  unit: 'count',
});
const bp = (labelZh: string, labelEn: string, quantity: bigint | null): StatementLine => ({
  labelZh,
  labelEn,
  quantity,
  unit: 'bp',
});

/** Loans registered and repaid, exposure and quota use (ADR 0019: the memo entries). */
function loanRows(l: BankLoanFigures): StatementLine[] {
  return [
    count('本期新增登记贷款笔数', 'Loans registered (number)', l.loansRegistered),
    moneyRow('本期新增登记本金', 'Principal registered', l.principalRegisteredFen),
    count('本期还款笔数', 'Repayments (number)', l.repayments),
    moneyRow('本期还款金额', 'Principal repaid', l.repaidFen),
    moneyRow('期初在保敞口', 'Opening exposure', l.exposureOpeningFen),
    moneyRow(
      '违约、治愈、代偿及核销引起的敞口变动',
      'Exposure change by credit events',
      l.exposureOtherChangesFen,
    ),
    moneyRow('期末在保敞口', 'Closing exposure', l.exposureClosingFen),
    moneyRow('合作额度', 'Quota', l.quotaFen),
    bp('额度使用率', 'Quota use', l.quotaUseBp),
  ];
}

/** Defaults and the NPL ratio (docs/domain.md §6) from the defaulted exposure's memo. */
function defaultRows(l: BankLoanFigures): StatementLine[] {
  return [
    count('本期违约笔数', 'Defaults reported (number)', l.defaultsReported),
    moneyRow('本期违约时未偿本金', 'Outstanding at default', l.defaultedAtReportFen),
    moneyRow('本期治愈', 'Defaults cured', l.defaultsCuredFen),
    moneyRow(
      '本期代偿或核销结束的违约敞口',
      'Defaulted exposure compensated or written off',
      l.defaultsEndedFen,
    ),
    moneyRow('期初违约敞口', 'Opening defaulted exposure', l.defaultedOpeningFen),
    moneyRow('期末违约敞口', 'Closing defaulted exposure', l.defaultedClosingFen),
    bp('不良率', 'NPL ratio', l.nplBp),
  ];
}

/**
 * Claims and their states (ADR 0019, claim memo entries): the month's claim events, the claims
 * open and deferred at each end, then each claim open at the opening or with an event in the month,
 * with its state at the opening and at the closing.
 */
function claimStateRows(c: BankClaimStateFigures): StatementLine[] {
  return [
    count('本期立案理赔笔数', 'Claims opened (number)', c.opened + c.openedDeferred),
    count('其中暂缓受理', 'of which deferred', c.openedDeferred),
    count('本期解除暂缓笔数', 'Deferrals lifted (number)', c.deferralsLifted),
    count('本期批准笔数', 'Claims approved (number)', c.approved),
    count('本期驳回笔数', 'Claims denied (number)', c.denied),
    count('本期撤回笔数', 'Claims withdrawn (number)', c.withdrawn),
    count('期初审核中笔数', 'Open at opening (number)', c.openAtOpening),
    count('期初暂缓笔数', 'Deferred at opening (number)', c.deferredAtOpening),
    count('期末审核中笔数', 'Open at closing (number)', c.openAtClosing),
    count('期末暂缓笔数', 'Deferred at closing (number)', c.deferredAtClosing),
    ...c.claims.map((line) => ({
      labelZh: `理赔 ${line.claimId}（贷款 ${line.loanId}）`,
      labelEn: `Claim ${line.claimId} (loan ${line.loanId})`,
      openingState: line.openingState,
      closingState: line.closingState,
    })),
  ];
}

/** One town's or institution's (or the programme's) exposure, leverage and NPL ratio. */
function exposureLineRows(e: ExposureLine): StatementLine[] {
  return [
    moneyRow('在保敞口', 'Exposure', e.exposureFen),
    moneyRow('违约敞口', 'Defaulted exposure', e.defaultedFen),
    bp('不良率', 'NPL ratio', e.nplBp),
    {
      labelZh: `服务资金池余额（${e.servingFunds.join(' + ')}）`,
      labelEn: `Balance of serving funds (${e.servingFunds.join(' + ')})`,
      amountFen: e.servingFundsBalanceFen,
    },
    bp('放大倍数', 'Leverage', e.leverageBp),
  ];
}

function bankChart(b: BankStatementFigures): StatementRow[] {
  return [
    moneyRow('收到代偿', 'Compensation received', b.compensationReceivedFen),
    moneyRow('银行自担损失', 'Loss borne', b.lossBorneFen),
    moneyRow('新增应付追偿', 'Recoveries assessed', b.recoveriesAssessedFen),
    moneyRow('划付追偿款', 'Recoveries remitted', b.recoveriesRemittedFen),
  ];
}

/** An institution's monthly statement: compensation, recoveries and each claim of the month. */
export function bankStatementDocument(
  h: Header & {
    figures: BankStatementFigures;
    loans: BankLoanFigures;
    claimStates: BankClaimStateFigures;
  },
): StatementDocument {
  const b = h.figures;
  const l = h.loans;
  const claimSections: StatementSection[] = b.claims.map((c) => ({
    titleZh: `理赔 ${c.claimId}（贷款 ${c.loanId}）`,
    titleEn: `Claim ${c.claimId} (loan ${c.loanId})`,
    rows: [
      moneyRow('收到代偿', 'Compensation received', c.compensationReceivedFen),
      moneyRow('银行自担损失', 'Loss borne', c.lossBorneFen),
      moneyRow('新增应付追偿款', 'Recoveries assessed', c.recoveriesAssessedFen),
      moneyRow('已结清追偿款', 'Recoveries settled', c.recoveriesSettledFen),
    ],
  }));
  return {
    ...h,
    kind: 'BANK_MONTHLY',
    subjectId: b.bankId,
    titleZh: `合作银行月度对账单（${b.bankId}，${h.period}）`,
    titleEn: `Monthly institution statement (${b.bankId}, ${h.period})`,
    sections: [
      { titleZh: '贷款', titleEn: 'Loans', rows: loanRows(l) },
      { titleZh: '违约', titleEn: 'Defaults', rows: defaultRows(l) },
      { titleZh: '代偿', titleEn: 'Compensation', rows: compensationRows(b) },
      { titleZh: '追偿', titleEn: 'Recoveries', rows: recoveryRows(b) },
      {
        titleZh: '借款企业贴息',
        titleEn: 'Interest subsidy of its borrowers',
        rows: subsidyRows(b),
      },
      {
        titleZh: '理赔及其状态',
        titleEn: 'Claims and their states',
        rows: claimStateRows(h.claimStates),
      },
      ...claimSections,
      {
        titleZh: '按借款企业所在镇街的期末敞口',
        titleEn: 'Closing exposure by borrower’s town',
        rows: l.towns.flatMap((t) => [
          {
            labelZh: `${t.townCode} 在保敞口`,
            labelEn: `${t.townCode} exposure`,
            amountFen: t.exposureFen,
          },
          {
            labelZh: `${t.townCode} 违约敞口`,
            labelEn: `${t.townCode} defaulted exposure`,
            amountFen: t.defaultedFen,
          },
        ]),
      },
    ],
    // The chart follows the compensation section (index 2): the month's money movements.
    chartAfterSection: 2,
    chart: bankChart(b),
  };
}

/**
 * The programme statement for the regulator, monthly or annual: totals, then every fund (a town's
 * fund is its town) and every institution with the lines of their own statements.
 */
export function programmeStatementDocument(
  h: Header & { annual: boolean; figures: ProgrammeStatementFigures; loans: ProgrammeLoanFigures },
): StatementDocument {
  const { totals: t, funds, banks } = h.figures;
  const loans = h.loans;
  const bankLines = new Map(loans.banks.map((b) => [b.id, b]));
  const totalRows: StatementLine[] = [
    ...openingRows(t),
    moneyRow('存入资金', 'Deposits', t.depositsFen),
    moneyRow('冻结（新增）', 'Holds placed', t.holdsPlacedFen),
    moneyRow('冻结释放', 'Holds released', t.holdsReleasedFen),
    moneyRow('代偿支付', 'Payouts', t.payoutsFen),
    moneyRow('追偿回收', 'Recoveries received', t.recoveriesReceivedFen),
    moneyRow('贴息补助', 'Subsidy grants', t.subsidyGrantsFen),
    moneyRow('贴息核减', 'Subsidy lapsed', t.subsidyLapsedFen),
    moneyRow('贴息已支付', 'Subsidies paid', t.subsidiesPaidFen),
    ...closingRows(t),
    moneyRow('银行收到代偿', 'Compensation received', t.compensationReceivedFen),
    moneyRow('银行自担损失', 'Loss borne', t.lossBorneFen),
    moneyRow('新增应付追偿款', 'Recoveries assessed', t.recoveriesAssessedFen),
    moneyRow('期末应付追偿款', 'Recoveries owed, closing', t.recoveriesOwedClosingFen),
    moneyRow('银行划付追偿款', 'Recoveries remitted', t.recoveriesRemittedFen),
    ...exposureLineRows(loans.total),
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
      ...loans.towns.map((town) => ({
        titleZh: `镇街 ${town.id}`,
        titleEn: `Town ${town.id}`,
        rows: exposureLineRows(town),
      })),
      ...banks.map((b) => {
        const line = bankLines.get(b.bankId);
        return {
          titleZh: `合作银行 ${b.bankId}`,
          titleEn: `Institution ${b.bankId}`,
          rows: [
            ...(line !== undefined ? exposureLineRows(line) : []),
            ...compensationRows(b),
            ...recoveryRows(b),
            ...subsidyRows(b),
          ],
        };
      }),
    ],
    chartAfterSection: 0,
    chart: [
      moneyRow('存入资金', 'Deposits', t.depositsFen),
      moneyRow('代偿支付', 'Payouts', t.payoutsFen),
      moneyRow('追偿回收', 'Recoveries received', t.recoveriesReceivedFen),
      moneyRow('贴息补助', 'Subsidy grants', t.subsidyGrantsFen),
      moneyRow('新增应付追偿', 'Recoveries assessed', t.recoveriesAssessedFen),
    ],
  };
}
