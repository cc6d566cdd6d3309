import { ApiProperty } from '@nestjs/swagger';
import { CO_SHARER_KINDS, QUALIFICATION_CODES } from '@riskpool/domain';
import { ApiBp, ApiDate, ApiFen, ApiId, ApiTimestamp } from '@riskpool/service-kit';
import { Loan, LOAN_STATUSES, LoanCoSharer, loanEnterprise, LoanStatus } from './loan.model';

export class LoanEnterpriseView {
  @ApiId.uscc({ description: 'Unified Social Credit Code' })
  readonly uscc!: string;

  @ApiProperty({ example: 'Torch Photonics Co., Ltd.' })
  readonly name!: string;

  @ApiId.town({ example: 'TORCH' })
  readonly townCode!: string;

  @ApiProperty({ enum: QUALIFICATION_CODES, isArray: true, example: ['HNTE'] })
  readonly qualifications!: readonly string[];
}

/** docs/domain.md §8.4: a co-sharer named on the loan, in the order named. */
export class LoanCoSharerView implements LoanCoSharer {
  @ApiId.party()
  readonly partyId!: string;

  @ApiProperty({ enum: CO_SHARER_KINDS, example: 'GUARANTOR' })
  readonly kind!: LoanCoSharer['kind'];

  @ApiBp({ example: 2000, description: 'Its share of each claim (bp)' })
  readonly shareBp!: number;
}

/** A loan as the bank and the regulator read it (fen as decimal strings). */
export class LoanView {
  @ApiId.loan()
  readonly loanId!: string;

  @ApiId.bank()
  readonly bankId!: string;

  @ApiProperty({ example: 'ZS-2026-0001', description: 'The bank’s own reference' })
  readonly bankReference!: string;

  @ApiProperty({ type: LoanEnterpriseView })
  readonly enterprise!: LoanEnterpriseView;

  @ApiFen({ example: '800000000' })
  readonly principalFen!: string;

  @ApiFen({ example: '800000000', description: 'The principal not yet repaid (fen)' })
  readonly outstandingFen!: string;

  @ApiFen({
    example: '800000000',
    description:
      'What counts against the bank’s quota and the enterprise’s limit now (fen, docs/domain.md §4)',
  })
  readonly exposureFen!: string;

  @ApiBp({ example: 385, description: 'The annual interest rate (bp)' })
  readonly annualRateBp!: number;

  @ApiDate({ example: '2026-01-10' })
  readonly disbursementDate!: string;

  @ApiDate({ example: '2029-01-10' })
  readonly maturityDate!: string;

  @ApiProperty({ type: 'integer', example: 36, description: 'Calendar months, a part counting' })
  readonly termMonths!: number;

  @ApiProperty({ type: [String], example: ['IP_PLEDGE'] })
  readonly flags!: readonly string[];

  @ApiDate({ example: '2026-01-10', description: 'The business date it was registered' })
  readonly registrationDate!: string;

  @ApiId.policyVersion({
    example: 'P-2026-1',
    description: 'The policy version it was admitted under',
  })
  readonly policyVersionId!: string;

  @ApiProperty({ enum: LOAN_STATUSES, example: 'REGISTERED' })
  readonly status!: LoanStatus;

  @ApiId.loanDefault({
    nullable: true,
    example: null,
    description: 'The open default episode, if any',
  })
  readonly defaultId!: string | null;

  @ApiProperty({
    type: 'string',
    pattern: '^(0|[1-9][0-9]{0,17})$',
    nullable: true,
    example: null,
    description: 'The outstanding principal the open default reported (fen)',
  })
  readonly outstandingAtDefaultFen!: string | null;

  @ApiTimestamp({ example: '2026-01-10T02:00:00.000Z' })
  readonly registeredAt!: string;

  @ApiProperty({ type: [LoanCoSharerView], example: [], description: 'None is `[]`' })
  readonly coSharers!: readonly LoanCoSharerView[];

  @ApiId.claim({
    nullable: true,
    example: null,
    description:
      'The claim the current default opened, once it is open (null before, and after a cure)',
  })
  readonly claimId!: string | null;
}

export function loanView(loan: Loan): LoanView {
  return {
    loanId: loan.loanId,
    bankId: loan.bankId,
    bankReference: loan.bankReference,
    enterprise: loanEnterprise(loan),
    principalFen: loan.principalFen.toString(),
    outstandingFen: loan.outstandingFen.toString(),
    exposureFen: loan.exposureFen.toString(),
    annualRateBp: loan.annualRateBp,
    disbursementDate: loan.disbursementDate,
    maturityDate: loan.maturityDate,
    termMonths: loan.termMonths,
    flags: loan.flags,
    registrationDate: loan.registrationDate,
    policyVersionId: loan.policyVersionId,
    status: loan.status,
    defaultId: loan.defaultId,
    outstandingAtDefaultFen: loan.outstandingAtDefaultFen?.toString() ?? null,
    registeredAt: loan.registeredAt,
    coSharers: loan.coSharers ?? [],
    claimId: loan.claimId,
  };
}
