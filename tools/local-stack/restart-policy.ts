/**
 * When to start a supervised process again after it exited: the pure half of
 * the local stack's supervisor (supervisor.ts applies it to real children).
 *
 * Crash-looping children back off exponentially so a broken build or a port
 * held by someone else does not spin two cores; a child that had been up for
 * a stable while is restarted at once-ish, as its exit is news, not a loop.
 */

/** One life of a supervised process: when it was started, and when it ended (null while it runs). */
export interface Run {
  readonly startedAt: number;
  readonly endedAt: number | null;
}

export interface RestartPolicy {
  /** Delay after the first exit of a streak. */
  readonly initialDelayMs: number;
  /** Each further short-lived run doubles the delay, up to this. */
  readonly maxDelayMs: number;
  /** A run at least this long counts as stable: the next delay starts over from initialDelayMs. */
  readonly stableAfterMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = { initialDelayMs: 1_000, maxDelayMs: 30_000, stableAfterMs: 60_000 };

export type RestartDecision =
  /** Start it again in `delayMs`; `streak` counts the exits since the last stable run began, this one included. */
  | { readonly kind: 'restart'; readonly delayMs: number; readonly streak: number }
  /** Nothing to decide: the last run has not ended (or there is none). */
  | { readonly kind: 'running' };

/**
 * `history` is every run of one process, oldest first; the decision is about
 * the last one. A run that failed to start at all (endedAt === startedAt)
 * counts as short like any other.
 */
export function decide(history: readonly Run[], now: number, policy: RestartPolicy = DEFAULT_RESTART_POLICY): RestartDecision {
  const last = history[history.length - 1];
  if (last === undefined || last.endedAt === null || last.endedAt > now) return { kind: 'running' };
  // The streak: exits since the last stable run started, that run's own exit included
  // (it is restarted at the initial delay; a quick crash after it already waits longer).
  let streak = 0;
  for (let i = history.length - 1; i >= 0; i--) {
    const run = history[i] as Run;
    streak += 1;
    if ((run.endedAt ?? now) - run.startedAt >= policy.stableAfterMs) break;
  }
  const delayMs = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.min(streak - 1, 30));
  return { kind: 'restart', delayMs, streak };
}
