import type { Admin, Kafka } from 'kafkajs';
import type { ConsumedRecord } from '@hookline/kafka';
import { encodeJson, topicNames, type AttemptFailed, type AttemptSucceeded, type DeliveryFact, type RegistryFact } from '@hookline/contracts';
import { endpointCreated } from './synthetic-delivery-log';
import { createTopics, readUntil, testKafka, uniqueName } from './int-kafka';

/**
 * A fixed, hand-written piece of history that touches every rule of the
 * delivery projection: accepted (twice: an ingest replay), failed, retried,
 * succeeded, exhausted (twice), health verdicts, attempt facts repeated by a
 * redelivered job (with a different time, so "first fact wins" shows), and an
 * endpoint deleted on `registry` with facts of it before and after.
 */
export interface DeliveryStory {
  readonly registry: RegistryFact[];
  readonly deliveryLog: DeliveryFact[];
  /** A retries and succeeds; B exhausts m1 and later succeeds m2; C succeeds m1 and is deleted. */
  readonly endpoints: { readonly a: string; readonly b: string; readonly c: string };
  readonly messages: { readonly m1: string; readonly m2: string; readonly m3: string };
}

const T = Date.parse('2026-03-01T10:00:00.000Z');
const iso = (seconds: number) => new Date(T + seconds * 1000).toISOString();

export function deliveryStory(prefix: string): DeliveryStory {
  const a = `${prefix}ep_a`;
  const b = `${prefix}ep_b`;
  const c = `${prefix}ep_c`;
  const m1 = `${prefix}msg_1`;
  const m2 = `${prefix}msg_2`;
  const m3 = `${prefix}msg_3`;
  const accepted = (messageId: string, endpointIds: string[], second: number): DeliveryFact => ({
    type: 'MessageAccepted',
    v: 1,
    messageId,
    eventId: `evt_${messageId}`,
    eventType: 'message.delivered',
    projectId: `${prefix}proj`,
    data: { messageId, status: 'delivered' },
    createdAt: Math.floor((T + second * 1000) / 1000),
    acceptedAt: iso(second),
    endpointIds,
    traceparent: null,
  });
  const base = (messageId: string, endpointId: string, attempt: number, second: number) => ({
    v: 1 as const,
    messageId,
    endpointId,
    attempt,
    at: iso(second),
    durationMs: 10 + second,
    url: `https://receiver.test/${endpointId}`,
    requestHeaders: { 'webhook-id': messageId },
    traceId: null,
  });
  const failed = (messageId: string, endpointId: string, attempt: number, second: number, nextInSeconds: number | null): AttemptFailed => ({
    ...base(messageId, endpointId, attempt, second),
    type: 'AttemptFailed',
    statusCode: 500,
    responseBodyPrefix: `error ${second}`,
    reason: 'http_status',
    error: `HTTP 500 at ${second}`,
    nextAttemptAt: nextInSeconds === null ? null : iso(second + nextInSeconds),
  });
  const succeeded = (messageId: string, endpointId: string, attempt: number, second: number): AttemptSucceeded => ({
    ...base(messageId, endpointId, attempt, second),
    type: 'AttemptSucceeded',
    statusCode: 200,
    responseBodyPrefix: 'ok',
  });
  const deliveryLog: DeliveryFact[] = [
    accepted(m1, [a, b, c], 0),
    failed(m1, a, 1, 1, 10),
    failed(m1, b, 1, 1, 10),
    succeeded(m1, c, 1, 2),
    failed(m1, a, 1, 3, 10), // the same attempt again (a redelivered job): the first fact wins
    succeeded(m1, a, 2, 11),
    accepted(m2, [a, b], 12),
    accepted(m1, [a, b, c], 13), // ingest replayed the event: the first acceptance wins
    failed(m1, b, 2, 14, 30),
    failed(m2, b, 1, 15, 10),
    failed(m1, b, 3, 44, null),
    { type: 'MessageExhausted', v: 1, messageId: m1, endpointId: b, attempts: 3, at: iso(44) },
    { type: 'EndpointHealthChanged', v: 1, endpointId: b, health: 'failing', reason: 'message_exhausted', at: iso(44) },
    { type: 'MessageExhausted', v: 1, messageId: m1, endpointId: b, attempts: 3, at: iso(45) },
    succeeded(m2, a, 1, 16),
    accepted(m3, [c, a], 20),
    failed(m3, c, 1, 21, 10), // of the endpoint deleted on `registry`: dropped whenever the deletion is projected
    succeeded(m2, b, 2, 50),
    { type: 'EndpointHealthChanged', v: 1, endpointId: b, health: 'healthy', reason: 'attempt_succeeded', at: iso(50) },
    succeeded(m2, a, 1, 51), // repeated success: neither a second row nor a second count
    succeeded(m3, a, 1, 52),
  ];
  const registry: RegistryFact[] = [
    ...[a, b, c].map((endpointId) => endpointCreated(endpointId, T - 60_000)),
    { type: 'EndpointDeleted', v: 1, endpointId: c, version: 2, at: iso(30) },
  ];
  return { registry, deliveryLog, endpoints: { a, b, c }, messages: { m1, m2, m3 } };
}

export interface StoryOnKafka {
  readonly story: DeliveryStory;
  readonly topics: { readonly registry: string; readonly deliveryLog: string };
  /** The records as a projector's consumer receives them (real offsets, one partition each). */
  readonly registry: ConsumedRecord[];
  readonly deliveryLog: ConsumedRecord[];
}

/**
 * Writes the story to a `registry` and a `delivery-log` topic of a fresh prefix (one partition each) and reads it back.
 * With clients of its own: the specs that use it see only ConsumedRecords, never kafkajs.
 */
export async function storyOnKafka(kafka: Kafka = testKafka('delivery-story')): Promise<StoryOnKafka> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await writeStory(kafka, admin);
  } finally {
    await admin.disconnect();
  }
}

async function writeStory(kafka: Kafka, admin: Admin): Promise<StoryOnKafka> {
  const prefix = `${uniqueName('story')}.`;
  const names = topicNames(prefix);
  const topics = { registry: names.registry, deliveryLog: names.deliveryLog };
  const story = deliveryStory(prefix.replace(/[^a-z0-9]/g, '_'));
  await createTopics(admin, [
    { topic: topics.registry, numPartitions: 1 },
    { topic: topics.deliveryLog, numPartitions: 1 },
  ]);
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  await producer.connect();
  try {
    await producer.send({ topic: topics.registry, acks: -1, messages: story.registry.map((fact) => ({ key: 'story', value: encodeJson(fact) })) });
    await producer.send({ topic: topics.deliveryLog, acks: -1, messages: story.deliveryLog.map((fact) => ({ key: 'story', value: encodeJson(fact) })) });
  } finally {
    await producer.disconnect();
  }
  const registry = await readUntil(kafka, topics.registry, (m) => m.length >= story.registry.length);
  const deliveryLog = await readUntil(kafka, topics.deliveryLog, (m) => m.length >= story.deliveryLog.length);
  return { story, topics, registry, deliveryLog };
}
