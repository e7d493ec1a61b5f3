import { matchesAnyEventType } from './event-type-filter';
import type { EndpointState } from './endpoint.state';

export interface RoutableEvent {
  readonly projectId: string;
  /** The account owning the project, when known; partner endpoints match on it. */
  readonly accountId: string | null;
  readonly type: string;
}

/**
 * The endpoints that get a job for an event: direct endpoints of its project and
 * partner endpoints of its account whose filters match. Disabled endpoints are
 * included on purpose: they pause in the dispatcher instead of losing events.
 */
export function subscribersOf(endpoints: Iterable<EndpointState>, event: RoutableEvent): EndpointState[] {
  const matched: EndpointState[] = [];
  for (const endpoint of endpoints) {
    const inScope = endpoint.scope === 'project' ? endpoint.projectId === event.projectId : event.accountId !== null && endpoint.accountId === event.accountId;
    if (inScope && matchesAnyEventType(endpoint.eventTypes, event.type)) matched.push(endpoint);
  }
  return matched.sort((a, b) => a.endpointId.localeCompare(b.endpointId));
}
