import { DomainError, isEventTypeWildcard, matchesAnyEventType } from '@hookline/domain';

/** Preferred for endpoints that subscribe by wildcard only: the most common event of the platform. */
export const WILDCARD_DEFAULT_TYPE = 'message.delivered';

/**
 * The event type of a test delivery. A requested type must be known to the
 * endpoint's account and match one of its filters; without one, the first
 * exact, known subscription, else `message.delivered` when a wildcard covers
 * it, else the first known type a wildcard covers.
 */
export function chooseTestEventType(requested: string | undefined, subscribed: readonly string[], known: ReadonlySet<string>): string {
  if (requested !== undefined) {
    if (!known.has(requested)) {
      throw new DomainError('validation', 'unknown_event_type', `unknown event type ${requested}`, { field: 'eventType' });
    }
    if (!matchesAnyEventType(subscribed, requested)) {
      throw new DomainError('validation', 'event_type_not_subscribed', `the endpoint does not subscribe to ${requested}`, { field: 'eventType' });
    }
    return requested;
  }
  const exact = subscribed.find((filter) => !isEventTypeWildcard(filter) && known.has(filter));
  if (exact !== undefined) return exact;
  if (known.has(WILDCARD_DEFAULT_TYPE) && matchesAnyEventType(subscribed, WILDCARD_DEFAULT_TYPE)) return WILDCARD_DEFAULT_TYPE;
  const covered = [...known].sort().find((name) => matchesAnyEventType(subscribed, name));
  if (covered !== undefined) return covered;
  throw new DomainError('validation', 'event_type_required', 'no known event type matches the endpoint; name an eventType', { field: 'eventType' });
}
