import { createHash, randomBytes } from 'node:crypto';

/**
 * The message id is a pure function of (projectId, event id), so the same
 * event published twice maps to the same message: that is what makes dedupe
 * and idempotent projections possible without coordination.
 */
export function messageIdFor(projectId: string, eventId: string): string {
  const digest = createHash('sha256').update(projectId).update('\u0000').update(eventId).digest('base64url');
  return `msg_${digest.slice(0, 27)}`;
}

/** An id for an event that arrived over HTTP without one (the door answers with it). */
export function generateEventId(): string {
  return `evt_${randomBytes(16).toString('base64url')}`;
}

/**
 * The id of a Kafka input event that came without one: derived from its
 * position, so a replay after a crash yields the same message, not a second one.
 */
export function eventIdForRecord(topic: string, partition: number, offset: string): string {
  const digest = createHash('sha256').update(`${topic}\u0000${partition}\u0000${offset}`).digest('base64url');
  return `evt_${digest.slice(0, 22)}`;
}
