import type { DeliveryJob, InputEvent, MessageAccepted } from '@hookline/contracts';
import type { EndpointState } from './endpoint.state';
import { createdAtSeconds } from './input-event.parser';
import { generateEventId, messageIdFor } from './message-id';

export interface FanOutPlan {
  readonly messageId: string;
  readonly accepted: MessageAccepted;
  readonly jobs: DeliveryJob[];
}

/** One MessageAccepted fact and one job per subscribed endpoint, for an accepted input event. */
export function planFanOut(
  event: InputEvent,
  subscribers: readonly EndpointState[],
  acceptedAt: Date,
  traceparent: string | null,
): FanOutPlan {
  const eventId = event.id ?? generateEventId();
  const messageId = messageIdFor(event.projectId, eventId);
  const createdAt = createdAtSeconds(event.createdAt, acceptedAt);
  const accepted: MessageAccepted = {
    type: 'MessageAccepted',
    v: 1,
    messageId,
    eventId,
    eventType: event.type,
    projectId: event.projectId,
    data: event.data,
    createdAt,
    acceptedAt: acceptedAt.toISOString(),
    endpointIds: subscribers.map((endpoint) => endpoint.endpointId),
    traceparent,
  };
  const jobs = subscribers.map(
    (endpoint): DeliveryJob => ({
      v: 1,
      messageId,
      endpointId: endpoint.endpointId,
      attempt: 1,
      eventType: event.type,
      projectId: event.projectId,
      data: event.data,
      createdAt,
      dueAt: null,
      traceparent,
    }),
  );
  return { messageId, accepted, jobs };
}
