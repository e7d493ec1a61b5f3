import { encodeJson, type InputEvent, type RejectionReason, type TopicNames } from '@hookline/contracts';
import {
  admitEvent,
  buildDeadLetter,
  encodeFanOut,
  eventIdForRecord,
  messageIdFor,
  parseInputEvent,
  planFanOut,
  type EventSchemaValidators,
  type InputLimits,
  type RegistryView,
} from '@hookline/domain';
import { headerText, type ConsumedRecord, type OutgoingRecord } from '@hookline/kafka';

/** An input record that passed every check, with the id it will be known by. */
export interface AdmittedEvent {
  readonly kind: 'admitted';
  readonly message: ConsumedRecord;
  readonly event: InputEvent & { readonly id: string };
  readonly messageId: string;
  readonly accountId: string;
  readonly traceparent: string | null;
  /** False when ingest made the id up (from the record's position): such events cannot be duplicates. */
  readonly producerGaveId: boolean;
}

export interface RejectedEvent {
  readonly kind: 'rejected';
  readonly message: ConsumedRecord;
  readonly reason: RejectionReason;
  readonly detail: string;
}

export type ClassifiedEvent = AdmittedEvent | RejectedEvent;

/** Parses and admits each record against the registry view; never throws, whatever the record holds. */
export function classify(
  source: { topic: string; partition: number },
  messages: readonly ConsumedRecord[],
  view: RegistryView,
  schemas: EventSchemaValidators,
  limits: InputLimits,
): ClassifiedEvent[] {
  return messages.map((message) => {
    try {
      return classifyOne(source, message, view, schemas, limits);
    } catch (error) {
      // A throw here is a bug met by this one record (the view and schemas are in memory): it is
      // dead-lettered so the partition moves on, instead of failing on the same offset forever.
      return internalError(message, error);
    }
  });
}

function classifyOne(
  source: { topic: string; partition: number },
  message: ConsumedRecord,
  view: RegistryView,
  schemas: EventSchemaValidators,
  limits: InputLimits,
): ClassifiedEvent {
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
}

function internalError(message: ConsumedRecord, error: unknown): RejectedEvent {
  return { kind: 'rejected', message, reason: 'internal_error', detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
}

/**
 * The largest output record (key + value bytes) ingest writes. The broker
 * refuses a record over `message.max.bytes` (1 MiB by default) as
 * non-retriable, which would fail the whole transaction on every retry; an
 * event whose fan-out would need one is dead-lettered instead. Input events are
 * bounded well below this by default; this catches a raised
 * `HOOKLINE_MAX_EVENT_BYTES`.
 */
export const MAX_OUTPUT_RECORD_BYTES = 1_000_000;

/** What happened to one input record, for metrics. */
export type RecordOutcome =
  | { readonly kind: 'accepted'; readonly jobs: number }
  | { readonly kind: 'rejected'; readonly reason: RejectionReason; readonly offset: string; readonly detail: string }
  | { readonly kind: 'duplicate' };

/**
 * Everything a partition batch writes: fan-out for admitted events, dead
 * letters for rejected ones, nothing for duplicates. A fan-out that throws
 * or would produce a record the broker refuses is about that record alone, so
 * the record is dead-lettered and the rest of the batch goes on.
 */
export function batchOutput(
  source: { topic: string; partition: number },
  classified: readonly ClassifiedEvent[],
  isDuplicate: (item: AdmittedEvent) => boolean,
  fanOut: (item: AdmittedEvent) => OutgoingRecord[],
  topics: TopicNames,
  now: Date,
): { records: OutgoingRecord[]; outcomes: RecordOutcome[] } {
  const records: OutgoingRecord[] = [];
  const outcomes: RecordOutcome[] = [];
  const rejectWith = (rejected: RejectedEvent) => {
    records.push(deadLetterRecord(source, rejected, topics, now));
    outcomes.push({ kind: 'rejected', reason: rejected.reason, offset: rejected.message.offset, detail: rejected.detail });
  };
  for (const item of classified) {
    if (item.kind === 'rejected') {
      rejectWith(item);
      continue;
    }
    if (isDuplicate(item)) {
      outcomes.push({ kind: 'duplicate' });
      continue;
    }
    let output: OutgoingRecord[];
    try {
      output = fanOut(item);
    } catch (error) {
      rejectWith(internalError(item.message, error));
      continue;
    }
    const oversize = oversizeDetail(output);
    if (oversize !== null) {
      rejectWith({ kind: 'rejected', message: item.message, reason: 'payload_too_large', detail: oversize });
      continue;
    }
    records.push(...output);
    outcomes.push({ kind: 'accepted', jobs: output.length - 1 });
  }
  return { records, outcomes };
}

/** Why a fan-out cannot be written (a record over MAX_OUTPUT_RECORD_BYTES), or null. */
export function oversizeDetail(output: readonly OutgoingRecord[]): string | null {
  const oversize = output.find((record) => Buffer.byteLength(record.key) + Buffer.byteLength(record.value) > MAX_OUTPUT_RECORD_BYTES);
  if (oversize === undefined) return null;
  const bytes = Buffer.byteLength(oversize.key) + Buffer.byteLength(oversize.value);
  return `its fan-out needs a ${bytes}-byte record; the limit is ${MAX_OUTPUT_RECORD_BYTES}`;
}

/** The dead-letter record for a rejected input: the original bytes (bounded), headers and position, and why. */
export function deadLetterRecord(source: { topic: string; partition: number }, rejected: RejectedEvent, topics: TopicNames, now: Date): OutgoingRecord {
  const { message } = rejected;
  const letter = buildDeadLetter(
    {
      reason: rejected.reason,
      message: rejected.detail,
      source: { ...source, offset: message.offset },
      key: message.key ?? null,
      value: message.value,
      headers: message.headers,
    },
    now,
  );
  return { topic: topics.deadLetter, key: letter.key ?? 'unkeyed', value: encodeJson(letter) };
}

/** What fan-out needs of an admitted event, from either door. */
export type FanOutSource = Pick<AdmittedEvent, 'event' | 'messageId' | 'accountId'>;

/** One job per subscribed endpoint and the MessageAccepted fact, for an admitted event. */
export function fanOutRecords(admitted: FanOutSource, view: RegistryView, topics: TopicNames, now: Date, traceparent: string | null): OutgoingRecord[] {
  const { event } = admitted;
  const subscribers = view.subscribersOf({ projectId: event.projectId, accountId: admitted.accountId, type: event.type });
  const plan = planFanOut(admitted, subscribers, now, traceparent);
  // `data` is serialised once for all of them (fan-out.encoding.ts), not once per endpoint.
  const encoded = encodeFanOut(plan);
  return [
    ...plan.jobs.map((job, i) => ({ topic: topics.deliveries, key: job.endpointId, value: encoded.jobs[i] as Buffer })),
    { topic: topics.deliveryLog, key: event.projectId, value: encoded.accepted },
  ];
}
