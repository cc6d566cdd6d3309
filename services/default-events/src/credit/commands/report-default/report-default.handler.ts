import { ApiProperty } from '@nestjs/swagger';
import { Injectable } from '@nestjs/common';
import { Identity, Topics, uuidv7 } from '@riskpool/contracts';
import { UnitOfWork } from '@riskpool/db';
import {
  defaultReportProblems,
  economicTerms,
  netLossIssues,
  parseFen,
  policyInForce,
  PolicyVersion,
  proceduralTerms,
} from '@riskpool/domain';
import { ApiDate, ApiFen, Problems } from '@riskpool/service-kit';
import {
  CreditCodes,
  defaultReportProblem,
  netLossProblem,
  noPolicyProblem,
} from '../../credit-problems';
import { CreditRepository, Episode } from '../../persistence/credit.repository';
import { DefaultOfLoan } from '../default-of-loan';
import { correlationIdOf, lockOwnLoan, publishLoanEvent } from '../loan-access';

export interface ReportDefaultInput {
  readonly outstandingAtDefaultFen: string;
  readonly daysPastDue: number;
  readonly reachedMinDaysPastDueOn: string;
  /** docs/domain.md §8.3: only under PRINCIPAL_INTEREST_COSTS; absent = 0. */
  readonly accruedInterestFen?: string;
  readonly costsFen?: string;
}

/** A default episode as the API answers it. */
export class DefaultView extends DefaultOfLoan {
  @ApiProperty({ enum: ['OPEN', 'CURED', 'WRITTEN_OFF'], example: 'OPEN' })
  readonly status!: Episode['status'];

  @ApiProperty({
    enum: ['NONE', 'APPROVED', 'DENIED'],
    example: 'NONE',
    description: 'What the funds decided on the claim this default opened (NONE while open)',
  })
  readonly claimStatus!: Episode['claimStatus'];

  @ApiProperty({
    type: 'string',
    nullable: true,
    example: '0195f3b2-4a5b-7c6d-8e9f-0a1b2c3d4e5f',
    description:
      'The claim this default opened, once pool-allocation has opened it (null until then)',
  })
  readonly claimId!: string | null;

  @ApiFen({ example: '600000000' })
  readonly outstandingAtDefaultFen!: string;

  @ApiFen({
    example: '0',
    description: 'Accrued interest claimed (docs/domain.md §8.3; 0 if none)',
  })
  readonly accruedInterestFen!: string;

  @ApiFen({
    example: '0',
    description: 'Collection costs claimed (docs/domain.md §8.3; 0 if none)',
  })
  readonly costsFen!: string;

  @ApiProperty({ type: 'integer', example: 95 })
  readonly daysPastDue!: number;

  @ApiDate({ example: '2026-02-20' })
  readonly reachedMinDaysPastDueOn!: string;

  @ApiDate({ example: '2026-03-01', description: 'The business date the default was reported' })
  readonly reportedOn!: string;

  @ApiProperty({ example: 'v1', description: 'The policy version whose procedural terms applied' })
  readonly policyVersionId!: string;

  @ApiProperty({
    type: 'string',
    format: 'date',
    nullable: true,
    example: null,
    description:
      'docs/domain.md §8.5: when the bank declared recovery finished (AFTER_RECOVERY loans; null otherwise)',
  })
  readonly recoveryClosedOn!: string | null;
}

export const defaultView = (e: Episode): DefaultView => ({
  defaultId: e.defaultId,
  loanId: e.loanId,
  status: e.status,
  claimStatus: e.claimStatus,
  claimId: e.claimId,
  outstandingAtDefaultFen: e.outstandingAtDefaultFen.toString(),
  accruedInterestFen: e.accruedInterestFen.toString(),
  costsFen: e.costsFen.toString(),
  daysPastDue: e.daysPastDue,
  reachedMinDaysPastDueOn: e.reachedMinDaysPastDueOn,
  reportedOn: e.reportedOn,
  policyVersionId: e.policyVersionId,
  recoveryClosedOn: e.recoveryClosedOn,
});

/**
 * docs/domain.md §4.3 with the procedural terms in force today. One open episode per loan: the same
 * report repeated answers the first result (`repeated: true`); a different one is 409.
 */
@Injectable()
export class ReportDefaultHandler {
  constructor(private readonly repository: CreditRepository) {}

  async report(
    identity: Identity,
    loanId: string,
    input: ReportDefaultInput,
    uow: UnitOfWork,
    /** The published policy versions when the caller has read them already (a bulk file). */
    knownPolicies?: readonly PolicyVersion[],
  ): Promise<{ repeated: boolean; episode: Episode }> {
    const loan = await lockOwnLoan(this.repository, uow, identity, loanId);
    const outstandingAtDefaultFen = parseFen(input.outstandingAtDefaultFen);
    const accruedInterestFen =
      input.accruedInterestFen === undefined ? 0n : parseFen(input.accruedInterestFen);
    const costsFen = input.costsFen === undefined ? 0n : parseFen(input.costsFen);
    const open = await this.repository.openEpisode(uow.manager, loanId);
    if (open !== undefined) {
      const same =
        open.outstandingAtDefaultFen === outstandingAtDefaultFen &&
        open.accruedInterestFen === accruedInterestFen &&
        open.costsFen === costsFen &&
        open.daysPastDue === input.daysPastDue &&
        open.reachedMinDaysPastDueOn === input.reachedMinDaysPastDueOn;
      if (same) return { repeated: true, episode: open };
      throw Problems.conflict(
        CreditCodes.defaultAlreadyOpen,
        `Loan ${loanId} is ${loan.status} with open default ${open.defaultId}; a different report is refused.`,
        [
          {
            field: '(loan)',
            code: 'DEFAULT_ALREADY_OPEN',
            message: `open default ${open.defaultId}`,
          },
        ],
      );
    }
    if (loan.status !== 'REGISTERED')
      throw Problems.conflict(
        CreditCodes.loanNotRegistered,
        `Loan ${loanId} is ${loan.status}; a default is reported while it is REGISTERED.`,
      );
    const today = identity.businessDate;
    const policies = knownPolicies ?? (await this.repository.policyStore.policies(uow.manager));
    const policy = policyInForce(policies, today);
    if (policy === undefined) throw noPolicyProblem(today);
    const terms = proceduralTerms(policy);
    // Interest and costs are economic terms: the loan's own version (docs/domain.md §8.6).
    const loanPolicy = policies.find((p) => p.versionId === loan.policyVersionId) ?? policy;
    const netLoss = netLossIssues({
      terms: economicTerms(loanPolicy),
      outstandingAtDefaultFen,
      annualRateBp: loan.annualRateBp,
      daysPastDue: input.daysPastDue,
      accruedInterestFen,
      costsFen,
    });
    if (netLoss.length > 0) throw netLossProblem(netLoss);
    const problems = defaultReportProblems({
      today,
      outstandingFen: loan.outstandingFen,
      outstandingAtDefaultFen,
      daysPastDue: input.daysPastDue,
      reachedMinDaysPastDueOn: input.reachedMinDaysPastDueOn,
      terms,
    });
    if (problems.length > 0) throw defaultReportProblem(problems, terms);

    const episode: Episode = {
      defaultId: uuidv7(),
      loanId,
      bankId: loan.bankId,
      outstandingAtDefaultFen,
      accruedInterestFen,
      costsFen,
      daysPastDue: input.daysPastDue,
      reachedMinDaysPastDueOn: input.reachedMinDaysPastDueOn,
      reportedOn: today,
      policyVersionId: terms.versionId,
      status: 'OPEN',
      claimStatus: 'NONE',
      claimId: null,
      recoveryClosedOn: null,
    };
    await this.repository.insertEpisode(uow.manager, episode);
    await this.repository.updateLoan(uow.manager, loanId, { status: 'DEFAULTED' });
    publishLoanEvent(uow, Topics.defaultReported, loanId, correlationIdOf(identity), {
      defaultId: episode.defaultId,
      loanId,
      bankId: loan.bankId,
      townCode: loan.townCode,
      outstandingAtDefaultFen: outstandingAtDefaultFen.toString(),
      daysPastDue: input.daysPastDue,
      reachedMinDaysPastDueOn: input.reachedMinDaysPastDueOn,
      reportedOn: today,
      // Additive: carried only when counted, so a principal-only report is unchanged.
      ...(accruedInterestFen === 0n ? {} : { accruedInterestFen: accruedInterestFen.toString() }),
      ...(costsFen === 0n ? {} : { costsFen: costsFen.toString() }),
    });
    return { repeated: false, episode };
  }
}
