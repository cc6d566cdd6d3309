import { EntityManager } from 'typeorm';
import { insertIfNew, insertRow, SchemaRepository } from '@riskpool/db';
import { changedRows, toDateString } from '../../shared/sql';

export interface ApprovedClaim {
  readonly claimId: string;
  readonly loanId: string;
  readonly bankId: string;
  readonly defaultId: string;
  readonly approvedOn: string;
  readonly approvalEventId: string;
  readonly approvalEventTime: Date;
}

export interface ClaimShare {
  readonly fundId: string;
  readonly shareFen: bigint;
  readonly heldAtApprovalFen: bigint;
  readonly queuedAtApprovalFen: bigint;
  /** pool-allocation's running total of fills inside heldAtApprovalFen; undefined if not sent. */
  readonly filledAtApprovalFen?: bigint;
  readonly filledAfterApprovalFen: bigint;
}

export type FillState =
  'WAITING_FOR_APPROVAL' | 'PAYABLE' | 'IN_APPROVED_SHARE' | 'RELEASED' | 'OVER_QUEUED_PART';

export interface QueueFill {
  readonly holdId: string;
  readonly claimId: string;
  readonly loanId: string;
  readonly fundId: string;
  readonly amountFen: bigint;
  /** pool-allocation's running total of the part's fills, this one included; undefined if not sent. */
  readonly filledTotalFen?: bigint;
  readonly eventId: string;
  readonly eventTime: Date;
  readonly placedAt: Date;
  readonly state: FillState;
}

/** Approved claims, their shares, and queue fills, in SQL. */
export class ApprovedClaimRepository extends SchemaRepository {
  /** False when the claim was approved before (a redelivered or repeated approval). */
  async insertClaim(
    manager: EntityManager,
    claim: ApprovedClaim & { basisFen: bigint; economicPolicyVersionId: string },
    shares: ReadonlyArray<Omit<ClaimShare, 'filledAfterApprovalFen'>>,
  ): Promise<boolean> {
    const inserted = await insertIfNew(
      manager,
      this.t('claims'),
      `claim_id, loan_id, bank_id, default_id, approved_on, approval_event_id, approval_event_time,
     basis_fen, economic_policy_version_id`,
      claim,
      'claim_id',
    );
    if (!inserted) return false;
    for (const share of shares) {
      await insertRow(
        manager,
        this.t('claim_shares'),
        `claim_id, fund_id, share_fen, held_at_approval_fen, queued_at_approval_fen,
         filled_at_approval_fen`,
        { ...share, claimId: claim.claimId },
      );
    }
    return true;
  }

  async findClaim(manager: EntityManager, claimId: string): Promise<ApprovedClaim | undefined> {
    const rows = (await manager.query(
      `SELECT claim_id, loan_id, bank_id, default_id, approved_on::text AS approved_on,
         approval_event_id, approval_event_time FROM ${this.t('claims')} WHERE claim_id = $1`,
      [claimId],
    )) as Array<{
      claim_id: string;
      loan_id: string;
      bank_id: string;
      default_id: string;
      approved_on: string;
      approval_event_id: string;
      approval_event_time: Date;
    }>;
    const row = rows[0];
    return row === undefined
      ? undefined
      : {
          claimId: row.claim_id,
          loanId: row.loan_id,
          bankId: row.bank_id,
          defaultId: row.default_id,
          approvedOn: toDateString(row.approved_on),
          approvalEventId: row.approval_event_id,
          approvalEventTime: new Date(row.approval_event_time),
        };
  }

  /** A fund's share of an approved claim. */
  async findShare(
    manager: EntityManager,
    share: { claimId: string; fundId: string },
  ): Promise<ClaimShare | undefined> {
    const rows = (await manager.query(
      `SELECT fund_id, share_fen, held_at_approval_fen, queued_at_approval_fen,
         filled_at_approval_fen, filled_after_approval_fen FROM ${this.t('claim_shares')} WHERE claim_id = $1 AND fund_id = $2`,
      [share.claimId, share.fundId],
    )) as Array<Record<string, string | null>>;
    const row = rows[0];
    if (row === undefined) return undefined;
    const filledAtApproval = row['filled_at_approval_fen'];
    return {
      fundId: row['fund_id'] as string,
      shareFen: BigInt(row['share_fen'] as string),
      heldAtApprovalFen: BigInt(row['held_at_approval_fen'] as string),
      queuedAtApprovalFen: BigInt(row['queued_at_approval_fen'] as string),
      ...(filledAtApproval !== null && filledAtApproval !== undefined
        ? { filledAtApprovalFen: BigInt(filledAtApproval) }
        : {}),
      filledAfterApprovalFen: BigInt(row['filled_after_approval_fen'] as string),
    };
  }

  async addFilledAfterApproval(
    manager: EntityManager,
    claimId: string,
    fundId: string,
    amountFen: bigint,
  ): Promise<void> {
    await manager.query(
      `UPDATE ${this.t('claim_shares')} SET filled_after_approval_fen = filled_after_approval_fen + $3
       WHERE claim_id = $1 AND fund_id = $2`,
      [claimId, fundId, amountFen.toString()],
    );
  }

  /** False when the hold was seen before. */
  async insertFill(manager: EntityManager, fill: QueueFill): Promise<boolean> {
    return insertIfNew(
      manager,
      this.t('queue_fills'),
      `hold_id, claim_id, loan_id, fund_id, amount_fen, event_id, event_time, placed_at, state,
       filled_total_fen`,
      fill,
      'event_id',
    );
  }

  async waitingFills(manager: EntityManager, claimId: string): Promise<QueueFill[]> {
    const rows = (await manager.query(
      `SELECT hold_id, claim_id, loan_id, fund_id, amount_fen, filled_total_fen, event_id,
         event_time, placed_at, state FROM ${this.t('queue_fills')} WHERE claim_id = $1 AND state = 'WAITING_FOR_APPROVAL'
       ORDER BY event_time, event_id FOR UPDATE`,
      [claimId],
    )) as Array<Record<string, unknown>>;
    return rows.map((row) => ({
      holdId: row['hold_id'] as string,
      claimId: row['claim_id'] as string,
      loanId: row['loan_id'] as string,
      fundId: row['fund_id'] as string,
      amountFen: BigInt(row['amount_fen'] as string),
      ...(row['filled_total_fen'] !== null
        ? { filledTotalFen: BigInt(row['filled_total_fen'] as string) }
        : {}),
      eventId: row['event_id'] as string,
      eventTime: new Date(row['event_time'] as Date),
      placedAt: new Date(row['placed_at'] as Date),
      state: row['state'] as FillState,
    }));
  }

  async setFillState(
    manager: EntityManager,
    fillEventId: string,
    state: FillState,
    payableFen: bigint = 0n,
  ): Promise<void> {
    await manager.query(
      `UPDATE ${this.t('queue_fills')} SET state = $2, payable_fen = $3, updated_at = now()
       WHERE event_id = $1`,
      [fillEventId, state, payableFen.toString()],
    );
  }

  /** Fills of a hold released while they still waited for the approval are never paid. */
  async releaseWaitingFills(manager: EntityManager, holdId: string): Promise<number> {
    const rows = await changedRows<{ event_id: string }>(
      manager,
      `UPDATE ${this.t('queue_fills')} SET state = 'RELEASED', updated_at = now()
       WHERE hold_id = $1 AND state = 'WAITING_FOR_APPROVAL' RETURNING event_id`,
      [holdId],
    );
    return rows.length;
  }

  async recordAdjustment(
    manager: EntityManager,
    eventId: string,
    a: {
      claimId: string;
      loanId: string;
      bankId: string;
      previousBasisFen: string;
      basisFen: string;
      reason: string;
      adjustedBy: string;
    },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO ${this.t('claim_adjustments')} (event_id, claim_id, loan_id, bank_id,
         previous_basis_fen, basis_fen, reason, adjusted_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (event_id) DO NOTHING`,
      [
        eventId,
        a.claimId,
        a.loanId,
        a.bankId,
        a.previousBasisFen,
        a.basisFen,
        a.reason,
        a.adjustedBy,
      ],
    );
  }

  /** The latest business date seen, for a queue fill's requested execution date. */
  async latestBusinessDate(manager: EntityManager): Promise<string | undefined> {
    const rows = (await manager.query(
      `SELECT latest_date::text AS d FROM ${this.t('business_clock')}`,
    )) as Array<{ d: string }>;
    return rows[0]?.d;
  }
}
