import { EventData, Topics } from '@riskpool/contracts';
import type { EntryDraft, Posting } from '@riskpool/ledger-core';
import type { ClaimEventRole } from '@riskpool/domain';
import { accounts } from './chart';
import { credit, debit, transfer } from './postings';
import { approvalMemoEntry, type ExposureStage, planMemoEvent } from './exposure-memo';

/** An event as the ledger sees it: the envelope's id, type, time and subject, and the payload. */
export interface LedgerInput {
  readonly eventId: string;
  readonly eventType: string;
  /** Envelope time, ISO 8601. */
  readonly time: string;
  readonly subject: string;
  readonly data: unknown;
}

/** An open PENDING entry of a hold, named by the event and index that placed it. */
export interface OpenPending {
  readonly holdId: string;
  readonly fundId: string;
  readonly claimId: string;
  readonly loanId: string;
  readonly amountFen: bigint;
  readonly eventId: string;
  readonly entryIndex: number;
}

/** A claim as the ledger knows it (claim-opened, -adjusted, -approved). */
export interface ClaimFacts {
  readonly claimId: string;
  readonly loanId: string;
  readonly bankId: string;
  readonly policyVersion: string;
}

/** Open holds by hold id, oldest first; staged per batch, committed when the batch commits. */
export class HoldBook {
  private readonly open = new Map<string, OpenPending[]>();

  get(holdId: string): readonly OpenPending[] {
    return this.open.get(holdId) ?? [];
  }

  add(pending: OpenPending): void {
    const list = this.open.get(pending.holdId) ?? [];
    list.push(pending);
    this.open.set(pending.holdId, list);
  }

  set(holdId: string, list: readonly OpenPending[]): void {
    if (list.length === 0) this.open.delete(holdId);
    else this.open.set(holdId, [...list]);
  }

  stage(): HoldStage {
    return new HoldStage(this);
  }

  totalOpen(): bigint {
    let total = 0n;
    for (const list of this.open.values()) for (const p of list) total += p.amountFen;
    return total;
  }
}

export class HoldStage {
  private readonly changed = new Map<string, OpenPending[]>();

  constructor(private readonly book: HoldBook) {}

  get(holdId: string): readonly OpenPending[] {
    return this.changed.get(holdId) ?? this.book.get(holdId);
  }

  set(holdId: string, list: OpenPending[]): void {
    this.changed.set(holdId, list);
  }

  commit(): void {
    for (const [holdId, list] of this.changed) this.book.set(holdId, list);
  }
}

/** What an event does to the ledger. */
export type LedgerPlan =
  | {
      readonly kind: 'entries';
      readonly entries: EntryDraft[];
      /** The bank the entries concern, for scoping reads (not part of the canonical bytes). */
      readonly bankId?: string;
      /** Per entry, when the entries of one event concern several banks (a subsidy round). */
      readonly entryBankIds?: ReadonlyArray<string | undefined>;
      /** Also keep the payload in the audit trail (verify's subsidy records read it). */
      readonly record?: boolean;
      /** Holds this event opens, by entry index. */
      readonly opens: ReadonlyArray<{ readonly entryIndex: number; readonly pending: OpenPending }>;
      /** Holds this event resolves, by entry index. */
      readonly resolves: ReadonlyArray<{
        readonly entryIndex: number;
        readonly pending: OpenPending;
        readonly kind: 'POST_PENDING' | 'VOID_PENDING';
        readonly postedFen: bigint;
      }>;
      readonly claim?: ClaimFacts;
    }
  | { readonly kind: 'audit'; readonly claim?: ClaimFacts }
  | { readonly kind: 'park'; readonly reason: string };

/** The two postings of a hold on a fund: available → held. */
export function holdPostings(fundId: string, amountFen: bigint): Posting[] {
  return transfer(accounts.fundAvailable(fundId), accounts.fundHeld(fundId), amountFen);
}

export function holdIdOf(claimId: string, fundId: string): string {
  return `${claimId}:${fundId}`;
}

interface TopicData {
  deposited: EventData<typeof Topics.fundDeposited>;
  holdPlaced: EventData<typeof Topics.holdPlaced>;
  holdReleased: EventData<typeof Topics.holdReleased>;
  payout: EventData<typeof Topics.payoutCompleted>;
  approved: EventData<typeof Topics.claimApproved>;
  opened: EventData<typeof Topics.claimOpened>;
  adjusted: EventData<typeof Topics.claimAdjusted>;
  denied: EventData<typeof Topics.claimDenied>;
  withdrawn: EventData<typeof Topics.claimWithdrawn>;
  lifted: EventData<typeof Topics.claimDeferralLifted>;
  recovery: EventData<typeof Topics.recoveryShared>;
  remittance: EventData<typeof Topics.remittanceReceived>;
  cosharerSettlement: EventData<typeof Topics.cosharerSettlementReported>;
  statement: EventData<typeof Topics.ledgerStatementIssued>;
  subsidyDeposited: EventData<typeof Topics.subsidyFundDeposited>;
  roundApproved: EventData<typeof Topics.subsidyRoundApproved>;
  subsidyPaid: EventData<typeof Topics.subsidyPaymentCompleted>;
}
type Data<T extends keyof TopicData> = TopicData[T];

export interface PlanContext {
  readonly holds: HoldStage;
  claim(claimId: string): ClaimFacts | undefined;
  /** The loan book of memo entries (ADR 0019); without it loan and credit events are audited. */
  readonly memo?: ExposureStage;
}

/**
 * The posting rules (README "Event → entry"): pure, from one event and the open holds to the
 * entries it appends, the audit-trail row it writes instead, or a reason to park it until what it
 * needs (a hold, a deposit) has arrived.
 */
export function planEvent(input: LedgerInput, ctx: PlanContext): LedgerPlan {
  if (ctx.memo !== undefined) {
    const memo = planMemoEvent(input.eventType, input.data, ctx.memo);
    if (memo?.kind === 'entries')
      return {
        ...entries(memo.entries),
        bankId: memo.bankId,
        // A bank's admission stays in the audit trail as before, with its quota now booked too.
        ...(input.eventType === Topics.bankAdmitted ? { record: true } : {}),
      };
    if (memo !== undefined) return memo;
  }
  switch (input.eventType) {
    case Topics.subsidyRoundApproved:
      return subsidyGrantEntries(input.data as Data<'roundApproved'>);
    case Topics.subsidyPaymentCompleted:
      return subsidyPaymentEntries(input.data as Data<'subsidyPaid'>);
    case Topics.subsidyFundDeposited:
    case Topics.fundDeposited: {
      // A subsidy fund's deposit posts as a compensation fund's, on its own `fund:SUBSIDY:…` accounts.
      const d = input.data as Data<'deposited'> | Data<'subsidyDeposited'>;
      const amount = BigInt(d.amountFen);
      return entries([
        {
          kind: 'POST',
          postings: [
            debit(accounts.fundContributions(d.fundId), amount),
            credit(accounts.fundAvailable(d.fundId), amount),
          ],
        },
      ]);
    }
    case Topics.holdPlaced: {
      const d = input.data as Data<'holdPlaced'>;
      const amount = BigInt(d.amountFen);
      const claim = ctx.claim(d.claimId);
      // claim-opened comes first from pool-allocation but on another topic: wait for it, so the
      // hold's entry records the claim's bank and policy version whatever order Kafka delivers.
      if (claim === undefined) return { kind: 'park', reason: `claim ${d.claimId} not yet known` };
      const pending: OpenPending = {
        holdId: d.holdId,
        fundId: d.fundId,
        claimId: d.claimId,
        loanId: d.loanId,
        amountFen: amount,
        eventId: input.eventId,
        entryIndex: 0,
      };
      ctx.holds.set(d.holdId, [...ctx.holds.get(d.holdId), pending]);
      return {
        kind: 'entries',
        entries: [
          {
            kind: 'PENDING',
            postings: holdPostings(d.fundId, amount),
            ...ids(d.claimId, d.loanId, claim.policyVersion),
          },
        ],
        bankId: claim.bankId,
        opens: [{ entryIndex: 0, pending }],
        resolves: [],
      };
    }
    case Topics.holdReleased: {
      const d = input.data as Data<'holdReleased'>;
      const claim = ctx.claim(d.claimId);
      return resolveHold(input, ctx, {
        holdId: d.holdId,
        fundId: d.fundId,
        claimId: d.claimId,
        loanId: d.loanId,
        amountFen: BigInt(d.amountFen),
        policyVersion: claim?.policyVersion,
        bankId: claim?.bankId,
        mode: 'release',
      });
    }
    case Topics.payoutCompleted: {
      const d = input.data as Data<'payout'>;
      const claim = ctx.claim(d.claimId);
      return resolveHold(input, ctx, {
        holdId: d.holdId ?? holdIdOf(d.claimId, d.fundId),
        fundId: d.fundId,
        claimId: d.claimId,
        loanId: d.loanId,
        amountFen: BigInt(d.amountFen),
        policyVersion: claim?.policyVersion,
        bankId: d.bankId,
        mode: 'payout',
      });
    }
    case Topics.claimOpened:
    case Topics.claimAdjusted: {
      const d = input.data as Data<'opened'> | Data<'adjusted'>;
      const claim: ClaimFacts = {
        claimId: d.claimId,
        loanId: d.loanId,
        bankId: d.bankId,
        policyVersion: d.economicPolicyVersionId,
      };
      if (input.eventType === Topics.claimAdjusted) return { kind: 'audit', claim };
      // The claim's state, OPEN or DEFERRED, as a claim memo entry (ADR 0019).
      const deferred = (d as Data<'opened'>).status === 'DEFERRED';
      const memo = claimStateEntry(claim, deferred ? 'claims-deferred' : 'claims-opened');
      return { ...entries([memo]), bankId: d.bankId, claim, record: true };
    }
    case Topics.claimDenied:
    case Topics.claimWithdrawn:
    case Topics.claimDeferralLifted: {
      // A claim's state changes: a claim memo entry, the payload kept in the audit trail as before.
      const d = input.data as Data<'denied'> | Data<'withdrawn'> | Data<'lifted'>;
      const role: ClaimEventRole =
        input.eventType === Topics.claimDenied
          ? 'claims-denied'
          : input.eventType === Topics.claimWithdrawn
            ? 'claims-withdrawn'
            : 'claims-lifted';
      const policyVersion = ctx.claim(d.claimId)?.policyVersion;
      const memo = claimStateEntry({ ...d, policyVersion }, role);
      return { ...entries([memo]), bankId: d.bankId, record: true };
    }
    case Topics.claimApproved: {
      const d = input.data as Data<'approved'>;
      const claim: ClaimFacts = {
        claimId: d.claimId,
        loanId: d.loanId,
        bankId: d.bankId,
        policyVersion: d.economicPolicyVersionId,
      };
      const basis = BigInt(d.basisFen);
      const postings: Posting[] = [debit(accounts.loanExposure(d.loanId), basis)];
      for (const share of d.shares) {
        const fen = BigInt(share.shareFen);
        if (fen > 0n) postings.push(credit(accounts.loanFundShare(d.loanId, share.fundId), fen));
      }
      // docs/domain.md §8.4: the co-sharers' parts come out of the bank share; the lender bears
      // the rest. Each co-sharer then owes the lender its part (a second entry).
      const coSharers = (d.coSharerShares ?? []).filter((c) => BigInt(c.shareFen) > 0n);
      const coShared = coSharers.reduce((sum, c) => sum + BigInt(c.shareFen), 0n);
      const lenderShare = BigInt(d.bankShareFen) - coShared;
      if (lenderShare > 0n) postings.push(credit(accounts.bankLossBorne(d.bankId), lenderShare));
      for (const c of coSharers)
        postings.push(credit(accounts.cosharerLossBorne(c.partyId), BigInt(c.shareFen)));
      // The loan is COMPENSATED: a memo entry after the compensation ends its exposure (ADR 0019),
      // and the claim's state APPROVED in a claim memo entry, last.
      const memo = ctx.memo === undefined ? undefined : approvalMemoEntry(d.loanId, ctx.memo);
      const state = claimStateEntry(claim, 'claims-approved');
      if (basis <= 0n)
        return {
          ...entries(memo === undefined ? [state] : [memo, state]),
          bankId: d.bankId,
          claim,
          record: true,
        };
      const idFields = ids(d.claimId, d.loanId, d.economicPolicyVersionId);
      const drafts: EntryDraft[] = [{ kind: 'POST', postings, ...idFields }];
      if (coSharers.length > 0)
        drafts.push({
          kind: 'POST',
          postings: [
            ...coSharers.map((c) =>
              debit(accounts.cosharerShareOwed(c.partyId), BigInt(c.shareFen)),
            ),
            credit(accounts.bankCosharerSharesDue(d.bankId), coShared),
          ],
          ...idFields,
        });
      if (memo !== undefined) drafts.push(memo);
      drafts.push(state);
      // The payload is kept for verify's `claim` records (compensation-check.ts).
      return { ...entries(drafts), bankId: d.bankId, claim, record: true };
    }
    case Topics.recoveryShared: {
      const d = input.data as Data<'recovery'>;
      const drafts: EntryDraft[] = [];
      const owedTo = [
        ...d.owed.map((o) => ({
          changeFen: o.changeFen,
          creditor: accounts.fundRecoveriesOwed(o.fundId),
          debtor: accounts.bankRecoveriesOwed(d.bankId),
        })),
        // docs/domain.md §8.4: the lender owes each co-sharer its part too, never netted.
        ...(d.coSharerOwed ?? []).map((o) => ({
          changeFen: o.changeFen,
          creditor: accounts.cosharerRecoveriesOwed(o.partyId),
          debtor: accounts.bankCosharerRecoveriesOwed(d.bankId),
        })),
      ];
      for (const owed of owedTo) {
        const change = BigInt(owed.changeFen);
        if (change === 0n) continue;
        const amount = change > 0n ? change : -change;
        drafts.push({
          kind: 'POST',
          postings:
            change > 0n
              ? [debit(owed.debtor, amount), credit(owed.creditor, amount)]
              : [debit(owed.creditor, amount), credit(owed.debtor, amount)],
          ...ids(d.claimId, d.loanId, d.policyVersionId),
        });
      }
      if (drafts.length === 0) return { kind: 'audit' };
      return { ...entries(drafts), bankId: d.bankId };
    }
    case Topics.cosharerSettlementReported: {
      // docs/domain.md §8.4: money paid between a lender and a co-sharer clears what was owed
      // (per obligation matched), then moves: the co-sharer's share to the lender, or the lender's
      // recovery part to the co-sharer.
      const d = input.data as Data<'cosharerSettlement'>;
      const byCosharer = d.payer === 'COSHARER';
      const owedBy = byCosharer
        ? accounts.cosharerShareOwed(d.partyId)
        : accounts.bankCosharerRecoveriesOwed(d.bankId);
      const owedTo = byCosharer
        ? accounts.bankCosharerSharesDue(d.bankId)
        : accounts.cosharerRecoveriesOwed(d.partyId);
      const idFields = ids(d.claimId, d.loanId, ctx.claim(d.claimId)?.policyVersion);
      const drafts: EntryDraft[] = d.matched.map((m) => ({
        kind: 'POST' as const,
        postings: [debit(owedTo, BigInt(m.amountFen)), credit(owedBy, BigInt(m.amountFen))],
        ...idFields,
      }));
      const amount = BigInt(d.amountFen);
      drafts.push({
        kind: 'POST',
        postings: byCosharer
          ? [
              debit(accounts.cosharerSharePaid(d.partyId), amount),
              credit(accounts.bankCosharerSharesReceived(d.bankId), amount),
            ]
          : [
              debit(accounts.bankCosharerRecoveriesPaid(d.bankId), amount),
              credit(accounts.cosharerRecoveriesReceived(d.partyId), amount),
            ],
        ...idFields,
      });
      return { ...entries(drafts), bankId: d.bankId };
    }
    case Topics.remittanceReceived: {
      const d = input.data as Data<'remittance'>;
      const drafts: EntryDraft[] = [];
      for (const m of d.matched) {
        drafts.push(
          postedTransfer(
            accounts.fundRecoveriesOwed(d.fundId),
            accounts.bankRecoveriesOwed(d.bankId),
            BigInt(m.amountFen),
            ids(m.claimId, m.loanId, ctx.claim(m.claimId)?.policyVersion),
          ),
        );
      }
      drafts.push(
        postedTransfer(
          accounts.bankRecoveriesRemitted(d.bankId),
          accounts.fundAvailable(d.fundId),
          BigInt(d.amountFen),
          d.claimId !== undefined ? { claimId: d.claimId } : {},
        ),
      );
      return { ...entries(drafts), bankId: d.bankId };
    }
    case Topics.ledgerStatementIssued: {
      // One ANCHOR entry per file as issued: its name and SHA-256, no money (docs/domain.md §10).
      const d = input.data as Data<'statement'>;
      return {
        kind: 'entries',
        entries: d.files.map((f) => ({
          kind: 'ANCHOR' as const,
          postings: [],
          documentName: f.name,
          documentSha256: f.sha256,
        })),
        opens: [],
        resolves: [],
      };
    }
    default:
      return { kind: 'audit' };
  }
}

/**
 * A round's approval (docs/domain.md §9.4): one entry per grant (a report's share of one subsidy
 * fund) that asked for anything, in the event's grant order, which verify relies on:
 * Dr `fund:F:available` → Cr `loan:L:subsidy-payable:fund:F` the granted amount, and
 * Dr `fund:F:lapsed` → Cr `loan:L:subsidy-lapsed:fund:F` the lapsed one (cut pro rata).
 */
function subsidyGrantEntries(d: Data<'roundApproved'>): LedgerPlan {
  const drafts: EntryDraft[] = [];
  const banks: string[] = [];
  for (const g of subsidyGrantsWithEntries(d.grants)) {
    drafts.push({
      kind: 'POST',
      postings: subsidyGrantPostings({
        fundId: g.fundId,
        loanId: g.loanId,
        grantedFen: BigInt(g.grantedFen),
        lapsedFen: BigInt(g.lapsedFen),
      }),
      loanId: g.loanId,
      policyVersion: g.economicPolicyVersionId,
    });
    banks.push(g.bankId);
  }
  if (drafts.length === 0) return { kind: 'audit' };
  return { ...entries(drafts), entryBankIds: banks, record: true };
}

/** One grant's postings: the granted amount to the loan's payable, the lapsed one to its lapse. */
export function subsidyGrantPostings(g: {
  readonly fundId: string;
  readonly loanId: string;
  readonly grantedFen: bigint;
  readonly lapsedFen: bigint;
}): Posting[] {
  return [
    ...(g.grantedFen > 0n
      ? transfer(
          accounts.fundAvailable(g.fundId),
          accounts.loanSubsidyPayable(g.loanId, g.fundId),
          g.grantedFen,
        )
      : []),
    ...(g.lapsedFen > 0n
      ? transfer(
          accounts.subsidyFundLapsed(g.fundId),
          accounts.loanSubsidyLapsed(g.loanId, g.fundId),
          g.lapsedFen,
        )
      : []),
  ];
}

/** The grants of a round that post an entry (granted or lapsed above zero), in event order. */
export function subsidyGrantsWithEntries<G extends { grantedFen: string; lapsedFen: string }>(
  grants: readonly G[],
): G[] {
  return grants.filter((g) => BigInt(g.grantedFen) > 0n || BigInt(g.lapsedFen) > 0n);
}

/**
 * A subsidy payment: per part (grant), Dr `loan:L:subsidy-payable:fund:F` → Cr
 * `fund:F:subsidies-paid`. The payable account may not go below zero (chart flag), so a payment
 * that arrives before its round's approval is parked until the grant is there.
 */
function subsidyPaymentEntries(d: Data<'subsidyPaid'>): LedgerPlan {
  const drafts: EntryDraft[] = d.parts.map((p) => ({
    kind: 'POST' as const,
    postings: [
      debit(accounts.loanSubsidyPayable(p.loanId, p.fundId), BigInt(p.amountFen)),
      credit(accounts.subsidyFundPaid(p.fundId), BigInt(p.amountFen)),
    ],
    loanId: p.loanId,
  }));
  return { ...entries(drafts), entryBankIds: d.parts.map((p) => p.bankId) };
}

/**
 * A claim memo entry (ADR 0019, libs/domain claim-states.ts): one unit, a count of claims and no
 * money, Dr `bank:<B>:<role>` / Cr `bank:<B>:claims-memo`, with the claim and loan on the entry.
 */
export function claimStateEntry(
  claim: {
    readonly claimId: string;
    readonly loanId: string;
    readonly bankId: string;
    readonly policyVersion?: string | undefined;
  },
  role: ClaimEventRole,
): EntryDraft {
  return {
    kind: 'POST',
    postings: [
      debit(accounts.bankClaimMemo(claim.bankId, role), 1n),
      credit(accounts.bankClaimMemo(claim.bankId, 'claims-memo'), 1n),
    ],
    ...ids(claim.claimId, claim.loanId, claim.policyVersion),
  };
}

function entries(drafts: EntryDraft[]): LedgerPlan & { kind: 'entries' } {
  return { kind: 'entries', entries: drafts, opens: [], resolves: [] };
}

/** A POST entry moving `amountFen` from `from` to `to`, with the entry's claim and loan fields. */
function postedTransfer(
  from: string,
  to: string,
  amountFen: bigint,
  fields: Partial<Pick<EntryDraft, 'claimId' | 'loanId' | 'policyVersion'>>,
): EntryDraft {
  return { kind: 'POST', postings: transfer(from, to, amountFen), ...fields };
}

function ids(claimId: string, loanId: string, policyVersion: string | undefined) {
  return { claimId, loanId, ...(policyVersion !== undefined ? { policyVersion } : {}) };
}

/**
 * A payout posts the hold's oldest open pending entries (in full, the last one in part with the
 * rest held again), then moves the money from the fund's held account to the bank. A release
 * voids the newest pending entries (the last one partly: voided and held again for the rest).
 */
function resolveHold(
  input: LedgerInput,
  ctx: PlanContext,
  r: {
    holdId: string;
    fundId: string;
    claimId: string;
    loanId: string;
    amountFen: bigint;
    policyVersion: string | undefined;
    bankId: string | undefined;
    mode: 'payout' | 'release';
  },
): LedgerPlan {
  const open = [...ctx.holds.get(r.holdId)];
  const total = open.reduce((sum, p) => sum + p.amountFen, 0n);
  if (total < r.amountFen) {
    return {
      kind: 'park',
      reason: `hold ${r.holdId} has ${total} fen open, ${r.mode} needs ${r.amountFen}`,
    };
  }
  const order = r.mode === 'payout' ? open : [...open].reverse();
  const drafts: EntryDraft[] = [];
  const resolves: Array<{
    entryIndex: number;
    pending: OpenPending;
    kind: 'POST_PENDING' | 'VOID_PENDING';
    postedFen: bigint;
  }> = [];
  const opens: Array<{ entryIndex: number; pending: OpenPending }> = [];
  const idFields = ids(r.claimId, r.loanId, r.policyVersion);
  const consumed = new Set<OpenPending>();
  let remaining = r.amountFen;
  let rest: OpenPending | undefined;
  for (const pending of order) {
    if (remaining === 0n) break;
    const take = pending.amountFen <= remaining ? pending.amountFen : remaining;
    remaining -= take;
    consumed.add(pending);
    const ref = { eventId: pending.eventId, entryIndex: pending.entryIndex };
    if (r.mode === 'payout') {
      resolves.push({ entryIndex: drafts.length, pending, kind: 'POST_PENDING', postedFen: take });
      drafts.push({
        kind: 'POST_PENDING',
        pendingRef: ref,
        postings: holdPostings(pending.fundId, take),
        ...idFields,
      });
    } else {
      resolves.push({ entryIndex: drafts.length, pending, kind: 'VOID_PENDING', postedFen: 0n });
      drafts.push({
        kind: 'VOID_PENDING',
        pendingRef: ref,
        postings: holdPostings(pending.fundId, pending.amountFen),
        ...idFields,
      });
    }
    if (take < pending.amountFen) {
      rest = {
        ...pending,
        amountFen: pending.amountFen - take,
        eventId: input.eventId,
        entryIndex: drafts.length,
      };
      opens.push({ entryIndex: drafts.length, pending: rest });
      drafts.push({
        kind: 'PENDING',
        postings: holdPostings(pending.fundId, rest.amountFen),
        ...idFields,
      });
    }
  }
  if (r.mode === 'payout') {
    if (r.bankId === undefined) return { kind: 'park', reason: 'payout without a bank' };
    drafts.push({
      kind: 'POST',
      postings: [
        debit(accounts.fundHeld(r.fundId), r.amountFen),
        credit(accounts.bankCompensationReceived(r.bankId), r.amountFen),
      ],
      ...idFields,
    });
  }
  // The remainder goes where the pending it came from was: oldest first stays oldest first.
  const partial = lastConsumed(order, consumed);
  const next: OpenPending[] = [];
  for (const p of open) {
    if (!consumed.has(p)) next.push(p);
    else if (rest !== undefined && p === partial) next.push(rest);
  }
  ctx.holds.set(r.holdId, next);
  return {
    kind: 'entries',
    entries: drafts,
    ...(r.bankId !== undefined ? { bankId: r.bankId } : {}),
    opens,
    resolves,
  };
}

function lastConsumed(
  order: readonly OpenPending[],
  consumed: ReadonlySet<OpenPending>,
): OpenPending | undefined {
  let last: OpenPending | undefined;
  for (const p of order) if (consumed.has(p)) last = p;
  return last;
}
