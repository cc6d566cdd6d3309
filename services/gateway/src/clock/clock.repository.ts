import { EntityManager } from 'typeorm';

const T = '"gateway"."business_clock"';

export interface StoredClock {
  readonly businessDate: string;
  readonly setAt: string;
  readonly setBy: string;
}

export class ClockRepository {
  async get(manager: EntityManager): Promise<StoredClock | undefined> {
    const rows = (await manager.query(
      `SELECT to_char(business_date, 'YYYY-MM-DD') AS business_date, set_at, set_by FROM ${T} WHERE id = 1`,
    )) as Array<{ business_date: string; set_at: Date; set_by: string }>;
    const row = rows[0];
    return row === undefined
      ? undefined
      : {
          businessDate: row.business_date,
          setAt: new Date(row.set_at).toISOString(),
          setBy: row.set_by,
        };
  }

  async set(manager: EntityManager, businessDate: string, by: string, at: Date): Promise<void> {
    await manager.query(
      `INSERT INTO ${T} (id, business_date, set_at, set_by) VALUES (1, $1, $2, $3)
       ON CONFLICT (id) DO UPDATE SET business_date = EXCLUDED.business_date, set_at = EXCLUDED.set_at, set_by = EXCLUDED.set_by`,
      [businessDate, at, by],
    );
  }
}
