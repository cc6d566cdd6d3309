import {
  interestReportedV1,
  subsidyRoundApprovedV1,
  type EventData,
  Topics,
} from '@riskpool/contracts';
import {
  type PolicyVersion,
  closeRound,
  daysBetween,
  interestCapFen,
  maxFen,
  minFen,
  periodYearOf,
  resolveSubsidySplit,
  roundHalfUpBp,
  split,
  subsidyEconomicTerms,
  subsidyProceduralTerms,
  type SubsidyEconomicTerms,
} from '@riskpool/domain';
import type {
  EntryCheck,
  ExtensionRecordHandler,
  JournalEntry,
  Posting,
} from '@riskpool/ledger-core';
import { accounts } from '../journal/chart';
import { subsidyGrantPostings, subsidyGrantsWithEntries } from '../journal/posting-rules';

/** Export record types: an accepted interest report, and an approved round (with its event id). */
export const SUBSIDY_REPORT_RECORD_TYPE = 'subsidy-report';
export const SUBSIDY_ROUND_RECORD_TYPE = 'subsidy-round';

type Report = EventData<typeof Topics.interestReported>;
type Round = EventData<typeof Topics.subsidyRoundApproved>;

/** What one grant must be: the recomputed request, grant and lapse of a report on one fund. */
interface ExpectedGrant {
  readonly reportId: string;
  readonly loanId: string;
  readonly fundId: string;
  readonly policyVersion: string;
  readonly requestedFen: bigint;
  readonly grantedFen: bigint;
  readonly lapsedFen: bigint;
}

/**
 * Recomputes every interest subsidy grant (docs/domain.md §9.3–§9.4) from the export's records
 * and policy versions, entry by entry (check `subsidy-recomputed-from-policy`):
 *
 * 1. each report's requested amount from its own figures with the §9 terms of its economic policy
 *    version (rate cap, interest cap over the period's days, share) and the annual cap of its
 *    procedural version, counting the enterprise's earlier reports of the year (report time, then
 *    id), split over the version's subsidy split for the report's town;
 * 2. each round's grants with libs/domain `closeRound` from those requests and the round's
 *    available money per fund (the pro-rata cut when a fund is short);
 * 3. each `subsidy.round-approved.v1` entry (one per grant that asked anything, in the round's
 *    grant order) must post exactly that grant and lapse on that loan and fund, with the report's
 *    economic policy version.
 *
 * The share's bonus needs the loan's flags, which the export does not carry: the report's share
 * must be one the version can give (the base plus any set of its bonuses, at most the maximum).
 */
export class SubsidyRecomputation {
  private readonly reports = new Map<string, { json: string; report: Report }>();
  private readonly rounds = new Map<string, { json: string; round: Round }>();
  private requested: Map<string, bigint> | undefined;
  private readonly expectedByEvent = new Map<string, ExpectedGrant[] | string>();
  private readonly seenByEvent = new Map<string, number>();

  constructor(private readonly policyOf: (versionId: string) => PolicyVersion | undefined) {}

  readonly reportRecord: ExtensionRecordHandler = (record) => {
    const parsed = interestReportedV1.safeParse(record['report']);
    if (!parsed.success) return `not a ${Topics.interestReported} payload`;
    return remember(this.reports, parsed.data.reportId, record['report'], {
      report: parsed.data,
    });
  };

  readonly roundRecord: ExtensionRecordHandler = (record) => {
    const parsed = subsidyRoundApprovedV1.safeParse(record['round']);
    const eventId = record['eventId'];
    if (!parsed.success || typeof eventId !== 'string')
      return `needs eventId and a ${Topics.subsidyRoundApproved} payload`;
    return remember(this.rounds, eventId, record['round'], { round: parsed.data });
  };

  readonly check: EntryCheck = {
    name: 'subsidy-recomputed-from-policy',
    check: (entry) => this.problemOf(entry),
  };

  problemOf(entry: JournalEntry): string | undefined {
    if (entry.eventType !== Topics.subsidyRoundApproved) return undefined;
    let expected = this.expectedByEvent.get(entry.eventId);
    if (expected === undefined) {
      expected = this.expectRound(entry.eventId);
      this.expectedByEvent.set(entry.eventId, expected);
    }
    if (typeof expected === 'string') return expected;
    const index = this.seenByEvent.get(entry.eventId) ?? 0;
    this.seenByEvent.set(entry.eventId, index + 1);
    const grant = expected[index];
    if (grant === undefined) return `more grant entries than the round ${entry.eventId} has grants`;
    if (entry.kind !== 'POST') return `a grant entry must be POST, not ${entry.kind}`;
    if (entry.loanId !== grant.loanId)
      return `grant ${index} of the round is for loan ${grant.loanId}, the entry names ${entry.loanId ?? 'none'}`;
    if (entry.policyVersion !== grant.policyVersion)
      return `grant of report ${grant.reportId} used policy ${grant.policyVersion}, the entry names ${entry.policyVersion ?? 'none'}`;
    const want = subsidyGrantPostings(grant);
    if (!samePostings(entry.postings, want)) {
      const got = figuresOf(entry.postings, grant);
      return (
        `grant of report ${grant.reportId} on ${grant.fundId}: the entry grants ${got.granted} and ` +
        `lapses ${got.lapsed}; recomputed from policy ${grant.policyVersion} and the round's cut: ` +
        `requested ${grant.requestedFen}, granted ${grant.grantedFen}, lapsed ${grant.lapsedFen}`
      );
    }
    return undefined;
  }

  private expectRound(eventId: string): ExpectedGrant[] | string {
    const round = this.rounds.get(eventId)?.round;
    if (round === undefined) return `the approved round of event ${eventId} is not in the export`;
    const requested = this.requestedByShare();
    if (typeof requested === 'string') return requested;
    const requests = [];
    for (const g of round.grants) {
      const report = this.reports.get(g.reportId)?.report;
      if (report === undefined) return `report ${g.reportId} is not in the export`;
      const fen = requested.get(shareKey(g.reportId, g.fundId));
      if (fen === undefined)
        return `report ${g.reportId} asks nothing of ${g.fundId} under its policy's split`;
      requests.push({
        reportId: g.reportId,
        fundId: g.fundId,
        requestedFen: fen,
        reportedAt: report.reportedAt,
      });
    }
    const available = new Map(round.funds.map((f) => [f.fundId, BigInt(f.availableFen)]));
    const closing = closeRound(requests, available);
    const byShare = new Map(closing.grants.map((g) => [shareKey(g.reportId, g.fundId), g]));
    return subsidyGrantsWithEntries(round.grants).map((g) => {
      const report = this.reports.get(g.reportId)?.report as Report;
      const recomputed = byShare.get(shareKey(g.reportId, g.fundId));
      return {
        reportId: g.reportId,
        loanId: report.loanId,
        fundId: g.fundId,
        policyVersion: report.economicPolicyVersionId,
        requestedFen: recomputed?.requestedFen ?? 0n,
        grantedFen: recomputed?.grantedFen ?? 0n,
        lapsedFen: recomputed?.lapsedFen ?? 0n,
      };
    });
  }

  /** Every report's requested amount per fund, recomputed once for the whole export. */
  private requestedByShare(): Map<string, bigint> | string {
    if (this.requested !== undefined) return this.requested;
    const out = new Map<string, bigint>();
    const usedByEnterpriseYear = new Map<string, bigint>();
    const ordered = [...this.reports.values()]
      .map((r) => r.report)
      .sort((a, b) =>
        a.reportedAt !== b.reportedAt
          ? a.reportedAt < b.reportedAt
            ? -1
            : 1
          : a.reportId < b.reportId
            ? -1
            : a.reportId > b.reportId
              ? 1
              : 0,
      );
    for (const report of ordered) {
      const economic = this.policyOf(report.economicPolicyVersionId);
      const procedural = this.policyOf(report.proceduralPolicyVersionId);
      if (economic === undefined || procedural === undefined)
        return `report ${report.reportId}: policy ${economic === undefined ? report.economicPolicyVersionId : report.proceduralPolicyVersionId} is not in the export`;
      const terms = subsidyEconomicTerms(economic);
      const days = daysBetween(report.periodStart, report.periodEnd);
      if (days !== report.days || periodYearOf(report.periodEnd) !== report.periodYear)
        return `report ${report.reportId}: its period's days or year are not its dates'`;
      if (!attainableShares(terms).has(report.shareBp))
        return `report ${report.reportId}: share ${report.shareBp} bp is no share policy ${terms.versionId} can give`;
      const rateBp = Math.min(report.annualRateBp, terms.subsidyRateCapBp);
      const cap = interestCapFen(BigInt(report.outstandingAtStartFen), rateBp, days);
      const eligible = minFen(BigInt(report.interestPaidFen), cap);
      const uncapped = roundHalfUpBp(eligible, report.shareBp);
      const yearKey = `${report.uscc}|${report.periodYear}`;
      const used = usedByEnterpriseYear.get(yearKey) ?? 0n;
      const annualCap = subsidyProceduralTerms(procedural).subsidyPerEnterpriseAnnualCapFen;
      const requested = minFen(uncapped, maxFen(0n, annualCap - used));
      usedByEnterpriseYear.set(yearKey, used + requested);
      const weights = resolveSubsidySplit(terms, report.townCode);
      for (const part of split(
        requested,
        weights.map((w) => ({ label: w.fundId, weight: BigInt(w.weightBp) })),
      ))
        out.set(shareKey(report.reportId, part.label), part.amountFen);
    }
    this.requested = out;
    return out;
  }
}

function remember<T>(
  map: Map<string, { json: string } & T>,
  key: string,
  raw: unknown,
  value: T,
): string | undefined {
  const json = JSON.stringify(raw);
  const known = map.get(key);
  if (known !== undefined && known.json !== json)
    return `${key} appears twice with different content`;
  map.set(key, { json, ...value });
  return undefined;
}

function shareKey(reportId: string, fundId: string): string {
  return `${reportId}|${fundId}`;
}

/** Every share the version can give: the base plus any set of its bonuses, at most the maximum. */
function attainableShares(terms: SubsidyEconomicTerms): Set<number> {
  const sums = new Set<number>([0]);
  for (const bonus of Object.values(terms.subsidyBonusBp))
    if (typeof bonus === 'number') for (const s of [...sums]) sums.add(s + bonus);
  return new Set([...sums].map((s) => Math.min(terms.subsidyShareBp + s, terms.maxSubsidyShareBp)));
}

function postingKey(p: Posting): string {
  return `${p.account}|${p.side}|${p.amountFen}`;
}

function samePostings(got: readonly Posting[], want: readonly Posting[]): boolean {
  const a = got.map(postingKey).sort();
  const b = want.map(postingKey).sort();
  return a.length === b.length && a.every((k, i) => k === b[i]);
}

/** What an entry says was granted and lapsed on the grant's loan and fund. */
function figuresOf(
  postings: readonly Posting[],
  g: ExpectedGrant,
): { granted: bigint; lapsed: bigint } {
  const sum = (account: string) =>
    postings
      .filter((p) => p.account === account && p.side === 'CREDIT')
      .reduce((s, p) => s + p.amountFen, 0n);
  return {
    granted: sum(accounts.loanSubsidyPayable(g.loanId, g.fundId)),
    lapsed: sum(accounts.loanSubsidyLapsed(g.loanId, g.fundId)),
  };
}
