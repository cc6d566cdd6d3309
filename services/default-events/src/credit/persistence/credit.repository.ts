import { EntityManager } from 'typeorm';
import {
  affectedRows,
  camelRow,
  columnAs,
  findRow,
  insertIfNew,
  insertRow,
  LoanParking,
  ParkedLoanEvent,
  PolicyDocumentStore,
  RowByKey,
  SqlRow,
} from '@riskpool/db';

const T = {
  loans: '"default_events"."loans"',
  parked: '"default_events"."parked_loan_events"',
  policies: '"default_events"."policies"',
  episodes: '"default_events"."episodes"',
  recoveries: '"default_events"."recoveries"',
};

export type LoanStatus = 'REGISTERED' | 'DEFAULTED' | 'COMPENSATED' | 'CLOSED' | 'WRITTEN_OFF';
export type EpisodeStatus = 'OPEN' | 'CURED' | 'WRITTEN_OFF';
export type ClaimStatus = 'NONE' | 'APPROVED' | 'DENIED';

export interface ProjectedLoan {
  readonly loanId: string;
  readonly bankId: string;
  readonly townCode: string;
  readonly principalFen: bigint;
  readonly outstandingFen: bigint;
  readonly status: LoanStatus;
  /** Needed for the interest limit of docs/domain.md §8.3. */
  readonly annualRateBp: number;
  /** The version in force on the registration date: its economic terms govern the loan. */
  readonly policyVersionId: string;
}

export interface Episode {
  readonly defaultId: string;
  readonly loanId: string;
  readonly bankId: string;
  readonly outstandingAtDefaultFen: bigint;
  /** docs/domain.md §8.3: zero unless the loan's policy counts the net loss. */
  readonly accruedInterestFen: bigint;
  readonly costsFen: bigint;
  readonly daysPastDue: number;
  readonly reachedMinDaysPastDueOn: string;
  readonly reportedOn: string;
  readonly policyVersionId: string;
  readonly status: EpisodeStatus;
  readonly claimStatus: ClaimStatus;
  readonly claimId: string | null;
  /** docs/domain.md §8.5: when the bank declared recovery finished (AFTER_RECOVERY only). */
  readonly recoveryClosedOn: string | null;
}

/** An episode as its history shows it: when it closed (cure or write-off) and its claim's funds. */
export interface EpisodeHistory extends Episode {
  readonly closedOn: string | null;
  readonly claimFundIds: readonly string[];
}

export interface RecoveryRecord {
  readonly recoveryId: string;
  readonly defaultId: string;
  readonly amountFen: bigint;
  readonly costsFen: bigint;
  readonly netFen: bigint;
  readonly recoveredOn: string;
}

const EPISODE_COLUMNS = `default_id, loan_id, bank_id, outstanding_at_default_fen::text,
  accrued_interest_fen::text, costs_fen::text, days_past_due,
  reached_min_days_past_due_on::text AS reached_min_days_past_due_on, reported_on::text,
  policy_version_id, status, claim_status, claim_id, recovery_closed_on::text`;

const LOAN_READERS = { principalFen: columnAs.fen, outstandingFen: columnAs.fen };
const LOAN_ROW: RowByKey = {
  table: T.loans,
  columns: `loan_id, bank_id, town_code, principal_fen::text, outstanding_fen::text, status,
    annual_rate_bp, policy_version_id`,
  key: 'loan_id',
};
const toLoan = (row: SqlRow): ProjectedLoan => camelRow<ProjectedLoan>(row, LOAN_READERS);

const EPISODE_READERS = {
  outstandingAtDefaultFen: columnAs.fen,
  accruedInterestFen: columnAs.fen,
  costsFen: columnAs.fen,
};

/** An episode from its EPISODE_COLUMNS. */
const toEpisode = (row: SqlRow): Episode => camelRow<Episode>(row, EPISODE_READERS);

/** The only SQL of default-events. */
export class CreditRepository {
  async insertLoan(
    manager: EntityManager,
    loan: ProjectedLoan & { registrationDate: string },
  ): Promise<boolean> {
    return insertIfNew(
      manager,
      T.loans,
      `loan_id, bank_id, town_code, principal_fen, outstanding_fen, status, registration_date,
       policy_version_id, annual_rate_bp`,
      loan,
      'loan_id',
    );
  }

  async findLoan(
    manager: EntityManager,
    loanId: string,
    lock = false,
  ): Promise<ProjectedLoan | undefined> {
    return findRow(manager, LOAN_ROW, loanId, toLoan, lock);
  }

  async updateLoan(
    manager: EntityManager,
    loanId: string,
    change: { status?: LoanStatus; outstandingFen?: bigint },
  ): Promise<void> {
    await manager.query(
      `UPDATE ${T.loans} SET status = coalesce($2, status),
         outstanding_fen = coalesce($3::bigint, outstanding_fen), updated_at = now()
       WHERE loan_id = $1`,
      [loanId, change.status ?? null, change.outstandingFen?.toString() ?? null],
    );
  }

  private readonly parking = new LoanParking(T.parked);

  async park(manager: EntityManager, event: ParkedLoanEvent & { loanId: string }): Promise<void> {
    await this.parking.park(manager, event);
  }

  /** Takes (and deletes) the loan's parked events, oldest first. */
  async unpark(manager: EntityManager, loanId: string): Promise<ParkedLoanEvent[]> {
    return this.parking.take(manager, loanId);
  }

  /** The published policy versions (pool.policy-published.v1), as they came. */
  readonly policyStore = new PolicyDocumentStore(T.policies);

  async openEpisode(manager: EntityManager, loanId: string): Promise<Episode | undefined> {
    const rows = (await manager.query(
      `SELECT ${EPISODE_COLUMNS} FROM ${T.episodes} WHERE loan_id = $1 AND status = 'OPEN'`,
      [loanId],
    )) as SqlRow[];
    return rows[0] === undefined ? undefined : toEpisode(rows[0]);
  }

  /**
   * docs/domain.md §8.5: open episodes without a claim or a recovery declaration whose report is
   * more than two years before `today` (the same date two years on is the last day to declare).
   */
  async undeclaredEpisodesBefore(manager: EntityManager, today: string): Promise<Episode[]> {
    const rows = (await manager.query(
      `SELECT ${EPISODE_COLUMNS} FROM ${T.episodes}
       WHERE status = 'OPEN' AND claim_id IS NULL AND recovery_closed_on IS NULL
         AND (reported_on + interval '2 years')::date < $1::date
       ORDER BY reported_on, default_id`,
      [today],
    )) as SqlRow[];
    return rows.map(toEpisode);
  }

  /** The episode a recovery belongs to: the open one, else the last written off. */
  async recoverableEpisode(manager: EntityManager, loanId: string): Promise<Episode | undefined> {
    const rows = (await manager.query(
      `SELECT ${EPISODE_COLUMNS} FROM ${T.episodes}
       WHERE loan_id = $1 AND status IN ('OPEN', 'WRITTEN_OFF')
       ORDER BY (status = 'OPEN') DESC, created_at DESC LIMIT 1`,
      [loanId],
    )) as SqlRow[];
    return rows[0] === undefined ? undefined : toEpisode(rows[0]);
  }

  async findEpisode(manager: EntityManager, defaultId: string): Promise<Episode | undefined> {
    const rows = (await manager.query(
      `SELECT ${EPISODE_COLUMNS} FROM ${T.episodes} WHERE default_id = $1 FOR UPDATE`,
      [defaultId],
    )) as SqlRow[];
    return rows[0] === undefined ? undefined : toEpisode(rows[0]);
  }

  async insertEpisode(manager: EntityManager, episode: Episode): Promise<void> {
    await insertRow(
      manager,
      T.episodes,
      `default_id, loan_id, bank_id, outstanding_at_default_fen, days_past_due,
       reached_min_days_past_due_on, reported_on, policy_version_id, status, accrued_interest_fen,
       costs_fen`,
      episode,
    );
  }

  /** Every episode of a loan, oldest first, with its closing date and its claim's funds. */
  async episodesOf(manager: EntityManager, loanId: string): Promise<EpisodeHistory[]> {
    const rows = (await manager.query(
      `SELECT ${EPISODE_COLUMNS}, closed_on::text, claim_fund_ids FROM ${T.episodes}
       WHERE loan_id = $1 ORDER BY created_at, default_id`,
      [loanId],
    )) as SqlRow[];
    return rows.map((r) => camelRow<EpisodeHistory>(r, EPISODE_READERS));
  }

  async recoveriesOf(manager: EntityManager, loanId: string): Promise<RecoveryRecord[]> {
    const rows = (await manager.query(
      `SELECT recovery_id, default_id, amount_fen::text, costs_fen::text, net_fen::text,
         recovered_on::text FROM ${T.recoveries} WHERE loan_id = $1 ORDER BY recorded_at, recovery_id`,
      [loanId],
    )) as SqlRow[];
    return rows.map((r) =>
      camelRow<RecoveryRecord>(r, {
        amountFen: columnAs.fen,
        costsFen: columnAs.fen,
        netFen: columnAs.fen,
      }),
    );
  }

  /** The claim opened for an episode, and the funds of its split. */
  async setEpisodeClaim(
    manager: EntityManager,
    defaultId: string,
    claim: { claimId: string; fundIds: readonly string[] },
  ): Promise<boolean> {
    const updated = await affectedRows(
      manager,
      `UPDATE ${T.episodes} SET claim_id = $2, claim_fund_ids = $3::text[] WHERE default_id = $1`,
      [defaultId, claim.claimId, claim.fundIds],
    );
    return updated > 0;
  }

  async updateEpisode(
    manager: EntityManager,
    defaultId: string,
    change: {
      status?: EpisodeStatus;
      claimStatus?: ClaimStatus;
      claimId?: string;
      closedOn?: string;
      recoveryClosedOn?: string;
    },
  ): Promise<void> {
    await manager.query(
      `UPDATE ${T.episodes} SET status = coalesce($2, status), claim_status = coalesce($3, claim_status),
         claim_id = coalesce($4, claim_id), closed_on = coalesce($5::date, closed_on),
         recovery_closed_on = coalesce($6::date, recovery_closed_on)
       WHERE default_id = $1`,
      [
        defaultId,
        change.status ?? null,
        change.claimStatus ?? null,
        change.claimId ?? null,
        change.closedOn ?? null,
        change.recoveryClosedOn ?? null,
      ],
    );
  }

  async insertRecovery(
    manager: EntityManager,
    recovery: {
      recoveryId: string;
      defaultId: string;
      loanId: string;
      amountFen: bigint;
      costsFen: bigint;
      netFen: bigint;
      recoveredOn: string;
    },
  ): Promise<void> {
    await insertRow(
      manager,
      T.recoveries,
      'recovery_id, default_id, loan_id, amount_fen, costs_fen, net_fen, recovered_on',
      recovery,
    );
  }
}
