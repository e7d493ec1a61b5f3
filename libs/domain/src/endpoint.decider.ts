import { assertNever, type EndpointCreated, type EndpointFact, type EndpointScope, type EndpointSettings, type SealedSecret } from '@hookline/contracts';
import { DomainError } from './domain-error';
import type { EndpointState } from './endpoint.state';
import { validateEndpointSettings, type EndpointPolicy } from './endpoint-settings';

/**
 * decide(command, state, now) → facts. Commands carry everything that needs
 * randomness, keys or lookups (ids, sealed secrets, known event types) so the
 * decider stays pure. Deleted endpoints fold to undefined, so every command
 * but create answers not_found for them. A command that changes nothing
 * (enable an enabled endpoint, an empty patch) decides no facts.
 */
export interface CreateEndpoint {
  readonly type: 'CreateEndpoint';
  readonly endpointId: string;
  readonly accountId: string | null;
  readonly projectId: string | null;
  readonly scope: EndpointScope;
  readonly settings: EndpointSettings;
  readonly secret: SealedSecret;
  readonly policy: EndpointPolicy;
}

export interface UpdateEndpoint {
  readonly type: 'UpdateEndpoint';
  readonly endpointId: string;
  /** null: last writer wins; otherwise a stale version is a conflict. */
  readonly expectedVersion: number | null;
  readonly changes: Partial<EndpointSettings>;
  readonly policy: EndpointPolicy;
}

export interface RotateEndpointSecret {
  readonly type: 'RotateEndpointSecret';
  readonly endpointId: string;
  readonly secret: SealedSecret;
  /** How long the previous secret keeps signing; 0 stops it at once. */
  readonly graceSeconds: number;
}

export interface DisableEndpoint {
  readonly type: 'DisableEndpoint';
  readonly endpointId: string;
  readonly reason: string;
}

export interface EnableEndpoint {
  readonly type: 'EnableEndpoint';
  readonly endpointId: string;
}

export interface DeleteEndpoint {
  readonly type: 'DeleteEndpoint';
  readonly endpointId: string;
  readonly expectedVersion: number | null;
}

export type EndpointCommand = CreateEndpoint | UpdateEndpoint | RotateEndpointSecret | DisableEndpoint | EnableEndpoint | DeleteEndpoint;

export const MAX_GRACE_SECONDS = 30 * 86_400;

export function decideEndpoint(command: EndpointCommand, state: EndpointState | undefined, now: Date): EndpointFact[] {
  if (command.type === 'CreateEndpoint') return [create(command, state, now)];
  const current = existing(command.endpointId, state);
  const base = { v: 1 as const, endpointId: command.endpointId, version: current.version + 1, at: now.toISOString() };
  switch (command.type) {
    case 'UpdateEndpoint': {
      checkVersion(command.expectedVersion, current);
      const changes = changedSettings(current, command.changes);
      if (Object.keys(changes).length === 0) return [];
      validateEndpointSettings({ ...current, ...changes }, command.policy);
      return [{ ...base, type: 'EndpointUpdated', changes }];
    }
    case 'RotateEndpointSecret': {
      const grace = command.graceSeconds;
      if (!Number.isInteger(grace) || grace < 0 || grace > MAX_GRACE_SECONDS) {
        throw new DomainError('validation', 'grace_out_of_range', `graceSeconds must be a whole number from 0 to ${MAX_GRACE_SECONDS}`, {
          field: 'graceSeconds',
        });
      }
      const expiresAt = new Date(now.getTime() + grace * 1000).toISOString();
      return [{ ...base, type: 'EndpointSecretRotated', secret: command.secret, previousSecretExpiresAt: expiresAt }];
    }
    case 'DisableEndpoint':
      return current.status === 'disabled' ? [] : [{ ...base, type: 'EndpointDisabled', reason: command.reason }];
    case 'EnableEndpoint':
      return current.status === 'enabled' ? [] : [{ ...base, type: 'EndpointEnabled' }];
    case 'DeleteEndpoint':
      checkVersion(command.expectedVersion, current);
      return [{ ...base, type: 'EndpointDeleted' }];
    default:
      return assertNever(command);
  }
}

function create(command: CreateEndpoint, state: EndpointState | undefined, now: Date): EndpointCreated {
  if (state !== undefined) {
    throw new DomainError('conflict', 'endpoint_exists', `endpoint ${command.endpointId} already exists`);
  }
  validateEndpointSettings(command.settings, command.policy);
  if (command.scope === 'project' && command.projectId === null) {
    throw new DomainError('validation', 'project_required', 'a project-scoped endpoint needs a projectId', { field: 'projectId' });
  }
  if (command.scope === 'account' && command.accountId === null) {
    throw new DomainError('validation', 'account_required', 'an account-scoped endpoint needs an account', { field: 'accountId' });
  }
  return {
    type: 'EndpointCreated',
    v: 1,
    endpointId: command.endpointId,
    version: 1,
    at: now.toISOString(),
    accountId: command.accountId,
    projectId: command.scope === 'project' ? command.projectId : null,
    scope: command.scope,
    secret: command.secret,
    ...command.settings,
  };
}

function existing(endpointId: string, state: EndpointState | undefined): EndpointState {
  if (state === undefined) throw new DomainError('not_found', 'endpoint_not_found', `no endpoint ${endpointId}`);
  return state;
}

function checkVersion(expected: number | null, state: EndpointState): void {
  if (expected !== null && expected !== state.version) {
    throw new DomainError('conflict', 'version_conflict', `endpoint is at version ${state.version}, not ${expected}`, {
      expectedVersion: expected,
      currentVersion: state.version,
    });
  }
}

/** Only the fields that differ, so a PATCH that repeats the current values decides nothing. */
function changedSettings(state: EndpointState, changes: Partial<EndpointSettings>): Partial<EndpointSettings> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(changes) as Array<[keyof EndpointSettings, unknown]>) {
    if (value !== undefined && comparable(key, value) !== comparable(key, state[key])) result[key] = value;
  }
  return result as Partial<EndpointSettings>;
}

/** Header maps compare by content, not key order (the read model's jsonb reorders keys). */
function comparable(key: keyof EndpointSettings, value: unknown): string {
  if (key !== 'headers' || value === null || typeof value !== 'object') return JSON.stringify(value);
  return JSON.stringify(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
