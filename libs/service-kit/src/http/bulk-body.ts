import { ClassConstructor, plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { FieldError, ProblemException, Problems } from './problem';
import { fieldErrorsOf } from './validation';

/**
 * The bulk bodies of the public API (`POST /loans/bulk`, `POST /defaults/bulk`,
 * `POST /subsidy/interest-reports/bulk`): JSON lines (one object per line, as the single route
 * takes it), CSV with a header row (RFC 4180, any column order, an optional BOM), or JSON
 * `{ "<arrayKey>": [ ... ] }`. Every row is validated exactly as the single route's
 * ValidationPipe would, and numbered from 1 in the order sent.
 */
export interface BulkFormat<T extends object> {
  readonly dto: ClassConstructor<T>;
  /** The array's name in the JSON form, e.g. `loans`. */
  readonly arrayKey: string;
  /** The CSV header's columns. */
  readonly csvColumns: readonly string[];
  /** Columns a CSV header may leave out. */
  readonly optionalCsvColumns?: readonly string[];
  /**
   * The plain object one CSV record stands for. Default: each column is a field of the same name,
   * and an empty optional cell is left out.
   */
  readonly fromCsv?: (cell: (column: string) => string) => unknown;
  /** Problem code of a refused body, e.g. `LOAN.BULK_INVALID`. */
  readonly invalidCode: string;
  /** Problem code of a body over the row limit, e.g. `LOAN.BULK_TOO_LARGE`. */
  readonly tooLargeCode: string;
}

export type BulkRow<T> =
  | { readonly row: number; readonly ok: true; readonly dto: T }
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
export function validateBulkRow<T extends object>(
  dtoClass: ClassConstructor<T>,
  row: number,
  plain: unknown,
): BulkRow<T> {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    return {
      row,
      ok: false,
      errors: [{ field: '(row)', code: 'notAnObject', message: 'a row is one JSON object' }],
    };
  }
  const dto = plainToInstance(dtoClass, plain, { enableImplicitConversion: false });
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

/** Rows of a JSON-lines body; blank lines are skipped. */
export function parseJsonLines<T extends object>(
  dtoClass: ClassConstructor<T>,
  text: string,
): BulkRow<T>[] {
  const rows: BulkRow<T>[] = [];
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
    rows.push(validateBulkRow(dtoClass, row, plain));
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

/** Rows of a CSV body (header first). */
export function parseCsv<T extends object>(format: BulkFormat<T>, text: string): BulkRow<T>[] {
  const [header, ...records] = csvRecords(text.startsWith('\uFEFF') ? text.slice(1) : text);
  if (header === undefined) return [];
  const optional = format.optionalCsvColumns ?? [];
  const index = new Map(header.map((name, i) => [name.trim(), i]));
  const missing = format.csvColumns.filter((c) => !optional.includes(c) && !index.has(c));
  const unknown = [...index.keys()].filter((c) => !format.csvColumns.includes(c));
  if (missing.length > 0 || unknown.length > 0) {
    throw new BulkFormatError('The CSV header does not name the expected columns.', [
      ...missing.map((c) => ({ field: c, code: 'missingColumn', message: `column ${c} missing` })),
      ...unknown.map((c) => ({ field: c, code: 'unknownColumn', message: `column ${c} unknown` })),
    ]);
  }
  return records.map((cells, i) => {
    const cell = (column: string): string => {
      const at = index.get(column);
      return at === undefined ? '' : (cells[at] ?? '');
    };
    const plain = format.fromCsv?.(cell) ?? columnsAsFields(format.csvColumns, optional, cell);
    return validateBulkRow(format.dto, i + 1, plain);
  });
}

function columnsAsFields(
  columns: readonly string[],
  optional: readonly string[],
  cell: (column: string) => string,
): Record<string, string> {
  const plain: Record<string, string> = {};
  for (const column of columns) {
    const value = cell(column);
    if (value !== '' || !optional.includes(column)) plain[column] = value;
  }
  return plain;
}

/** Picks the parser by content type: `text/csv` is CSV, any other text is JSON lines. */
export function parseBulkBody<T extends object>(
  format: BulkFormat<T>,
  contentType: string | undefined,
  body: unknown,
): BulkRow<T>[] {
  if (typeof body !== 'string') {
    const items = (body as Record<string, unknown> | null)?.[format.arrayKey];
    if (Array.isArray(items))
      return items.map((plain, i) => validateBulkRow(format.dto, i + 1, plain));
    throw new BulkFormatError(
      `Send JSON lines (application/x-ndjson), CSV (text/csv) or {"${format.arrayKey}": [...]} as JSON.`,
    );
  }
  return (contentType ?? '').toLowerCase().startsWith('text/csv')
    ? parseCsv(format, body)
    : parseJsonLines(format.dto, body);
}

export interface BulkRows<T> {
  /** Every row in the order sent, readable or not. */
  readonly parsed: readonly BulkRow<T>[];
  /** The rows that passed validation, in the order sent. */
  readonly valid: ReadonlyArray<Extract<BulkRow<T>, { ok: true }>>;
}

/**
 * The rows of a bulk request, or the refusal of the whole body before anything is recorded: an
 * unreadable body or one without a single valid row is 400 (each row's fields named
 * `rows[N].field`), an empty one 400, one over `maxRows` 413.
 */
export function readBulkRows<T extends object>(
  format: BulkFormat<T>,
  contentType: string | undefined,
  body: unknown,
  maxRows: number,
): BulkRows<T> {
  let parsed: BulkRow<T>[];
  try {
    parsed = parseBulkBody(format, contentType, body);
  } catch (error) {
    if (error instanceof BulkFormatError)
      throw new ProblemException(
        400,
        format.invalidCode,
        'Invalid bulk body',
        error.message,
        error.errors,
      );
    throw error;
  }
  if (parsed.length === 0) throw Problems.invalid([], 'The bulk body holds no rows.');
  if (parsed.length > maxRows)
    throw new ProblemException(
      413,
      format.tooLargeCode,
      'Too many rows',
      `At most ${maxRows} rows per request; got ${parsed.length}.`,
    );
  const valid = parsed.filter((r): r is Extract<BulkRow<T>, { ok: true }> => r.ok);
  if (valid.length === 0)
    throw new ProblemException(
      400,
      format.invalidCode,
      'Invalid bulk body',
      'No row of the bulk body is valid.',
      parsed.flatMap((row) =>
        row.ok ? [] : row.errors.map((e) => ({ ...e, field: `rows[${row.row}].${e.field}` })),
      ),
    );
  return { parsed, valid };
}
