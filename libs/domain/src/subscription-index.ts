import type { EndpointState } from './endpoint.state';

/** The endpoints of one owner (a project's direct ones, or an account's partner ones), by the shape of their filters. */
interface OwnerFilters {
  /** Exact type name → endpoint ids. */
  readonly exact: Map<string, Set<string>>;
  /** Family prefix including its dot (`message.` for `message.*`) → endpoint ids. */
  readonly family: Map<string, Set<string>>;
  /** Endpoints subscribed with `*`. */
  readonly all: Set<string>;
}

/**
 * Which endpoints subscribe to what, kept beside RegistryView's endpoint table
 * so fan-out looks up an event's subscribers instead of scanning every
 * endpoint per event. Keyed by owner (`p:` project for direct endpoints, `a:`
 * account for partner ones), then by filter shape; a lookup unions the exact
 * type, `*`, and every family prefix of the type (one per dot), so its cost
 * depends on the type name, not on how many endpoints exist. It holds ids
 * only: the caller resolves them to current states, so facts that change
 * nothing it indexes (status, secrets, URL) need not touch it — but re-indexing
 * on every endpoint fact keeps it simple and obviously right.
 */
export class SubscriptionIndex {
  private readonly owners = new Map<string, OwnerFilters>();

  /** Replaces what `previous` subscribed with what `next` subscribes (either may be absent). */
  replace(previous: EndpointState | undefined, next: EndpointState | undefined): void {
    if (previous !== undefined) this.remove(previous);
    if (next !== undefined) this.add(next);
  }

  /** Ids of the endpoints whose owner and filters match; unordered, each once. */
  matching(projectId: string, accountId: string | null, eventType: string): Set<string> {
    const found = new Set<string>();
    this.collect(this.owners.get(`p:${projectId}`), eventType, found);
    if (accountId !== null) this.collect(this.owners.get(`a:${accountId}`), eventType, found);
    return found;
  }

  private collect(owner: OwnerFilters | undefined, eventType: string, into: Set<string>): void {
    if (owner === undefined) return;
    const addAll = (ids: Set<string> | undefined) => ids?.forEach((id) => into.add(id));
    addAll(owner.all);
    addAll(owner.exact.get(eventType));
    if (owner.family.size === 0) return;
    // `family.*` matches every type starting with `family.`: each dot of the type ends one candidate prefix.
    for (let dot = eventType.indexOf('.'); dot !== -1; dot = eventType.indexOf('.', dot + 1)) {
      addAll(owner.family.get(eventType.slice(0, dot + 1)));
    }
  }

  private add(endpoint: EndpointState): void {
    const key = ownerKey(endpoint);
    if (key === null) return;
    let owner = this.owners.get(key);
    if (owner === undefined) {
      owner = { exact: new Map(), family: new Map(), all: new Set() };
      this.owners.set(key, owner);
    }
    for (const filter of endpoint.eventTypes) {
      const [shape, name] = classifyFilter(filter);
      if (shape === 'all') owner.all.add(endpoint.endpointId);
      else addTo(shape === 'exact' ? owner.exact : owner.family, name, endpoint.endpointId);
    }
  }

  private remove(endpoint: EndpointState): void {
    const key = ownerKey(endpoint);
    const owner = key === null ? undefined : this.owners.get(key);
    if (key === null || owner === undefined) return;
    for (const filter of endpoint.eventTypes) {
      const [shape, name] = classifyFilter(filter);
      if (shape === 'all') owner.all.delete(endpoint.endpointId);
      else removeFrom(shape === 'exact' ? owner.exact : owner.family, name, endpoint.endpointId);
    }
    if (owner.all.size === 0 && owner.exact.size === 0 && owner.family.size === 0) this.owners.delete(key);
  }
}

/** The owner an endpoint is matched by; null when its scope names no owner (it then matches nothing, as in the scan). */
function ownerKey(endpoint: EndpointState): string | null {
  if (endpoint.scope === 'project') return endpoint.projectId === null ? null : `p:${endpoint.projectId}`;
  return endpoint.accountId === null ? null : `a:${endpoint.accountId}`;
}

/** The same three shapes `matchesEventType` distinguishes (event-type-filter.ts). */
function classifyFilter(filter: string): ['all', ''] | ['exact' | 'family', string] {
  if (filter === '*') return ['all', ''];
  if (filter.endsWith('.*')) return ['family', filter.slice(0, -1)];
  return ['exact', filter];
}

function addTo(map: Map<string, Set<string>>, name: string, id: string): void {
  const ids = map.get(name);
  if (ids === undefined) map.set(name, new Set([id]));
  else ids.add(id);
}

function removeFrom(map: Map<string, Set<string>>, name: string, id: string): void {
  const ids = map.get(name);
  if (ids === undefined) return;
  ids.delete(id);
  if (ids.size === 0) map.delete(name);
}
