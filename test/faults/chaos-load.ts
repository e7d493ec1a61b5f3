import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel } from 'kafkajs';

export interface SteadyLoadOptions {
  readonly brokers: string[];
  readonly topic: string;
  readonly projectId: string;
  readonly eventType: string;
  /** Ids are `<idPrefix><seq>`, so a run's events never meet another's. */
  readonly idPrefix: string;
  readonly ratePerSecond: number;
  readonly durationMs: number;
  /** Gives up if the broker refuses the backlog this long after the planned end. */
  readonly overrunMs: number;
  readonly log: (line: string) => void;
  readonly abort?: AbortSignal;
}

export interface LoadResult {
  /** Every sequence number the broker acknowledged (all of them, unless the run threw). */
  readonly published: number[];
  readonly startedAt: number;
  readonly endedAt: number;
  /** Sends that failed and were tried again (the broker was down). */
  readonly failedSends: number;
}

/**
 * Events to the input topic at a fixed rate, as a platform team's producer
 * would: event `seq` is due at start + seq / rate. While the broker is down
 * the due events pile up and are sent (same ids) when it is back; ingest's
 * dedupe makes a send that failed after all harmless.
 */
export async function runSteadyLoad(options: SteadyLoadOptions): Promise<LoadResult> {
  const total = Math.round((options.ratePerSecond * options.durationMs) / 1000);
  const producer = new Kafka({ clientId: 'chaos-load', brokers: options.brokers, logLevel: logLevel.NOTHING }).producer();
  await producer.connect();
  const startedAt = Date.now();
  const published: number[] = [];
  let failedSends = 0;
  try {
    let next = 0;
    while (next < total) {
      const due = Math.min(total, Math.floor(((Date.now() - startedAt) * options.ratePerSecond) / 1000) + 1);
      if (due <= next) {
        await sleep(Math.max(1, startedAt + (next * 1000) / options.ratePerSecond - Date.now()), undefined, { signal: options.abort });
        continue;
      }
      const seqs = Array.from({ length: due - next }, (_, i) => next + i);
      try {
        await producer.send({
          topic: options.topic,
          acks: -1,
          messages: seqs.map((seq) => ({
            key: `k${seq % 16}`,
            value: JSON.stringify({ id: `${options.idPrefix}${seq}`, type: options.eventType, projectId: options.projectId, data: { seq } }),
          })),
        });
      } catch (error) {
        failedSends += 1;
        if (Date.now() > startedAt + options.durationMs + options.overrunMs) throw error;
        if (failedSends % 10 === 1) options.log(`load: send failed (${error instanceof Error ? error.message : String(error)}); retrying`);
        await sleep(500, undefined, { signal: options.abort });
        continue;
      }
      published.push(...seqs);
      next = due;
    }
  } finally {
    await producer.disconnect().catch(() => undefined);
  }
  return { published, startedAt, endedAt: Date.now(), failedSends };
}
