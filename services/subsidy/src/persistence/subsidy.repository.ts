import { EntityManager } from 'typeorm';
import {
  camelRow,
  domainRow,
  findRow,
  FUND_DEPOSIT_COLUMNS,
  FundDeposit,
  insertIfNew,
  insertRow,
  LoanParking,
  ParkedLoanEvent,
  PolicyDocumentStore,
  RowByKey,
} from '@riskpool/db';
import { DefaultEpisode, LoanFlagCode, ReportedPeriod, SubsidyLoanStatus } from '@riskpool/domain';

const T = {
  funds: '"subsidy"."funds"',
  deposits: '"subsidy"."deposits"',
  policies: '"subsidy"."policies"',
  loans: '"subsidy"."loans"',
  balances: '"subsidy"."loan_balances"',
  episodes: '"subsidy"."default_episodes"',
  parked: '"subsidy"."parked_events"',
  rounds: '"subsidy"."rounds"',
  reports: '"subsidy"."reports"',
  shares: '"subsidy"."report_shares"',
  roundFunds: '"subsidy"."round_funds"',
  history: '"subsidy"."round_history"',
  payments: '"subsidy"."payments"',
};

export interface SubsidyFund {
  readonly fundId: string;
  readonly name: string;
  readonly townCode: string | null;
  readonly availableFen: bigint;
  readonly heldFen: bigint;
  readonly depositedFen: bigint;
  readonly paidFen: bigint;
}

export interface ProjectedLoan {
  readonly loanId: string;
  readonly bankId: string;
  readonly uscc: string;
  readonly townCode: string;
  readonly principalFen: bigint;
  readonly annualRateBp: number;
  readonly disbursementDate: string;
  readonly maturityDate: string;
  readonly flags: readonly LoanFlagCode[];
  readonly registrationDate: string;
  readonly policyVersionId: string;
  readonly status: SubsidyLoanStatus;
  readonly everWrittenOff: boolean;
}

export interface StoredReport {
  readonly reportId: string;
  readonly reportNo: number;
  readonly loanId: string;
  readonly bankId: string;
  readonly uscc: string;
  readonly townCode: string;
  readonly periodStart: string;
  readonly periodEnd: string;
  readonly periodYear: number;
  readonly days: number;
  readonly interestPaidFen: bigint;
  readonly outstandingAtStartFen: bigint;
  readonly annualRateBp: number;
  readonly eligibleRateBp: number;
  readonly interestCapFen: bigint;
  readonly eligibleInterestFen: bigint;
  readonly bonusBp: number;
  readonly shareBp: number;
  readonly uncappedRequestedFen: bigint;
  readonly annualRemainingFen: bigint;
  readonly requestedFen: bigint;
  readonly capReasons: readonly string[];
  readonly payeeAccountNo: string;
  readonly payeeAccountName: string;
  readonly economicPolicyVersionId: string;
  readonly proceduralPolicyVersionId: string;
  readonly roundId: string | null;
  readonly reportedOn: string;
  readonly reportedAt: string;
}

export interface StoredShare {
  readonly reportId: string;
  readonly fundId: string;
  readonly weightBp: number;
  readonly requestedFen: bigint;
  readonly grantedFen: bigint | null;
  readonly lapsedFen: bigint | null;
}

export type RoundStatus = 'OPEN' | 'CLOSED' | 'APPROVED';

export interface StoredRound {
  readonly roundId: string;
  readonly roundNo: number;
  readonly from: string;
  readonly to: string;
  readonly status: RoundStatus;
  readonly closing: number;
  readonly openedBy: string;
  readonly openedOn: string;
  readonly closedOn: string | null;
  readonly approvedOn: string | null;
}

export interface StoredRoundFund {
  readonly roundId: string;
  readonly fundId: string;
  readonly availableFen: bigint;
  readonly requestedFen: bigint;
  readonly grantedFen: bigint;
  readonly lapsedFen: bigint;
  readonly proRata: boolean;
  readonly decision: 'APPROVE' | null;
  readonly decidedBy: string | null;
  readonly decidedOn: string | null;
}

type Row = Record<string, unknown>;
const str = (v: unknown): string => String(v);
const big = (v: unknown): bigint => BigInt(String(v));

async function rows(manager: EntityManager, sql: string, params: unknown[] = []): Promise<Row[]> {
  return (await manager.query(sql, params)) as Row[];
}

const FUND_COLUMNS = `fund_id, name, town_code, available_fen::text, held_fen::text,
  deposited_fen::text, paid_fen::text`;
const toFund = (r: Row): SubsidyFund => domainRow<SubsidyFund>(r);
const FUND_ROW: RowByKey = { table: T.funds, columns: FUND_COLUMNS, key: 'fund_id' };

const LOAN_COLUMNS = `loan_id, bank_id, uscc, town_code, principal_fen::text, annual_rate_bp,
  disbursement_date::text, maturity_date::text, flags, registration_date::text, policy_version_id,
  status, ever_written_off`;
const toLoan = (r: Row): ProjectedLoan => domainRow<ProjectedLoan>(r);
const LOAN_ROW: RowByKey = { table: T.loans, columns: LOAN_COLUMNS, key: 'loan_id' };

const REPORT_COLUMNS = `report_id, report_no::text, loan_id, bank_id, uscc, town_code,
  period_start::text, period_end::text, period_year, days, interest_paid_fen::text,
  outstanding_at_start_fen::text, annual_rate_bp, eligible_rate_bp, interest_cap_fen::text,
  eligible_interest_fen::text, bonus_bp, share_bp, uncapped_requested_fen::text,
  annual_remaining_fen::text, requested_fen::text, cap_reasons, payee_account_no,
  payee_account_name, economic_policy_version_id, procedural_policy_version_id, round_id,
  reported_on::text, to_char(reported_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS reported_at`;
const toReport = (r: Row): StoredReport => domainRow<StoredReport>(r, { reportNo: Number });

const toShare = (r: Row): StoredShare => domainRow<StoredShare>(r);

const ROUND_COLUMNS = `round_id, round_no::text, from_date::text AS "from", to_date::text AS "to",
  status, closing, opened_by, opened_on::text, closed_on::text, approved_on::text`;
const toRound = (r: Row): StoredRound => domainRow<StoredRound>(r, { roundNo: Number });
const ROUND_ROW: RowByKey = { table: T.rounds, columns: ROUND_COLUMNS, key: 'round_id' };

const toRoundFund = (r: Row): StoredRoundFund =>
  domainRow<StoredRoundFund>(r, { decision: (v) => (v === 'APPROVE' ? 'APPROVE' : null) });

/** Who may see which reports and grants (a bank its own loans, a fund manager its fund's). */
export interface ReadScope {
  readonly bankId?: string;
  readonly fundId?: string;
}

/** The only SQL of the subsidy service. */
export class SubsidyRepository {
  // ---- funds
  async insertFund(
    m: EntityManager,
    fund: { fundId: string; name: string; townCode: string | null },
  ): Promise<boolean> {
    const inserted = await rows(
      m,
      `INSERT INTO ${T.funds} (fund_id, name, town_code) VALUES ($1, $2, $3)
       ON CONFLICT (fund_id) DO NOTHING RETURNING fund_id`,
      [fund.fundId, fund.name, fund.townCode],
    );
    return inserted.length === 1;
  }

  async findFund(m: EntityManager, fundId: string, lock = false): Promise<SubsidyFund | undefined> {
    return findRow(m, FUND_ROW, fundId, toFund, lock);
  }

  /** Locks the funds in id order (the one lock order, so two closings never deadlock). */
  async lockFunds(m: EntityManager, fundIds: readonly string[]): Promise<Map<string, SubsidyFund>> {
    const found = await rows(
      m,
      `SELECT ${FUND_COLUMNS} FROM ${T.funds} WHERE fund_id = ANY($1) ORDER BY fund_id FOR UPDATE`,
      [[...fundIds]],
    );
    return new Map(found.map((r) => [str(r.fund_id), toFund(r)]));
  }

  async listFunds(m: EntityManager, fundId?: string): Promise<SubsidyFund[]> {
    const found = await rows(
      m,
      `SELECT ${FUND_COLUMNS} FROM ${T.funds} WHERE ($1::text IS NULL OR fund_id = $1)
       ORDER BY fund_id`,
      [fundId ?? null],
    );
    return found.map(toFund);
  }

  /** Moves money between a fund's available, held and paid amounts (CHECKs keep them ≥ 0). */
  async moveFundMoney(
    m: EntityManager,
    fundId: string,
    change: { availableFen?: bigint; heldFen?: bigint; depositedFen?: bigint; paidFen?: bigint },
  ): Promise<void> {
    await m.query(
      `UPDATE ${T.funds} SET available_fen = available_fen + $2::bigint,
         held_fen = held_fen + $3::bigint, deposited_fen = deposited_fen + $4::bigint,
         paid_fen = paid_fen + $5::bigint
       WHERE fund_id = $1`,
      [
        fundId,
        (change.availableFen ?? 0n).toString(),
        (change.heldFen ?? 0n).toString(),
        (change.depositedFen ?? 0n).toString(),
        (change.paidFen ?? 0n).toString(),
      ],
    );
  }

  async insertDeposit(m: EntityManager, d: FundDeposit): Promise<void> {
    await insertRow(m, T.deposits, FUND_DEPOSIT_COLUMNS, d);
  }

  /** Records a subsidy payment once (by its id); false when it was recorded before. */
  async insertPayment(
    m: EntityManager,
    p: {
      paymentId: string;
      roundId: string;
      uscc: string;
      amountFen: bigint;
      parts: readonly unknown[];
      completedAt: string;
      eventId: string;
    },
  ): Promise<boolean> {
    return insertIfNew(
      m,
      T.payments,
      'payment_id, round_id, uscc, amount_fen, parts, completed_at, event_id',
      p,
      'payment_id',
    );
  }

  // ---- policies
  /** The published policy versions (pool.policy-published.v1), as they came. */
  readonly policyStore = new PolicyDocumentStore(T.policies);

  // ---- loans
  async insertLoan(m: EntityManager, loan: ProjectedLoan): Promise<boolean> {
    return insertIfNew(
      m,
      T.loans,
      `loan_id, bank_id, uscc, town_code, principal_fen, annual_rate_bp, disbursement_date,
       maturity_date, flags, registration_date, policy_version_id, status`,
      loan,
      'loan_id',
    );
  }

  async findLoan(
    m: EntityManager,
    loanId: string,
    lock = false,
  ): Promise<ProjectedLoan | undefined> {
    return findRow(m, LOAN_ROW, loanId, toLoan, lock);
  }

  async setLoanStatus(
    m: EntityManager,
    loanId: string,
    status: SubsidyLoanStatus,
    writtenOff = false,
  ): Promise<void> {
    await m.query(
      `UPDATE ${T.loans} SET status = $2, ever_written_off = ever_written_off OR $3 WHERE loan_id = $1`,
      [loanId, status, writtenOff],
    );
  }

  async addBalance(
    m: EntityManager,
    b: { eventId: string; loanId: string; effectiveOn: string; outstandingFen: bigint },
  ): Promise<void> {
    await m.query(
      `INSERT INTO ${T.balances} (event_id, loan_id, effective_on, outstanding_fen)
       VALUES ($1, $2, $3, $4) ON CONFLICT (event_id) DO NOTHING`,
      [b.eventId, b.loanId, b.effectiveOn, b.outstandingFen.toString()],
    );
  }

  /** Outstanding principal at the start of `date`: the last change made before that day. */
  async outstandingOn(m: EntityManager, loan: ProjectedLoan, date: string): Promise<bigint> {
    const found = await rows(
      m,
      `SELECT outstanding_fen::text FROM ${T.balances} WHERE loan_id = $1 AND effective_on < $2
       ORDER BY effective_on DESC, seq DESC LIMIT 1`,
      [loan.loanId, date],
    );
    return found[0] === undefined ? loan.principalFen : big(found[0].outstanding_fen);
  }

  async insertEpisode(
    m: EntityManager,
    e: { defaultId: string; loanId: string; reportedOn: string },
  ): Promise<void> {
    await m.query(
      `INSERT INTO ${T.episodes} (default_id, loan_id, reported_on) VALUES ($1, $2, $3)
       ON CONFLICT (default_id) DO NOTHING`,
      [e.defaultId, e.loanId, e.reportedOn],
    );
  }

  /** False when the default report has not arrived yet. */
  async cureEpisode(m: EntityManager, defaultId: string, curedOn: string): Promise<boolean> {
    const updated = await rows(
      m,
      `WITH cured AS (UPDATE ${T.episodes} SET cured_on = $2 WHERE default_id = $1
         RETURNING default_id) SELECT default_id FROM cured`,
      [defaultId, curedOn],
    );
    return updated.length === 1;
  }

  async episodes(m: EntityManager, loanId: string): Promise<DefaultEpisode[]> {
    const found = await rows(
      m,
      `SELECT reported_on::text, cured_on::text FROM ${T.episodes} WHERE loan_id = $1`,
      [loanId],
    );
    return found.map((r) =>
      r.cured_on === null
        ? { reportedOn: str(r.reported_on) }
        : { reportedOn: str(r.reported_on), curedOn: str(r.cured_on) },
    );
  }

  /**
   * Serialises the events of one loan across consumers until the transaction ends: the loan and
   * credit topics are consumed side by side, and without this an event parked for a loan not yet
   * projected could commit just after the registration looked for parked events, and stay parked.
   */
  async lockLoanEvents(m: EntityManager, loanId: string): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtextextended('subsidy.loan:' || $1, 0))`, [
      loanId,
    ]);
  }

  private readonly parking = new LoanParking(T.parked);

  async park(m: EntityManager, e: ParkedLoanEvent & { loanId: string }): Promise<void> {
    await this.parking.park(m, e);
  }

  async unpark(m: EntityManager, loanId: string): Promise<ParkedLoanEvent[]> {
    return this.parking.take(m, loanId);
  }

  // ---- reports
  async reportedPeriods(m: EntityManager, loanId: string): Promise<ReportedPeriod[]> {
    const found = await rows(
      m,
      `SELECT period_start::text, period_end::text FROM ${T.reports} WHERE loan_id = $1`,
      [loanId],
    );
    return found.map((r) => ({ periodStart: str(r.period_start), periodEnd: str(r.period_end) }));
  }

  /** Σ requested of the enterprise's reports for periods of that year (§9.3). */
  async enterpriseRequested(m: EntityManager, uscc: string, year: number): Promise<bigint> {
    const found = await rows(
      m,
      `SELECT coalesce(sum(requested_fen), 0)::text AS total FROM ${T.reports}
       WHERE uscc = $1 AND period_year = $2`,
      [uscc, year],
    );
    return big(found[0]?.total ?? '0');
  }

  /** Serialises reports of one enterprise (the annual cap counts its earlier reports). */
  async lockEnterprise(m: EntityManager, uscc: string): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('subsidy-enterprise:' || $1))`, [uscc]);
  }

  async insertReport(m: EntityManager, r: Omit<StoredReport, 'reportNo'>): Promise<void> {
    await insertRow(
      m,
      T.reports,
      `report_id, loan_id, bank_id, uscc, town_code, period_start, period_end, period_year, days,
       interest_paid_fen, outstanding_at_start_fen, annual_rate_bp, eligible_rate_bp,
       interest_cap_fen, eligible_interest_fen, bonus_bp, share_bp, uncapped_requested_fen,
       annual_remaining_fen, requested_fen, cap_reasons, payee_account_no, payee_account_name,
       economic_policy_version_id, procedural_policy_version_id, round_id, reported_on, reported_at`,
      r,
    );
  }

  async insertShares(
    m: EntityManager,
    reportId: string,
    shares: ReadonlyArray<{ fundId: string; weightBp: number; requestedFen: bigint }>,
  ): Promise<void> {
    for (const s of shares)
      await m.query(
        `INSERT INTO ${T.shares} (report_id, fund_id, weight_bp, requested_fen) VALUES ($1, $2, $3, $4)`,
        [reportId, s.fundId, s.weightBp, s.requestedFen.toString()],
      );
  }

  async findReport(m: EntityManager, reportId: string): Promise<StoredReport | undefined> {
    const found = await rows(m, `SELECT ${REPORT_COLUMNS} FROM ${T.reports} WHERE report_id = $1`, [
      reportId,
    ]);
    return found[0] === undefined ? undefined : toReport(found[0]);
  }

  async listReports(
    m: EntityManager,
    q: ReadScope & { loanId?: string; roundId?: string; afterNo?: number; limit: number },
  ): Promise<StoredReport[]> {
    const found = await rows(
      m,
      `SELECT ${REPORT_COLUMNS} FROM ${T.reports} r
       WHERE ($1::text IS NULL OR r.bank_id = $1)
         AND ($2::text IS NULL OR EXISTS (SELECT 1 FROM ${T.shares} s
              WHERE s.report_id = r.report_id AND s.fund_id = $2))
         AND ($3::text IS NULL OR r.loan_id = $3)
         AND ($4::text IS NULL OR r.round_id = $4)
         AND r.report_no > $5
       ORDER BY r.report_no LIMIT $6`,
      [
        q.bankId ?? null,
        q.fundId ?? null,
        q.loanId ?? null,
        q.roundId ?? null,
        q.afterNo ?? 0,
        q.limit,
      ],
    );
    return found.map(toReport);
  }

  async sharesOf(m: EntityManager, reportIds: readonly string[]): Promise<StoredShare[]> {
    if (reportIds.length === 0) return [];
    const found = await rows(
      m,
      `SELECT report_id, fund_id, weight_bp, requested_fen::text, granted_fen::text,
         lapsed_fen::text FROM ${T.shares} WHERE report_id = ANY($1) ORDER BY report_id, fund_id`,
      [[...reportIds]],
    );
    return found.map(toShare);
  }

  // ---- rounds
  async insertRound(
    m: EntityManager,
    r: { roundId: string; from: string; to: string; openedBy: string; openedOn: string },
  ): Promise<void> {
    await m.query(
      `INSERT INTO ${T.rounds} (round_id, from_date, to_date, status, opened_by, opened_on)
       VALUES ($1, $2, $3, 'OPEN', $4, $5)`,
      [r.roundId, r.from, r.to, r.openedBy, r.openedOn],
    );
  }

  /** Serialises round openings (ranges never overlap) and closings. */
  async lockRounds(m: EntityManager): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('subsidy-rounds'))`);
  }

  async findRound(
    m: EntityManager,
    roundId: string,
    lock = false,
  ): Promise<StoredRound | undefined> {
    return findRow(m, ROUND_ROW, roundId, toRound, lock);
  }

  async listRounds(
    m: EntityManager,
    q: { afterNo?: number; limit: number; status?: RoundStatus },
  ): Promise<StoredRound[]> {
    const found = await rows(
      m,
      `SELECT ${ROUND_COLUMNS} FROM ${T.rounds} WHERE round_no > $1
         AND ($3::text IS NULL OR status = $3) ORDER BY round_no LIMIT $2`,
      [q.afterNo ?? 0, q.limit, q.status ?? null],
    );
    return found.map(toRound);
  }

  async allRoundRanges(
    m: EntityManager,
  ): Promise<Array<{ roundId: string; from: string; to: string }>> {
    const found = await rows(
      m,
      `SELECT round_id, from_date::text AS "from", to_date::text AS "to" FROM ${T.rounds}`,
    );
    return found.map((r) => camelRow(r));
  }

  /** The reports a closing round takes: not in a round yet, last day before `to` (docs/adr). */
  async takeReports(m: EntityManager, roundId: string, to: string): Promise<StoredReport[]> {
    await m.query(
      `UPDATE ${T.reports} SET round_id = $1 WHERE round_id IS NULL AND period_end <= $2`,
      [roundId, to],
    );
    const found = await rows(
      m,
      `SELECT ${REPORT_COLUMNS} FROM ${T.reports} WHERE round_id = $1 ORDER BY report_no`,
      [roundId],
    );
    return found.map(toReport);
  }

  async setShareGrant(
    m: EntityManager,
    g: { reportId: string; fundId: string; grantedFen: bigint | null; lapsedFen: bigint | null },
  ): Promise<void> {
    await m.query(
      `UPDATE ${T.shares} SET granted_fen = $3, lapsed_fen = $4 WHERE report_id = $1 AND fund_id = $2`,
      [g.reportId, g.fundId, g.grantedFen?.toString() ?? null, g.lapsedFen?.toString() ?? null],
    );
  }

  async releaseRoundReports(m: EntityManager, roundId: string): Promise<void> {
    await m.query(
      `UPDATE ${T.shares} SET granted_fen = NULL, lapsed_fen = NULL
       WHERE report_id IN (SELECT report_id FROM ${T.reports} WHERE round_id = $1)`,
      [roundId],
    );
    await m.query(`UPDATE ${T.reports} SET round_id = NULL WHERE round_id = $1`, [roundId]);
  }

  async insertRoundFund(
    m: EntityManager,
    f: Omit<StoredRoundFund, 'decision' | 'decidedBy' | 'decidedOn'>,
  ): Promise<void> {
    await insertRow(
      m,
      T.roundFunds,
      'round_id, fund_id, available_fen, requested_fen, granted_fen, lapsed_fen, pro_rata',
      f,
    );
  }

  async roundFunds(m: EntityManager, roundId: string): Promise<StoredRoundFund[]> {
    const found = await rows(
      m,
      `SELECT round_id, fund_id, available_fen::text, requested_fen::text, granted_fen::text,
         lapsed_fen::text, pro_rata, decision, decided_by, decided_on::text
       FROM ${T.roundFunds} WHERE round_id = $1 ORDER BY fund_id`,
      [roundId],
    );
    return found.map(toRoundFund);
  }

  async deleteRoundFunds(m: EntityManager, roundId: string): Promise<void> {
    await m.query(`DELETE FROM ${T.roundFunds} WHERE round_id = $1`, [roundId]);
  }

  async approveRoundFund(
    m: EntityManager,
    d: { roundId: string; fundId: string; decidedBy: string; decidedOn: string },
  ): Promise<void> {
    await m.query(
      `UPDATE ${T.roundFunds} SET decision = 'APPROVE', decided_by = $3, decided_on = $4
       WHERE round_id = $1 AND fund_id = $2`,
      [d.roundId, d.fundId, d.decidedBy, d.decidedOn],
    );
  }

  async updateRound(
    m: EntityManager,
    roundId: string,
    change: {
      status: RoundStatus;
      closing?: number;
      closedOn?: string | null;
      approvedOn?: string | null;
    },
  ): Promise<void> {
    await m.query(
      `UPDATE ${T.rounds} SET status = $2, closing = coalesce($3, closing),
         closed_on = CASE WHEN $4::boolean THEN $5::date ELSE closed_on END,
         approved_on = CASE WHEN $6::boolean THEN $7::date ELSE approved_on END
       WHERE round_id = $1`,
      [
        roundId,
        change.status,
        change.closing ?? null,
        change.closedOn !== undefined,
        change.closedOn ?? null,
        change.approvedOn !== undefined,
        change.approvedOn ?? null,
      ],
    );
  }

  async addHistory(
    m: EntityManager,
    h: {
      roundId: string;
      step: string;
      fundId?: string;
      reason?: string;
      actor: string;
      businessDate: string;
    },
  ): Promise<void> {
    await m.query(
      `INSERT INTO ${T.history} (round_id, step, fund_id, reason, actor, business_date)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [h.roundId, h.step, h.fundId ?? null, h.reason ?? null, h.actor, h.businessDate],
    );
  }

  async history(
    m: EntityManager,
    roundId: string,
  ): Promise<
    Array<{
      step: string;
      fundId: string | null;
      reason: string | null;
      actor: string;
      businessDate: string;
    }>
  > {
    const found = await rows(
      m,
      `SELECT step, fund_id, reason, actor, business_date::text FROM ${T.history}
       WHERE round_id = $1 ORDER BY seq`,
      [roundId],
    );
    return found.map((r) => camelRow(r));
  }

  /** Grant lines (a report's share of one fund, once its round closed), scoped like reports. */
  async listGrants(
    m: EntityManager,
    q: ReadScope & {
      roundId?: string;
      loanId?: string;
      after?: { reportNo: number; fundId: string };
      limit: number;
    },
  ): Promise<Array<{ report: StoredReport; share: StoredShare }>> {
    const found = await rows(
      m,
      `SELECT r.report_id FROM ${T.reports} r JOIN ${T.shares} s ON s.report_id = r.report_id
       WHERE s.granted_fen IS NOT NULL
         AND ($1::text IS NULL OR r.bank_id = $1)
         AND ($2::text IS NULL OR s.fund_id = $2)
         AND ($3::text IS NULL OR r.round_id = $3)
         AND ($4::text IS NULL OR r.loan_id = $4)
         AND (r.report_no, s.fund_id) > ($5::bigint, $6::text)
       ORDER BY r.report_no, s.fund_id LIMIT $7`,
      [
        q.bankId ?? null,
        q.fundId ?? null,
        q.roundId ?? null,
        q.loanId ?? null,
        q.after?.reportNo ?? 0,
        q.after?.fundId ?? '',
        q.limit,
      ],
    );
    const ids = [...new Set(found.map((r) => str(r.report_id)))];
    const reports = new Map<string, StoredReport>();
    for (const id of ids) {
      const report = await this.findReport(m, id);
      if (report !== undefined) reports.set(id, report);
    }
    const shares = await this.sharesOf(m, ids);
    const lines: Array<{ report: StoredReport; share: StoredShare }> = [];
    for (const share of shares) {
      const report = reports.get(share.reportId);
      if (report === undefined || share.grantedFen === null) continue;
      if (q.fundId !== undefined && share.fundId !== q.fundId) continue;
      const afterKey = q.after;
      if (
        afterKey !== undefined &&
        (report.reportNo < afterKey.reportNo ||
          (report.reportNo === afterKey.reportNo && share.fundId <= afterKey.fundId))
      )
        continue;
      lines.push({ report, share });
    }
    lines.sort((a, b) =>
      a.report.reportNo !== b.report.reportNo
        ? a.report.reportNo - b.report.reportNo
        : a.share.fundId < b.share.fundId
          ? -1
          : 1,
    );
    return lines.slice(0, q.limit);
  }
}
