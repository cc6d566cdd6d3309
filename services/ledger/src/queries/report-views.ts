// What the loss-sharing reports answer (`GET /reports/...`), computed from the journal: the one
// declaration of each shape, documented for the public API.
import { ApiProperty } from '@nestjs/swagger';
import { ApiFen, ApiId } from '@riskpool/service-kit';

/** A fund's figures from its accounts (services/ledger README "Reports"). */
export class FundReportView {
  @ApiId.fund()
  readonly fundId!: string;

  @ApiFen({ example: '2000000000' })
  readonly depositedFen!: string;

  @ApiFen({ example: '1760000000', description: 'Deposited, less held and paid out (fen)' })
  readonly availableFen!: string;

  @ApiFen({ example: '120000000', description: 'Held for approved claims not yet paid (fen)' })
  readonly heldFen!: string;

  @ApiFen({ example: '120000000' })
  readonly paidOutFen!: string;

  @ApiFen({ example: '0', description: 'Recoveries owed to the fund, not yet remitted (fen)' })
  readonly recoveriesOwedFen!: string;

  @ApiFen({ example: '0' })
  readonly recoveriesReceivedFen!: string;
}

export class BankReportView {
  @ApiId.bank()
  readonly bankId!: string;

  @ApiFen({ example: '240000000' })
  readonly compensationReceivedFen!: string;

  @ApiFen({ example: '360000000', description: 'The bank’s own share of the losses (fen)' })
  readonly lossBorneFen!: string;

  @ApiFen({ example: '0', description: 'Recoveries the bank owes the funds (fen)' })
  readonly recoveriesOwedFen!: string;

  @ApiFen({ example: '0' })
  readonly recoveriesRemittedFen!: string;
}

export class LoanReportShareView {
  @ApiProperty({
    example: 'fund:CITY',
    description: '`fund:<fundId>`, `cosharer:<partyId>` or `bank`',
  })
  readonly party!: string;

  @ApiFen({ example: '120000000' })
  readonly shareFen!: string;
}

/** docs/domain.md §8.4: a co-sharer's part of the loss and of the recoveries. */
export class LoanReportCosharerView {
  @ApiId.party({ example: 'GUARANTOR-1' })
  readonly partyId!: string;

  @ApiFen({ example: '72000000' })
  readonly shareFen!: string;

  @ApiFen({ example: '72000000' })
  readonly sharePaidFen!: string;

  @ApiFen({ example: '0' })
  readonly shareOutstandingFen!: string;

  @ApiFen({ example: '0' })
  readonly recoveredFen!: string;

  @ApiFen({ example: '0' })
  readonly recoveryPaidFen!: string;

  @ApiFen({ example: '0' })
  readonly recoveryOutstandingFen!: string;
}

export class LoanReportFundView {
  @ApiId.fund()
  readonly fundId!: string;

  @ApiFen({ example: '120000000' })
  readonly shareFen!: string;

  @ApiFen({ example: '0' })
  readonly heldFen!: string;

  @ApiFen({ example: '120000000' })
  readonly paidFen!: string;

  @ApiFen({ example: '0' })
  readonly recoveredFen!: string;

  @ApiFen({ example: '0' })
  readonly remittedFen!: string;

  @ApiFen({ example: '0', description: 'Recovered, not yet remitted (fen)' })
  readonly owedFen!: string;
}

/** A loan's loss sharing: basis, each party's share, paid, recovered, owed. */
export class LoanReportView {
  @ApiId.loan()
  readonly loanId!: string;

  @ApiId.bank({ nullable: true })
  readonly bankId!: string | null;

  @ApiProperty({ type: [String], example: ['0195f3b2-4a5b-7c6d-8e9f-0a1b2c3d4e5f'] })
  readonly claimIds!: string[];

  @ApiProperty({ type: [String], example: ['v1'] })
  readonly policyVersions!: string[];

  @ApiFen({ example: '600000000', description: 'The loss the claims were computed on (fen)' })
  readonly basisFen!: string;

  @ApiProperty({
    type: [LoanReportShareView],
    example: [
      { party: 'fund:CITY', shareFen: '120000000' },
      { party: 'fund:TOWN:XIAOLAN', shareFen: '120000000' },
      { party: 'bank', shareFen: '360000000' },
    ],
  })
  readonly shares!: LoanReportShareView[];

  @ApiProperty({ type: [LoanReportCosharerView], example: [] })
  readonly cosharers!: LoanReportCosharerView[];

  @ApiProperty({ type: [LoanReportFundView] })
  readonly funds!: LoanReportFundView[];

  @ApiFen({ example: '120000000' })
  readonly paidFen!: string;

  @ApiFen({ example: '0' })
  readonly recoveredFen!: string;

  @ApiFen({ example: '0' })
  readonly remittedFen!: string;

  @ApiFen({ example: '0' })
  readonly owedFen!: string;

  @ApiFen({ example: '0', description: 'Recoveries the bank owes the funds on this loan (fen)' })
  readonly bankRecoveryOwedTotalFen!: string;
}
