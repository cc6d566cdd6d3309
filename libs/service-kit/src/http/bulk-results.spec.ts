import { ApiPropertyOptional } from '@nestjs/swagger';
import { BulkRow } from './bulk-body';
import {
  BulkAnswerOf,
  BulkItemResultOf,
  countByStatus,
  refusalOf,
  rowResults,
} from './bulk-results';

describe('bulk results', () => {
  const rows: BulkRow<{ id: string }>[] = [
    { row: 1, ok: true, dto: { id: 'a' } },
    { row: 2, ok: false, errors: [{ field: 'id', code: 'required', message: 'id missing' }] },
    { row: 3, ok: true, dto: { id: 'c' } },
  ];

  it('numbers each result by its row and refuses an unreadable row with its field errors', async () => {
    const judged: string[] = [];
    const results = await rowResults(rows, (row) => {
      judged.push(row.dto.id);
      return row.dto.id === 'a'
        ? { status: 'DONE' as const, id: row.dto.id }
        : { ...refusalOf({ code: 'X.NO', errors: [] }), id: row.dto.id };
    });
    expect(judged).toEqual(['a', 'c']);
    expect(results).toEqual([
      { row: 1, status: 'DONE', id: 'a' },
      {
        row: 2,
        status: 'REFUSED',
        code: 'REQUEST.INVALID',
        errors: [{ field: 'id', code: 'required', message: 'id missing' }],
      },
      { row: 3, status: 'REFUSED', code: 'X.NO', errors: [], id: 'c' },
    ]);
    expect(countByStatus(results, { done: 'DONE', refused: 'REFUSED' })).toEqual({
      done: 1,
      refused: 2,
    });
  });

  it('documents an item result and an answer in the order declared', () => {
    class ItemResult extends BulkItemResultOf({
      statuses: ['DONE', 'REFUSED'],
      fields: { id: ApiPropertyOptional({ example: 'a' }) },
      refusedCodeExample: 'X.NO',
    }) {}
    class Answer extends BulkAnswerOf(ItemResult, { rows: 1, done: 1, refused: 0 }) {}
    const properties = (type: object) =>
      Reflect.getMetadata(
        'swagger/apiModelPropertiesArray',
        (type as { prototype: object }).prototype,
      );
    expect(properties(ItemResult)).toEqual([':row', ':status', ':id', ':code', ':errors']);
    expect(properties(Answer)).toEqual([':rows', ':done', ':refused', ':results']);
  });
});
