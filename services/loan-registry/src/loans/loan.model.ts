/** A loan as loan-registry keeps it (docs/domain.md §4). Money in bigint fen. */
export type LoanStatus = 'REGISTERED' | 'DEFAULTED' | 'COMPENSATED' | 'CLOSED' | 'WRITTEN_OFF';

export const LOAN_STATUSES: readonly LoanStatus[] = [
  'REGISTERED',
  'DEFAULTED',
  'COMPENSATED',
  'CLOSED',
  'WRITTEN_OFF',
];

export interface Loan {
  readonly loanId: string;
  readonly bankId: string;
  readonly bankReference: string;
  readonly uscc: string;
  readonly enterpriseName: string;
  readonly townCode: string;
  readonly qualifications: readonly string[];
  readonly flags: readonly string[];
  readonly principalFen: bigint;
  readonly outstandingFen: bigint;
  /** What counts against the bank's quota and the enterprise's limit now. */
  readonly exposureFen: bigint;
  readonly annualRateBp: number;
  readonly disbursementDate: string;
  readonly maturityDate: string;
  readonly termMonths: number;
  readonly registrationDate: string;
  readonly policyVersionId: string;
  readonly status: LoanStatus;
  readonly defaultId: string | null;
  readonly outstandingAtDefaultFen: bigint | null;
  readonly registeredAt: string;
  /** docs/domain.md §8.4: in the order named (the cut-back order); absent means none. */
  readonly coSharers?: readonly LoanCoSharer[];
  /** The claim the current default opened, once pool-allocation has opened it. */
  readonly claimId: string | null;
}

/** The enterprise a loan is to, as the loan's view and its loan-registered event name it. */
export function loanEnterprise(loan: Loan): {
  uscc: string;
  name: string;
  townCode: string;
  qualifications: readonly string[];
} {
  return {
    uscc: loan.uscc,
    name: loan.enterpriseName,
    townCode: loan.townCode,
    qualifications: loan.qualifications,
  };
}

export interface LoanCoSharer {
  readonly partyId: string;
  readonly kind: 'GUARANTOR' | 'INSURER' | 'VALUER';
  readonly shareBp: number;
}
