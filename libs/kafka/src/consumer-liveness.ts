import { assertNever } from '@hookline/contracts';

/**
 * Is a consumer still consuming? A pure decision over what kafkajs tells us
 * (its instrumentation events) and the time, so it can be tested without a
 * broker (docs/readiness.md, "Not consuming").
 *
 * kafkajs restarts a crashed consumer by itself as long as the error is
 * retriable, and an unreachable broker is retriable forever: the consumer then
 * crashes and restarts in a loop while consuming nothing. Two signs give that
 * away, whichever comes first:
 * - silence: no join, fetch, heartbeat or batch for longer than a bound;
 * - a crash loop: `maxCrashRestarts` crash-and-restarts in a row with no fetch
 *   or batch in between.
 */
export interface LivenessLimits {
  /** Silence after which the consumer is not ready (it may still come back). */
  readonly notReadyAfterMs: number;
  /** Silence after which it gives up: the process exits to be restarted. */
  readonly giveUpAfterMs: number;
  /** Crash-and-restarts in a row, with nothing consumed in between, after which it gives up. */
  readonly maxCrashRestarts: number;
}

export const DEFAULT_LIVENESS_LIMITS: LivenessLimits = Object.freeze({
  notReadyAfterMs: 20_000,
  giveUpAfterMs: 60_000,
  maxCrashRestarts: 3,
});

/**
 * What kafkajs reported, reduced to what matters here.
 * - `joined`: GROUP_JOIN; `heartbeat`: HEARTBEAT: the group coordinator answers;
 * - `fetched`: FETCH (also an empty one: an idle topic has nothing else to show);
 *   `batch_started`/`batch_handled`: START_/END_BATCH_PROCESS: records are flowing;
 * - `crashed`: CRASH with `restart: true` (one without restart is a stall of its own);
 * - `tick`: only time passed.
 */
export type LivenessSignal =
  | { readonly type: 'joined' | 'heartbeat' | 'fetched' | 'batch_started' | 'batch_handled'; readonly at: number }
  | { readonly type: 'crashed'; readonly at: number; readonly error: string }
  | { readonly type: 'tick'; readonly at: number };

export type GiveUpReason = 'silent' | 'crash_loop';

export type LivenessVerdict =
  | { readonly status: 'consuming' }
  | { readonly status: 'not_ready'; readonly silentForMs: number; readonly crashRestarts: number; readonly lastError: string | null }
  | {
      readonly status: 'give_up';
      readonly reason: GiveUpReason;
      readonly silentForMs: number;
      readonly crashRestarts: number;
      readonly lastError: string | null;
    };

export interface LivenessState {
  readonly lastSignOfLifeAt: number;
  /** Crash-and-restarts since the last fetch or batch. */
  readonly crashRestarts: number;
  readonly lastError: string | null;
  readonly verdict: LivenessVerdict;
}

export function initialLiveness(startedAt: number): LivenessState {
  return { lastSignOfLifeAt: startedAt, crashRestarts: 0, lastError: null, verdict: { status: 'consuming' } };
}

/** The next state after one signal. Giving up is final: the process is on its way out. */
export function observeLiveness(state: LivenessState, signal: LivenessSignal, limits: LivenessLimits): LivenessState {
  if (state.verdict.status === 'give_up') return state;
  const next = evolve(state, signal);
  return { ...next, verdict: judge(next, signal.at, limits) };
}

function evolve(state: LivenessState, signal: LivenessSignal): LivenessState {
  switch (signal.type) {
    case 'joined':
    case 'heartbeat':
    case 'batch_started':
      return { ...state, lastSignOfLifeAt: Math.max(state.lastSignOfLifeAt, signal.at) };
    case 'fetched':
    case 'batch_handled':
      // Something was consumed since the last crash: the restart worked, the loop is broken.
      return { ...state, lastSignOfLifeAt: Math.max(state.lastSignOfLifeAt, signal.at), crashRestarts: 0, lastError: null };
    case 'crashed':
      return { ...state, crashRestarts: state.crashRestarts + 1, lastError: signal.error };
    case 'tick':
      return state;
    default:
      return assertNever(signal);
  }
}

function judge(state: LivenessState, now: number, limits: LivenessLimits): LivenessVerdict {
  const silentForMs = Math.max(0, now - state.lastSignOfLifeAt);
  const facts = { silentForMs, crashRestarts: state.crashRestarts, lastError: state.lastError };
  if (state.crashRestarts >= limits.maxCrashRestarts) return { status: 'give_up', reason: 'crash_loop', ...facts };
  if (silentForMs > limits.giveUpAfterMs) return { status: 'give_up', reason: 'silent', ...facts };
  if (silentForMs > limits.notReadyAfterMs) return { status: 'not_ready', ...facts };
  return { status: 'consuming' };
}
