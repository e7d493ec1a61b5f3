import type { MessageAccepted } from '@hookline/contracts';

/** A MessageAccepted fact for one endpoint, with overridable data: poison tests put NULs and lone surrogates in it. */
export function messageAccepted(messageId: string, data: Record<string, unknown> = { ok: true }, acceptedAt = new Date()): MessageAccepted {
  return {
    type: 'MessageAccepted',
    v: 1,
    messageId,
    eventId: `evt_${messageId}`,
    eventType: 'message.delivered',
    projectId: 'proj_poison',
    data,
    createdAt: Math.floor(acceptedAt.getTime() / 1000),
    acceptedAt: acceptedAt.toISOString(),
    endpointIds: ['ep_poison'],
    traceparent: null,
  };
}
