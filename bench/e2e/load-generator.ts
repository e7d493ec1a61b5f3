import type { Producer } from 'kafkajs';
import { chunkBySize } from '@hookline/kafka';
import { achievedRate, dueAt, dueBy, type ArrivalSchedule } from './arrival-schedule';
import { markerValue } from './event-marker';
import { percentile } from './percentiles';

export interface LoadOptions {
  readonly producer: Producer;
  readonly topic: string;
  readonly step: string;
  readonly eventType: string;
  readonly projectId: string;
  /** Size of each event's JSON value on the topic, bytes. */
  readonly payloadBytes: number;
  readonly schedule: ArrivalSchedule;
  readonly durationMs: number;
  /** Key every event by its project id (one partition, as one project's producer would) instead of by event id (spread). */
  readonly keyByProject?: boolean;
  /** Sends awaiting their ack beyond which the generator stops sending (it is then the bottleneck, and says so). */
  readonly maxPendingSends?: number;
}

export interface LoadResult {
  readonly sent: number;
  /** Sequence numbers the broker acknowledged: the events the engine owes deliveries for. */
  readonly publishedSeqs: number[];
  readonly failedSends: number;
  /** Events/s actually handed to Kafka, from the first due time to the last send. */
  readonly offeredRate: number;
  /** How late sends were against their due time, ms (the tick, plus any time the generator was behind). */
  readonly lateness: { readonly p99: number; readonly max: number };
}

export interface RunningLoad {
  acked(): number;
  readonly done: Promise<LoadResult>;
}

const TICK_MS = 5;

/**
 * Produces events to the input topic on an open-loop schedule: every tick,
 * whatever is due by now is sent, without waiting for earlier sends to be
 * acknowledged. Keys are event ids by default, so events spread over the
 * partitions as they would from many producers and projects.
 */
export function startLoad(options: LoadOptions): RunningLoad {
  const { schedule } = options;
  const total = dueBy(schedule, schedule.startMs + options.durationMs - 1);
  const template = (seq: number, pad: string) =>
    JSON.stringify({
      id: `${options.step}-${seq}`,
      type: options.eventType,
      projectId: options.projectId,
      data: { bench: markerValue({ step: options.step, seq, dueAt: dueAt(schedule, seq) }), pad },
    });
  const pad = 'x'.repeat(Math.max(0, options.payloadBytes - Buffer.byteLength(template(0, ''))));
  const maxPending = options.maxPendingSends ?? 500;

  const publishedSeqs: number[] = [];
  const lateness: number[] = [];
  let sent = 0;
  let failedSends = 0;
  let pending = 0;
  let lastSentMs = schedule.startMs;
  let firstError: unknown;

  const done = new Promise<LoadResult>((resolve) => {
    const finish = () => {
      if (firstError !== undefined) process.stderr.write(`[bench] ${failedSends} events failed to send; first error: ${String(firstError)}\n`);
      lateness.sort((a, b) => a - b);
      resolve({
        sent,
        publishedSeqs,
        failedSends,
        offeredRate: achievedRate(sent, schedule.startMs, lastSentMs),
        lateness: { p99: percentile(lateness, 99), max: lateness[lateness.length - 1] ?? 0 },
      });
    };
    const tick = () => {
      const now = Date.now();
      const due = Math.min(dueBy(schedule, now), total);
      if (due > sent && pending < maxPending) {
        const seqs = Array.from({ length: due - sent }, (_, i) => sent + i);
        for (const seq of seqs) lateness.push(now - dueAt(schedule, seq));
        sent = due;
        lastSentMs = now;
        // Bounded requests: 50 KiB events due together can exceed the broker's 1 MiB request limit.
        const messages = seqs.map((seq) => ({ seq, key: options.keyByProject ? options.projectId : `${options.step}-${seq}`, value: template(seq, pad) }));
        for (const chunk of chunkBySize(messages)) {
          pending += 1;
          options.producer
            .send({ topic: options.topic, acks: -1, messages: chunk.map(({ key, value }) => ({ key, value })) })
            .then(
              () => publishedSeqs.push(...chunk.map((m) => m.seq)),
              (error: unknown) => {
                failedSends += chunk.length;
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
