import { EntityManager } from 'typeorm';
import { keysetPage, SqlFilter } from '@riskpool/db';
import { BankStatus, BankView, InstitutionKind } from '../bank.view';

export type { BankStatus, InstitutionKind };
export { BankView };

interface RawBank {
  bank_id: string;
  name: string;
  kind: InstitutionKind;
  quota_fen: string;
  status: BankStatus;
  status_reason: string | null;
  status_changed_by: string | null;
  admitted_at: Date;
  status_changed_at: Date;
}

const toView = (r: RawBank): BankView => ({
  bankId: r.bank_id,
  name: r.name,
  kind: r.kind,
  quotaFen: String(r.quota_fen),
  status: r.status,
  statusReason: r.status_reason,
  statusChangedBy: r.status_changed_by,
  admittedAt: new Date(r.admitted_at).toISOString(),
  statusChangedAt: new Date(r.status_changed_at).toISOString(),
});

const T = '"gateway"."banks"';

export class BankRepository {
  async find(
    manager: EntityManager,
    bankId: string,
    forUpdate = false,
  ): Promise<BankView | undefined> {
    const rows = (await manager.query(
      `SELECT * FROM ${T} WHERE bank_id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
      [bankId],
    )) as RawBank[];
    return rows[0] === undefined ? undefined : toView(rows[0]);
  }

  /** undefined when the bank was admitted before. */
  async insert(
    manager: EntityManager,
    bank: { bankId: string; name: string; kind: InstitutionKind; quotaFen: string; at: Date },
  ): Promise<BankView | undefined> {
    const rows = (await manager.query(
      `INSERT INTO ${T} (bank_id, name, kind, quota_fen, status, admitted_at, status_changed_at)
       VALUES ($1, $2, $3, $4, 'ACTIVE', $5, $5) ON CONFLICT (bank_id) DO NOTHING RETURNING *`,
      [bank.bankId, bank.name, bank.kind, bank.quotaFen, bank.at],
    )) as RawBank[];
    return rows[0] === undefined ? undefined : toView(rows[0]);
  }

  async setStatus(
    manager: EntityManager,
    bankId: string,
    change: { status: BankStatus; reason: string; by: string; at: Date },
  ): Promise<BankView | undefined> {
    const rows = (await manager.query(
      `UPDATE ${T} SET status = $2, status_reason = $3, status_changed_by = $4, status_changed_at = $5
       WHERE bank_id = $1 RETURNING *`,
      [bankId, change.status, change.reason, change.by, change.at],
    )) as [RawBank[], number];
    const updated = rows[0][0];
    return updated === undefined ? undefined : toView(updated);
  }

  async list(manager: EntityManager, limit: number, after?: string): Promise<BankView[]> {
    const where = new SqlFilter().add('bank_id > ?', after);
    const rows = await keysetPage(manager, `SELECT * FROM ${T}`, where, 'bank_id', limit);
    return rows.map((row) => toView(row as unknown as RawBank));
  }
}
