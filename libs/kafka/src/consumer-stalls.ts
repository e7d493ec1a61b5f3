import { metrics } from '@opentelemetry/api';

/**
 * Why a consumer is no longer consuming:
 * - `crashed`: kafkajs crashed it and will not restart it (`CRASH` with `restart: false`);
 * - `stopped`: it stopped although nobody asked it to;
 * - `handler_failing`: the handler failed on the same offset `failures` times in a row;
 * - `not_consuming`: kafkajs keeps it alive, but it has been silent (no join, fetch or
 *   heartbeat) past the give-up bound, or crash-looping (consumer-liveness.ts);
 *   `failures` is then the number of crash-and-restarts in a row.
 */
export type StallCause = 'crashed' | 'stopped' | 'handler_failing' | 'not_consuming';

export interface ConsumerStall {
  readonly groupId: string;
  readonly cause: StallCause;
  /** Where it is stuck, when known: the first offset not yet handled. */
  readonly topic: string | null;
  readonly partition: number | null;
  readonly offset: string | null;
  readonly failures: number;
  readonly error: string;
}

export type StallListener = (stall: ConsumerStall) => void;

/**
 * One per process: every batch consumer reports here, and the process's
 * supervisor (libs/runtime, consumer-supervision.ts) listens, so no consumer
 * can be started without its stalls reaching /readyz and the exit code. Stalls
 * reported while nobody listened are handed to the next listener, so one that
 * happens during boot, before the supervisor subscribed, is not lost.
 */
const stalls: ConsumerStall[] = [];
const undelivered: ConsumerStall[] = [];
const listeners = new Set<StallListener>();

export function reportConsumerStall(stall: ConsumerStall): void {
  stalls.push(stall);
  if (listeners.size === 0) {
    undelivered.push(stall);
    process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'error', msg: 'consumer stalled', ...stall })}\n`);
  }
  for (const listener of listeners) listener(stall);
}

/** Subscribes; returns the unsubscribe function. */
export function onConsumerStall(listener: StallListener): () => void {
  listeners.add(listener);
  for (const stall of undelivered.splice(0)) listener(stall);
  return () => listeners.delete(listener);
}

// 1 per stalled (group, topic, partition, offset, cause) of this process; absent while all consume.
metrics
  .getMeter('hookline-kafka')
  .createObservableGauge('hookline_consumer_stalled', {
    description: 'A consumer of this process stopped consuming (1), by group, partition, offset and cause',
  })
  .addCallback((result) => {
    for (const stall of stalls) {
      result.observe(1, {
        group: stall.groupId,
        topic: stall.topic ?? '',
        partition: stall.partition === null ? '' : String(stall.partition),
        offset: stall.offset ?? '',
        cause: stall.cause,
      });
    }
  });
