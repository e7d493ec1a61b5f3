import type { Consumer } from 'kafkajs';
import {
  DEFAULT_LIVENESS_LIMITS,
  initialLiveness,
  observeLiveness,
  type LivenessLimits,
  type LivenessSignal,
  type LivenessState,
  type LivenessVerdict,
} from './consumer-liveness';
import { reportConsumerStall } from './consumer-stalls';

/** A consumer of this process turned not ready (`verdict` not_ready) or is consuming again (`consuming`). */
export interface LivenessChange {
  readonly groupId: string;
  readonly verdict: Extract<LivenessVerdict, { status: 'consuming' | 'not_ready' }>;
}

export type LivenessListener = (change: LivenessChange) => void;

const listeners = new Set<LivenessListener>();

/** Subscribes to not-ready/consuming-again changes (the give-up is a stall, consumer-stalls.ts); returns the unsubscribe function. */
export function onConsumerLivenessChange(listener: LivenessListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

let processLimits: LivenessLimits = DEFAULT_LIVENESS_LIMITS;

/** The bounds every consumer of this process uses unless its options say otherwise; set once at boot from the config. */
export function setConsumerLivenessLimits(limits: LivenessLimits): void {
  processLimits = Object.freeze({ ...limits });
}

export function consumerLivenessLimits(): LivenessLimits {
  return processLimits;
}

export interface LivenessWatch {
  /** Ends the watch: called before an intended stop, so a drain is never taken for silence. */
  end(): void;
}

/**
 * Feeds kafkajs' instrumentation events of one consumer and a clock tick into
 * the liveness decider, and acts on its verdict: not ready and back are
 * announced to the supervisor, a give-up is reported as a `not_consuming` stall
 * (readiness fails for good and the process exits 1, docs/readiness.md).
 */
export function watchConsumerLiveness(consumer: Consumer, groupId: string, limits: LivenessLimits, now: () => number = Date.now): LivenessWatch {
  let state: LivenessState = initialLiveness(now());
  let ended = false;
  const observe = (signal: LivenessSignal) => {
    if (ended) return;
    const before = state.verdict.status;
    state = observeLiveness(state, signal, limits);
    act(before, state.verdict);
  };
  const act = (before: LivenessVerdict['status'], verdict: LivenessVerdict) => {
    if (verdict.status === before) return;
    switch (verdict.status) {
      case 'consuming':
      case 'not_ready':
        for (const listener of listeners) listener({ groupId, verdict });
        return;
      case 'give_up':
        end();
        reportConsumerStall({
          groupId,
          cause: 'not_consuming',
          topic: null,
          partition: null,
          offset: null,
          failures: verdict.crashRestarts,
          error:
            verdict.reason === 'crash_loop'
              ? `crashed and restarted ${verdict.crashRestarts} times in a row without consuming; last error: ${verdict.lastError ?? 'unknown'}`
              : `no join, fetch or heartbeat for ${verdict.silentForMs} ms${verdict.lastError === null ? '' : `; last error: ${verdict.lastError}`}`,
        });
        return;
      default: {
        const unexpected: never = verdict;
        throw new Error(`unexpected liveness verdict ${JSON.stringify(unexpected)}`);
      }
    }
  };
  const at = () => now();
  const removers = [
    consumer.on(consumer.events.GROUP_JOIN, () => observe({ type: 'joined', at: at() })),
    consumer.on(consumer.events.HEARTBEAT, () => observe({ type: 'heartbeat', at: at() })),
    consumer.on(consumer.events.FETCH, () => observe({ type: 'fetched', at: at() })),
    consumer.on(consumer.events.START_BATCH_PROCESS, () => observe({ type: 'batch_started', at: at() })),
    consumer.on(consumer.events.END_BATCH_PROCESS, () => observe({ type: 'batch_handled', at: at() })),
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (payload.restart) observe({ type: 'crashed', at: at(), error: payload.error.message });
    }),
  ];
  // A tick well inside the smaller bound, so a verdict is late by at most a quarter of it.
  const timer = setInterval(() => observe({ type: 'tick', at: at() }), Math.max(100, Math.floor(Math.min(limits.notReadyAfterMs, limits.giveUpAfterMs) / 4)));
  timer.unref();
  function end(): void {
    if (ended) return;
    ended = true;
    clearInterval(timer);
    for (const remove of removers) remove();
    if (state.verdict.status === 'not_ready') {
      for (const listener of listeners) listener({ groupId, verdict: { status: 'consuming' } });
    }
  }
  return { end };
}
