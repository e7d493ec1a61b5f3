import type { AccountCreated, ApiKeyCreated, ApiKeyRevoked, ApiKeyScope, EventTypeCreated, JsonSchemaDocument, ProjectCreated } from '@hookline/contracts';

export interface AccountState {
  readonly accountId: string;
  readonly name: string;
  readonly createdAt: string;
}

export interface ProjectState {
  readonly projectId: string;
  readonly accountId: string;
  readonly name: string;
  readonly createdAt: string;
}

export interface ApiKeyState {
  readonly keyId: string;
  readonly keyHash: string;
  readonly scope: ApiKeyScope;
  readonly accountId: string;
  readonly projectId: string | null;
  readonly name: string;
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

export interface EventTypeState {
  readonly name: string;
  readonly accountId: string | null;
  readonly description: string;
  readonly schema: JsonSchemaDocument | null;
  /** null for the built-in types every deployment knows without a fact. */
  readonly createdAt: string | null;
}

// Creation facts are first-wins: a duplicate (replay, or two racing creates of
// one event type name) leaves the state as the first one made it.

export function evolveAccount(state: AccountState | undefined, fact: AccountCreated): AccountState {
  return state ?? { accountId: fact.accountId, name: fact.name, createdAt: fact.at };
}

export function evolveProject(state: ProjectState | undefined, fact: ProjectCreated): ProjectState {
  return state ?? { projectId: fact.projectId, accountId: fact.accountId, name: fact.name, createdAt: fact.at };
}

export function evolveApiKey(state: ApiKeyState | undefined, fact: ApiKeyCreated | ApiKeyRevoked): ApiKeyState | undefined {
  if (fact.type === 'ApiKeyCreated') {
    return (
      state ?? {
        keyId: fact.keyId,
        keyHash: fact.keyHash,
        scope: fact.scope,
        accountId: fact.accountId,
        projectId: fact.projectId,
        name: fact.name,
        createdAt: fact.at,
        revokedAt: null,
      }
    );
  }
  if (state === undefined || state.revokedAt !== null) return state;
  return { ...state, revokedAt: fact.at };
}

export function evolveEventType(state: EventTypeState | undefined, fact: EventTypeCreated): EventTypeState {
  return state ?? { name: fact.name, accountId: fact.accountId, description: fact.description, schema: fact.schema, createdAt: fact.at };
}
