import { EntityManager } from 'typeorm';

const T = '"gateway"."funds"';

/** The funds the gateway knows (from pool.fund-created.v1 or created through it), for key scopes. */
export class FundRepository {
  async upsert(
    manager: EntityManager,
    fund: { fundId: string; name?: string; kind?: string; townCode?: string | null },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO ${T} (fund_id, name, kind, town_code) VALUES ($1, $2, $3, $4)
       ON CONFLICT (fund_id) DO UPDATE SET
         name = COALESCE(EXCLUDED.name, ${T}.name),
         kind = COALESCE(EXCLUDED.kind, ${T}.kind),
         town_code = COALESCE(EXCLUDED.town_code, ${T}.town_code)`,
      [fund.fundId, fund.name ?? null, fund.kind ?? null, fund.townCode ?? null],
    );
  }

  async exists(manager: EntityManager, fundId: string): Promise<boolean> {
    const rows = (await manager.query(`SELECT 1 FROM ${T} WHERE fund_id = $1`, [
      fundId,
    ])) as unknown[];
    return rows.length === 1;
  }
}
