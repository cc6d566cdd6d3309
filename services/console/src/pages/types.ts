// The shapes the console reads from the API. Those the services document are the public OpenAPI
// document's schemas, through the types generated from it (src/api/schema.d.ts, `npm run
// openapi:generate`), so a change of the API's shapes fails the console's type check; the others
// are declared by hand (only the fields shown) until their services document them.
import type { components } from '../api/schema';

type Schemas = components['schemas'];

export type ClaimSummary = Schemas['ClaimSummaryView'];
export type ClaimShare = ClaimSummary['shares'][number];
export type ClaimDetail = Schemas['ClaimDetailView'];
export type Loan = Schemas['LoanView'];
export type Fund = Schemas['FundBalanceView'];
export type Deposit = Schemas['DepositView'];

export type LedgerEntry = Schemas['LedgerEntryView'];
export type Posting = LedgerEntry['postings'][number];
export type StatementSummary = Schemas['StatementView'];
export type StatementDetail = Schemas['StatementDetailView'];
export type LoanReport = Schemas['LoanReportView'];
export type FundReport = Schemas['FundReportView'];
export type SubsidyFund = Schemas['SubsidyFundView'];
export type InterestReport = Schemas['InterestReportView'];
export type SubsidyRound = Schemas['SubsidyRoundView'];
export type SubsidyGrant = Schemas['SubsidyGrantView'];

/** A published policy version: the one wire form (docs/adr/0021) with who published it and when it governs. */
export type Policy = Schemas['PublishedPolicyView'];
export type PolicyPage = Schemas['PolicyPageView'];
