import {
  applyRequestQueueFix,
  FIXED_KAFKAJS_VERSION,
  scheduleCheckPendingRequests,
  type RequestQueueState,
} from './request-queue-fix';

function queue(pending: number, throttledUntil: number): RequestQueueState & { checks: number } {
  const q = {
    pending: Array.from({ length: pending }, () => ({})),
    throttledUntil,
    throttleCheckTimeoutId: null as NodeJS.Timeout | null | undefined,
    checks: 0,
    checkPendingRequests(): void {
      q.checks += 1;
      // As kafkajs does: sends what it can, then schedules the next check.
      q.pending.splice(0);
      scheduleCheckPendingRequests.call(q);
    },
  };
  return q;
}

describe("the fix of kafkajs's request-queue timer", () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('arms no timer when nothing waits and nothing is throttled (kafkajs re-armed one every 1 ms)', () => {
    const q = queue(0, -1);
    scheduleCheckPendingRequests.call(q);
    expect(q.throttleCheckTimeoutId).toBeNull();
    jest.advanceTimersByTime(1000);
    expect(q.checks).toBe(0);
  });

  it('checks waiting requests after 10 ms, then stops once none waits', () => {
    const q = queue(2, -1);
    scheduleCheckPendingRequests.call(q);
    jest.advanceTimersByTime(9);
    expect(q.checks).toBe(0);
    jest.advanceTimersByTime(1);
    expect(q.checks).toBe(1);
    jest.advanceTimersByTime(1000);
    expect(q.checks).toBe(1);
  });

  it('checks when a throttle ends, waiting requests or not', () => {
    const q = queue(1, Date.now() + 250);
    scheduleCheckPendingRequests.call(q);
    jest.advanceTimersByTime(249);
    expect(q.checks).toBe(0);
    jest.advanceTimersByTime(1);
    expect(q.checks).toBe(1);
  });

  it('arms one timer at a time', () => {
    const q = queue(1, -1);
    scheduleCheckPendingRequests.call(q);
    const first = q.throttleCheckTimeoutId;
    scheduleCheckPendingRequests.call(q);
    expect(q.throttleCheckTimeoutId).toBe(first);
  });

  it('is applied to the kafkajs the project pins (a new version needs this fix re-checked)', () => {
    expect((require('kafkajs/package.json') as { version: string }).version).toBe(
      FIXED_KAFKAJS_VERSION,
    );
    expect(applyRequestQueueFix()).toBe(true);
    const RequestQueue = require('kafkajs/src/network/requestQueue') as {
      prototype: { scheduleCheckPendingRequests: unknown };
    };
    expect(RequestQueue.prototype.scheduleCheckPendingRequests).toBe(scheduleCheckPendingRequests);
  });
});
