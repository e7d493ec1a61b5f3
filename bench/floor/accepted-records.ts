import { chunkBySize, DEFAULT_SEND_CHUNK_BYTES } from '@hookline/kafka';
import type { TopicMessages } from 'kafkajs';

/**
 * Where an accepted event goes in the floor: the jobs topic, and with the
 * design's hops (`log` set) an accepted fact on the log and one job per
 * endpoint, keyed by endpoint, as ingest writes `deliveries` (DESIGN.md).
 */
export interface FloorTopics {
  readonly jobs: string;
  readonly log?: string;
  /** Endpoints each event is owed to (design hops only). */
  readonly fanOut?: number;
}

/** The header that names a job's endpoint; a job without it goes to every endpoint (bare hops). */
export const ENDPOINT_HEADER = 'floor-endpoint';

export interface AcceptedEvent {
  readonly key: string;
  readonly value: Buffer;
}

/**
 * The records one produce request carries for events accepted together. Bare:
 * each event once on the jobs topic. Design: a job per (event, endpoint) keyed
 * by endpoint, and a small MessageAccepted-like fact per event on the log.
 */
export function acceptedRecords(topics: FloorTopics, events: readonly AcceptedEvent[], atMs: number): TopicMessages[] {
  if (topics.log === undefined) return [{ topic: topics.jobs, messages: events.map(({ key, value }) => ({ key, value })) }];
  const endpoints = Array.from({ length: topics.fanOut ?? 1 }, (_, i) => String(i));
  return [
    {
      topic: topics.jobs,
      messages: events.flatMap(({ value }) => endpoints.map((e) => ({ key: `endpoint-${e}`, value, headers: { [ENDPOINT_HEADER]: e } }))),
    },
    { topic: topics.log, messages: events.map(({ key }) => ({ key, value: `{"type":"accepted","id":${JSON.stringify(key)},"at":${atMs}}` })) },
  ];
}

/**
 * acceptedRecords split into produce requests under the broker's size limit
 * (a group commit can gather several partitions' fetches; one request of
 * them all is refused as MESSAGE_TOO_LARGE). The budget is per event, jobs
 * for every endpoint included.
 */
export function acceptedRequests(topics: FloorTopics, events: readonly AcceptedEvent[], atMs: number): TopicMessages[][] {
  const copies = topics.log === undefined ? 1 : (topics.fanOut ?? 1);
  return chunkBySize(events, DEFAULT_SEND_CHUNK_BYTES / copies).map((chunk) => acceptedRecords(topics, chunk, atMs));
}
