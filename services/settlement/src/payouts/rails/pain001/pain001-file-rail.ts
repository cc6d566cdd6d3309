import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { DataSource, EntityManager } from 'typeorm';
import { uuidv7 } from '@riskpool/contracts';
import { qualified } from '@riskpool/db';
import {
  PaymentOrder,
  PaymentOutcome,
  PaymentRail,
  StatusEntry,
  StatusReport,
} from '../payment-rail.port';
import { buildPain001, Pain001Error } from './pain001-document';
import { parsePain002, parseStatusCsv } from './status-file';

export interface Pain001FileRailOptions {
  readonly dataSource: DataSource;
  readonly schema: string;
  readonly outboxDir: string;
  readonly inboxDir: string;
  readonly custodianBic: string;
  readonly initiatingParty: string;
  readonly fundAccounts: ReadonlyMap<string, string>;
  readonly bankAccounts: ReadonlyMap<string, string>;
}

const PENDING_DIR = '.pending';
const PROCESSED_DIR = 'processed';
const FAILED_DIR = 'unreadable';

/**
 * Pays through the funds' custodian bank by file: each batch is one pain.001.001.09 file in the
 * outbox folder; the bank answers with status files in the inbox folder (README "Status files").
 *
 * Never twice: an instruction is in at most one live file (a unique index on its live entry). A
 * file is written to `.pending/` first, its entries are committed, and only then is it renamed
 * into the outbox; `recover()` finishes a rename a crash interrupted and drops a file whose
 * entries never committed. A repeated `send` of an instruction already in a live file answers
 * with that file instead of writing another.
 */
export class Pain001FileRail implements PaymentRail {
  readonly name = 'PAIN001_FILE' as const;

  constructor(private readonly options: Pain001FileRailOptions) {}

  private table(name: string): string {
    return qualified(this.options.schema, name);
  }

  fundAccount(fundId: string): string {
    return this.options.fundAccounts.get(fundId) ?? `RP-${fundId}`;
  }

  bankAccount(bankId: string): string {
    return this.options.bankAccounts.get(bankId) ?? bankId;
  }

  async recover(): Promise<void> {
    const pendingDir = path.join(this.options.outboxDir, PENDING_DIR);
    await fs.mkdir(pendingDir, { recursive: true });
    await fs.mkdir(path.join(this.options.inboxDir, PROCESSED_DIR), { recursive: true });
    for (const name of await fs.readdir(pendingDir)) {
      const msgId = name.replace(/\.xml$/, '');
      const rows = (await this.options.dataSource.query(
        `SELECT file_name FROM ${this.table('pain001_files')} WHERE msg_id = $1`,
        [msgId],
      )) as Array<{ file_name: string }>;
      const file = rows[0];
      if (file === undefined) await fs.rm(path.join(pendingDir, name), { force: true });
      else
        await fs.rename(
          path.join(pendingDir, name),
          path.join(this.options.outboxDir, file.file_name),
        );
    }
  }

  async send(orders: readonly PaymentOrder[]): Promise<PaymentOutcome[]> {
    if (orders.length === 0) return [];
    const live = (await this.options.dataSource.query(
      `SELECT instruction_id, msg_id, status, bank_reference FROM ${this.table('pain001_entries')}
       WHERE instruction_id = ANY($1::text[]) AND status <> 'REJECTED'`,
      [orders.map((o) => o.instructionId)],
    )) as Array<{
      instruction_id: string;
      msg_id: string;
      status: string;
      bank_reference: string | null;
    }>;
    const liveById = new Map(live.map((row) => [row.instruction_id, row]));
    const outcomes = new Map<string, PaymentOutcome>();
    for (const row of live) {
      outcomes.set(
        row.instruction_id,
        row.status === 'SETTLED'
          ? {
              kind: 'PAID',
              instructionId: row.instruction_id,
              reference: row.bank_reference ?? row.msg_id,
              alreadyPaid: true,
            }
          : { kind: 'SUBMITTED', instructionId: row.instruction_id, reference: row.msg_id },
      );
    }
    const fresh = orders.filter((o) => !liveById.has(o.instructionId));
    if (fresh.length > 0) {
      for (const outcome of await this.writeFile(fresh))
        outcomes.set(outcome.instructionId, outcome);
    }
    return orders.map((o) => outcomes.get(o.instructionId) as PaymentOutcome);
  }

  private async writeFile(orders: readonly PaymentOrder[]): Promise<PaymentOutcome[]> {
    const refuse = (reason: string): PaymentOutcome[] =>
      orders.map((o) => ({ kind: 'REFUSED', instructionId: o.instructionId, reason }));
    const createdAt = new Date();
    const msgId = `RP${uuidv7(createdAt.getTime()).replace(/-/g, '')}`;
    let xml: string;
    try {
      xml = buildPain001({
        msgId,
        createdAt,
        initiatingParty: this.options.initiatingParty,
        custodianBic: this.options.custodianBic,
        currency: 'CNY',
        payments: orders.map((o) =>
          o.subsidy === undefined
            ? {
                instructionId: o.instructionId,
                amountFen: o.amountFen,
                debtorFundId: o.debtorFundId,
                debtorAccount: this.fundAccount(o.debtorFundId),
                creditorBankId: o.creditorBankId,
                creditorAccount: this.bankAccount(o.creditorBankId),
                requestedOn: o.requestedOn,
                remittanceInformation: `Riskpool compensation claim ${o.claimId} loan ${o.loanId}`,
              }
            : {
                // An interest subsidy round's grants to one enterprise's payee account (§9.4).
                instructionId: o.instructionId,
                amountFen: o.amountFen,
                debtorFundId: o.debtorFundId,
                debtorName: 'Interest subsidy funds',
                debtorAccount: this.fundAccount(o.debtorFundId),
                creditorBankId: o.subsidy.uscc,
                creditorName: o.subsidy.accountName,
                creditorIdScheme: 'USCC',
                creditorAccount: o.subsidy.accountNo,
                requestedOn: o.requestedOn,
                remittanceInformation: `Riskpool interest subsidy round ${o.subsidy.roundId} enterprise ${o.subsidy.uscc}`,
              },
        ),
      });
    } catch (error) {
      if (error instanceof Pain001Error) return refuse(`pain.001 not buildable: ${error.message}`);
      throw error;
    }
    const fileName = `pain001-${msgId}.xml`;
    const pendingFile = path.join(this.options.outboxDir, PENDING_DIR, `${msgId}.xml`);
    await fs.mkdir(path.dirname(pendingFile), { recursive: true });
    await fs.writeFile(pendingFile, xml, 'utf8');
    try {
      await this.options.dataSource.transaction(async (manager) => {
        await manager.query(
          `INSERT INTO ${this.table('pain001_files')} (msg_id, file_name, nb_of_txs, ctrl_sum_fen)
           VALUES ($1, $2, $3, $4)`,
          [
            msgId,
            fileName,
            orders.length,
            orders.reduce((sum, o) => sum + o.amountFen, 0n).toString(),
          ],
        );
        await manager.query(
          `INSERT INTO ${this.table('pain001_entries')} (msg_id, instruction_id, status)
           SELECT $1, unnest($2::text[]), 'SUBMITTED'`,
          [msgId, orders.map((o) => o.instructionId)],
        );
      });
    } catch (error) {
      // Another runner put one of them in a live file first: this file is never delivered.
      await fs.rm(pendingFile, { force: true });
      return refuse(`not written: ${String(error)}`);
    }
    await fs.rename(pendingFile, path.join(this.options.outboxDir, fileName));
    return orders.map((o) => ({
      kind: 'SUBMITTED',
      instructionId: o.instructionId,
      reference: msgId,
    }));
  }

  async collectStatuses(): Promise<StatusReport[]> {
    let names: string[];
    try {
      names = (await fs.readdir(this.options.inboxDir)).sort();
    } catch {
      return [];
    }
    const reports: StatusReport[] = [];
    for (const name of names) {
      const file = path.join(this.options.inboxDir, name);
      if (!/\.(csv|xml)$/i.test(name) || !(await fs.stat(file)).isFile()) continue;
      const content = await fs.readFile(file, 'utf8');
      try {
        const entries = /\.csv$/i.test(name) ? parseStatusCsv(content) : parsePain002(content);
        reports.push({ source: file, entries });
      } catch {
        // Unreadable: set aside for a person, keep reading the others.
        await fs.mkdir(path.join(this.options.inboxDir, FAILED_DIR), { recursive: true });
        await fs.rename(file, path.join(this.options.inboxDir, FAILED_DIR, name));
      }
    }
    return reports;
  }

  async recordStatus(manager: EntityManager, entry: StatusEntry): Promise<string | undefined> {
    const rows = (await manager.query(
      `UPDATE ${this.table('pain001_entries')}
       SET status = $2, reason = $3, bank_reference = $4, updated_at = now()
       WHERE instruction_id = $1 AND status = 'SUBMITTED' RETURNING msg_id`,
      [entry.instructionId, entry.status, entry.reason ?? null, entry.bankReference ?? null],
    )) as [Array<{ msg_id: string }>, number];
    return rows[0][0]?.msg_id;
  }

  async acknowledge(report: StatusReport): Promise<void> {
    const target = path.join(this.options.inboxDir, PROCESSED_DIR, path.basename(report.source));
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.rename(report.source, target).catch(() => undefined);
  }
}
