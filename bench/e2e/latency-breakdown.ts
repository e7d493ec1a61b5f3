import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { topicNames, type DeliveryFact } from '@hookline/contracts';
import { findMarker } from './event-marker';
import { summarize, type LatencySummary } from './percentiles';

export interface LatencyBreakdown {
  /** Due time → ingest stamped MessageAccepted (produce, ingest's fetch, batching, admission, dedupe). */
  readonly dueToAccepted: LatencySummary;
  /** MessageAccepted → the attempt started (transaction commit, dispatcher fetch, lane queue). */
  readonly acceptedToAttempt: LatencySummary;
  /** The attempt itself as the dispatcher timed it (request and response). */
  readonly attempt: LatencySummary;
}

/**
 * Where publish-to-receive latency goes, from the engine's own facts: reads
 * `delivery-log` from the start (so only for small runs) and joins each
 * step's MessageAccepted (its `data` carries the marker with the due time)
 * with the first AttemptSucceeded of its message.
 */
export async function latencyBreakdown(brokers: readonly string[], prefix: string, step: string, quietMs = 2_000): Promise<LatencyBreakdown> {
  const kafka = new Kafka({ clientId: 'hookline-bench-breakdown', brokers: [...brokers], logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `hookline-bench-breakdown-${randomUUID()}`, readUncommitted: false });
  const accepted = new Map<string, { dueAt: number; acceptedAt: number }>();
  const attempts = new Map<string, { at: number; durationMs: number }>();
  let last = Date.now();
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: topicNames(prefix).deliveryLog, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        last = Date.now();
        const fact = JSON.parse(message.value?.toString('utf8') ?? 'null') as DeliveryFact;
        if (fact.type === 'MessageAccepted') {
          const marker = findMarker(JSON.stringify(fact.data));
          if (marker?.step === step) accepted.set(fact.messageId, { dueAt: marker.dueAt, acceptedAt: Date.parse(fact.acceptedAt) });
        } else if (fact.type === 'AttemptSucceeded' && !attempts.has(fact.messageId)) {
          attempts.set(fact.messageId, { at: Date.parse(fact.at), durationMs: fact.durationMs });
        }
      },
    });
    while (Date.now() - last < quietMs) await new Promise((resolve) => setTimeout(resolve, 200));
  } finally {
    await consumer.disconnect();
  }
  const dueToAccepted: number[] = [];
  const acceptedToAttempt: number[] = [];
  const attempt: number[] = [];
  for (const [messageId, a] of accepted) {
    dueToAccepted.push(a.acceptedAt - a.dueAt);
    const first = attempts.get(messageId);
    if (first === undefined) continue;
    acceptedToAttempt.push(first.at - a.acceptedAt);
    attempt.push(first.durationMs);
  }
  return { dueToAccepted: summarize(dueToAccepted), acceptedToAttempt: summarize(acceptedToAttempt), attempt: summarize(attempt) };
}
