import { EntityManager } from 'typeorm';
import { PolicyVersion } from '@riskpool/domain';
import { PolicyDocument } from '@riskpool/contracts';
import { LoanParking, ParkedLoanEvent, PolicyDocumentStore } from '@riskpool/db';

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

interface EpisodeRow {
  default_id: string;
  loan_id: string;
  bank_id: string;
  outstanding_at_default_fen: string;
  accrued_interest_fen: string;
  costs_fen: string;
  days_past_due: number;
  reached_on: string;
  reported_on: string;
  policy_version_id: string;
  status: EpisodeStatus;
  claim_status: ClaimStatus;
  claim_id: string | null;
  recovery_closed_on: string | null;
}

const EPISODE_COLUMNS = `default_id, loan_id, bank_id, outstanding_at_default_fen::text,
  accrued_interest_fen::text, costs_fen::text,
  days_past_due, reached_min_days_past_due_on::text AS reached_on, reported_on::text,
  policy_version_id, status, claim_status, claim_id, recovery_closed_on::text`;

const toEpisode = (r: EpisodeRow): Episode => ({
  defaultId: r.default_id,
  loanId: r.loan_id,
  bankId: r.bank_id,
  outstandingAtDefaultFen: BigInt(r.outstanding_at_default_fen),
  accruedInterestFen: BigInt(r.accrued_interest_fen),
  costsFen: BigInt(r.costs_fen),
  daysPastDue: r.days_past_due,
  reachedMinDaysPastDueOn: r.reached_on,
  reportedOn: r.reported_on,
  policyVersionId: r.policy_version_id,
  status: r.status,
  claimStatus: r.claim_status,
  claimId: r.claim_id,
  recoveryClosedOn: r.recovery_closed_on,
});

/** The only SQL of default-events. */
export class CreditRepository {
  async insertLoan(
    manager: EntityManager,
    loan: ProjectedLoan & { registrationDate: string },
  ): Promise<boolean> {
    const rows = (await manager.query(
      `INSERT INTO ${T.loans} (loan_id, bank_id, town_code, principal_fen, outstanding_fen, status,
         registration_date, policy_version_id, annual_rate_bp)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (loan_id) DO NOTHING RETURNING loan_id`,
      [
        loan.loanId,
        loan.bankId,
        loan.townCode,
        loan.principalFen.toString(),
        loan.outstandingFen.toString(),
        loan.status,
        loan.registrationDate,
        loan.policyVersionId,
        loan.annualRateBp,
      ],
    )) as unknown[];
    return rows.length === 1;
  }

  async findLoan(
    manager: EntityManager,
    loanId: string,
    lock = false,
  ): Promise<ProjectedLoan | undefined> {
    const rows = (await manager.query(
      `SELECT loan_id, bank_id, town_code, principal_fen::text, outstanding_fen::text, status,
         annual_rate_bp, policy_version_id
       FROM ${T.loans} WHERE loan_id = $1${lock ? ' FOR UPDATE' : ''}`,
      [loanId],
    )) as Array<{
      loan_id: string;
      bank_id: string;
      town_code: string;
      principal_fen: string;
      outstanding_fen: string;
      status: LoanStatus;
      annual_rate_bp: number;
      policy_version_id: string;
    }>;
    const r = rows[0];
    return r === undefined
      ? undefined
      : {
          loanId: r.loan_id,
          bankId: r.bank_id,
          townCode: r.town_code,
          principalFen: BigInt(r.principal_fen),
          outstandingFen: BigInt(r.outstanding_fen),
          status: r.status,
          annualRateBp: r.annual_rate_bp,
          policyVersionId: r.policy_version_id,
        };
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
  private readonly policyStore = new PolicyDocumentStore(T.policies);

  async park(manager: EntityManager, event: ParkedLoanEvent & { loanId: string }): Promise<void> {
    await this.parking.park(manager, event);
  }

  /** Takes (and deletes) the loan's parked events, oldest first. */
  async unpark(manager: EntityManager, loanId: string): Promise<ParkedLoanEvent[]> {
    return this.parking.take(manager, loanId);
  }

  async addPolicy(
    manager: EntityManager,
    policy: { document: PolicyDocument; publishedAt: string },
  ): Promise<void> {
    await this.policyStore.add(manager, policy.document, policy.publishedAt);
  }

  async policies(manager: EntityManager): Promise<PolicyVersion[]> {
    return this.policyStore.all(manager);
  }

  async openEpisode(manager: EntityManager, loanId: string): Promise<Episode | undefined> {
    const rows = (await manager.query(
      `SELECT ${EPISODE_COLUMNS} FROM ${T.episodes} WHERE loan_id = $1 AND status = 'OPEN'`,
      [loanId],
    )) as EpisodeRow[];
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
    )) as EpisodeRow[];
    return rows.map(toEpisode);
  }

  /** The episode a recovery belongs to: the open one, else the last written off. */
  async recoverableEpisode(manager: EntityManager, loanId: string): Promise<Episode | undefined> {
    const rows = (await manager.query(
      `SELECT ${EPISODE_COLUMNS} FROM ${T.episodes}
       WHERE loan_id = $1 AND status IN ('OPEN', 'WRITTEN_OFF')
       ORDER BY (status = 'OPEN') DESC, created_at DESC LIMIT 1`,
      [loanId],
    )) as EpisodeRow[];
    return rows[0] === undefined ? undefined : toEpisode(rows[0]);
  }

  async findEpisode(manager: EntityManager, defaultId: string): Promise<Episode | undefined> {
    const rows = (await manager.query(
      `SELECT ${EPISODE_COLUMNS} FROM ${T.episodes} WHERE default_id = $1 FOR UPDATE`,
      [defaultId],
    )) as EpisodeRow[];
    return rows[0] === undefined ? undefined : toEpisode(rows[0]);
  }

  async insertEpisode(manager: EntityManager, episode: Episode): Promise<void> {
    await manager.query(
      `INSERT INTO ${T.episodes} (default_id, loan_id, bank_id, outstanding_at_default_fen,
         days_past_due, reached_min_days_past_due_on, reported_on, policy_version_id, status,
         accrued_interest_fen, costs_fen)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        episode.defaultId,
        episode.loanId,
        episode.bankId,
        episode.outstandingAtDefaultFen.toString(),
        episode.daysPastDue,
        episode.reachedMinDaysPastDueOn,
        episode.reportedOn,
        episode.policyVersionId,
        episode.status,
        episode.accruedInterestFen.toString(),
        episode.costsFen.toString(),
      ],
    );
  }

  /** Every episode of a loan, oldest first, with its closing date and its claim's funds. */
  async episodesOf(manager: EntityManager, loanId: string): Promise<EpisodeHistory[]> {
    const rows = (await manager.query(
      `SELECT ${EPISODE_COLUMNS}, closed_on::text, claim_fund_ids FROM ${T.episodes}
       WHERE loan_id = $1 ORDER BY created_at, default_id`,
      [loanId],
    )) as Array<EpisodeRow & { closed_on: string | null; claim_fund_ids: string[] }>;
    return rows.map((r) => ({
      ...toEpisode(r),
      closedOn: r.closed_on,
      claimFundIds: r.claim_fund_ids,
    }));
  }

  async recoveriesOf(manager: EntityManager, loanId: string): Promise<RecoveryRecord[]> {
    const rows = (await manager.query(
      `SELECT recovery_id, default_id, amount_fen::text, costs_fen::text, net_fen::text,
         recovered_on::text FROM ${T.recoveries} WHERE loan_id = $1 ORDER BY recorded_at, recovery_id`,
      [loanId],
    )) as Array<Record<string, string>>;
    return rows.map((r) => ({
      recoveryId: r['recovery_id'] as string,
      defaultId: r['default_id'] as string,
      amountFen: BigInt(r['amount_fen'] as string),
      costsFen: BigInt(r['costs_fen'] as string),
      netFen: BigInt(r['net_fen'] as string),
      recoveredOn: r['recovered_on'] as string,
    }));
  }

  /** The claim opened for an episode, and the funds of its split. */
  async setEpisodeClaim(
    manager: EntityManager,
    defaultId: string,
    claim: { claimId: string; fundIds: readonly string[] },
  ): Promise<boolean> {
    const result = (await manager.query(
      `UPDATE ${T.episodes} SET claim_id = $2, claim_fund_ids = $3::text[] WHERE default_id = $1`,
      [defaultId, claim.claimId, claim.fundIds],
    )) as [unknown, number];
    return result[1] > 0;
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
    await manager.query(
      `INSERT INTO ${T.recoveries} (recovery_id, default_id, loan_id, amount_fen, costs_fen, net_fen, recovered_on)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        recovery.recoveryId,
        recovery.defaultId,
        recovery.loanId,
        recovery.amountFen.toString(),
        recovery.costsFen.toString(),
        recovery.netFen.toString(),
        recovery.recoveredOn,
      ],
    );
  }
}
