/**
 * An endpoint subscribes to event types by exact name, by a family wildcard
 * (`message.*` matches `message.read` and `message.status.changed`), or to
 * everything with `*`.
 */
export function matchesEventType(filter: string, eventType: string): boolean {
  if (filter === '*') return true;
  if (filter.endsWith('.*')) return eventType.startsWith(filter.slice(0, -1));
  return filter === eventType;
}

export function matchesAnyEventType(filters: readonly string[], eventType: string): boolean {
  return filters.some((filter) => matchesEventType(filter, eventType));
}
