import type { InputEvent } from '@hookline/contracts';
import type { EndpointState } from './endpoint.state';
import { createdAtSeconds } from './input-event.parser';
import { planMessage, type MessagePlan } from './message.plan';

export type FanOutPlan = MessagePlan;

/** An input event whose id is settled (the producer's, or one ingest made) and the message id its caller computed from it, once. */
export interface IdentifiedEvent {
  readonly event: InputEvent & { readonly id: string };
  readonly messageId: string;
}

/** One MessageAccepted fact and one job per subscribed endpoint, for an accepted input event. */
export function planFanOut(
  { event, messageId }: IdentifiedEvent,
  subscribers: readonly EndpointState[],
  acceptedAt: Date,
  traceparent: string | null,
): FanOutPlan {
  const createdAt = createdAtSeconds(event.createdAt, acceptedAt);
  return planMessage(
    { messageId, eventId: event.id, eventType: event.type, projectId: event.projectId, data: event.data, createdAt, traceparent },
    subscribers,
    acceptedAt,
  );
}
