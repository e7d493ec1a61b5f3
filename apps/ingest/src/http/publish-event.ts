import type { RejectionReason } from '@hookline/contracts';
import { admitEvent, generateEventId, messageIdFor, parseInputEvent, type EventSchemaValidators, type RegistryView } from '@hookline/domain';
import type { IngestPrincipal } from './ingest-principal';

export type PublishDecision =
  | { readonly ok: true; readonly messageId: string; readonly projectId: string; readonly value: string }
  | { readonly ok: false; readonly reason: RejectionReason | 'project_required'; readonly message: string };

/**
 * The HTTP door's checks: the same parser and admission as the Kafka door, plus
 * the key's project binding. It assigns the id when the caller gave none, so
 * the 202 can name the message the consumer will create.
 */
export function decidePublish(
  body: Buffer,
  principal: IngestPrincipal,
  view: RegistryView,
  schemas: EventSchemaValidators,
  maxBytes: number,
): PublishDecision {
  const bound = bindProject(body, principal);
  if (!bound.ok) return bound;
  const parsed = parseInputEvent(bound.bytes, { maxBytes });
  if (!parsed.ok) return parsed;
  const { event } = parsed;
  if (view.accountOfProject(event.projectId) !== principal.accountId) {
    return { ok: false, reason: 'unknown_project', message: `no project ${event.projectId}` };
  }
  const admission = admitEvent(event, view, schemas);
  if (!admission.ok) return admission;
  const id = event.id ?? generateEventId();
  const value = JSON.stringify({ ...event, id });
  return { ok: true, messageId: messageIdFor(event.projectId, id), projectId: event.projectId, value };
}

/** A project key fills in (or must match) projectId; an account key must name it. */
function bindProject(body: Buffer, principal: IngestPrincipal): { ok: true; bytes: Buffer } | { ok: false; reason: 'project_required' | 'unknown_project'; message: string } {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    return { ok: true, bytes: body }; // the parser reports not_json with the usual code
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: true, bytes: body };
  const input = value as Record<string, unknown>;
  if (principal.scope === 'project') {
    if (input.projectId !== undefined && input.projectId !== principal.projectId) {
      return { ok: false, reason: 'unknown_project', message: `no project ${String(input.projectId)}` };
    }
    return { ok: true, bytes: Buffer.from(JSON.stringify({ ...input, projectId: principal.projectId })) };
  }
  if (typeof input.projectId !== 'string') {
    return { ok: false, reason: 'project_required', message: 'an account key must name the projectId' };
  }
  return { ok: true, bytes: body };
}
