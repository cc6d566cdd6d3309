import { sqlMigration } from '@riskpool/db';

type TableNamer = (table: string) => string;

/**
 * A row-level trigger keeping a running total: on every change of a row of `table` it adds the
 * old row's part with the sign reversed and the new row's part (`addPart(row, sign)`, an upsert).
 * An UPDATE fires it only when one of `columns` changed.
 */
function runningTotal(
  t: TableNamer,
  of: {
    table: string;
    name: string;
    columns: readonly string[];
    addPart: (row: 'OLD' | 'NEW', sign: '-' | '') => string;
  },
): { up: string[]; down: string[] } {
  const fn = t(of.name);
  const changed = of.columns.map((c) => `OLD.${c} IS DISTINCT FROM NEW.${c}`).join(' OR ');
  return {
    up: [
      `CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP IN ('UPDATE', 'DELETE') THEN
           ${of.addPart('OLD', '-')};
         END IF;
         IF TG_OP IN ('INSERT', 'UPDATE') THEN
           ${of.addPart('NEW', '')};
         END IF;
         RETURN NULL;
       END $$`,
      `CREATE TRIGGER ${of.name} AFTER INSERT OR DELETE ON ${t(of.table)}
         FOR EACH ROW EXECUTE FUNCTION ${fn}()`,
      `CREATE TRIGGER ${of.name}_change AFTER UPDATE ON ${t(of.table)}
         FOR EACH ROW WHEN (${changed}) EXECUTE FUNCTION ${fn}()`,
    ],
    down: [
      `DROP TRIGGER ${of.name}_change ON ${t(of.table)}`,
      `DROP TRIGGER ${of.name} ON ${t(of.table)}`,
      `DROP FUNCTION ${fn}()`,
    ],
  };
}

/**
 * A bank's exposures and pool used as running totals (docs/domain.md §4, §5.3, §6, §8.2): what the
 * NPL breaker and the caps read at every default, kept by triggers on `loans` and `claims` in the
 * same transaction as the row's own change, so reading them costs a row however large the
 * portfolio and the claims grow (summing them cost a scan of the bank's loans at every default).
 *
 * `bank_exposures`: a loan counts towards `defaulted_fen` with its outstanding at default while
 * DEFAULTED; towards `total_fen` with that while DEFAULTED and with its outstanding while
 * REGISTERED; towards `registered_principal_fen` with its principal whatever its status.
 * `bank_pool_used`: a claim counts with its pool, in the calendar year it opened, unless DENIED or
 * WITHDRAWN.
 */
export const PoolAllocationBankTotals1768100000000 = sqlMigration(
  'PoolAllocationBankTotals1768100000000',
  (t) => {
    const defaulted = (row: string) =>
      `CASE WHEN ${row}.status = 'DEFAULTED' THEN coalesce(${row}.outstanding_at_default_fen, 0) ELSE 0 END`;
    const total = (row: string) =>
      `CASE ${row}.status WHEN 'DEFAULTED' THEN coalesce(${row}.outstanding_at_default_fen, 0)
         WHEN 'REGISTERED' THEN ${row}.outstanding_fen ELSE 0 END`;
    const counted = (row: string) =>
      `CASE WHEN ${row}.status IN ('DENIED', 'WITHDRAWN') THEN 0 ELSE ${row}.pool_fen END`;
    const exposures = runningTotal(t, {
      table: 'loans',
      name: 'loans_bank_exposure',
      columns: [
        'status',
        'outstanding_fen',
        'outstanding_at_default_fen',
        'principal_fen',
        'bank_id',
      ],
      addPart: (row, sign) =>
        `INSERT INTO ${t('bank_exposures')} AS b
           (bank_id, defaulted_fen, total_fen, registered_principal_fen)
         VALUES (${row}.bank_id, ${sign}(${defaulted(row)}), ${sign}(${total(row)}),
                 ${sign}${row}.principal_fen)
         ON CONFLICT (bank_id) DO UPDATE SET
           defaulted_fen = b.defaulted_fen + EXCLUDED.defaulted_fen,
           total_fen = b.total_fen + EXCLUDED.total_fen,
           registered_principal_fen = b.registered_principal_fen + EXCLUDED.registered_principal_fen`,
    });
    const poolUsed = runningTotal(t, {
      table: 'claims',
      name: 'claims_bank_pool_used',
      columns: ['status', 'pool_fen', 'opened_on', 'bank_id'],
      addPart: (row, sign) =>
        `INSERT INTO ${t('bank_pool_used')} AS u (bank_id, year, pool_fen)
         VALUES (${row}.bank_id, left(${row}.opened_on, 4), ${sign}(${counted(row)}))
         ON CONFLICT (bank_id, year) DO UPDATE SET pool_fen = u.pool_fen + EXCLUDED.pool_fen`,
    });
    return {
      up: [
        `CREATE TABLE ${t('bank_exposures')} (
          bank_id text PRIMARY KEY,
          defaulted_fen bigint NOT NULL,
          total_fen bigint NOT NULL,
          registered_principal_fen bigint NOT NULL
        )`,
        `INSERT INTO ${t('bank_exposures')}
           (bank_id, defaulted_fen, total_fen, registered_principal_fen)
         SELECT l.bank_id, coalesce(sum(${defaulted('l')}), 0), coalesce(sum(${total('l')}), 0),
                coalesce(sum(l.principal_fen), 0)
           FROM ${t('loans')} l GROUP BY l.bank_id`,
        ...exposures.up,
        `CREATE TABLE ${t('bank_pool_used')} (
          bank_id text NOT NULL,
          year text NOT NULL,
          pool_fen bigint NOT NULL,
          PRIMARY KEY (bank_id, year)
        )`,
        `INSERT INTO ${t('bank_pool_used')} (bank_id, year, pool_fen)
         SELECT c.bank_id, left(c.opened_on, 4), sum(${counted('c')})
           FROM ${t('claims')} c GROUP BY c.bank_id, left(c.opened_on, 4)`,
        ...poolUsed.up,
      ],
      down: [
        ...poolUsed.down,
        `DROP TABLE ${t('bank_pool_used')}`,
        ...exposures.down,
        `DROP TABLE ${t('bank_exposures')}`,
      ],
    };
  },
);
