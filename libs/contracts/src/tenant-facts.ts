/**
 * Facts about tenants (accounts own projects; API keys belong to one of them)
 * and event types, appended to the `registry` topic keyed by aggregate id.
 * Creation facts are first-wins: a replayed or racing duplicate changes nothing.
 */
export type ApiKeyScope = 'account' | 'project';

/** A JSON Schema document as the user sent it (already checked to compile). */
export type JsonSchemaDocument = Readonly<Record<string, unknown>>;

export interface AccountCreated {
  readonly type: 'AccountCreated';
  readonly v: 1;
  readonly accountId: string;
  readonly name: string;
  readonly at: string;
}

export interface ProjectCreated {
  readonly type: 'ProjectCreated';
  readonly v: 1;
  readonly projectId: string;
  readonly accountId: string;
  readonly name: string;
  readonly at: string;
}

export interface ApiKeyCreated {
  readonly type: 'ApiKeyCreated';
  readonly v: 1;
  readonly keyId: string;
  /** sha256 (hex) of the key; the key itself is shown once and never stored. */
  readonly keyHash: string;
  readonly scope: ApiKeyScope;
  readonly accountId: string;
  /** Set for project keys only. */
  readonly projectId: string | null;
  readonly name: string;
  readonly at: string;
}

export interface ApiKeyRevoked {
  readonly type: 'ApiKeyRevoked';
  readonly v: 1;
  readonly keyId: string;
  readonly at: string;
}

export interface EventTypeCreated {
  readonly type: 'EventTypeCreated';
  readonly v: 1;
  readonly name: string;
  /** null: a global type every account sees; otherwise private to that account and its projects. */
  readonly accountId: string | null;
  readonly description: string;
  readonly schema: JsonSchemaDocument | null;
  readonly at: string;
}

export type TenantFact = AccountCreated | ProjectCreated | ApiKeyCreated | ApiKeyRevoked;

/** The aggregate id of an event type: its owner (or `*` for global) and its name. */
export function eventTypeKey(accountId: string | null, name: string): string {
  return `${accountId ?? '*'}/${name}`;
}
