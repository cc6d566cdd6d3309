import { IsInt, IsOptional, IsString, Min } from 'class-validator';
import { BulkFormat, readBulkRows } from './bulk-body';
import { ProblemException } from './problem';

class ThingDto {
  @IsString()
  name!: string;

  @IsInt()
  @Min(1)
  count!: number;

  @IsOptional()
  @IsString()
  note?: string;
}

const FORMAT: BulkFormat<ThingDto> = {
  dto: ThingDto,
  arrayKey: 'things',
  csvColumns: ['name', 'count', 'note'],
  optionalCsvColumns: ['note'],
  fromCsv: (cell) => ({
    name: cell('name'),
    count: Number(cell('count')),
    ...(cell('note') === '' ? {} : { note: cell('note') }),
  }),
  invalidCode: 'THING.BULK_INVALID',
  tooLargeCode: 'THING.BULK_TOO_LARGE',
};

function refusal(run: () => unknown): { status: number; code: string; fields: string[] } {
  try {
    run();
  } catch (error) {
    if (!(error instanceof ProblemException)) throw error;
    const body = error.getResponse() as { code: string; errors?: Array<{ field: string }> };
    return {
      status: error.getStatus(),
      code: body.code,
      fields: (body.errors ?? []).map((e) => e.field),
    };
  }
  throw new Error('not refused');
}

describe('readBulkRows', () => {
  it('keeps every row in order and lists the valid ones, from each of the three forms', () => {
    const lines = '{"name":"a","count":1}\n\n{"name":"b","count":0}\n{"name":"c","count":3}';
    const fromLines = readBulkRows(FORMAT, 'application/x-ndjson', lines, 10);
    expect(fromLines.parsed.map((r) => [r.row, r.ok])).toEqual([
      [1, true],
      [2, false],
      [3, true],
    ]);
    expect(fromLines.valid.map((r) => r.dto.name)).toEqual(['a', 'c']);

    const csv = '\uFEFFcount,name\r\n2,"x, y"\r\n';
    const fromCsv = readBulkRows(FORMAT, 'text/csv; charset=utf-8', csv, 10);
    expect(fromCsv.valid[0]?.dto).toMatchObject({ name: 'x, y', count: 2 });

    const fromJson = readBulkRows(
      FORMAT,
      'application/json',
      { things: [{ name: 'j', count: 5 }] },
      10,
    );
    expect(fromJson.valid).toHaveLength(1);
  });

  it('refuses a body with no valid row as a whole, naming each row field', () => {
    const r = refusal(() =>
      readBulkRows(FORMAT, 'application/x-ndjson', '{"name":1,"count":1}\n[1]', 10),
    );
    expect(r).toEqual({
      status: 400,
      code: 'THING.BULK_INVALID',
      fields: ['rows[1].name', 'rows[2].(row)'],
    });
  });

  it('refuses an empty body, an unknown JSON shape, a bad CSV header and too many rows', () => {
    expect(refusal(() => readBulkRows(FORMAT, 'application/x-ndjson', '\n\n', 10)).status).toBe(
      400,
    );
    expect(refusal(() => readBulkRows(FORMAT, 'application/json', { rows: [] }, 10))).toMatchObject(
      {
        status: 400,
        code: 'THING.BULK_INVALID',
      },
    );
    expect(refusal(() => readBulkRows(FORMAT, 'text/csv', 'name,colour\nx,y', 10))).toMatchObject({
      status: 400,
      fields: ['count', 'colour'],
    });
    const three = '{"name":"a","count":1}\n{"name":"b","count":1}\n{"name":"c","count":1}';
    expect(refusal(() => readBulkRows(FORMAT, 'application/x-ndjson', three, 2))).toMatchObject({
      status: 413,
      code: 'THING.BULK_TOO_LARGE',
    });
  });

  it('refuses fields the row class does not declare, as the single route would', () => {
    const { parsed } = readBulkRows(
      FORMAT,
      'application/x-ndjson',
      '{"name":"a","count":1,"admin":true}\n{"name":"b","count":1}',
      10,
    );
    expect(parsed[0]).toMatchObject({ ok: false, errors: [{ field: 'admin' }] });
  });
});
