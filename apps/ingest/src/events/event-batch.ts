import type { KafkaMessage } from 'kafkajs';
import { encodeJson, type DeadLetter, type InputEvent, type RejectionReason, type TopicNames } from '@hookline/contracts';
import {
  admitEvent,
  eventIdForRecord,
  messageIdFor,
  parseInputEvent,
  planFanOut,
  subscribersOf,
  type EventSchemaValidators,
  type InputLimits,
  type RegistryView,
} from '@hookline/domain';
import { headersAsText, headerText } from '@hookline/kafka';

export interface OutgoingRecord {
  readonly topic: string;
  readonly key: string;
  readonly value: Buffer;
}

/** An input record that passed every check, with the id it will be known by. */
export interface AdmittedEvent {
  readonly kind: 'admitted';
  readonly message: KafkaMessage;
  readonly event: InputEvent & { readonly id: string };
  readonly messageId: string;
  readonly accountId: string;
  readonly traceparent: string | null;
  /** False when ingest made the id up (from the record's position): such events cannot be duplicates. */
  readonly producerGaveId: boolean;
}

export interface RejectedEvent {
  readonly kind: 'rejected';
  readonly message: KafkaMessage;
  readonly reason: RejectionReason;
  readonly detail: string;
}

export type ClassifiedEvent = AdmittedEvent | RejectedEvent;

/** Parses and admits each record against the registry view; never throws on bad input. */
export function classify(
  source: { topic: string; partition: number },
  messages: readonly KafkaMessage[],
  view: RegistryView,
  schemas: EventSchemaValidators,
  limits: InputLimits,
): ClassifiedEvent[] {
  return messages.map((message): ClassifiedEvent => {
    const parsed = parseInputEvent(message.value, limits);
    if (!parsed.ok) return { kind: 'rejected', message, reason: parsed.reason, detail: parsed.message };
    const admission = admitEvent(parsed.event, view, schemas);
    if (!admission.ok) return { kind: 'rejected', message, reason: admission.reason, detail: admission.message };
    const event = { ...parsed.event, id: parsed.event.id ?? eventIdForRecord(source.topic, source.partition, message.offset) };
    return {
      kind: 'admitted',
      message,
      event,
      messageId: messageIdFor(event.projectId, event.id),
      accountId: admission.accountId,
      traceparent: headerText(message.headers, 'traceparent'),
      producerGaveId: parsed.event.id !== undefined,
    };
  });
}

/** The dead-letter record for a rejected input: the original bytes, headers and position, and why. */
export function deadLetterRecord(source: { topic: string; partition: number }, rejected: RejectedEvent, topics: TopicNames, now: Date): OutgoingRecord {
  const { message } = rejected;
  const key = message.key?.toString('utf8') ?? null;
  const deadLetter: DeadLetter = {
    type: 'InputRejected',
    v: 1,
    reason: rejected.reason,
    message: rejected.detail,
    source: { ...source, offset: message.offset },
    key,
    headers: headersAsText(message.headers),
    value: message.value?.toString('base64') ?? null,
    at: now.toISOString(),
  };
  return { topic: topics.deadLetter, key: key ?? 'unkeyed', value: encodeJson(deadLetter) };
}

/** One job per subscribed endpoint and the MessageAccepted fact, for an admitted event. */
export function fanOutRecords(admitted: AdmittedEvent, view: RegistryView, topics: TopicNames, now: Date, traceparent: string | null): OutgoingRecord[] {
  const { event } = admitted;
  const subscribers = subscribersOf(view.allEndpoints(), { projectId: event.projectId, accountId: admitted.accountId, type: event.type });
  const plan = planFanOut(event, subscribers, now, traceparent);
  return [
    ...plan.jobs.map((job) => ({ topic: topics.deliveries, key: job.endpointId, value: encodeJson(job) })),
    { topic: topics.deliveryLog, key: event.projectId, value: encodeJson(plan.accepted) },
  ];
}
