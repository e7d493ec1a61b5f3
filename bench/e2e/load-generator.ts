import { achievedRate, dueAt, dueBy, type ArrivalSchedule } from './arrival-schedule';
import { markerValue } from './event-marker';
import { percentile } from './percentiles';

/** Where the events go: the input topic (a Kafka producer) or ingest's `POST /v1/events`. */
export type LoadInput =
  | { readonly kind: 'kafka'; readonly brokers: readonly string[]; readonly topic: string; readonly keyByProject: boolean }
  | { readonly kind: 'http'; readonly ingestUrl: string; readonly apiKey: string };

/** One step's load, as the bench hands it to the load generator process (plain data: it crosses IPC). */
export interface LoadSpec {
  readonly step: string;
  readonly input: LoadInput;
  /** Event i has type `eventTypes[i % length]`: one type for a fan-out group, one per endpoint to spread events over endpoints. */
  readonly eventTypes: readonly string[];
  readonly projectId: string;
  /** Size of each event's JSON, bytes. */
  readonly payloadBytes: number;
  readonly schedule: ArrivalSchedule;
  readonly durationMs: number;
  /** Sends awaiting their answer beyond which the generator stops sending (it is then the bottleneck, and says so). */
  readonly maxPendingSends?: number;
}

export interface LoadResult {
  readonly sent: number;
  /** Sequence numbers the broker (or ingest, with 202) acknowledged: the events the engine owes deliveries for. */
  readonly publishedSeqs: number[];
  readonly failedSends: number;
  /** Events/s actually handed over, from the first due time to the last send. */
  readonly offeredRate: number;
  /** How late sends were against their due time, ms (the tick, plus any time the generator was behind). */
  readonly lateness: { readonly p99: number; readonly max: number };
  readonly firstError?: string;
}

/** One event ready to go: its sequence number, key and JSON. */
export interface DueEvent {
  readonly seq: number;
  readonly key: string;
  readonly value: string;
}

/** Sends due events in as many requests as it likes; each request settles for the events it carried. */
export interface EventPublisher {
  publish(events: readonly DueEvent[]): Array<{ readonly seqs: readonly number[]; readonly sent: Promise<void> }>;
}

export interface RunningLoad {
  acked(): number;
  readonly done: Promise<LoadResult>;
}

const TICK_MS = 5;

/**
 * Open loop: every tick, whatever is due by now is handed to the publisher,
 * without waiting for earlier sends to be acknowledged. Keys are event ids by
 * default, so events spread over the partitions as they would from many
 * producers and projects. Runs in the load generator process.
 */
export function runLoad(spec: LoadSpec, publisher: EventPublisher): RunningLoad {
  const { schedule } = spec;
  const total = dueBy(schedule, schedule.startMs + spec.durationMs - 1);
  const keyByProject = spec.input.kind === 'kafka' && spec.input.keyByProject;
  const template = (seq: number, pad: string) =>
    JSON.stringify({
      id: `${spec.step}-${seq}`,
      type: spec.eventTypes[seq % spec.eventTypes.length],
      projectId: spec.projectId,
      data: { bench: markerValue({ step: spec.step, seq, dueAt: dueAt(schedule, seq) }), pad },
    });
  const pad = 'x'.repeat(Math.max(0, spec.payloadBytes - Buffer.byteLength(template(0, ''))));
  const maxPending = spec.maxPendingSends ?? 2_000;

  const publishedSeqs: number[] = [];
  const lateness: number[] = [];
  let sent = 0;
  let failedSends = 0;
  let pending = 0;
  let lastSentMs = schedule.startMs;
  let firstError: unknown;

  const done = new Promise<LoadResult>((resolve) => {
    const finish = () => {
      lateness.sort((a, b) => a - b);
      resolve({
        sent,
        publishedSeqs,
        failedSends,
        offeredRate: achievedRate(sent, schedule.startMs, lastSentMs),
        lateness: { p99: percentile(lateness, 99), max: lateness[lateness.length - 1] ?? 0 },
        ...(firstError === undefined ? {} : { firstError: firstError instanceof Error ? firstError.message : String(firstError) }),
      });
    };
    const tick = () => {
      const now = Date.now();
      const due = Math.min(dueBy(schedule, now), total);
      if (due > sent && pending < maxPending) {
        const events: DueEvent[] = [];
        for (let seq = sent; seq < due; seq++) {
          lateness.push(now - dueAt(schedule, seq));
          events.push({ seq, key: keyByProject ? spec.projectId : `${spec.step}-${seq}`, value: template(seq, pad) });
        }
        sent = due;
        lastSentMs = now;
        for (const request of publisher.publish(events)) {
          pending += 1;
          request.sent
            .then(
              () => {
                for (const seq of request.seqs) publishedSeqs.push(seq);
              },
              (error: unknown) => {
                failedSends += request.seqs.length;
                firstError ??= error;
              },
            )
            .finally(() => {
              pending -= 1;
              if (sent >= total && pending === 0) finish();
            });
        }
      }
      if (sent < total) setTimeout(tick, Math.max(0, Math.min(TICK_MS, dueAt(schedule, sent) - Date.now())));
      else if (pending === 0) finish();
    };
    setTimeout(tick, Math.max(0, schedule.startMs - Date.now()));
  });
  return { acked: () => publishedSeqs.length, done };
}
