import { Topics, parsePolicyDocument, policyDocumentV1 } from '@riskpool/contracts';
import {
  type EconomicTerms,
  type PolicyVersion,
  TOWN_SPLIT_PLACEHOLDER,
  economicTerms,
  resolveSplit,
  roundHalfUpBp,
  split,
} from '@riskpool/domain';
import type { EntryCheck, ExtensionRecordHandler, JournalEntry } from '@riskpool/ledger-core';

/** Export record type carrying a published policy version (`pool.policy-published.v1`). */
export const POLICY_RECORD_TYPE = 'policy';

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
 *   claims of the year, so a pool it cut cannot be recomputed from the export alone.
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
    if (entry.policyVersion === undefined) return 'a compensation entry without a policy version';
    const terms = this.policies.get(entry.policyVersion)?.terms;
    if (terms === undefined)
      return `policy version ${entry.policyVersion} is not in the export (no policy record before it)`;
    const parts = compensationParts(entry);
    if (typeof parts === 'string') return parts;
    const { basis, fundShares, bankShare } = parts;
    let pool = 0n;
    for (const fen of fundShares.values()) pool += fen;
    if (pool + bankShare !== basis)
      return `basis ${basis} ≠ pool ${pool} + bank share ${bankShare}`;
    const splitProblem = checkSplit(terms, pool, fundShares);
    if (splitProblem !== undefined) return splitProblem;
    return checkPool(terms, basis, pool, this.largestAnnualCapFen);
  }
}

interface CompensationParts {
  readonly basis: bigint;
  readonly fundShares: Map<string, bigint>;
  readonly bankShare: bigint;
}

const SHARE_OF_FUND = /^loan:.+:share:fund:(.+)$/;

function compensationParts(entry: JournalEntry): CompensationParts | string {
  if (entry.kind !== 'POST') return `a compensation entry must be POST, not ${entry.kind}`;
  let basis: bigint | undefined;
  let bankShare = 0n;
  const fundShares = new Map<string, bigint>();
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
    else if (/^bank:[^:]+:loss-borne$/.test(p.account)) bankShare += p.amountFen;
    else return `unexpected credit ${p.account}`;
  }
  if (basis === undefined) return 'no loan exposure debit';
  return { basis, fundShares, bankShare };
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

/** Every rate the policy can give: a tier's rate plus any set of bonuses, capped at the maximum. */
function attainableRates(terms: EconomicTerms): number[] {
  const bonuses = Object.values(terms.bonusBp).filter((b): b is number => typeof b === 'number');
  const sums = new Set<number>([0]);
  if (bonuses.length <= MAX_ENUMERATED_BONUSES) {
    for (const bonus of bonuses) for (const s of [...sums]) sums.add(s + bonus);
  } else {
    // Too many flags to enumerate: any rate up to the maximum (a weaker check).
    for (let s = 0; s <= terms.maxRateBp; s++) sums.add(s);
  }
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
