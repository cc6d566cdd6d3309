import {
  applyRequestQueueFix,
  FIXED_KAFKAJS_VERSION,
  REQUEST_TIMEOUT_CHECK_MS,
  scheduleCheckPendingRequests,
  scheduleRequestTimeoutCheck,
  type RequestQueueState,
  type RequestTimeoutState,
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
      prototype: { scheduleCheckPendingRequests: unknown; scheduleRequestTimeoutCheck: unknown };
    };
    expect(RequestQueue.prototype.scheduleCheckPendingRequests).toBe(scheduleCheckPendingRequests);
    expect(RequestQueue.prototype.scheduleRequestTimeoutCheck).toBe(scheduleRequestTimeoutCheck);
  });
});

describe("the request-timeout check of kafkajs's request queue", () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function connection(requestTimeout: number) {
    const timedOut: number[] = [];
    const q: RequestTimeoutState & { checks: number; connected: boolean } = {
      enforceRequestTimeout: true,
      requestTimeout,
      inflight: new Map(),
      requestTimeoutIntervalId: undefined,
      checks: 0,
      connected: true,
      isConnected() {
        q.checks += 1;
        return q.connected;
      },
      destroy() {
        clearInterval(q.requestTimeoutIntervalId);
      },
    };
    const send = (correlationId: number) =>
      q.inflight.set(correlationId, {
        sentAt: Date.now(),
        requestTimeout,
        timeoutRequest: () => timedOut.push(correlationId),
      });
    return { q, send, timedOut };
  }

  it('looks once a second, not every 100 ms (kafkajs), on an idle connection', () => {
    const { q } = connection(30_000);
    scheduleRequestTimeoutCheck.call(q);
    jest.advanceTimersByTime(10_000);
    expect(REQUEST_TIMEOUT_CHECK_MS).toBe(1000);
    expect(q.checks).toBe(10);
    q.destroy();
  });

  // A request is failed at the first look after its timeout: a second after it at the most, or at
  // the timeout's own pace when that is under a second.
  it.each([
    { timeoutMs: 5_000, quietUntilMs: 5_000, failedByMs: 6_000 },
    { timeoutMs: 300, quietUntilMs: 300, failedByMs: 600 },
  ])(
    'times out a request of $timeoutMs ms after $quietUntilMs ms, by $failedByMs ms',
    ({ timeoutMs, quietUntilMs, failedByMs }) => {
      const { q, send, timedOut } = connection(timeoutMs);
      scheduleRequestTimeoutCheck.call(q);
      send(7);
      jest.advanceTimersByTime(quietUntilMs);
      expect(timedOut).toEqual([]);
      jest.advanceTimersByTime(failedByMs - quietUntilMs);
      expect(timedOut).toEqual([7]);
      q.destroy();
    },
  );

  it('stops looking once the connection is gone', () => {
    const { q } = connection(30_000);
    scheduleRequestTimeoutCheck.call(q);
    q.connected = false;
    jest.advanceTimersByTime(5_000);
    expect(q.checks).toBe(1);
  });

  it('arms nothing when the request timeout is not enforced', () => {
    const { q } = connection(30_000);
    scheduleRequestTimeoutCheck.call({ ...q, enforceRequestTimeout: false });
    expect(q.requestTimeoutIntervalId).toBeUndefined();
  });
});
