/**
 * Whether a QUEUE_FILLED hold is paid on its own or is already part of the approved share.
 *
 * pool-allocation's approval carries, per fund, what was held at that moment (`heldFen`, paid at
 * approval) and what still waited in the queue (`queuedFen`). A queued part filled *before* the
 * approval is therefore inside `heldFen`; one filled *after* it is paid when its hold event comes.
 * Kafka does not order the two topics, so the order is taken from pool-allocation's own event
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

export function decideFill(input: {
  readonly fill: EventStamp & { readonly amountFen: bigint };
  readonly approval: EventStamp;
  /** `undefined` when the approved claim has no share for the fill's fund. */
  readonly share?: {
    readonly queuedAtApprovalFen: bigint;
    readonly filledAfterApprovalFen: bigint;
  };
}): FillDecision {
  if (!placedAfter(input.fill, input.approval)) return { kind: 'IN_APPROVED_SHARE' };
  if (input.share === undefined) return { kind: 'OVER_QUEUED_PART' };
  const left = input.share.queuedAtApprovalFen - input.share.filledAfterApprovalFen;
  const payFen = input.fill.amountFen < left ? input.fill.amountFen : left;
  return payFen > 0n ? { kind: 'PAYABLE', payFen } : { kind: 'OVER_QUEUED_PART' };
}
