import { Injectable } from '@nestjs/common';
import { Topics, uuidv7 } from '@riskpool/contracts';
import {
  computeSubsidy,
  interestReportProblems,
  isBusinessDate,
  periodYearOf,
  policyInForce,
  roundCoversPeriod,
  subsidyEconomicTerms,
  subsidyProceduralTerms,
  subsidyTownFundId,
} from '@riskpool/domain';
import { FieldError, ProblemException, Problems } from '@riskpool/service-kit';
import { StoredReport, StoredShare, SubsidyRepository } from '../persistence/subsidy.repository';
import { publish, SubsidyCodes, SubsidyContext } from '../subsidy-context';
import { InterestReportDto } from './interest-report.dto';
import type { InterestReportView } from './interest-report-view';

export function reportView(r: StoredReport, shares: readonly StoredShare[]): InterestReportView {
  return {
    reportId: r.reportId,
    loanId: r.loanId,
    bankId: r.bankId,
    uscc: r.uscc,
    townCode: r.townCode,
    periodStart: r.periodStart,
    periodEnd: r.periodEnd,
    periodYear: r.periodYear,
    days: r.days,
    interestPaidFen: r.interestPaidFen.toString(),
    outstandingAtStartFen: r.outstandingAtStartFen.toString(),
    annualRateBp: r.annualRateBp,
    eligibleRateBp: r.eligibleRateBp,
    interestCapFen: r.interestCapFen.toString(),
    eligibleInterestFen: r.eligibleInterestFen.toString(),
    bonusBp: r.bonusBp,
    shareBp: r.shareBp,
    uncappedRequestedFen: r.uncappedRequestedFen.toString(),
    annualRemainingFen: r.annualRemainingFen.toString(),
    requestedFen: r.requestedFen.toString(),
    capReasons: r.capReasons,
    payeeAccountNo: r.payeeAccountNo,
    payeeAccountName: r.payeeAccountName,
    economicPolicyVersionId: r.economicPolicyVersionId,
    proceduralPolicyVersionId: r.proceduralPolicyVersionId,
    roundId: r.roundId,
    reportedOn: r.reportedOn,
    reportedAt: r.reportedAt,
    shares: shares
      .filter((s) => s.reportId === r.reportId)
      .map((s) => ({
        fundId: s.fundId,
        weightBp: s.weightBp,
        requestedFen: s.requestedFen.toString(),
        grantedFen: s.grantedFen?.toString() ?? null,
        lapsedFen: s.lapsedFen?.toString() ?? null,
      })),
  };
}

export type ReportOutcome =
  | { readonly kind: 'accepted'; readonly report: InterestReportView }
  | { readonly kind: 'refused'; readonly problem: ProblemException };

/**
 * A bank reports the interest an enterprise paid on one of its loans for one period (docs/domain.md
 * §9.2); the subsidy requested is computed and fixed at once (§9.3). Every check runs before
 * anything is written, so a refused report (alone or as one row of a bulk) changes nothing.
 */
@Injectable()
export class ReportInterestHandler {
  constructor(private readonly repository: SubsidyRepository) {}

  async report(ctx: SubsidyContext, input: InterestReportDto): Promise<ReportOutcome> {
    try {
      return { kind: 'accepted', report: await this.accept(ctx, input) };
    } catch (error) {
      if (error instanceof ProblemException) return { kind: 'refused', problem: error };
      throw error;
    }
  }

  private async accept(ctx: SubsidyContext, input: InterestReportDto): Promise<InterestReportView> {
    const m = ctx.uow.manager;
    const loan = await this.repository.findLoan(m, input.loanId, true);
    // Another bank's loan answers exactly like an unknown one, so loan ids cannot be probed.
    if (loan === undefined || loan.bankId !== ctx.identity.scope)
      throw Problems.notFound(`Loan ${input.loanId}`);

    if (input.roundId !== undefined) {
      const round = await this.repository.findRound(m, input.roundId);
      if (round === undefined) throw Problems.notFound(`Round ${input.roundId}`);
      if (round.status !== 'OPEN')
        throw Problems.conflict(
          SubsidyCodes.roundClosed,
          `Round ${round.roundId} is ${round.status}; it takes no more reports.`,
          [{ field: 'roundId', code: 'ROUND_CLOSED', message: `the round is ${round.status}` }],
        );
      if (isBusinessDate(input.periodEnd) && !roundCoversPeriod(round, input.periodEnd))
        throw Problems.unprocessable(
          SubsidyCodes.reportRefused,
          `Round ${round.roundId} covers periods ending ${round.from}..${round.to}.`,
          [
            {
              field: 'roundId',
              code: 'ROUND_DOES_NOT_COVER',
              message: 'the period ends outside the round',
            },
          ],
        );
    }

    const today = ctx.businessDate;
    const policies = await this.repository.policyStore.policies(m);
    const economicPolicy = policyInForce(policies, loan.registrationDate);
    const proceduralPolicy = policyInForce(policies, today);
    if (economicPolicy === undefined || proceduralPolicy === undefined)
      throw Problems.unprocessable(
        SubsidyCodes.noPolicyInForce,
        `No policy version is in force on ${economicPolicy === undefined ? loan.registrationDate : today}.`,
      );
    const economic = subsidyEconomicTerms(economicPolicy);
    const procedural = subsidyProceduralTerms(proceduralPolicy);

    await this.repository.lockEnterprise(m, loan.uscc);
    const interestPaidFen = BigInt(input.interestPaidFen);
    const outstandingAtStartFen = BigInt(input.outstandingAtStartFen);
    const report = {
      periodStart: input.periodStart,
      periodEnd: input.periodEnd,
      interestPaidFen,
      outstandingAtStartFen,
      payeeAccountNo: input.payeeAccountNo,
      payeeAccountName: input.payeeAccountName,
    };
    const problems = interestReportProblems(report, {
      today,
      loan: {
        status: loan.status,
        disbursementDate: loan.disbursementDate,
        maturityDate: loan.maturityDate,
        flags: loan.flags,
        outstandingOnPeriodStartFen: isBusinessDate(input.periodStart)
          ? await this.repository.outstandingOn(m, loan, input.periodStart)
          : loan.principalFen,
        defaultEpisodes: await this.repository.episodes(m, loan.loanId),
        everWrittenOff: loan.everWrittenOff,
      },
      earlierPeriods: await this.repository.reportedPeriods(m, loan.loanId),
      townHasSubsidyFund:
        (await this.repository.findFund(m, subsidyTownFundId(loan.townCode))) !== undefined,
      terms: economic,
    });
    if (problems.length > 0) {
      const errors: FieldError[] = problems.map((p) => ({
        field: p.field,
        code: p.code,
        message: p.message,
      }));
      throw Problems.unprocessable(
        SubsidyCodes.reportRefused,
        `The interest report is refused: ${problems.map((p) => `${p.field} ${p.code}`).join(', ')}.`,
        errors,
      );
    }

    const amount = computeSubsidy({
      periodStart: input.periodStart,
      periodEnd: input.periodEnd,
      interestPaidFen,
      outstandingAtStartFen,
      annualRateBp: loan.annualRateBp,
      flags: loan.flags,
      townCode: loan.townCode,
      economic,
      procedural,
      enterpriseRequestedThisYearFen: await this.repository.enterpriseRequested(
        m,
        loan.uscc,
        periodYearOf(input.periodEnd),
      ),
    });
    const stored: Omit<StoredReport, 'reportNo'> = {
      reportId: uuidv7(),
      loanId: loan.loanId,
      bankId: loan.bankId,
      uscc: loan.uscc,
      townCode: loan.townCode,
      periodStart: input.periodStart,
      periodEnd: input.periodEnd,
      periodYear: amount.periodYear,
      days: amount.days,
      interestPaidFen,
      outstandingAtStartFen,
      annualRateBp: loan.annualRateBp,
      eligibleRateBp: amount.eligibleRateBp,
      interestCapFen: amount.interestCapFen,
      eligibleInterestFen: amount.eligibleInterestFen,
      bonusBp: amount.bonusBp,
      shareBp: amount.shareBp,
      uncappedRequestedFen: amount.uncappedRequestedFen,
      annualRemainingFen: amount.annualRemainingFen,
      requestedFen: amount.requestedFen,
      capReasons: amount.capReasons,
      payeeAccountNo: input.payeeAccountNo,
      payeeAccountName: input.payeeAccountName.trim(),
      economicPolicyVersionId: amount.economicPolicyVersionId,
      proceduralPolicyVersionId: amount.proceduralPolicyVersionId,
      roundId: null,
      reportedOn: today,
      reportedAt: ctx.now.toISOString(),
    };
    await this.repository.insertReport(m, stored);
    await this.repository.insertShares(m, stored.reportId, amount.fundRequests);
    publish(ctx, Topics.interestReported, loan.loanId, {
      reportId: stored.reportId,
      loanId: stored.loanId,
      bankId: stored.bankId,
      uscc: stored.uscc,
      townCode: stored.townCode,
      periodStart: stored.periodStart,
      periodEnd: stored.periodEnd,
      periodYear: stored.periodYear,
      days: stored.days,
      interestPaidFen: interestPaidFen.toString(),
      outstandingAtStartFen: outstandingAtStartFen.toString(),
      annualRateBp: stored.annualRateBp,
      eligibleRateBp: stored.eligibleRateBp,
      interestCapFen: stored.interestCapFen.toString(),
      eligibleInterestFen: stored.eligibleInterestFen.toString(),
      shareBp: stored.shareBp,
      requestedFen: stored.requestedFen.toString(),
      capReasons: [...amount.capReasons],
      fundRequests: amount.fundRequests.map((f) => ({
        fundId: f.fundId,
        weightBp: f.weightBp,
        requestedFen: f.requestedFen.toString(),
      })),
      economicPolicyVersionId: stored.economicPolicyVersionId,
      proceduralPolicyVersionId: stored.proceduralPolicyVersionId,
      reportedOn: today,
      reportedAt: stored.reportedAt,
    });
    const shares = amount.fundRequests.map((f) => ({
      reportId: stored.reportId,
      fundId: f.fundId,
      weightBp: f.weightBp,
      requestedFen: f.requestedFen,
      grantedFen: null,
      lapsedFen: null,
    }));
    return reportView({ ...stored, reportNo: 0 }, shares);
  }
}
