import { EntityManager } from 'typeorm';
import { keysetPage, SqlFilter } from '@riskpool/db';
import { CoSharerPartyKind, CoSharerView } from '../cosharer.view';

export type { CoSharerPartyKind };
export { CoSharerView };

interface RawCoSharer {
  party_id: string;
  name: string;
  kind: CoSharerPartyKind;
  admitted_at: Date;
}

const toView = (r: RawCoSharer): CoSharerView => ({
  partyId: r.party_id,
  name: r.name,
  kind: r.kind,
  admittedAt: new Date(r.admitted_at).toISOString(),
});

const T = '"gateway"."cosharers"';

export class CoSharerRepository {
  async find(manager: EntityManager, partyId: string): Promise<CoSharerView | undefined> {
    const rows = (await manager.query(`SELECT * FROM ${T} WHERE party_id = $1`, [
      partyId,
    ])) as RawCoSharer[];
    return rows[0] === undefined ? undefined : toView(rows[0]);
  }

  /** undefined when the party was admitted before. */
  async insert(
    manager: EntityManager,
    party: { partyId: string; name: string; kind: CoSharerPartyKind; at: Date },
  ): Promise<CoSharerView | undefined> {
    const rows = (await manager.query(
      `INSERT INTO ${T} (party_id, name, kind, admitted_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (party_id) DO NOTHING RETURNING *`,
      [party.partyId, party.name, party.kind, party.at],
    )) as RawCoSharer[];
    return rows[0] === undefined ? undefined : toView(rows[0]);
  }

  async list(manager: EntityManager, limit: number, after?: string): Promise<CoSharerView[]> {
    const where = new SqlFilter().add('party_id > ?', after);
    const rows = await keysetPage(manager, `SELECT * FROM ${T}`, where, 'party_id', limit);
    return rows.map((row) => toView(row as unknown as RawCoSharer));
  }
}
