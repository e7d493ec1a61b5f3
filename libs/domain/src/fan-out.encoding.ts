import type { DeliveryJob, MessageAccepted } from '@hookline/contracts';
import type { FanOutPlan } from './fan-out.plan';

/** A fan-out plan as record values: one per job (same order) and the MessageAccepted fact. */
export interface EncodedFanOut {
  readonly jobs: Buffer[];
  readonly accepted: Buffer;
}

const json = JSON.stringify;

/**
 * Encodes a fan-out with the event's `data` serialised once. Every job and
 * the MessageAccepted fact carry the same `data`, and it is nearly all of
 * their bytes (1 KiB events: ~90 %), so `encodeJson(job)` per endpoint spent
 * most of fan-out's CPU re-serialising it. Here each value is its small
 * per-record head and tail around one shared UTF-8 buffer of `data`.
 *
 * The bytes are exactly `encodeJson(value)` (JSON.stringify, same key order),
 * so the dispatcher and projector decode them as before;
 * fan-out.encoding.spec.ts checks that byte for byte over random events. A
 * field added to the job or fact must be added here too, or that spec fails.
 */
export function encodeFanOut(plan: FanOutPlan): EncodedFanOut {
  const data = Buffer.from(json(plan.accepted.data), 'utf8');
  return { jobs: plan.jobs.map((job) => encodeJob(job, data)), accepted: encodeAccepted(plan.accepted, data) };
}

function encodeJob(job: DeliveryJob, data: Buffer): Buffer {
  const head =
    `{"v":${json(job.v)},"messageId":${json(job.messageId)},"endpointId":${json(job.endpointId)},"attempt":${json(job.attempt)}` +
    `,"eventType":${json(job.eventType)},"projectId":${json(job.projectId)},"data":`;
  const tail = `,"createdAt":${json(job.createdAt)},"dueAt":${json(job.dueAt)},"traceparent":${json(job.traceparent)}${job.origin === undefined ? '' : `,"origin":${json(job.origin)}`}}`;
  return splice(head, data, tail);
}

function encodeAccepted(fact: MessageAccepted, data: Buffer): Buffer {
  const head =
    `{"type":${json(fact.type)},"v":${json(fact.v)},"messageId":${json(fact.messageId)},"eventId":${json(fact.eventId)}` +
    `,"eventType":${json(fact.eventType)},"projectId":${json(fact.projectId)},"data":`;
  const tail =
    `,"createdAt":${json(fact.createdAt)},"acceptedAt":${json(fact.acceptedAt)},"endpointIds":${json(fact.endpointIds)}` +
    `,"traceparent":${json(fact.traceparent)}}`;
  return splice(head, data, tail);
}

function splice(head: string, data: Buffer, tail: string): Buffer {
  const headBytes = Buffer.byteLength(head, 'utf8');
  const out = Buffer.allocUnsafe(headBytes + data.length + Buffer.byteLength(tail, 'utf8'));
  out.write(head, 0, 'utf8');
  data.copy(out, headBytes);
  out.write(tail, headBytes + data.length, 'utf8');
  return out;
}
