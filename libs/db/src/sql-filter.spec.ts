import { SqlFilter } from './sql-filter';

describe('SqlFilter', () => {
  it('numbers the given filters after the query’s own parameters and leaves out the others', () => {
    const f = new SqlFilter(['own'])
      .add('bank_id = ?', 'B1')
      .add('fund_id = ?', undefined)
      .add('seq > ?::bigint', '7')
      .where('remitted_fen < amount_fen');
    const limit = f.param(50);
    expect(f.sql).toBe('WHERE bank_id = $2 AND seq > $3::bigint AND remitted_fen < amount_fen');
    expect(limit).toBe('$4');
    expect(f.params).toEqual(['own', 'B1', '7', 50]);
  });

  it('binds every ? of a condition to its one value', () => {
    const f = new SqlFilter().add('(a = ? OR b = ?)', 'x');
    expect(f.sql).toBe('WHERE (a = $1 OR b = $1)');
  });

  it('is no WHERE at all, or TRUE inside another, when nothing was given', () => {
    const f = new SqlFilter().add('bank_id = ?', undefined).where('open', false);
    expect(f.sql).toBe('');
    expect(f.and).toBe('TRUE');
    expect(f.params).toEqual([]);
  });
});
