import { formatQuantity, parseCsv, statementSections } from './statement-csv';

const CSV =
  '\uFEFFsection,栏目,item,项目,amount_fen,amount_yuan\r\n' +
  'statement,对账单,statement_id,对账单编号,,bank-monthly-B1-2026-06\r\n' +
  'Recoveries,追偿,"Recoveries owed, opening",期初应付追偿款,0,0.00\r\n' +
  'Recoveries,追偿,Recoveries assessed,本期新增应付追偿款,123456,1234.56\r\n' +
  'Claim C1 (loan L1),理赔 C1（贷款 L1）,Compensation received,收到代偿,10000,100.00\r\n';

describe('statement CSV in the console', () => {
  it('parses RFC 4180 quoting and the BOM', () => {
    expect(parseCsv('\uFEFFa,"b,""c"""\r\nd,e\r\n')).toEqual([
      ['a', 'b,"c"'],
      ['d', 'e'],
    ]);
  });

  it('groups the figures by section in the reader’s language, without the heading rows', () => {
    expect(statementSections(CSV, 'en')).toEqual([
      {
        title: 'Recoveries',
        rows: [
          { label: 'Recoveries owed, opening', amountFen: '0' },
          { label: 'Recoveries assessed', amountFen: '123456' },
        ],
      },
      {
        title: 'Claim C1 (loan L1)',
        rows: [{ label: 'Compensation received', amountFen: '10000' }],
      },
    ]);
    expect(statementSections(CSV, 'zh-CN')[0]?.rows[1]?.label).toBe('本期新增应付追偿款');
  });

  it('reads the loan book’s counts and ratios (ADR 0019) beside the money, in both languages', () => {
    const csv =
      '\uFEFFsection,栏目,item,项目,amount_fen,amount_yuan,quantity,unit\r\n' +
      'Loans,贷款,Loans registered (number),本期新增登记贷款笔数,,,1234,count\r\n' +
      'Loans,贷款,Closing exposure,期末在保敞口,150000000,1500000.00,,\r\n' +
      'Loans,贷款,Quota use,额度使用率,,,750,bp\r\n' +
      'Town X,镇街 X,Leverage,放大倍数,,,,bp\r\n';
    const [loans, town] = statementSections(csv, 'en');
    expect(loans?.rows).toEqual([
      { label: 'Loans registered (number)', quantity: '1234', unit: 'count' },
      { label: 'Closing exposure', amountFen: '150000000' },
      { label: 'Quota use', quantity: '750', unit: 'bp' },
    ]);
    expect(town?.rows).toEqual([{ label: 'Leverage', quantity: null, unit: 'bp' }]);
    expect(statementSections(csv, 'zh-CN')[0]?.rows[0]?.label).toBe('本期新增登记贷款笔数');
    expect(formatQuantity({ quantity: '1234', unit: 'count' })).toBe('1,234');
    expect(formatQuantity({ quantity: '750', unit: 'bp' })).toBe('750 bp');
    expect(formatQuantity({ quantity: null, unit: 'bp' })).toBe('—');
  });

  it('reads each claim’s state at the opening and the closing (ADR 0019)', () => {
    const csv =
      '\uFEFFsection,栏目,item,项目,amount_fen,amount_yuan,quantity,unit,state_opening,state_closing\r\n' +
      'Claims and their states,理赔及其状态,Claims denied (number),本期驳回笔数,,,1,count,,\r\n' +
      'Claims and their states,理赔及其状态,Claim C1 (loan L1) state,理赔 C1（贷款 L1）状态,,,,state,DEFERRED,OPEN\r\n' +
      'Claims and their states,理赔及其状态,Claim C2 (loan L2) state,理赔 C2（贷款 L2）状态,,,,state,,DENIED\r\n';
    expect(statementSections(csv, 'en')[0]?.rows).toEqual([
      { label: 'Claims denied (number)', quantity: '1', unit: 'count' },
      { label: 'Claim C1 (loan L1) state', openingState: 'DEFERRED', closingState: 'OPEN' },
      { label: 'Claim C2 (loan L2) state', openingState: null, closingState: 'DENIED' },
    ]);
    expect(statementSections(csv, 'zh-CN')[0]?.title).toBe('理赔及其状态');
  });
});
