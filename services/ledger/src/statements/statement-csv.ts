import { CSV_BOM, csvField, csvLine, parseCsv as parseCsvText, plainYuan } from '@riskpool/domain';
import { StatementDocument, isQuantityRow, isStateRow } from './statement-document';

export { csvField };

/**
 * Money in fen and yuan; a figure that is not money (a number of loans, a ratio in bp; ADR 0019)
 * in `quantity` with its `unit` (`count` or `bp`), empty when the ratio is undefined; a claim's
 * state (unit `state`) at the opening and the closing in `state_opening` (empty before the claim
 * was booked) and `state_closing`, as pool-allocation names them (OPEN, DEFERRED, APPROVED…).
 */
export const CSV_HEADER = [
  'section',
  '栏目',
  'item',
  '项目',
  'amount_fen',
  'amount_yuan',
  'quantity',
  'unit',
  'state_opening',
  'state_closing',
] as const;

/**
 * The statement as RFC 4180 CSV (CRLF line ends, a header row), UTF-8 with a BOM. Amounts are in
 * fen and in yuan with two decimals, one column each. The first rows say what the statement is.
 */
export function statementCsv(doc: StatementDocument): Buffer {
  let text = csvLine(CSV_HEADER);
  const info: Array<[string, string, string]> = [
    ['statement_id', '对账单编号', doc.statementId],
    ['kind', '类型', doc.kind],
    ['subject', '对象', doc.subjectId],
    ['period', '期间', doc.period],
    ['opening_seq', '期初分录序号', doc.openingSeq.toString()],
    ['closing_seq', '期末分录序号', doc.closingSeq.toString()],
    ['issued_at', '出具时间', doc.issuedAt],
  ];
  for (const [en, zh, value] of info)
    text += csvLine(['statement', '对账单', en, zh, '', value, '', '', '', '']);
  for (const section of doc.sections)
    for (const row of section.rows)
      text += csvLine([
        section.titleEn,
        section.titleZh,
        row.labelEn,
        row.labelZh,
        ...(isStateRow(row)
          ? ['', '', '', 'state', row.openingState ?? '', row.closingState]
          : isQuantityRow(row)
            ? ['', '', row.quantity === null ? '' : row.quantity.toString(), row.unit, '', '']
            : [row.amountFen.toString(), plainYuan(row.amountFen), '', '', '', '']),
      ]);
  return Buffer.from(CSV_BOM + text, 'utf8');
}

/** Parses the CSV this module writes (RFC 4180 quoting), for tests and checks. */
export function parseCsv(bytes: Buffer): string[][] {
  return parseCsvText(bytes.toString('utf8'));
}
