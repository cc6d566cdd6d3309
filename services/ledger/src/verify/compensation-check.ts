import {
  type EventData,
  Topics,
  claimApprovedV1,
  parsePolicyDocument,
  policyDocumentV1,
} from '@riskpool/contracts';
import {
  type CapReason,
  type EconomicTerms,
  type PolicyVersion,
  TOWN_SPLIT_PLACEHOLDER,
  economicTerms,
  maxCostsFen,
  minFen,
  programmeTerms,
  rateTiersFor,
  resolveSplit,
  roundHalfUpBp,
  split,
  splitAmongCoSharers,
} from '@riskpool/domain';
import type { EntryCheck, ExtensionRecordHandler, JournalEntry } from '@riskpool/ledger-core';
import { isMemoEntry } from '../journal/chart';

/** Export record type carrying a published policy version (`pool.policy-published.v1`). */
export const POLICY_RECORD_TYPE = 'policy';
/** Export record type carrying an approved claim (`pool.claim-approved.v1`) and its event id. */
export const CLAIM_RECORD_TYPE = 'claim';

type ApprovedClaim = EventData<typeof Topics.claimApproved>;

/** Most bonus flags whose subsets are enumerated exactly (2^n rates per tier). */
const MAX_ENUMERATED_BONUSES = 12;

/**
 * The policy versions of an export and the check that recomputes every compensation entry
 * (`pool.claim-approved.v1`: Dr `loan:L:exposure` basis, Cr `loan:L:share:fund:F` per fund share,
 * Cr `bank:B:loss-borne` the bank's share) from its `policyVersion` with libs/domain:
 *
 * - the fund shares are exactly `split(pool, resolveSplit(policy, town))` (the non-zero ones), where
 *   pool = Σ fund shares and the town is the borrower's (read from its `TOWN:<code>` fund);
 * - the bank's share is basis − pool;
 * - the pool is `min(roundHalfUp(basis × rate), perLoanCap)` for a rate the policy can give
 *   (a tier's rate plus any set of its bonuses, at most `maxRateBp`), or below that and within
 *   the largest `perBankAnnualCap` of the export's policies: the annual cap needs the bank's other
 *   claims of the year, so a pool it cut cannot be recomputed from the export alone;
 * - co-sharers (docs/domain.md §8.4, Cr `cosharer:P:loss-borne`): the lender's `bank:B:loss-borne`
 *   plus theirs is the bank share.
 *
 * With the approval's `claim` record (exports since co-sharers): the record must carry the
 * entry's figures, and the entry is recomputed exactly from it and the policy version (§5.2–§5.4,
 * §8): the tier rate one of the lender kind's tiers, the rate min(tier + bonuses, maxRateBp), the
 * pool min(roundHalfUp(basis × rate), per-loan cap, what was left of the annual cap, what was left
 * of the portfolio cap) with exactly the caps that bind named, each co-sharer's share with the
 * lender's minimum and the cut-back rule, and under the net-loss basis the costs within their limit
 * and the basis within outstanding + interest + costs (under PRINCIPAL_ONLY neither may appear).
 */
export class CompensationRecomputation {
  private readonly policies = new Map<
    string,
    { json: string; terms: EconomicTerms; policy: PolicyVersion }
  >();
  /**
   * The annual cap is a procedural term, taken from the version in force when the claim was
   * opened, which the entry does not name: the largest cap of any policy in the export bounds it.
   */
  private largestAnnualCapFen = 0n;
  /** Whether any policy of the export sets a portfolio cap (a procedural term, §8.2). */
  private anyPortfolioCap = false;
  private readonly claims = new Map<string, { json: string; claim: ApprovedClaim }>();

  /** Takes `claim` records: `{ type, eventId, claim: <pool.claim-approved.v1 payload> }`. */
  readonly claimRecord: ExtensionRecordHandler = (record) => {
    const parsed = claimApprovedV1.safeParse(record['claim']);
    const eventId = record['eventId'];
    if (!parsed.success || typeof eventId !== 'string')
      return `needs eventId and a ${Topics.claimApproved} payload`;
    const json = JSON.stringify(record['claim']);
    const known = this.claims.get(eventId);
    if (known !== undefined && known.json !== json)
      return `claim record of event ${eventId} appears twice with different content`;
    this.claims.set(eventId, { json, claim: parsed.data });
    return undefined;
  };

  /** Takes `policy` records: `{ type, policy: <contract policy document>, publishedAt? }`. */
  readonly policyRecord: ExtensionRecordHandler = (record) => {
    const parsed = policyDocumentV1.safeParse(record['policy']);
    if (!parsed.success) return `not a ${Topics.policyPublished} policy document`;
    const policy = parsePolicyDocument(parsed.data);
    if (!policy.ok) return `policy ${parsed.data.policyVersionId} breaks the domain rules`;
    const id = parsed.data.policyVersionId;
    const json = JSON.stringify(record['policy']);
    const known = this.policies.get(id);
    if (known !== undefined && known.json !== json)
      return `policy ${id} appears twice with different content`;
    this.policies.set(id, { json, terms: economicTerms(policy.policy), policy: policy.policy });
    if (policy.policy.perBankAnnualCapFen > this.largestAnnualCapFen)
      this.largestAnnualCapFen = policy.policy.perBankAnnualCapFen;
    if (policy.policy.portfolioCapBp !== undefined) this.anyPortfolioCap = true;
    return undefined;
  };

  readonly check: EntryCheck = {
    name: 'compensation-recomputed-from-policy',
    check: (entry) => this.problemOf(entry),
  };

  /** A policy version of the export (the subsidy recomputation reads its §9 parameters). */
  policy(versionId: string): PolicyVersion | undefined {
    return this.policies.get(versionId)?.policy;
  }

  get policyCount(): number {
    return this.policies.size;
  }

  problemOf(entry: JournalEntry): string | undefined {
    if (entry.eventType !== Topics.claimApproved) return undefined;
    // The approval's memo entry (the loan's exposure ends, ADR 0019) moves no money.
    if (isMemoEntry(entry)) return undefined;
    // The approval's second entry: what each co-sharer owes the lender (checked with the first).
    if (isCosharerObligationEntry(entry)) return this.obligationProblem(entry);
    if (entry.policyVersion === undefined) return 'a compensation entry without a policy version';
    const terms = this.policies.get(entry.policyVersion)?.terms;
    if (terms === undefined)
      return `policy version ${entry.policyVersion} is not in the export (no policy record before it)`;
    const parts = compensationParts(entry);
    if (typeof parts === 'string') return parts;
    const { basis, fundShares, lenderShare, coSharerShares } = parts;
    let pool = 0n;
    for (const fen of fundShares.values()) pool += fen;
    let coShared = 0n;
    for (const fen of coSharerShares.values()) coShared += fen;
    const bankShare = lenderShare + coShared;
    if (pool + bankShare !== basis)
      return `basis ${basis} ≠ pool ${pool} + bank share ${bankShare}`;
    const splitProblem = checkSplit(terms, pool, fundShares);
    if (splitProblem !== undefined) return splitProblem;
    const record = this.claims.get(entry.eventId)?.claim;
    if (record === undefined) {
      if (coSharerShares.size > 0)
        return `co-sharer shares without the claim record of event ${entry.eventId}`;
      return checkPool(terms, basis, pool, this.largestAnnualCapFen);
    }
    return (
      recordProblem(record, entry, parts) ??
      this.recomputationProblem(terms, record, basis, pool, bankShare, coSharerShares, lenderShare)
    );
  }

  /** The co-sharers' obligations must be the shares the claim's first entry gave them. */
  private obligationProblem(entry: JournalEntry): string | undefined {
    const record = this.claims.get(entry.eventId)?.claim;
    if (record === undefined)
      return `co-sharer obligations without the claim record of event ${entry.eventId}`;
    const want = new Map(
      (record.coSharerShares ?? [])
        .filter((c) => BigInt(c.shareFen) > 0n)
        .map((c) => [c.partyId, BigInt(c.shareFen)]),
    );
    const owed = new Map<string, bigint>();
    for (const p of entry.postings) {
      const party = COSHARER_SHARE_OWED.exec(p.account)?.[1];
      if (p.side === 'DEBIT' && party !== undefined) owed.set(party, p.amountFen);
    }
    for (const [party, fen] of want)
      if (owed.get(party) !== fen)
        return `co-sharer ${party} owes the lender ${owed.get(party) ?? 0n}, its share is ${fen}`;
    if (owed.size !== want.size) return 'a co-sharer owes the lender without a share of the claim';
    return undefined;
  }

  private recomputationProblem(
    terms: EconomicTerms,
    record: ApprovedClaim,
    basis: bigint,
    pool: bigint,
    bankShare: bigint,
    coSharerShares: ReadonlyMap<string, bigint>,
    lenderShare: bigint,
  ): string | undefined {
    const inputs = record.allocationInputs;
    const programme = programmeTerms(terms);
    // The net-loss basis (§8.3).
    const interest = BigInt(record.accruedInterestFen ?? '0');
    const costs = BigInt(record.costsFen ?? '0');
    if (programme.shareBasis === 'PRINCIPAL_ONLY' && (interest > 0n || costs > 0n))
      return `interest ${interest} and costs ${costs} in the basis of a principal-only policy ${terms.versionId}`;
    if (inputs !== undefined) {
      const outstanding = BigInt(inputs.outstandingAtDefaultFen);
      const costsLimit = maxCostsFen(outstanding, programme.maxCostsBp);
      if (costs > costsLimit)
        return `costs ${costs} above their limit ${costsLimit} (${programme.maxCostsBp} bp of the outstanding ${outstanding})`;
      if (basis > outstanding + interest + costs)
        return `basis ${basis} above outstanding ${outstanding} + interest ${interest} + costs ${costs}`;
    }
    // Rate and caps (§5.2–§5.3, §8.1–§8.2).
    if (inputs === undefined) {
      const loose = checkPool(terms, basis, pool, this.largestAnnualCapFen);
      if (loose !== undefined) return loose;
    } else {
      const tiers = rateTiersFor(terms, inputs.institutionKind);
      if (!tiers.some((t) => t.rateBp === inputs.tierRateBp))
        return `tier rate ${inputs.tierRateBp} is no ${inputs.institutionKind} tier of policy ${terms.versionId}`;
      if (!attainableBonuses(terms).has(inputs.bonusBp))
        return `bonus ${inputs.bonusBp} is no set of policy ${terms.versionId}'s bonuses`;
      const rate = Math.min(inputs.tierRateBp + inputs.bonusBp, terms.maxRateBp);
      if (rate !== record.rateBp) return `rate ${record.rateBp} recomputed as ${rate}`;
      const annual = BigInt(inputs.annualRemainingFen);
      if (annual > this.largestAnnualCapFen)
        return `annual cap left ${annual} above every policy's per-bank annual cap`;
      const portfolio =
        inputs.portfolioRemainingFen === undefined
          ? undefined
          : BigInt(inputs.portfolioRemainingFen);
      if (portfolio !== undefined) {
        if (!this.anyPortfolioCap)
          return 'a portfolio cap without a policy that sets portfolioCapBp';
        if (portfolio > BigInt(inputs.portfolioCapFen ?? '0'))
          return `portfolio cap left ${portfolio} above the portfolio cap ${inputs.portfolioCapFen ?? 'none'}`;
      }
      const uncapped = roundHalfUpBp(basis, rate);
      const want = minFen(
        uncapped,
        terms.perLoanCapFen,
        annual,
        ...(portfolio === undefined ? [] : [portfolio]),
      );
      if (pool !== want)
        return `pool ${pool} recomputed as ${want} (basis ${basis} × ${rate} bp = ${uncapped}, per-loan cap ${terms.perLoanCapFen}, annual cap left ${annual}${portfolio === undefined ? '' : `, portfolio cap left ${portfolio}`})`;
      const caps: CapReason[] = [];
      const bites = (cap: bigint) => cap < uncapped && cap === want;
      if (bites(terms.perLoanCapFen)) caps.push('PER_LOAN_CAP');
      if (bites(annual)) caps.push('PER_BANK_ANNUAL_CAP');
      if (portfolio !== undefined && bites(portfolio)) caps.push('PORTFOLIO_CAP');
      if (caps.join(',') !== record.capsApplied.join(','))
        return `caps named ${record.capsApplied.join(',') || 'none'}, recomputed ${caps.join(',') || 'none'}`;
    }
    // Co-sharers (§8.4): their shares and the lender's, from the loan's shareBp.
    const coSharing = splitAmongCoSharers({
      basisFen: basis,
      bankShareFen: bankShare,
      coSharers: (record.coSharerShares ?? []).map((c) => ({
        partyId: c.partyId,
        kind: c.kind,
        shareBp: c.shareBp,
      })),
      minLenderShareBp: programme.minLenderShareBp,
    });
    for (const c of coSharing.coSharerShares) {
      const booked = coSharerShares.get(c.partyId) ?? 0n;
      if (booked !== c.shareFen)
        return `co-sharer ${c.partyId} bears ${booked}; recomputed from ${c.shareBp} bp of the basis ${basis} with the lender's minimum ${coSharing.lenderMinimumFen}: ${c.shareFen}`;
    }
    if (lenderShare !== coSharing.lenderShareFen)
      return `the lender bears ${lenderShare}; recomputed ${coSharing.lenderShareFen}`;
    return undefined;
  }
}

const COSHARER_SHARE_OWED = /^cosharer:([^:]+):share-owed$/;
const COSHARER_LOSS_BORNE = /^cosharer:([^:]+):loss-borne$/;

function isCosharerObligationEntry(entry: JournalEntry): boolean {
  return entry.postings.some((p) => COSHARER_SHARE_OWED.test(p.account));
}

/** The claim record must carry exactly the figures its entry booked. */
function recordProblem(
  record: ApprovedClaim,
  entry: JournalEntry,
  parts: CompensationParts,
): string | undefined {
  if (record.loanId !== entry.loanId || record.claimId !== entry.claimId)
    return `the claim record is for claim ${record.claimId} of loan ${record.loanId}`;
  if (record.economicPolicyVersionId !== entry.policyVersion)
    return `the claim record used policy ${record.economicPolicyVersionId}`;
  if (BigInt(record.basisFen) !== parts.basis)
    return `the claim record's basis ${record.basisFen} is not the entry's ${parts.basis}`;
  for (const share of record.shares) {
    const fen = BigInt(share.shareFen);
    if ((parts.fundShares.get(share.fundId) ?? 0n) !== fen)
      return `the claim record gives ${share.fundId} ${fen}, the entry ${parts.fundShares.get(share.fundId) ?? 0n}`;
  }
  const named = new Map((record.coSharerShares ?? []).map((c) => [c.partyId, BigInt(c.shareFen)]));
  for (const [party, fen] of parts.coSharerShares)
    if (named.get(party) !== fen)
      return `the claim record gives co-sharer ${party} ${named.get(party) ?? 'nothing'}, the entry ${fen}`;
  for (const [party, fen] of named)
    if (fen > 0n && !parts.coSharerShares.has(party))
      return `the claim record gives co-sharer ${party} ${fen}, the entry nothing`;
  return undefined;
}

interface CompensationParts {
  readonly basis: bigint;
  readonly fundShares: Map<string, bigint>;
  /** `bank:B:loss-borne`: what the lender itself bears. */
  readonly lenderShare: bigint;
  /** `cosharer:P:loss-borne` per co-sharer (docs/domain.md §8.4). */
  readonly coSharerShares: Map<string, bigint>;
}

const SHARE_OF_FUND = /^loan:.+:share:fund:(.+)$/;

function compensationParts(entry: JournalEntry): CompensationParts | string {
  if (entry.kind !== 'POST') return `a compensation entry must be POST, not ${entry.kind}`;
  let basis: bigint | undefined;
  let lenderShare = 0n;
  const fundShares = new Map<string, bigint>();
  const coSharerShares = new Map<string, bigint>();
  const loan = entry.loanId;
  for (const p of entry.postings) {
    if (p.side === 'DEBIT') {
      if (basis !== undefined || p.account !== `loan:${loan ?? ''}:exposure`)
        return `unexpected debit ${p.account}`;
      basis = p.amountFen;
      continue;
    }
    const fund = SHARE_OF_FUND.exec(p.account)?.[1];
    if (fund !== undefined && p.account.startsWith(`loan:${loan ?? ''}:share:fund:`))
      fundShares.set(fund, p.amountFen);
    else if (/^bank:[^:]+:loss-borne$/.test(p.account)) lenderShare += p.amountFen;
    else if (COSHARER_LOSS_BORNE.test(p.account))
      coSharerShares.set(COSHARER_LOSS_BORNE.exec(p.account)?.[1] as string, p.amountFen);
    else return `unexpected credit ${p.account}`;
  }
  if (basis === undefined) return 'no loan exposure debit';
  return { basis, fundShares, lenderShare, coSharerShares };
}

/** The towns the split may have been resolved for: the entry's `TOWN:` funds and the overrides. */
function candidateTowns(terms: EconomicTerms, funds: Iterable<string>): string[] {
  const towns = new Set<string>(Object.keys(terms.splitByTown));
  for (const fund of funds) if (fund.startsWith('TOWN:')) towns.add(fund.slice('TOWN:'.length));
  // A split without the TOWN placeholder is the same for every town without an override.
  if (!terms.split.some((e) => e.fund === TOWN_SPLIT_PLACEHOLDER)) towns.add('');
  return [...towns];
}

function checkSplit(
  terms: EconomicTerms,
  pool: bigint,
  fundShares: ReadonlyMap<string, bigint>,
): string | undefined {
  for (const town of candidateTowns(terms, fundShares.keys())) {
    let entries;
    try {
      entries = resolveSplit(terms, town);
    } catch {
      continue;
    }
    const parts = split(
      pool,
      entries.map((e) => ({ label: e.fundId, weight: BigInt(e.weightBp) })),
    ).filter((part) => part.amountFen > 0n);
    if (
      parts.length === fundShares.size &&
      parts.every((part) => fundShares.get(part.label) === part.amountFen)
    )
      return undefined;
  }
  const shares = [...fundShares].map(([f, fen]) => `${f}=${fen}`).join(', ');
  return `fund shares (${shares}) are not the policy's split of the pool ${pool}`;
}

/** The sums of every set of the policy's bonuses (any sum up to the maximum rate if too many). */
function attainableBonuses(terms: EconomicTerms): Set<number> {
  const bonuses = Object.values(terms.bonusBp).filter((b): b is number => typeof b === 'number');
  const sums = new Set<number>([0]);
  if (bonuses.length <= MAX_ENUMERATED_BONUSES) {
    for (const bonus of bonuses) for (const s of [...sums]) sums.add(s + bonus);
  } else {
    // Too many flags to enumerate: any rate up to the maximum (a weaker check).
    for (let s = 0; s <= terms.maxRateBp; s++) sums.add(s);
  }
  return sums;
}

/** Every rate the policy can give: a tier's rate plus any set of bonuses, capped at the maximum. */
function attainableRates(terms: EconomicTerms): number[] {
  const sums = attainableBonuses(terms);
  const rates = new Set<number>();
  // docs/domain.md §8.1: a lender's kind may have tiers of its own.
  const kindTiers = Object.values(terms.rateTiersByKind ?? {}).flatMap((tiers) => tiers ?? []);
  for (const tier of [...terms.rateTiers, ...kindTiers])
    for (const s of sums) rates.add(Math.min(tier.rateBp + s, terms.maxRateBp));
  return [...rates];
}

function checkPool(
  terms: EconomicTerms,
  basis: bigint,
  pool: bigint,
  annualCapFen: bigint,
): string | undefined {
  let largest = 0n;
  for (const rate of attainableRates(terms)) {
    const uncapped = roundHalfUpBp(basis, rate);
    const capped = uncapped < terms.perLoanCapFen ? uncapped : terms.perLoanCapFen;
    if (pool === capped) return undefined;
    if (capped > largest) largest = capped;
  }
  // Below every exact figure only the bank's annual cap can explain, within that cap.
  if (pool < largest && pool <= annualCapFen) return undefined;
  return `pool ${pool} is no rate of policy ${terms.versionId} applied to the basis ${basis} under its caps (at most ${largest})`;
}
