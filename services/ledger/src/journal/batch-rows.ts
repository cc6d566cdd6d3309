import { createEvent, OutgoingEvent, Topics } from '@riskpool/contracts';
import type { AppendedEntry } from '@riskpool/ledger-core';
import type { LedgerInput, LedgerPlan } from './posting-rules';
import type { EventRow, HoldRow, ResolutionRow, StoredEntry } from './journal.repository';

/** Why an event left the batch: it waits (parked) for what it needs, or never applies. */
export interface Refusal {
  readonly outcome: 'PARKED' | 'REJECTED';
  readonly reason: string;
}

export interface AuditRow {
  readonly eventId: string;
  readonly eventType: string;
  readonly subject: string;
  readonly occurredAt: string;
  readonly payload: unknown;
}

/** The rows one batch writes, and what it leaves parked. */
export interface BatchRows {
  /** New events' rows (not posted: audited, parked or refused). */
  readonly events: EventRow[];
  /** Rows of parked events retried in this batch, which leave the parked list. */
  readonly unparked: EventRow[];
  readonly toPark: Array<{ eventId: string; eventType: string; envelope: unknown; reason: string }>;
  readonly audit: AuditRow[];
  readonly stored: StoredEntry[];
  readonly holdRows: HoldRow[];
  readonly resolutions: ResolutionRow[];
  /** Every event still waiting after this batch, retried ones included. */
  readonly stillParked: LedgerInput[];
  /** Events the rules refused for good. */
  readonly rejected: Array<{ eventId: string; reason: string }>;
  readonly parkedNow: number;
  /** New events posted (their rows are written with the journal). */
  readonly postedCount: number;
}

export function toTimestamp(time: string): string {
  const date = new Date(time);
  return Number.isNaN(date.getTime()) ? new Date(0).toISOString() : date.toISOString();
}

function auditRow(input: LedgerInput): AuditRow {
  return {
    eventId: input.eventId,
    eventType: input.eventType,
    subject: input.subject,
    occurredAt: toTimestamp(input.time),
    payload: input.data,
  };
}

/**
 * The rows of one batch, in the order the events came (new ones, then the parked ones retried):
 * each event's outcome row, the entries with their balance deltas, the holds they open and
 * resolve, the audit trail, and what is parked.
 */
export function batchRows(batch: {
  readonly inputs: readonly LedgerInput[];
  /** Parked events retried here (not sent again in this batch). */
  readonly retriedIds: ReadonlySet<string>;
  /** New events of this batch, by id. */
  readonly fresh: ReadonlyMap<string, string>;
  readonly hashes: ReadonlyMap<LedgerInput, string>;
  readonly excluded: ReadonlyMap<LedgerInput, Refusal>;
  readonly plans: ReadonlyMap<LedgerInput, LedgerPlan>;
  readonly appliedByEvent: ReadonlyMap<string, readonly AppendedEntry[]>;
}): BatchRows {
  const rows: BatchRows = {
    events: [],
    unparked: [],
    toPark: [],
    audit: [],
    stored: [],
    holdRows: [],
    resolutions: [],
    stillParked: [],
    rejected: [],
    parkedNow: 0,
    postedCount: 0,
  };
  let parkedNow = 0;
  let postedCount = 0;
  for (const input of batch.inputs) {
    const isRetry = batch.retriedIds.has(input.eventId) && !batch.fresh.has(input.eventId);
    const hash = batch.hashes.get(input) as string;
    const refusal = batch.excluded.get(input);
    const plan = batch.plans.get(input);
    let row: EventRow;
    if (refusal !== undefined) {
      row = {
        eventId: input.eventId,
        eventType: input.eventType,
        payloadHash: hash,
        outcome: refusal.outcome,
        reason: refusal.reason,
      };
      if (refusal.outcome === 'PARKED') {
        rows.stillParked.push(input);
        if (isRetry) continue;
        rows.toPark.push({
          eventId: input.eventId,
          eventType: input.eventType,
          envelope: input,
          reason: refusal.reason,
        });
        parkedNow++;
      } else {
        rows.rejected.push({ eventId: input.eventId, reason: refusal.reason });
      }
    } else if (plan?.kind === 'entries') {
      const appended = batch.appliedByEvent.get(input.eventId) ?? [];
      row = {
        eventId: input.eventId,
        eventType: input.eventType,
        payloadHash: hash,
        outcome: 'POSTED',
        ...(appended[0] ? { firstSeq: appended[0].entry.seq } : {}),
        entryCount: appended.length,
      };
      const heldAmounts = new Map<number, bigint>();
      for (const r of plan.resolves) heldAmounts.set(r.entryIndex, r.pending.amountFen);
      appended.forEach((a, index) => {
        const e = a.entry;
        rows.stored.push({
          appended: a,
          bankId: plan.entryBankIds?.[index] ?? plan.bankId,
          ...(index === 0 ? { payloadHash: hash } : {}),
          deltas: e.postings.map((p) => {
            switch (e.kind) {
              case 'POST':
                return { pending: 0n, posted: p.amountFen };
              case 'PENDING':
                return { pending: p.amountFen, posted: 0n };
              case 'POST_PENDING':
                return { pending: -(heldAmounts.get(index) ?? p.amountFen), posted: p.amountFen };
              case 'VOID_PENDING':
                return { pending: -p.amountFen, posted: 0n };
              case 'ANCHOR':
                // An anchor has no postings; listed so that a new kind cannot be forgotten.
                return { pending: 0n, posted: 0n };
            }
          }),
        });
      });
      if (plan.record === true) rows.audit.push(auditRow(input));
      for (const open of plan.opens) {
        const seq = appended[open.entryIndex]?.entry.seq as bigint;
        rows.holdRows.push({ pendingSeq: seq, pending: open.pending });
      }
      for (const r of plan.resolves) {
        const e = appended[r.entryIndex]?.entry;
        if (e?.pendingEntrySeq === undefined) throw new Error('a resolution without its hold');
        rows.resolutions.push({
          pendingSeq: e.pendingEntrySeq,
          resolvedBySeq: e.seq,
          kind: r.kind,
          postedFen: r.postedFen,
        });
      }
    } else {
      row = {
        eventId: input.eventId,
        eventType: input.eventType,
        payloadHash: hash,
        outcome: 'AUDIT',
      };
      rows.audit.push(auditRow(input));
    }
    if (isRetry) rows.unparked.push(row);
    else if (row.outcome === 'POSTED') postedCount++;
    else rows.events.push(row);
  }
  return { ...rows, parkedNow, postedCount };
}

/** `ledger.entry-posted.v1` for every appended entry (`entry`) or the batch's last (`batch`). */
export function entryPostedEvents(
  appended: readonly AppendedEntry[],
  mode: 'batch' | 'entry' | 'none',
): OutgoingEvent[] {
  if (appended.length === 0 || mode === 'none') return [];
  const list = mode === 'entry' ? appended : appended.slice(-1);
  const postedAt = new Date().toISOString();
  return list.map((a) =>
    createEvent({
      topic: Topics.ledgerEntryPosted,
      source: 'ledger',
      subject: 'ledger',
      data: {
        seq: a.entry.seq.toString(),
        entryId: a.entry.entryId,
        eventId: a.entry.eventId,
        eventType: a.entry.eventType,
        leafHash: a.leafHash.toString('hex'),
        postedAt,
      },
    }),
  );
}
