import type { InputEvent, RejectionReason } from '@hookline/contracts';
import { admitEvent, generateEventId, messageIdFor, readInputJson, validateInputObject, type EventSchemaValidators, type RegistryView } from '@hookline/domain';
import { MAX_OUTPUT_RECORD_BYTES, type FanOutSource } from '../events/event-batch';
import type { IngestPrincipal } from './ingest-principal';

export type PublishRejection = RejectionReason | 'project_required';

/** An event the HTTP door accepts, ready to fan out. */
export interface DoorEvent extends FanOutSource {
  readonly event: InputEvent & { readonly id: string };
  /** False when the door made the id up: such an event cannot be a duplicate, so it claims nothing. */
  readonly producerGaveId: boolean;
}

export type PublishDecision = ({ readonly ok: true } & DoorEvent) | { readonly ok: false; readonly reason: PublishRejection; readonly message: string };

/**
 * The HTTP door's checks: the same bounded reading, shape checks and admission
 * as the Kafka door, plus the key's project binding (applied to the parsed
 * value: nothing is parsed or re-encoded before the byte checks pass). It
 * assigns the id when the caller gave none, so the 202 can name the message. A throw while deciding is a bug met by this
 * request: it answers `internal_error` with a code, like the Kafka door's
 * dead letter, rather than an anonymous 500.
 */
export function decidePublish(
  body: Buffer,
  principal: IngestPrincipal,
  view: RegistryView,
  schemas: EventSchemaValidators,
  maxBytes: number,
  /** The id of an event that names none; deciding the same request again must give the same one. */
  newId: () => string = generateEventId,
): PublishDecision {
  try {
    return decide(body, principal, view, schemas, maxBytes, newId);
  } catch (error) {
    return { ok: false, reason: 'internal_error', message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

function decide(
  body: Buffer,
  principal: IngestPrincipal,
  view: RegistryView,
  schemas: EventSchemaValidators,
  maxBytes: number,
  newId: () => string,
): PublishDecision {
  const json = readInputJson(body, { maxBytes });
  if (!json.ok) return json;
  const bound = bindProject(json.value, principal);
  if (!bound.ok) return bound;
  const parsed = validateInputObject(bound.value);
  if (!parsed.ok) return parsed;
  const { event } = parsed;
  if (view.accountOfProject(event.projectId) !== principal.accountId) {
    return { ok: false, reason: 'unknown_project', message: `no project ${event.projectId}` };
  }
  const admission = admitEvent(event, view, schemas);
  if (!admission.ok) return admission;
  const id = event.id ?? newId();
  const value = JSON.stringify({ ...event, id });
  // The project and id filled in here must not push the event over the limit the consumer will apply.
  if (Buffer.byteLength(value) > maxBytes) {
    return {
      ok: false,
      reason: 'payload_too_large',
      message: `with its projectId and id the event is ${Buffer.byteLength(value)} bytes; the limit is ${maxBytes}`,
    };
  }
  // With HOOKLINE_MAX_EVENT_BYTES raised near the broker's record limit: such an event could never be fanned out
  // (its jobs are larger still), and the broker would refuse the produce it shares with other requests, failing them too.
  if (Buffer.byteLength(value) > MAX_OUTPUT_RECORD_BYTES) {
    return {
      ok: false,
      reason: 'payload_too_large',
      message: `the event is ${Buffer.byteLength(value)} bytes; no record over ${MAX_OUTPUT_RECORD_BYTES} can be fanned out`,
    };
  }
  return {
    ok: true,
    event: { ...event, id },
    messageId: messageIdFor(event.projectId, id),
    accountId: admission.accountId,
    producerGaveId: event.id !== undefined,
  };
}

/** A project key fills in (or must match) projectId; an account key must name it. */
function bindProject(
  value: unknown,
  principal: IngestPrincipal,
): { ok: true; value: unknown } | { ok: false; reason: 'project_required' | 'unknown_project'; message: string } {
  // Not an object: the shape check answers not_an_object with the usual code.
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: true, value };
  const input = value as Record<string, unknown>;
  if (principal.scope === 'project') {
    if (input.projectId !== undefined && input.projectId !== principal.projectId) {
      return { ok: false, reason: 'unknown_project', message: 'the event names a project this key does not manage' };
    }
    return { ok: true, value: { ...input, projectId: principal.projectId } };
  }
  if (typeof input.projectId !== 'string') {
    return { ok: false, reason: 'project_required', message: 'an account key must name the projectId' };
  }
  return { ok: true, value };
}
