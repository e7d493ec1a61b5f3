import type { Schemas } from '../api/client';
// The contract's own type and version (a dependency-free file), so the console cannot drift from what is sent.
import { API_VERSION, type WebhookEnvelope } from '../../../../libs/contracts/src/webhook-envelope';

/**
 * The delivery body as the endpoint received it (DESIGN.md "The delivery
 * request"), rebuilt from the stored message: the envelope's id is the
 * message id (also `webhook-id`), its data.object the stored payload.
 */
export function sentBody(message: Schemas['MessageDetailDto']): WebhookEnvelope {
  return {
    id: message.id,
    type: message.eventType,
    api_version: API_VERSION,
    created_at: Math.floor(Date.parse(message.createdAt) / 1000),
    liveMode: true,
    project_id: message.projectId,
    data: { object: (message.payload ?? {}) as Record<string, unknown> },
  };
}
