import type { DeliveryJob, DeliveryJobOrigin, MessageAccepted } from '@hookline/contracts';
import type { EndpointState } from './endpoint.state';

/** What every delivery job of a message carries, whoever made the message or the job. */
export interface JobMessage {
  readonly messageId: string;
  readonly eventType: string;
  readonly projectId: string;
  readonly data: Record<string, unknown>;
  /** Unix seconds, the envelope's created_at: the same for every job of the message. */
  readonly createdAt: number;
}

/** A message being accepted now: its jobs' content, the event id it came from and the trace it joins. */
export interface NewMessage extends JobMessage {
  readonly eventId: string;
  readonly traceparent: string | null;
}

export interface MessagePlan {
  readonly messageId: string;
  readonly accepted: MessageAccepted;
  readonly jobs: DeliveryJob[];
}

/**
 * The one way a delivery job is made: by fan-out (attempt 1), by a test
 * message, and by resend and recover (an operator attempt number). Retries are
 * not made here: the dispatcher copies the job it failed with. `origin` is left
 * out for fan-out jobs, whose absent origin means `fanout` (contracts).
 */
export function deliveryJob(
  message: JobMessage,
  endpointId: string,
  attempt: number,
  traceparent: string | null,
  origin?: Exclude<DeliveryJobOrigin, 'fanout'>,
): DeliveryJob {
  const { messageId, eventType, projectId, data, createdAt } = message;
  const job: DeliveryJob = { v: 1, messageId, endpointId, attempt, eventType, projectId, data, createdAt, dueAt: null, traceparent };
  return origin === undefined ? job : { ...job, origin };
}

/**
 * One MessageAccepted fact and one first-attempt job per subscriber: what ingest
 * writes for an input event and the registry for a test message, so a test
 * message is signed, retried and recorded like any other.
 */
export function planMessage(
  message: NewMessage,
  subscribers: readonly EndpointState[],
  acceptedAt: Date,
  origin?: Exclude<DeliveryJobOrigin, 'fanout'>,
): MessagePlan {
  const { messageId, eventId, eventType, projectId, data, createdAt, traceparent } = message;
  const endpointIds = subscribers.map((endpoint) => endpoint.endpointId);
  const accepted: MessageAccepted = {
    type: 'MessageAccepted',
    v: 1,
    messageId,
    eventId,
    eventType,
    projectId,
    data,
    createdAt,
    acceptedAt: acceptedAt.toISOString(),
    endpointIds,
    traceparent,
  };
  const jobs = endpointIds.map((endpointId) => deliveryJob(message, endpointId, 1, traceparent, origin));
  return { messageId, accepted, jobs };
}
