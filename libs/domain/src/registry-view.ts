import { assertNever, eventTypeKey, type RegistryFact } from '@hookline/contracts';
import { BUILT_IN_EVENT_TYPES } from './event-type.catalog';
import { evolveEndpoint, type EndpointState } from './endpoint.state';
import type { RoutableEvent } from './subscribers';
import { SubscriptionIndex } from './subscription-index';
import {
  evolveAccount,
  evolveApiKey,
  evolveEventType,
  evolveProject,
  type AccountState,
  type ApiKeyState,
  type EventTypeState,
  type ProjectState,
} from './tenant.state';

/** Everything the registry topic folds to, sorted by id: what the view and the Postgres projection must agree on. */
export interface RegistrySnapshot {
  readonly accounts: AccountState[];
  readonly projects: ProjectState[];
  readonly apiKeys: ApiKeyState[];
  readonly eventTypes: EventTypeState[];
  readonly endpoints: EndpointState[];
}

const BUILT_INS = new Map(BUILT_IN_EVENT_TYPES.map((type) => [type.name, type]));

/**
 * The in-memory table ingest and dispatcher build by consuming `registry` from
 * the beginning. It is the same fold as the Postgres projection, kept in Maps
 * because it sits on the hot path.
 */
export class RegistryView {
  private readonly endpoints = new Map<string, EndpointState>();
  private readonly accounts = new Map<string, AccountState>();
  private readonly projects = new Map<string, ProjectState>();
  private readonly apiKeys = new Map<string, ApiKeyState>();
  private readonly keyIdsByHash = new Map<string, string>();
  private readonly eventTypes = new Map<string, EventTypeState>();
  private readonly subscriptions = new SubscriptionIndex();
  private applied = 0;

  apply(fact: RegistryFact): void {
    this.applied += 1;
    switch (fact.type) {
      case 'AccountCreated':
        this.accounts.set(fact.accountId, evolveAccount(this.accounts.get(fact.accountId), fact));
        return;
      case 'ProjectCreated':
        this.projects.set(fact.projectId, evolveProject(this.projects.get(fact.projectId), fact));
        return;
      case 'ApiKeyCreated':
      case 'ApiKeyRevoked': {
        const next = evolveApiKey(this.apiKeys.get(fact.keyId), fact);
        if (next === undefined) return;
        this.apiKeys.set(fact.keyId, next);
        this.keyIdsByHash.set(next.keyHash, next.keyId);
        return;
      }
      case 'EventTypeCreated': {
        const key = eventTypeKey(fact.accountId, fact.name);
        this.eventTypes.set(key, evolveEventType(this.eventTypes.get(key), fact));
        return;
      }
      case 'EndpointCreated':
      case 'EndpointUpdated':
      case 'EndpointSecretRotated':
      case 'EndpointDisabled':
      case 'EndpointEnabled':
      case 'EndpointDeleted': {
        const previous = this.endpoints.get(fact.endpointId);
        const next = evolveEndpoint(previous, fact);
        if (next === previous) return; // a stale or replayed fact changed nothing
        if (next === undefined) this.endpoints.delete(fact.endpointId);
        else this.endpoints.set(fact.endpointId, next);
        this.subscriptions.replace(previous, next);
        return;
      }
      default:
        assertNever(fact);
    }
  }

  endpoint(endpointId: string): EndpointState | undefined {
    return this.endpoints.get(endpointId);
  }

  allEndpoints(): IterableIterator<EndpointState> {
    return this.endpoints.values();
  }

  /**
   * The endpoints that get a job for an event, sorted by id: exactly what
   * `subscribersOf(allEndpoints(), event)` returns (registry-view.index.spec.ts
   * checks it over random registries), looked up in the subscription index
   * instead of scanned, so fan-out costs the same with 10 endpoints or 100,000.
   */
  subscribersOf(event: RoutableEvent): EndpointState[] {
    const matched: EndpointState[] = [];
    for (const id of this.subscriptions.matching(event.projectId, event.accountId, event.type)) {
      const endpoint = this.endpoints.get(id);
      if (endpoint !== undefined) matched.push(endpoint);
    }
    return matched.sort((a, b) => a.endpointId.localeCompare(b.endpointId));
  }

  /**
   * How many facts the view has applied. Equal before and after an await means
   * nothing changed meanwhile, so a decision taken on the earlier view stands.
   */
  get version(): number {
    return this.applied;
  }

  get size(): number {
    return this.endpoints.size;
  }

  project(projectId: string): ProjectState | undefined {
    return this.projects.get(projectId);
  }

  /** The account owning a project, for partner (account-scoped) endpoint matching; null for unknown projects. */
  accountOfProject(projectId: string): string | null {
    return this.projects.get(projectId)?.accountId ?? null;
  }

  /** A live (not revoked) API key by the sha256 of the presented key. */
  apiKeyByHash(keyHash: string): ApiKeyState | undefined {
    const keyId = this.keyIdsByHash.get(keyHash);
    const key = keyId === undefined ? undefined : this.apiKeys.get(keyId);
    return key?.revokedAt === null ? key : undefined;
  }

  /** The type an event of `name` resolves to for an account: its own, a global one, or a built-in. */
  eventType(accountId: string | null, name: string): EventTypeState | undefined {
    return (
      (accountId === null ? undefined : this.eventTypes.get(eventTypeKey(accountId, name))) ??
      this.eventTypes.get(eventTypeKey(null, name)) ??
      BUILT_INS.get(name)
    );
  }

  snapshot(): RegistrySnapshot {
    const byId = <T>(map: Map<string, T>) => [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
    return {
      accounts: byId(this.accounts),
      projects: byId(this.projects),
      apiKeys: byId(this.apiKeys),
      eventTypes: byId(this.eventTypes),
      endpoints: byId(this.endpoints),
    };
  }
}
