import { Injectable } from '@nestjs/common';
import { EventData, roundFundOutcomeOf, Topics, uuidv7 } from '@riskpool/contracts';
import {
  approveRoundFund,
  assertDecidesFor,
  closeRound,
  isSubsidyFundId,
  returnRound,
  roundRangeProblems,
  SUBSIDY_CITY_FUND_ID,
} from '@riskpool/domain';
import { Problems } from '@riskpool/service-kit';
import {
  StoredReport,
  StoredRound,
  StoredRoundFund,
  StoredShare,
  SubsidyRepository,
} from '../persistence/subsidy.repository';
import { otherFundProblem, publish, SubsidyCodes, SubsidyContext } from '../subsidy-context';

type Grant = EventData<typeof Topics.subsidyRoundClosed>['grants'][number];

export const grantOf = (report: StoredReport, share: StoredShare): Grant => ({
  reportId: report.reportId,
  loanId: report.loanId,
  bankId: report.bankId,
  uscc: report.uscc,
  townCode: report.townCode,
  fundId: share.fundId,
  requestedFen: share.requestedFen.toString(),
  grantedFen: (share.grantedFen ?? 0n).toString(),
  lapsedFen: (share.lapsedFen ?? share.requestedFen).toString(),
  payeeAccountNo: report.payeeAccountNo,
  payeeAccountName: report.payeeAccountName,
  periodStart: report.periodStart,
  periodEnd: report.periodEnd,
  economicPolicyVersionId: report.economicPolicyVersionId,
});

/**
 * Subsidy rounds (docs/domain.md §9.4): the city subsidy manager opens and closes them; closing
 * takes the round's reports and holds their grants on each fund (in full, or pro rata when the
 * fund is short, the rest lapsing); each fund's manager approves or returns; when all approved,
 * `subsidy.round-approved.v1` tells settlement to pay.
 */
@Injectable()
export class SubsidyRoundsHandler {
  constructor(private readonly repository: SubsidyRepository) {}

  private assertCityManager(ctx: SubsidyContext, what: string): void {
    if (ctx.identity.role !== 'fund-manager' || ctx.identity.scope !== SUBSIDY_CITY_FUND_ID)
      throw Problems.forbidden(`only fund-manager:${SUBSIDY_CITY_FUND_ID} may ${what} a round`);
  }

  async open(ctx: SubsidyContext, cmd: { from: string; to: string }): Promise<StoredRound> {
    this.assertCityManager(ctx, 'open');
    const m = ctx.uow.manager;
    await this.repository.lockRounds(m);
    const problems = roundRangeProblems(cmd, await this.repository.allRoundRanges(m));
    if (problems.length > 0)
      throw Problems.conflict(
        SubsidyCodes.roundRangeInvalid,
        problems.map((p) => p.message).join('; '),
        problems.map((p) => ({ field: p.field, code: p.code, message: p.message })),
      );
    const roundId = uuidv7();
    await this.repository.insertRound(m, {
      roundId,
      from: cmd.from,
      to: cmd.to,
      openedBy: ctx.actor,
      openedOn: ctx.businessDate,
    });
    await this.repository.addHistory(m, {
      roundId,
      step: 'OPENED',
      actor: ctx.actor,
      businessDate: ctx.businessDate,
    });
    publish(ctx, Topics.subsidyRoundOpened, roundId, {
      roundId,
      from: cmd.from,
      to: cmd.to,
      openedBy: ctx.actor,
      openedOn: ctx.businessDate,
    });
    return this.requireRound(ctx, roundId);
  }

  async close(ctx: SubsidyContext, roundId: string, note?: string): Promise<StoredRound> {
    const m = ctx.uow.manager;
    await this.repository.lockRounds(m);
    const round = await this.requireRound(ctx, roundId, true);
    this.assertCityManager(ctx, 'close');
    if (round.status !== 'OPEN')
      throw Problems.conflict(SubsidyCodes.roundNotOpen, `Round ${roundId} is ${round.status}.`);
    const reports = await this.repository.takeReports(m, roundId, round.to);
    const shares = await this.repository.sharesOf(
      m,
      reports.map((r) => r.reportId),
    );
    const byId = new Map(reports.map((r) => [r.reportId, r]));
    const fundIds = [...new Set(shares.map((s) => s.fundId))];
    const funds = await this.repository.lockFunds(m, fundIds);
    const closing = closeRound(
      shares.map((s) => ({
        reportId: s.reportId,
        fundId: s.fundId,
        requestedFen: s.requestedFen,
        reportedAt: byId.get(s.reportId)?.reportedAt ?? '',
      })),
      new Map(fundIds.map((id) => [id, funds.get(id)?.availableFen ?? 0n])),
    );
    const grantedShares: StoredShare[] = [];
    for (const grant of closing.grants) {
      await this.repository.setShareGrant(m, grant);
      const share = shares.find((s) => s.reportId === grant.reportId && s.fundId === grant.fundId);
      if (share !== undefined)
        grantedShares.push({ ...share, grantedFen: grant.grantedFen, lapsedFen: grant.lapsedFen });
    }
    for (const fund of closing.funds) {
      if (fund.grantedFen > 0n)
        await this.repository.moveFundMoney(m, fund.fundId, {
          availableFen: -fund.grantedFen,
          heldFen: fund.grantedFen,
        });
      await this.repository.insertRoundFund(m, { roundId, ...fund });
    }
    const closingNo = round.closing + 1;
    const empty = closing.funds.length === 0;
    await this.repository.updateRound(m, roundId, {
      status: empty ? 'APPROVED' : 'CLOSED',
      closing: closingNo,
      closedOn: ctx.businessDate,
      ...(empty ? { approvedOn: ctx.businessDate } : {}),
    });
    await this.repository.addHistory(m, {
      roundId,
      step: 'CLOSED',
      ...(note !== undefined ? { reason: note } : {}),
      actor: ctx.actor,
      businessDate: ctx.businessDate,
    });
    const grants = grantedShares.flatMap((s) => {
      const report = byId.get(s.reportId);
      return report === undefined ? [] : [grantOf(report, s)];
    });
    const roundFunds = (await this.repository.roundFunds(m, roundId)).map(roundFundOutcomeOf);
    publish(ctx, Topics.subsidyRoundClosed, roundId, {
      roundId,
      from: round.from,
      to: round.to,
      closedOn: ctx.businessDate,
      closing: closingNo,
      funds: roundFunds,
      grants,
    });
    if (empty)
      publish(ctx, Topics.subsidyRoundApproved, roundId, {
        roundId,
        closing: closingNo,
        approvedOn: ctx.businessDate,
        funds: [],
        grants: [],
      });
    return this.requireRound(ctx, roundId);
  }

  async decide(
    ctx: SubsidyContext,
    roundId: string,
    cmd: { decision: 'APPROVE' | 'RETURN'; fundId?: string; reason?: string },
  ): Promise<StoredRound> {
    const fundId = cmd.fundId ?? ctx.identity.scope ?? '';
    if (ctx.identity.scope !== fundId || !isSubsidyFundId(fundId))
      throw otherFundProblem(
        'fundId',
        `fund-manager:${ctx.identity.scope ?? ''} may not decide for ${fundId}`,
      );
    assertDecidesFor(`${ctx.identity.role}:${ctx.identity.scope ?? ''}`, fundId);
    const m = ctx.uow.manager;
    const round = await this.requireRound(ctx, roundId, true);
    const roundFunds = await this.repository.roundFunds(m, roundId);
    const state = {
      status: round.status,
      fundIds: roundFunds.map((f) => f.fundId),
      approvedFundIds: roundFunds.filter((f) => f.decision === 'APPROVE').map((f) => f.fundId),
    };
    const role = `fund-manager:${fundId}`;
    // subsidy.round-decided.v1; a return names its reason and the grants it released.
    const announce = (releasedFen?: Array<{ fundId: string; amountFen: string }>) =>
      publish(ctx, Topics.subsidyRoundDecided, roundId, {
        roundId,
        closing: round.closing,
        fundId,
        decision: cmd.decision,
        ...(cmd.decision === 'RETURN' && cmd.reason !== undefined ? { reason: cmd.reason } : {}),
        decidedBy: ctx.actor,
        decidedOn: ctx.businessDate,
        ...(releasedFen === undefined ? {} : { releasedFen }),
      });
    if (cmd.decision === 'APPROVE') {
      const next = approveRoundFund(state, fundId, role);
      await this.repository.approveRoundFund(m, {
        roundId,
        fundId,
        decidedBy: ctx.actor,
        decidedOn: ctx.businessDate,
      });
      await this.repository.addHistory(m, {
        roundId,
        step: 'APPROVED',
        fundId,
        actor: ctx.actor,
        businessDate: ctx.businessDate,
      });
      announce();
      if (next.status === 'APPROVED') await this.approved(ctx, round, roundFunds);
    } else {
      returnRound(state, fundId, role, cmd.reason ?? '');
      const funds = await this.repository.lockFunds(
        m,
        roundFunds.map((f) => f.fundId),
      );
      const released = [];
      for (const f of roundFunds) {
        if (f.grantedFen > 0n && funds.has(f.fundId))
          await this.repository.moveFundMoney(m, f.fundId, {
            availableFen: f.grantedFen,
            heldFen: -f.grantedFen,
          });
        released.push({ fundId: f.fundId, amountFen: f.grantedFen.toString() });
      }
      await this.repository.deleteRoundFunds(m, roundId);
      await this.repository.releaseRoundReports(m, roundId);
      await this.repository.updateRound(m, roundId, { status: 'OPEN', closedOn: null });
      await this.repository.addHistory(m, {
        roundId,
        step: 'RETURNED',
        fundId,
        ...(cmd.reason !== undefined ? { reason: cmd.reason } : {}),
        actor: ctx.actor,
        businessDate: ctx.businessDate,
      });
      announce(released);
    }
    return this.requireRound(ctx, roundId);
  }

  private async approved(
    ctx: SubsidyContext,
    round: StoredRound,
    roundFunds: readonly StoredRoundFund[],
  ): Promise<void> {
    const m = ctx.uow.manager;
    await this.repository.updateRound(m, round.roundId, {
      status: 'APPROVED',
      approvedOn: ctx.businessDate,
    });
    const reports = await this.repository.listReports(m, {
      roundId: round.roundId,
      limit: 1_000_000,
    });
    const shares = await this.repository.sharesOf(
      m,
      reports.map((r) => r.reportId),
    );
    const byId = new Map(reports.map((r) => [r.reportId, r]));
    publish(ctx, Topics.subsidyRoundApproved, round.roundId, {
      roundId: round.roundId,
      closing: round.closing,
      approvedOn: ctx.businessDate,
      funds: roundFunds.map(roundFundOutcomeOf),
      grants: shares.flatMap((s) => {
        const report = byId.get(s.reportId);
        return report === undefined ? [] : [grantOf(report, s)];
      }),
    });
  }

  private async requireRound(
    ctx: SubsidyContext,
    roundId: string,
    lock = false,
  ): Promise<StoredRound> {
    const round = await this.repository.findRound(ctx.uow.manager, roundId, lock);
    if (round === undefined) throw Problems.notFound(`Round ${roundId}`);
    return round;
  }
}
