import { EntityManager } from 'typeorm';
import type { SqlRow } from './row-mapping';
import { SqlFilter } from './sql-filter';

/**
 * One page of a keyset-paged list (docs/service-conventions.md, Lists): `select` (the SELECT and
 * FROM) narrowed by `where`, in `orderBy` (the key, whose `after` the filter already holds), at
 * most `limit` rows.
 */
export async function keysetPage(
  manager: Pick<EntityManager, 'query'>,
  select: string,
  where: SqlFilter,
  orderBy: string,
  limit: number,
): Promise<SqlRow[]> {
  return (await manager.query(
    `${select} ${where.sql} ORDER BY ${orderBy} LIMIT ${where.param(limit)}`,
    where.params,
  )) as SqlRow[];
}
