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

export interface LoanCoSharer {
  readonly partyId: string;
  readonly kind: 'GUARANTOR' | 'INSURER' | 'VALUER';
  readonly shareBp: number;
}

/** The JSON a bank sees (fen as decimal strings). */
export interface LoanView {
  readonly loanId: string;
  readonly bankId: string;
  readonly bankReference: string;
  readonly enterprise: {
    readonly uscc: string;
    readonly name: string;
    readonly townCode: string;
    readonly qualifications: readonly string[];
  };
  readonly principalFen: string;
  readonly outstandingFen: string;
  readonly exposureFen: string;
  readonly annualRateBp: number;
  readonly disbursementDate: string;
  readonly maturityDate: string;
  readonly termMonths: number;
  readonly flags: readonly string[];
  readonly registrationDate: string;
  readonly policyVersionId: string;
  readonly status: LoanStatus;
  readonly defaultId: string | null;
  readonly outstandingAtDefaultFen: string | null;
  readonly registeredAt: string;
  readonly coSharers: readonly LoanCoSharer[];
  /** The claim the current default opened, once it is open (null before, and after a cure). */
  readonly claimId: string | null;
}

export function loanView(loan: Loan): LoanView {
  return {
    loanId: loan.loanId,
    bankId: loan.bankId,
    bankReference: loan.bankReference,
    enterprise: {
      uscc: loan.uscc,
      name: loan.enterpriseName,
      townCode: loan.townCode,
      qualifications: loan.qualifications,
    },
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
