import type { EventTypeState } from './tenant.state';

/**
 * The WhatsApp-platform types every deployment knows without a single fact:
 * built in, not seeded, so a fresh or rebuilt registry has them and nothing
 * needs to run idempotently at start-up. Created types add to them; a created
 * type may not reuse a built-in name.
 */
const BUILT_IN: ReadonlyArray<[string, string]> = [
  ['message.sent', 'A message was sent to WhatsApp'],
  ['message.delivered', "A message reached the recipient's device"],
  ['message.read', 'The recipient read a message'],
  ['message.failed', 'A message could not be delivered'],
  ['message.received', 'A customer message was received'],
  ['message.incoming', 'An incoming message, before routing'],
  ['message.report', 'A delivery report for a message'],
  ['form.submitted', 'A customer submitted a form'],
  ['template.status_update', 'A message template was approved, rejected or paused'],
  ['contact.created', 'A contact was created'],
  ['contact.updated', 'A contact changed'],
  ['campaign.completed', 'A campaign finished sending'],
  ['transfer.created', 'A conversation was transferred'],
];

export const BUILT_IN_EVENT_TYPES: readonly EventTypeState[] = BUILT_IN.map(([name, description]) => ({
  name,
  accountId: null,
  description,
  schema: null,
  createdAt: null,
}));

const BUILT_IN_NAMES: ReadonlySet<string> = new Set(BUILT_IN.map(([name]) => name));

export function isBuiltInEventType(name: string): boolean {
  return BUILT_IN_NAMES.has(name);
}

/** Lowercase dot-separated segments: `message.delivered`, `template.status_update`. */
const NAME = /^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/;
export const MAX_EVENT_TYPE_NAME_LENGTH = 128;

export function isValidEventTypeName(name: string): boolean {
  return name.length <= MAX_EVENT_TYPE_NAME_LENGTH && NAME.test(name);
}

/** `*` or `<family>.*`: subscribes to names not known yet too, so they are not checked against the catalog. */
export function isEventTypeWildcard(filter: string): boolean {
  return filter === '*' || (filter.endsWith('.*') && isValidEventTypeName(filter.slice(0, -2)));
}
