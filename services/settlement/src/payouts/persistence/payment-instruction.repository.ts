import { EntityManager } from 'typeorm';
import { camelRow, columnAs, insertRow, keysetPage, qualified, SqlFilter } from '@riskpool/db';
import { changedRows, toDateString } from '../../shared/sql';

/** The channel a new payment instruction is notified on (the payment runner LISTENs to it). */
export function paymentsChannel(schema: string): string {
  return `${schema}_payments`;
}

export type InstructionStatus = 'PENDING' | 'SENDING' | 'SUBMITTED' | 'PAID' | 'FAILED';
export type InstructionSource = 'APPROVED_SHARE' | 'QUEUE_FILLED' | 'SUBSIDY_ROUND';
export type InstructionKind = 'COMPENSATION' | 'SUBSIDY';

/** A subsidy payment's payee: an approved round's grants to one enterprise's account (§9.4). */
export interface SubsidyPayee {
  readonly roundId: string;
  readonly closing: number;
  readonly uscc: string;
  readonly accountNo: string;
  readonly accountName: string;
}

/**
 * A payment instruction. `COMPENSATION`: a fund's share of a claim to the bank. `SUBSIDY`: an
 * approved round's grants to one enterprise; its claim, loan, default and bank are empty strings
 * (the parts, in `subsidy_payment_parts`, name each loan and bank) and `subsidy` says whom it pays.
 */
export interface PaymentInstruction {
  readonly seq: string;
  readonly kind: InstructionKind;
  readonly subsidy?: SubsidyPayee;
  readonly instructionId: string;
  readonly claimId: string;
  readonly loanId: string;
  readonly defaultId: string;
  readonly bankId: string;
  readonly fundId: string;
  readonly source: InstructionSource;
  /** APPROVED_SHARE: 'approval'; QUEUE_FILLED: the id of the fill's hold-placed event. */
  readonly sourceRef: string;
  /** QUEUE_FILLED: pool-allocation's hold the fill was placed on (the ledger posts against it). */
  readonly holdId: string | null;
  readonly amountFen: bigint;
  readonly requestedOn: string;
  readonly status: InstructionStatus;
  readonly attempts: number;
  readonly nextAttemptAt: Date;
  readonly rail: string | null;
  readonly railReference: string | null;
  readonly lastError: string | null;
  readonly createdAt: Date;
  readonly paidAt: Date | null;
}

interface Row {
  seq: string;
  kind: InstructionKind;
  round_id: string | null;
  round_closing: number | null;
  payee_uscc: string | null;
  payee_account_no: string | null;
  payee_account_name: string | null;
  instruction_id: string;
  claim_id: string | null;
  loan_id: string | null;
  default_id: string | null;
  bank_id: string | null;
  fund_id: string;
  source: InstructionSource;
  source_ref: string;
  hold_id: string | null;
  amount_fen: string;
  requested_on: string | Date;
  status: InstructionStatus;
  attempts: number;
  next_attempt_at: Date;
  rail: string | null;
  rail_reference: string | null;
  last_error: string | null;
  created_at: Date;
  paid_at: Date | null;
}

const COLUMNS = `seq, kind, round_id, round_closing, payee_uscc, payee_account_no, payee_account_name, instruction_id, claim_id, loan_id, default_id, bank_id, fund_id, source, source_ref,
  hold_id, amount_fen, requested_on::text AS requested_on, status, attempts, next_attempt_at, rail,
  rail_reference, last_error, created_at, paid_at`;

function fromRow(row: Row): PaymentInstruction {
  return {
    seq: String(row.seq),
    kind: row.kind,
    ...(row.kind === 'SUBSIDY'
      ? {
          subsidy: {
            roundId: row.round_id ?? '',
            closing: row.round_closing ?? 1,
            uscc: row.payee_uscc ?? '',
            accountNo: row.payee_account_no ?? '',
            accountName: row.payee_account_name ?? '',
          },
        }
      : {}),
    instructionId: row.instruction_id,
    claimId: row.claim_id ?? '',
    loanId: row.loan_id ?? '',
    defaultId: row.default_id ?? '',
    bankId: row.bank_id ?? '',
    fundId: row.fund_id,
    source: row.source,
    sourceRef: row.source_ref,
    holdId: row.hold_id,
    amountFen: BigInt(row.amount_fen),
    requestedOn: toDateString(row.requested_on),
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    rail: row.rail,
    railReference: row.rail_reference,
    lastError: row.last_error,
    createdAt: row.created_at,
    paidAt: row.paid_at,
  };
}

export type NewInstruction = Pick<
  PaymentInstruction,
  | 'instructionId'
  | 'claimId'
  | 'loanId'
  | 'defaultId'
  | 'bankId'
  | 'fundId'
  | 'source'
  | 'sourceRef'
  | 'amountFen'
  | 'requestedOn'
> & {
  /** QUEUE_FILLED: pool-allocation's hold the fill was placed on. */
  readonly holdId?: string;
};

/** One grant (a report's share of one subsidy fund) inside a subsidy payment. */
export interface SubsidyPart {
  readonly reportId: string;
  readonly loanId: string;
  readonly bankId: string;
  readonly fundId: string;
  readonly amountFen: bigint;
}

export interface PayoutFilter {
  readonly instructionId?: string;
  readonly bankId?: string;
  readonly fundId?: string;
  readonly claimId?: string;
  readonly status?: InstructionStatus;
  readonly afterSeq?: string;
  readonly limit: number;
}

/** The payment instructions and their state machine, in SQL. */
export class PaymentInstructionRepository {
  constructor(private readonly schema: string) {}

  /** Wakes the payment runner when the creating transaction commits (paymentsChannel). */
  private async notifyRunner(manager: EntityManager): Promise<void> {
    await manager.query(`SELECT pg_notify($1, '')`, [paymentsChannel(this.schema)]);
  }

  private get table(): string {
    return qualified(this.schema, 'payment_instructions');
  }

  /** Creates the instruction unless one exists for the same claim, fund and source. */
  async create(manager: EntityManager, n: NewInstruction): Promise<boolean> {
    const rows = await insertRow(
      manager,
      this.table,
      `instruction_id, claim_id, loan_id, default_id, bank_id, fund_id, source, source_ref, hold_id,
       amount_fen, requested_on, status`,
      { ...n, status: 'PENDING' },
      'ON CONFLICT (claim_id, fund_id, source, source_ref) DO NOTHING RETURNING instruction_id',
    );
    if (rows.length !== 1) return false;
    await this.notifyRunner(manager);
    return true;
  }

  /**
   * Milliseconds until the next instruction falls due: a retry's next attempt, or the end of a
   * lease a crashed sender left; undefined when none waits. Measured by the database's clock, the
   * one claimDue compares with.
   */
  async msUntilNextDue(manager: EntityManager): Promise<number | undefined> {
    const rows = (await manager.query(
      `SELECT greatest(0, extract(epoch FROM min(
           CASE WHEN status = 'PENDING' THEN next_attempt_at ELSE lease_until END) - now()) * 1000
         )::float8 AS ms
       FROM ${this.table} WHERE status IN ('PENDING', 'SENDING')`,
    )) as Array<{ ms: number | null }>;
    const ms = rows[0]?.ms;
    return ms === null || ms === undefined ? undefined : Math.ceil(ms);
  }

  /**
   * Claims up to `limit` due instructions for one runner: PENDING ones whose time has come, and
   * SENDING ones whose lease ran out (their runner died mid-call; they are sent again with the
   * same key). Locked rows are skipped, so runners never claim the same instruction.
   */
  async claimDue(
    manager: EntityManager,
    limit: number,
    leaseMs: number,
  ): Promise<PaymentInstruction[]> {
    const rows = await changedRows<Row>(
      manager,
      `UPDATE ${this.table} SET status = 'SENDING', attempts = attempts + 1,
         lease_until = now() + make_interval(secs => $2::double precision / 1000), updated_at = now()
       WHERE instruction_id IN (
         SELECT instruction_id FROM ${this.table}
         WHERE (status = 'PENDING' AND next_attempt_at <= now())
            OR (status = 'SENDING' AND lease_until < now())
         ORDER BY next_attempt_at, seq
         LIMIT $1
         FOR UPDATE SKIP LOCKED)
       RETURNING ${COLUMNS}`,
      [limit, leaseMs],
    );
    return rows.map(fromRow).sort((a, b) => (BigInt(a.seq) < BigInt(b.seq) ? -1 : 1));
  }

  /** SENDING (this attempt) or SUBMITTED -> PAID. False when another path recorded it first. */
  async markPaid(
    manager: EntityManager,
    instructionId: string,
    attempt: number | undefined,
    rail: string,
    reference: string,
  ): Promise<PaymentInstruction | undefined> {
    const rows = await changedRows<Row>(
      manager,
      `UPDATE ${this.table} SET status = 'PAID', rail = $3, rail_reference = $4, paid_at = now(),
         lease_until = NULL, last_error = NULL, updated_at = now()
       WHERE instruction_id = $1
         AND CASE WHEN $2::int IS NULL THEN status IN ('SENDING', 'SUBMITTED')
           ELSE status = 'SENDING' AND attempts = $2 END
       RETURNING ${COLUMNS}`,
      [instructionId, attempt ?? null, rail, reference],
    );
    return rows[0] === undefined ? undefined : fromRow(rows[0]);
  }

  async markSubmitted(
    manager: EntityManager,
    instructionId: string,
    attempt: number,
    rail: string,
    reference: string,
  ): Promise<PaymentInstruction | undefined> {
    const rows = await changedRows<Row>(
      manager,
      `UPDATE ${this.table} SET status = 'SUBMITTED', rail = $3, rail_reference = $4,
         lease_until = NULL, updated_at = now()
       WHERE instruction_id = $1 AND status = 'SENDING' AND attempts = $2
       RETURNING ${COLUMNS}`,
      [instructionId, attempt, rail, reference],
    );
    return rows[0] === undefined ? undefined : fromRow(rows[0]);
  }

  /** A failed attempt: back to PENDING after `retryInMs`, or parked as FAILED when undefined. */
  async markFailed(
    manager: EntityManager,
    instructionId: string,
    attempt: number | undefined,
    rail: string,
    reason: string,
    retryInMs: number | undefined,
  ): Promise<PaymentInstruction | undefined> {
    const rows = await changedRows<Row>(
      manager,
      `UPDATE ${this.table}
       SET status = CASE WHEN $5::double precision IS NULL THEN 'FAILED' ELSE 'PENDING' END,
         next_attempt_at = CASE WHEN $5::double precision IS NULL THEN next_attempt_at
           ELSE now() + make_interval(secs => $5::double precision / 1000) END,
         rail = $3, last_error = $4, lease_until = NULL, updated_at = now()
       WHERE instruction_id = $1
         AND CASE WHEN $2::int IS NULL THEN status IN ('SENDING', 'SUBMITTED')
           ELSE status = 'SENDING' AND attempts = $2 END
       RETURNING ${COLUMNS}`,
      [instructionId, attempt ?? null, rail, reason.slice(0, 2000), retryInMs ?? null],
    );
    return rows[0] === undefined ? undefined : fromRow(rows[0]);
  }

  async recordAttempt(
    manager: EntityManager,
    instructionId: string,
    attempt: number,
    rail: string,
    outcome: string,
    detail: string | undefined,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO ${qualified(this.schema, 'payment_attempts')}
         (instruction_id, attempt, rail, outcome, detail) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (instruction_id, attempt) DO UPDATE SET outcome = EXCLUDED.outcome,
         detail = EXCLUDED.detail, recorded_at = now()`,
      [instructionId, attempt, rail, outcome, detail ?? null],
    );
  }

  async attemptsOf(manager: EntityManager, instructionId: string): Promise<number> {
    const rows = (await manager.query(
      `SELECT attempts FROM ${this.table} WHERE instruction_id = $1`,
      [instructionId],
    )) as Array<{ attempts: number }>;
    return Math.max(1, rows[0]?.attempts ?? 1);
  }

  /**
   * Creates a subsidy payment with its parts, unless the round already has one for this enterprise
   * and payee account (a redelivered or repeated approval creates nothing).
   */
  async createSubsidy(
    manager: EntityManager,
    n: {
      readonly instructionId: string;
      readonly payee: SubsidyPayee;
      readonly amountFen: bigint;
      readonly requestedOn: string;
      readonly parts: readonly SubsidyPart[];
    },
  ): Promise<boolean> {
    const rows = (await manager.query(
      `INSERT INTO ${this.table} (instruction_id, kind, round_id, round_closing, payee_uscc,
         payee_account_no, payee_account_name, fund_id, source, source_ref, amount_fen,
         requested_on, status)
       VALUES ($1, 'SUBSIDY', $2, $3, $4, $5, $6, 'SUBSIDY', 'SUBSIDY_ROUND', $2, $7, $8, 'PENDING')
       ON CONFLICT (round_id, payee_uscc, payee_account_no) WHERE kind = 'SUBSIDY' DO NOTHING
       RETURNING instruction_id`,
      [
        n.instructionId,
        n.payee.roundId,
        n.payee.closing,
        n.payee.uscc,
        n.payee.accountNo,
        n.payee.accountName,
        n.amountFen.toString(),
        n.requestedOn,
      ],
    )) as unknown[];
    if (rows.length !== 1) return false;
    await manager.query(
      `INSERT INTO ${qualified(this.schema, 'subsidy_payment_parts')}
         (instruction_id, report_id, loan_id, bank_id, fund_id, amount_fen)
       SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[])`,
      [
        n.instructionId,
        n.parts.map((p) => p.reportId),
        n.parts.map((p) => p.loanId),
        n.parts.map((p) => p.bankId),
        n.parts.map((p) => p.fundId),
        n.parts.map((p) => p.amountFen.toString()),
      ],
    );
    await this.notifyRunner(manager);
    return true;
  }

  async subsidyPartsOf(manager: EntityManager, instructionId: string): Promise<SubsidyPart[]> {
    const rows = (await manager.query(
      `SELECT report_id, loan_id, bank_id, fund_id, amount_fen::text AS amount_fen
       FROM ${qualified(this.schema, 'subsidy_payment_parts')} WHERE instruction_id = $1
       ORDER BY loan_id, report_id, fund_id`,
      [instructionId],
    )) as Record<string, unknown>[];
    return rows.map((r) => camelRow<SubsidyPart>(r, { amountFen: columnAs.fen }));
  }

  /** Compensation payouts only (`GET /payouts`); subsidy payments are listed by round. */
  async list(manager: EntityManager, filter: PayoutFilter): Promise<PaymentInstruction[]> {
    const where = new SqlFilter()
      .where(`kind = 'COMPENSATION'`)
      .add('instruction_id = ?', filter.instructionId)
      .add('bank_id = ?', filter.bankId)
      .add('fund_id = ?', filter.fundId)
      .add('claim_id = ?', filter.claimId)
      .add('status = ?', filter.status)
      .add('seq > ?::bigint', filter.afterSeq);
    const rows = await keysetPage(
      manager,
      `SELECT ${COLUMNS} FROM ${this.table}`,
      where,
      'seq',
      filter.limit,
    );
    return rows.map((row) => fromRow(row as unknown as Row));
  }
}
