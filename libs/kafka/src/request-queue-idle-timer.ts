/**
 * kafkajs 2.2.4 keeps every broker connection's event loop busy when idle.
 * After each answered request its RequestQueue calls
 * `scheduleCheckPendingRequests`, which arms a timer for `throttledUntil -
 * Date.now()`. Unthrottled, `throttledUntil` is -1, so the delay is minus the
 * epoch: Node clamps it to 1 ms (Node 24 also prints TimeoutNegativeWarning,
 * kafkajs issue #1751). The timer checks the pending queue, finds it empty,
 * and arms itself again: about 900 wake-ups a second per connection, for the
 * life of the process, with nothing to do.
 *
 * The check exists for requests held back by client-side throttling or the
 * in-flight limit. So the timer is armed only while requests are pending: at
 * the end of the throttle, or kafkajs' 10 ms re-check when there is none.
 * Requests held by the in-flight limit are also sent when an answer frees a
 * slot (`fulfillRequest`), as before.
 */

/** The fields and methods of kafkajs' RequestQueue (src/network/requestQueue) this fix touches. */
export interface RequestQueueInternals {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: ReturnType<typeof setTimeout> | null;
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
}

/** kafkajs' CHECK_PENDING_REQUESTS_INTERVAL. */
const PENDING_RECHECK_MS = 10;

/** The replacement for `RequestQueue.prototype.scheduleCheckPendingRequests`. */
export function scheduleCheckOnlyWhilePending(this: RequestQueueInternals): void {
  if (this.throttleCheckTimeoutId !== null && this.throttleCheckTimeoutId !== undefined) return;
  if (this.pending.length === 0) return;
  const untilThrottleEnds = this.throttledUntil - Date.now();
  this.throttleCheckTimeoutId = setTimeout(
    () => {
      this.throttleCheckTimeoutId = null;
      this.checkPendingRequests();
    },
    untilThrottleEnds > 0 ? untilThrottleEnds : PENDING_RECHECK_MS,
  );
}

interface RequestQueueClass {
  prototype: RequestQueueInternals;
}

/** kafkajs' RequestQueue class; a deep import, so an upgrade that moves it fails here, at start-up. */
export function kafkajsRequestQueue(): RequestQueueClass {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- kafkajs exports no types for its internals
  const queue = require('kafkajs/src/network/requestQueue') as RequestQueueClass;
  if (typeof queue?.prototype?.scheduleCheckPendingRequests !== 'function') {
    throw new Error('kafkajs RequestQueue has no scheduleCheckPendingRequests any more; libs/kafka/src/request-queue-idle-timer.ts needs updating');
  }
  return queue;
}

/** Installs the fix for every kafkajs client of this process (idempotent). */
export function stopIdleRequestQueueTimers(): void {
  kafkajsRequestQueue().prototype.scheduleCheckPendingRequests = scheduleCheckOnlyWhilePending;
}
