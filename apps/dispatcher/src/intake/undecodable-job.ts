import { createHash } from 'node:crypto';
import type { KafkaMessage } from 'kafkajs';
import { encodeJson, type DeadLetter, type DeliveryJob } from '@hookline/contracts';
import { headersAsText, type TopicRecord } from '@hookline/kafka';

export type DecodedJob = { readonly kind: 'job'; readonly job: DeliveryJob } | { readonly kind: 'undecodable'; readonly why: string };

/**
 * A record of `deliveries` or a tier that is not a job (corrupt, or written by
 * something else) must not stop the partition: the dispatcher would fail on it
 * after every restart. Checked: a JSON object whose fields the intake and the
 * lanes read have their types.
 */
export function decodeJob(value: Buffer | null): DecodedJob {
  if (value === null) return { kind: 'undecodable', why: 'empty record value' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.toString('utf8'));
  } catch (error) {
    return { kind: 'undecodable', why: `not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { kind: 'undecodable', why: 'not a JSON object' };
  const job = parsed as Record<string, unknown>;
  const wrong = [
    typeof job.messageId === 'string' ? null : 'messageId',
    typeof job.endpointId === 'string' ? null : 'endpointId',
    Number.isInteger(job.attempt) && (job.attempt as number) >= 1 ? null : 'attempt',
    typeof job.eventType === 'string' ? null : 'eventType',
    typeof job.projectId === 'string' ? null : 'projectId',
    typeof job.data === 'object' && job.data !== null && !Array.isArray(job.data) ? null : 'data',
    typeof job.createdAt === 'number' ? null : 'createdAt',
    job.dueAt === null || typeof job.dueAt === 'number' ? null : 'dueAt',
  ].filter((field) => field !== null);
  if (wrong.length > 0) return { kind: 'undecodable', why: `not a delivery job: ${wrong.join(', ')} missing or of the wrong type` };
  return { kind: 'job', job: parsed as DeliveryJob };
}

/** Of the original value, this much is kept (base64 makes it a third larger): far below the broker's 1 MiB. */
export const DEAD_LETTER_VALUE_BYTES = 64 * 1024;

/** The ingest dead-letter shape, reason `undecodable_job`; the value is cut to a bound and the cut said in `message`. */
export function undecodableJobRecord(
  deadLetterTopic: string,
  source: { readonly topic: string; readonly partition: number },
  message: KafkaMessage,
  why: string,
  now: Date,
): TopicRecord {
  const value = message.value;
  const cut = value !== null && value.length > DEAD_LETTER_VALUE_BYTES;
  const size = cut ? ` (value cut to ${DEAD_LETTER_VALUE_BYTES} of ${value.length} bytes, sha256 ${createHash('sha256').update(value).digest('hex')})` : '';
  const key = message.key?.toString('utf8') ?? null;
  const deadLetter: DeadLetter = {
    type: 'InputRejected',
    v: 1,
    reason: 'undecodable_job',
    message: `${why.slice(0, 500)}${size}`,
    source: { ...source, offset: message.offset },
    key,
    headers: headersAsText(message.headers),
    value: value?.subarray(0, DEAD_LETTER_VALUE_BYTES).toString('base64') ?? null,
    at: now.toISOString(),
  };
  return { topic: deadLetterTopic, key: key ?? 'unkeyed', value: encodeJson(deadLetter) };
}
