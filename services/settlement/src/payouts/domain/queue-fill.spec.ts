import { decideFill, placedAfter } from './queue-fill';

const at = (iso: string, eventId = '00000000-0000-7000-8000-000000000000') => ({
  time: new Date(iso),
  eventId,
});

describe('queue fills against the approval', () => {
  const approval = at('2026-03-01T10:00:00.000Z', '0190a000-0000-7000-8000-000000000005');

  it('orders by event time, then by event id', () => {
    expect(placedAfter(at('2026-03-01T10:00:00.001Z'), approval)).toBe(true);
    expect(placedAfter(at('2026-03-01T09:59:59.999Z'), approval)).toBe(false);
    expect(
      placedAfter(at('2026-03-01T10:00:00.000Z', '0190a000-0000-7000-8000-000000000006'), approval),
    ).toBe(true);
  });

  it('treats a part filled before approval as inside the approved (held) share', () => {
    const fill = { ...at('2026-03-01T09:00:00Z'), amountFen: 5n };
    const share = { queuedAtApprovalFen: 10n, filledAfterApprovalFen: 0n };
    expect(decideFill({ fill, approval, share })).toEqual({ kind: 'IN_APPROVED_SHARE' });
  });

  const later = { ...at('2026-03-01T11:00:00Z'), amountFen: 7n };
  it.each([
    [0n, { kind: 'PAYABLE', payFen: 7n }],
    [7n, { kind: 'PAYABLE', payFen: 3n }],
    [10n, { kind: 'OVER_QUEUED_PART' }],
  ])(
    'pays a part filled after approval, never beyond what was queued at approval (%s of 10 filled after)',
    (filledAfterApprovalFen, decision) => {
      const share = { queuedAtApprovalFen: 10n, filledAfterApprovalFen };
      expect(decideFill({ fill: later, approval, share })).toEqual(decision);
    },
  );

  it('pays nothing of a part filled after approval when no part was queued at approval', () => {
    expect(decideFill({ fill: later, approval })).toEqual({ kind: 'OVER_QUEUED_PART' });
  });

  it('goes by the running totals of fills when both events carry them, not by the clock', () => {
    // A deposit's transaction stamped before the approval's but committed after it: its fill is
    // not inside the approved share (total 300 > 200 at approval) although its clock says earlier.
    const stampedEarly = { ...at('2026-03-01T09:00:00Z'), amountFen: 100n, filledTotalFen: 300n };
    const share = {
      queuedAtApprovalFen: 150n,
      filledAtApprovalFen: 200n,
      filledAfterApprovalFen: 0n,
    };
    expect(decideFill({ fill: stampedEarly, approval, share })).toEqual({
      kind: 'PAYABLE',
      payFen: 100n,
    });
    // And one stamped after the approval whose total the approval already counted is inside it.
    const stampedLate = { ...at('2026-03-01T11:00:00Z'), amountFen: 50n, filledTotalFen: 200n };
    expect(decideFill({ fill: stampedLate, approval, share })).toEqual({
      kind: 'IN_APPROVED_SHARE',
    });
  });
});
