import { EntityManager } from 'typeorm';
import { CoSharerKind, InstitutionKind } from '@riskpool/domain';
import { PolicyDocumentStore } from '@riskpool/db';

const T = {
  banks: '"loan_registry"."banks"',
  funds: '"loan_registry"."funds"',
  policies: '"loan_registry"."policies"',
  cosharers: '"loan_registry"."cosharers"',
};

export type BankStatus = 'ACTIVE' | 'SUSPENDED' | 'EXITED';

/** Banks, funds and policy versions as loan-registry learns them from others' events. */
export class ProjectionRepository {
  async admitBank(
    manager: EntityManager,
    bank: { bankId: string; name: string; quotaFen: string; kind: InstitutionKind; at: string },
  ): Promise<void> {
    // Status changes carry their time: a suspension that arrived before the admission (another
    // topic, so no order between them) is not undone by the admission.
    await manager.query(
      `INSERT INTO ${T.banks} (bank_id, name, quota_fen, kind, admitted, status, status_changed_at, status_reason)
       VALUES ($1, $2, $3, $5, true, 'ACTIVE', $4, 'admitted')
       ON CONFLICT (bank_id) DO UPDATE SET name = EXCLUDED.name, quota_fen = EXCLUDED.quota_fen,
         kind = EXCLUDED.kind, admitted = true,
         status = CASE WHEN ${T.banks}.status_changed_at <= EXCLUDED.status_changed_at
           THEN 'ACTIVE' ELSE ${T.banks}.status END,
         status_reason = CASE WHEN ${T.banks}.status_changed_at <= EXCLUDED.status_changed_at
           THEN 'admitted' ELSE ${T.banks}.status_reason END,
         status_changed_at = GREATEST(${T.banks}.status_changed_at, EXCLUDED.status_changed_at)`,
      [bank.bankId, bank.name, bank.quotaFen, bank.at, bank.kind],
    );
  }

  /** A co-sharer party an admin admitted (docs/domain.md §8.4). */
  async admitCoSharer(
    manager: EntityManager,
    party: { partyId: string; kind: CoSharerKind; at: string },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO ${T.cosharers} (party_id, kind, admitted_at) VALUES ($1, $2, $3)
       ON CONFLICT (party_id) DO NOTHING`,
      [party.partyId, party.kind, party.at],
    );
  }

  /** The admitted kind of each of these parties that was admitted. */
  async coSharers(
    manager: EntityManager,
    partyIds: readonly string[],
  ): Promise<Map<string, CoSharerKind>> {
    if (partyIds.length === 0) return new Map();
    const rows = (await manager.query(
      `SELECT party_id, kind FROM ${T.cosharers} WHERE party_id = ANY($1::text[])`,
      [[...new Set(partyIds)]],
    )) as Array<{ party_id: string; kind: CoSharerKind }>;
    return new Map(rows.map((r) => [r.party_id, r.kind]));
  }

  async setBankStatus(
    manager: EntityManager,
    change: { bankId: string; status: BankStatus; reason: string; at: string },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO ${T.banks} (bank_id, status, status_changed_at, status_reason)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (bank_id) DO UPDATE SET
         status = CASE WHEN ${T.banks}.status_changed_at <= EXCLUDED.status_changed_at
           THEN EXCLUDED.status ELSE ${T.banks}.status END,
         status_reason = CASE WHEN ${T.banks}.status_changed_at <= EXCLUDED.status_changed_at
           THEN EXCLUDED.status_reason ELSE ${T.banks}.status_reason END,
         status_changed_at = GREATEST(${T.banks}.status_changed_at, EXCLUDED.status_changed_at)`,
      [change.bankId, change.status, change.at, change.reason],
    );
  }

  async addFund(
    manager: EntityManager,
    fund: { fundId: string; kind: string; townCode: string | null; at: string },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO ${T.funds} (fund_id, kind, town_code, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (fund_id) DO NOTHING`,
      [fund.fundId, fund.kind, fund.townCode, fund.at],
    );
  }

  async fundIds(manager: EntityManager): Promise<Set<string>> {
    const rows = (await manager.query(`SELECT fund_id FROM ${T.funds}`)) as Array<{
      fund_id: string;
    }>;
    return new Set(rows.map((r) => r.fund_id));
  }

  /** The published policy versions; a version is stored once (published versions are immutable). */
  readonly policyStore = new PolicyDocumentStore(T.policies);
}
