import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { FieldError, fieldErrorsOf } from '@riskpool/service-kit';
import { RegisterLoanDto } from './register-loan.dto';

/**
 * `POST /loans/bulk` bodies: JSON lines (one registration object per line, as `POST /loans`
 * takes it) or CSV with a header row naming these columns (any order):
 */
export const CSV_COLUMNS = [
  'bankReference',
  'uscc',
  'enterpriseName',
  'townCode',
  'qualifications',
  'principalFen',
  'annualRateBp',
  'disbursementDate',
  'maturityDate',
  'flags',
] as const;
/** In CSV, list cells (qualifications, flags) separate their codes with `|`. */
export const CSV_LIST_SEPARATOR = '|';

export type ParsedRow =
  | { readonly row: number; readonly ok: true; readonly dto: RegisterLoanDto }
  | { readonly row: number; readonly ok: false; readonly errors: readonly FieldError[] };

export class BulkFormatError extends Error {
  constructor(
    message: string,
    readonly errors: readonly FieldError[] = [],
  ) {
    super(message);
  }
}

/** Validates one row exactly as the single route's ValidationPipe would. */
export function validateRow(row: number, plain: unknown): ParsedRow {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    return {
      row,
      ok: false,
      errors: [{ field: '(row)', code: 'notAnObject', message: 'a row is one JSON object' }],
    };
  }
  const dto = plainToInstance(RegisterLoanDto, plain, { enableImplicitConversion: false });
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

/** Rows of a JSON-lines body; blank lines are skipped, rows are numbered from 1. */
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

/** RFC 4180 records: quoted cells may hold commas, doubled quotes and line breaks. */
export function csvRecords(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  let i = 0;
  const endCell = () => {
    record.push(cell);
    cell = '';
  };
  const endRecord = () => {
    endCell();
    if (!(record.length === 1 && record[0] === '')) records.push(record);
    record = [];
  };
  while (i < text.length) {
    const ch = text.charAt(i);
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else cell += ch;
      i += 1;
      continue;
    }
    if (ch === '"' && cell === '') quoted = true;
    else if (ch === ',') endCell();
    else if (ch === '\n') endRecord();
    else if (ch !== '\r') cell += ch;
    i += 1;
  }
  if (quoted) throw new BulkFormatError('CSV ends inside a quoted cell');
  if (cell !== '' || record.length > 0) endRecord();
  return records;
}

const listCell = (value: string): string[] =>
  value === '' ? [] : value.split(CSV_LIST_SEPARATOR).map((v) => v.trim());

/** Rows of a CSV body (header first). An integer-looking rate becomes a number, else stays text. */
export function parseCsv(text: string): ParsedRow[] {
  const [header, ...records] = csvRecords(text.startsWith('\uFEFF') ? text.slice(1) : text);
  if (header === undefined) return [];
  const index = new Map(header.map((name, i) => [name.trim(), i]));
  const missing = CSV_COLUMNS.filter((c) => c !== 'flags' && !index.has(c));
  const unknown = [...index.keys()].filter((c) => !(CSV_COLUMNS as readonly string[]).includes(c));
  if (missing.length > 0 || unknown.length > 0) {
    throw new BulkFormatError('The CSV header does not name the expected columns.', [
      ...missing.map((c) => ({ field: c, code: 'missingColumn', message: `column ${c} missing` })),
      ...unknown.map((c) => ({ field: c, code: 'unknownColumn', message: `column ${c} unknown` })),
    ]);
  }
  return records.map((cells, i) => {
    const cell = (name: (typeof CSV_COLUMNS)[number]): string => {
      const at = index.get(name);
      return at === undefined ? '' : (cells[at] ?? '');
    };
    const rate = cell('annualRateBp');
    return validateRow(i + 1, {
      bankReference: cell('bankReference'),
      enterprise: {
        uscc: cell('uscc'),
        name: cell('enterpriseName'),
        townCode: cell('townCode'),
        qualifications: listCell(cell('qualifications')),
      },
      principalFen: cell('principalFen'),
      annualRateBp: /^[0-9]{1,9}$/.test(rate) ? Number(rate) : rate,
      disbursementDate: cell('disbursementDate'),
      maturityDate: cell('maturityDate'),
      flags: listCell(cell('flags')),
    });
  });
}

/** Picks the parser by content type: `text/csv` is CSV, anything else JSON lines. */
export function parseBulkBody(contentType: string | undefined, body: unknown): ParsedRow[] {
  if (typeof body !== 'string') {
    // `application/json` with `{ "loans": [ ... ] }` is accepted too.
    const loans = (body as { loans?: unknown } | null)?.loans;
    if (Array.isArray(loans)) return loans.map((plain, i) => validateRow(i + 1, plain));
    throw new BulkFormatError(
      'Send JSON lines (application/x-ndjson), CSV (text/csv) or {"loans": [...]} as JSON.',
    );
  }
  return (contentType ?? '').toLowerCase().startsWith('text/csv')
    ? parseCsv(body)
    : parseJsonLines(body);
}
