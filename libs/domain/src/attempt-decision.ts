import { clampRetryAfter, jitteredDelay, scheduledDelay } from './retry-schedule';

/**
 * The one success rule: any 2xx within the timeout. 3xx is a failure because
 * redirects are not followed; a transport failure has no status.
 */
export function isSuccessStatus(statusCode: number | null): boolean {
  return statusCode !== null && statusCode >= 200 && statusCode < 300;
}

/** What an attempt came back with, as far as deciding the next step needs. */
export interface AttemptResult {
  readonly succeeded: boolean;
  readonly statusCode: number | null;
  /** Parsed `Retry-After` in ms, honoured only on 429 and 503. */
  readonly retryAfterMs: number | null;
  /**
   * The outbound address policy refused the address: no byte was sent, and no
   * retry can succeed without a change of configuration, so the message ends
   * for this endpoint now instead of knocking on a forbidden address on every retry.
   */
  readonly blocked?: boolean;
}

export type NextAction =
  | { readonly type: 'done' }
  | { readonly type: 'retry'; readonly delayMs: number; readonly dueAt: number }
  | { readonly type: 'exhausted' }
  /** 410 Gone: the endpoint is disabled; the job is held, not dropped, until it is enabled. */
  | { readonly type: 'disable_and_hold'; readonly reason: string };

const RETRY_AFTER_STATUSES = new Set([429, 503]);

/** decide(attempt, schedule, now) → next action. `random` in [0, 1) drives the jitter. */
export function decideNextAction(attempt: number, result: AttemptResult, schedule: readonly number[], now: number, random: number): NextAction {
  if (result.succeeded) return { type: 'done' };
  if (result.blocked === true) return { type: 'exhausted' };
  if (result.statusCode === 410) return { type: 'disable_and_hold', reason: 'endpoint answered 410 Gone' };
  const scheduled = scheduledDelay(schedule, attempt);
  if (scheduled === null) return { type: 'exhausted' };
  const honoured =
    result.statusCode !== null && RETRY_AFTER_STATUSES.has(result.statusCode) && result.retryAfterMs !== null
      ? clampRetryAfter(result.retryAfterMs, scheduled)
      : null;
  const delayMs = honoured ?? jitteredDelay(scheduled, random);
  return { type: 'retry', delayMs, dueAt: now + delayMs };
}
