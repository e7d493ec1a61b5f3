import type { InputEvent, RejectionReason } from '@hookline/contracts';
import type { EventSchemaValidators } from './event-schema.validators';
import type { RegistryView } from './registry-view';

export type EventAdmission =
  { readonly ok: true; readonly accountId: string } | { readonly ok: false; readonly reason: RejectionReason; readonly message: string };

/**
 * The registry's word on a well-formed event: its project exists, its type is
 * known to the project's account (or built in), and its data matches the
 * type's schema when the type has one.
 */
export function admitEvent(event: InputEvent, view: RegistryView, schemas: EventSchemaValidators): EventAdmission {
  const accountId = view.accountOfProject(event.projectId);
  if (accountId === null) {
    return { ok: false, reason: 'unknown_project', message: `no project ${event.projectId}` };
  }
  const type = view.eventType(accountId, event.type);
  if (type === undefined) {
    return { ok: false, reason: 'unknown_event_type', message: `event type ${event.type} is not registered` };
  }
  if (type.schema !== null) {
    const problem = schemas.check(type.schema, event.data);
    if (problem !== null) return { ok: false, reason: 'schema_mismatch', message: problem };
  }
  return { ok: true, accountId };
}
