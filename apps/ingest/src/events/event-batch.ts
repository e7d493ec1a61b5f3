import type { KafkaMessage } from 'kafkajs';
import { encodeJson, type DeadLetter, type TopicNames } from '@hookline/contracts';
import { parseInputEvent, planFanOut, subscribersOf, type InputLimits, type RegistryView } from '@hookline/domain';
import { headersAsText, headerText } from '@hookline/kafka';

export interface OutgoingRecord {
  readonly topic: string;
  readonly key: string;
  readonly value: Buffer;
  readonly headers?: Record<string, string>;
}

/**
 * Turns one batch of input records into every record it must produce: jobs and
 * MessageAccepted for valid events, a dead-letter record for anything else.
 * Pure apart from the clock; the consumer commits the result atomically.
 */
export function recordsForBatch(
  source: { topic: string; partition: number },
  messages: readonly KafkaMessage[],
  view: RegistryView,
  topics: TopicNames,
  limits: InputLimits,
  now: Date,
): OutgoingRecord[] {
  const out: OutgoingRecord[] = [];
  for (const message of messages) {
    const parsed = parseInputEvent(message.value, limits);
    if (!parsed.ok) {
      const deadLetter: DeadLetter = {
        type: 'InputRejected',
        v: 1,
        reason: parsed.reason,
        message: parsed.message,
        source: { ...source, offset: message.offset },
        key: message.key?.toString('utf8') ?? null,
        headers: headersAsText(message.headers),
        value: message.value?.toString('base64') ?? null,
        at: now.toISOString(),
      };
      out.push({ topic: topics.deadLetter, key: message.key?.toString('utf8') ?? 'unkeyed', value: encodeJson(deadLetter) });
      continue;
    }
    const { event } = parsed;
    const subscribers = subscribersOf(view.allEndpoints(), { projectId: event.projectId, accountId: null, type: event.type });
    const plan = planFanOut(event, subscribers, now, headerText(message.headers, 'traceparent'));
    for (const job of plan.jobs) out.push({ topic: topics.deliveries, key: job.endpointId, value: encodeJson(job) });
    out.push({ topic: topics.deliveryLog, key: event.projectId, value: encodeJson(plan.accepted) });
  }
  return out;
}
