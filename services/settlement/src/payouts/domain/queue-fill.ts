/**
 * Whether a QUEUE_FILLED hold is paid on its own or is already part of the approved share.
 *
 * pool-allocation's approval carries, per fund, what was held at that moment (`heldFen`, paid at
 * approval) and what still waited in the queue (`queuedFen`). A queued part filled *before* the
 * approval is therefore inside `heldFen`; one filled *after* it is paid when its hold event comes.
 * Kafka does not order the two topics, so the order is taken from pool-allocation's running
 * total of the part's fills (see `cameAfterApproval`), or, for events without it, from its event
 * clock: the envelope time, then the (time-ordered UUIDv7) event id. Whatever the order says, the
 * parts paid after approval never add up to more than `queuedFen`, so a fund never pays more than
 * its share.
 */
export interface EventStamp {
  readonly time: Date;
  readonly eventId: string;
}

export function placedAfter(fill: EventStamp, approval: EventStamp): boolean {
  const difference = fill.time.getTime() - approval.time.getTime();
  if (difference !== 0) return difference > 0;
  return fill.eventId > approval.eventId;
}

export type FillDecision =
  | { readonly kind: 'IN_APPROVED_SHARE' }
  | { readonly kind: 'PAYABLE'; readonly payFen: bigint }
  | { readonly kind: 'OVER_QUEUED_PART' };

/**
 * Whether the fill came after the approval. pool-allocation numbers a part's fills by their
 * running total (`filledTotalFen`) and puts the total reached at approval on the approval
 * (`filledAtApprovalFen`): a fill whose total is not beyond it is inside `heldFen`. That is exact
 * even when a fill's transaction began before the approval's and committed after it, which the
 * event clock cannot tell; the clock is the fallback for events that do not carry the totals.
 */
function cameAfterApproval(
  fill: EventStamp & { readonly filledTotalFen?: bigint },
  approval: EventStamp,
  filledAtApprovalFen: bigint | undefined,
): boolean {
  if (fill.filledTotalFen !== undefined && filledAtApprovalFen !== undefined)
    return fill.filledTotalFen > filledAtApprovalFen;
  return placedAfter(fill, approval);
}

export function decideFill(input: {
  readonly fill: EventStamp & { readonly amountFen: bigint; readonly filledTotalFen?: bigint };
  readonly approval: EventStamp;
  /** `undefined` when the approved claim has no share for the fill's fund. */
  readonly share?: {
    readonly queuedAtApprovalFen: bigint;
    readonly filledAtApprovalFen?: bigint;
    readonly filledAfterApprovalFen: bigint;
  };
}): FillDecision {
  if (!cameAfterApproval(input.fill, input.approval, input.share?.filledAtApprovalFen))
    return { kind: 'IN_APPROVED_SHARE' };
  if (input.share === undefined) return { kind: 'OVER_QUEUED_PART' };
  const left = input.share.queuedAtApprovalFen - input.share.filledAfterApprovalFen;
  const payFen = input.fill.amountFen < left ? input.fill.amountFen : left;
  return payFen > 0n ? { kind: 'PAYABLE', payFen } : { kind: 'OVER_QUEUED_PART' };
}
