// kafkajs 2.2.4's request queue, once a request has waited, re-arms a timer for ever: with nothing
// pending and no throttle, `throttledUntil - Date.now()` is negative, so the timer fires after 1 ms
// and re-arms itself (kafkajs issues 1556, 1704, 1751; the fix of pull request 1667 is not
// released). Every broker connection of every idle service spun at 1 ms, and Node 24 warns
// `TimeoutNegativeWarning` on the first one. Here the check is scheduled only when a request waits
// or a throttle is to end, as kafkajs intends; nothing else of the queue changes.
// Its request-timeout check also runs every 100 ms on every broker connection, for the life of the
// connection, in flight or not: the timer an idle service ran most after the first fix
// (the idle profile in docs/benchmarks.md). Requests time out after seconds (30 s by default), so
// the check runs every second instead; a timed-out request is failed at most a second later.
// Kept behind libs/kafka (ADR 0002) and tied to the pinned version: another version is left as it is.
import { FIXED_KAFKAJS_VERSION, isPinnedKafkajs } from './pinned-kafkajs';

export { FIXED_KAFKAJS_VERSION };

/** kafkajs's own interval for re-checking requests that wait (requestQueue/index.js). */
const CHECK_PENDING_REQUESTS_INTERVAL_MS = 10;

/** The part of kafkajs's RequestQueue the fix reads and writes. */
export interface RequestQueueState {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null | undefined;
  checkPendingRequests(): void;
}

/** kafkajs's scheduleCheckPendingRequests, without the timer that re-arms when nothing waits. */
export function scheduleCheckPendingRequests(this: RequestQueueState): void {
  if (this.throttleCheckTimeoutId) return;
  const throttledForMs = this.throttledUntil - Date.now();
  if (this.pending.length === 0 && throttledForMs <= 0) return;
  const delayMs =
    this.pending.length > 0 && throttledForMs <= 0
      ? CHECK_PENDING_REQUESTS_INTERVAL_MS
      : throttledForMs;
  this.throttleCheckTimeoutId = setTimeout(() => {
    this.throttleCheckTimeoutId = null;
    this.checkPendingRequests();
  }, delayMs);
}

/** How often a connection looks for timed-out requests (kafkajs: every 100 ms). */
export const REQUEST_TIMEOUT_CHECK_MS = 1000;

/** The part of kafkajs's RequestQueue its request-timeout check reads and writes. */
export interface RequestTimeoutState {
  readonly enforceRequestTimeout: boolean;
  readonly requestTimeout: number;
  readonly inflight: Map<
    number,
    { readonly sentAt: number; readonly requestTimeout: number; timeoutRequest(): void }
  >;
  requestTimeoutIntervalId: NodeJS.Timeout | undefined;
  isConnected(): boolean;
  destroy(): void;
}

/** kafkajs's scheduleRequestTimeoutCheck, checking every REQUEST_TIMEOUT_CHECK_MS. */
export function scheduleRequestTimeoutCheck(this: RequestTimeoutState): void {
  if (!this.enforceRequestTimeout) return;
  this.destroy();
  this.requestTimeoutIntervalId = setInterval(
    () => {
      this.inflight.forEach((request) => {
        if (Date.now() - request.sentAt > request.requestTimeout) request.timeoutRequest();
      });
      if (!this.isConnected()) this.destroy();
    },
    Math.min(this.requestTimeout, REQUEST_TIMEOUT_CHECK_MS),
  );
}

/** True when kafkajs's RequestQueue now uses the fixed scheduler. */
export function applyRequestQueueFix(): boolean {
  if (!isPinnedKafkajs()) return false;
  const RequestQueue = require('kafkajs/src/network/requestQueue') as {
    prototype: { scheduleCheckPendingRequests: unknown; scheduleRequestTimeoutCheck: unknown };
  };
  RequestQueue.prototype.scheduleCheckPendingRequests = scheduleCheckPendingRequests;
  RequestQueue.prototype.scheduleRequestTimeoutCheck = scheduleRequestTimeoutCheck;
  return true;
}

applyRequestQueueFix();
