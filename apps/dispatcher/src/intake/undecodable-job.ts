import { encodeJson, type DeliveryJob } from '@hookline/contracts';
import { buildDeadLetter } from '@hookline/domain';
import type { ConsumedRecord, OutgoingRecord } from '@hookline/kafka';

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

/** The ingest dead-letter shape (bounded by `buildDeadLetter`, so it always fits the broker), reason `undecodable_job`. */
export function undecodableJobRecord(
  deadLetterTopic: string,
  source: { readonly topic: string; readonly partition: number },
  message: ConsumedRecord,
  why: string,
  now: Date,
): OutgoingRecord {
  const deadLetter = buildDeadLetter(
    {
      reason: 'undecodable_job',
      message: why,
      source: { ...source, offset: message.offset },
      key: message.key,
      value: message.value,
      headers: message.headers,
    },
    now,
  );
  return { topic: deadLetterTopic, key: deadLetter.key ?? 'unkeyed', value: encodeJson(deadLetter) };
}
