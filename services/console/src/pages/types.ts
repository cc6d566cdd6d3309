// The shapes the console reads from the API (only the fields it shows).

export interface ClaimShare {
  readonly fundId: string;
  readonly weightBp: number;
  readonly shareFen: string;
  readonly heldFen: string;
  readonly queuedFen: string;
  readonly queueSeq: number | null;
  readonly paidFen: string;
  readonly approved: boolean;
  readonly approvedBy: string | null;
  readonly approvedAt: string | null;
}

export interface ClaimSummary {
  readonly claimId: string;
  readonly claimNo: number;
  readonly loanId: string;
  readonly bankId: string;
  readonly townCode: string;
  readonly status: string;
  readonly openedOn: string;
  readonly approvedOn: string | null;
  readonly closedOn: string | null;
  readonly outstandingAtDefaultFen: string;
  readonly basisFen: string;
  readonly rateBp: number;
  readonly poolFen: string;
  readonly bankShareFen: string;
  readonly capsApplied: readonly string[];
  readonly caps: {
    perLoanCapFen: string;
    annualRemainingFen: string;
    rateCappedAtMax: boolean;
    portfolioCapFen?: string;
    portfolioRemainingFen?: string;
  };
  /** docs/domain.md §8.3: present when the basis counted interest and costs. */
  readonly netLoss?: { outstandingFen: string; accruedInterestFen: string; costsFen: string };
  /** docs/domain.md §8.4: present when the loan named co-sharers. */
  readonly coSharerShares?: ReadonlyArray<{
    partyId: string;
    kind: string;
    shareBp: number;
    shareFen: string;
    cutBackFen: string;
  }>;
  readonly lenderShareFen?: string;
  readonly economicPolicyVersionId: string;
  readonly breakerTripped: boolean;
  readonly shares: readonly ClaimShare[];
  readonly approvals: { required: string[]; approved: string[]; pending: string[] };
}

export interface ClaimDetail extends ClaimSummary {
  readonly loan: {
    loanId: string;
    principalFen: string;
    outstandingFen: string;
    flags: string[];
    registrationDate: string;
    policyVersionId: string;
    status: string;
  } | null;
  readonly history: ReadonlyArray<{
    action: string;
    actor: string;
    businessDate: string | null;
    detail: Record<string, unknown>;
    at: string;
  }>;
}

export interface Fund {
  readonly fundId: string;
  readonly name: string;
  readonly kind: string;
  readonly townCode: string | null;
  readonly availableFen: string;
  readonly heldFen: string;
  readonly depositedFen: string;
  readonly queuedFen: string;
  readonly queue: ReadonlyArray<{
    seq: number;
    claimId: string;
    loanId: string;
    amountFen: string;
  }>;
}

export interface Posting {
  readonly account: string;
  readonly side: string;
  readonly amountFen: string;
}

export interface LedgerEntry {
  readonly seq: string;
  readonly entryId: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly kind: string;
  readonly pendingEntrySeq?: string;
  readonly claimId?: string;
  readonly loanId?: string;
  readonly policyVersion?: string;
  readonly postings: readonly Posting[];
  readonly prevHash: string;
  readonly leafHash: string;
  readonly chainHash: string;
  readonly canonical: string;
}

export interface Loan {
  readonly loanId: string;
  readonly bankId: string;
  readonly bankReference?: string;
  readonly status: string;
  readonly principalFen: string;
  readonly outstandingFen?: string;
  readonly exposureFen?: string;
  readonly outstandingAtDefaultFen?: string | null;
  readonly townCode?: string;
  readonly enterprise?: { name?: string; townCode?: string };
}

export interface Policy {
  readonly versionId: string;
  readonly effectiveFrom: string;
  readonly nplBreakerBp?: number;
  readonly [field: string]: unknown;
}
