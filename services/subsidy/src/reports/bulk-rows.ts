import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { FieldError, fieldErrorsOf } from '@riskpool/service-kit';
import { InterestReportDto } from './interest-report.dto';

/** CSV columns of a bulk interest report (header row first, any order; `roundId` optional). */
export const CSV_COLUMNS = [
  'loanId',
  'periodStart',
  'periodEnd',
  'interestPaidFen',
  'outstandingAtStartFen',
  'payeeAccountNo',
  'payeeAccountName',
  'roundId',
] as const;

export type ParsedRow =
  | { readonly row: number; readonly ok: true; readonly dto: InterestReportDto }
  | { readonly row: number; readonly ok: false; readonly errors: readonly FieldError[] };

export class BulkFormatError extends Error {
  constructor(
    message: string,
    readonly errors: readonly FieldError[] = [],
  ) {
    super(message);
  }
}

/** One row, validated exactly as the single route's ValidationPipe would. */
export function validateRow(row: number, plain: unknown): ParsedRow {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain))
    return {
      row,
      ok: false,
      errors: [{ field: '(row)', code: 'notAnObject', message: 'a row is one JSON object' }],
    };
  const dto = plainToInstance(InterestReportDto, plain, { enableImplicitConversion: false });
  const errors = validateSync(dto, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
  });
  return errors.length === 0
    ? { row, ok: true, dto }
    : { row, ok: false, errors: fieldErrorsOf(errors) };
}

export function parseJsonLines(text: string): ParsedRow[] {
  const rows: ParsedRow[] = [];
  let row = 0;
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    row += 1;
    let plain: unknown;
    try {
      plain = JSON.parse(line);
    } catch (error) {
      rows.push({
        row,
        ok: false,
        errors: [
          { field: '(row)', code: 'json', message: `not JSON: ${(error as Error).message}` },
        ],
      });
      continue;
    }
    rows.push(validateRow(row, plain));
  }
  return rows;
}

/** RFC 4180 records: quoted cells may hold commas ("Co., Ltd."), doubled quotes, line breaks. */
export function csvRecords(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  const endCell = (): void => {
    record.push(cell);
    cell = '';
  };
  const endRecord = (): void => {
    endCell();
    if (!(record.length === 1 && record[0] === '')) records.push(record);
    record = [];
  };
  for (let i = 0; i < text.length; i += 1) {
    const ch = text.charAt(i);
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === ',') endCell();
    else if (ch === '\n') endRecord();
    else if (ch !== '\r') cell += ch;
  }
  if (quoted) throw new BulkFormatError('CSV ends inside a quoted cell');
  if (cell !== '' || record.length > 0) endRecord();
  return records;
}

export function parseCsv(text: string): ParsedRow[] {
  const [header, ...records] = csvRecords(text.startsWith('\uFEFF') ? text.slice(1) : text);
  if (header === undefined) return [];
  const index = new Map(header.map((name, i) => [name.trim(), i]));
  const missing = CSV_COLUMNS.filter((c) => c !== 'roundId' && !index.has(c));
  const unknown = [...index.keys()].filter((c) => !(CSV_COLUMNS as readonly string[]).includes(c));
  if (missing.length > 0 || unknown.length > 0)
    throw new BulkFormatError('The CSV header does not name the expected columns.', [
      ...missing.map((c) => ({ field: c, code: 'missingColumn', message: `column ${c} missing` })),
      ...unknown.map((c) => ({ field: c, code: 'unknownColumn', message: `column ${c} unknown` })),
    ]);
  return records.map((cells, i) => {
    const plain: Record<string, string> = {};
    for (const column of CSV_COLUMNS) {
      const at = index.get(column);
      const value = at === undefined ? '' : (cells[at] ?? '');
      if (column !== 'roundId' || value !== '') plain[column] = value;
    }
    return validateRow(i + 1, plain);
  });
}

/** `text/csv` is CSV; any other text body is JSON lines; `{"reports": [...]}` JSON is accepted. */
export function parseBulkBody(contentType: string | undefined, body: unknown): ParsedRow[] {
  if (typeof body !== 'string') {
    const reports = (body as { reports?: unknown } | null)?.reports;
    if (Array.isArray(reports)) return reports.map((plain, i) => validateRow(i + 1, plain));
    throw new BulkFormatError(
      'Send JSON lines (application/x-ndjson), CSV (text/csv) or {"reports": [...]} as JSON.',
    );
  }
  return (contentType ?? '').toLowerCase().startsWith('text/csv')
    ? parseCsv(body)
    : parseJsonLines(body);
}
