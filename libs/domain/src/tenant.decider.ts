import { assertNever, type AccountCreated, type ApiKeyCreated, type ApiKeyRevoked, type ApiKeyScope, type ProjectCreated } from '@hookline/contracts';
import { DomainError } from './domain-error';
import type { AccountState, ApiKeyState, ProjectState } from './tenant.state';

/** Commands carry fresh ids and key hashes so the deciders stay pure. */
export interface CreateAccount {
  readonly type: 'CreateAccount';
  readonly accountId: string;
  readonly name: string;
}

export interface CreateProject {
  readonly type: 'CreateProject';
  readonly projectId: string;
  readonly name: string;
  /** The owning account, already found (a missing one is the caller's 404). */
  readonly account: AccountState;
}

export interface CreateApiKey {
  readonly type: 'CreateApiKey';
  readonly keyId: string;
  readonly keyHash: string;
  readonly name: string;
  /** What the key is for: the account itself, or one project of it. */
  readonly owner: { readonly scope: 'account'; readonly account: AccountState } | { readonly scope: 'project'; readonly project: ProjectState };
}

export interface RevokeApiKey {
  readonly type: 'RevokeApiKey';
  readonly keyId: string;
}

export type TenantCommand = CreateAccount | CreateProject | CreateApiKey;

export function decideTenant(command: TenantCommand, now: Date): Array<AccountCreated | ProjectCreated | ApiKeyCreated> {
  const at = now.toISOString();
  switch (command.type) {
    case 'CreateAccount':
      return [{ type: 'AccountCreated', v: 1, accountId: command.accountId, name: requiredName(command.name), at }];
    case 'CreateProject':
      return [{ type: 'ProjectCreated', v: 1, projectId: command.projectId, accountId: command.account.accountId, name: requiredName(command.name), at }];
    case 'CreateApiKey':
      return [apiKeyCreated(command, at)];
    default:
      return assertNever(command);
  }
}

/** Revoking twice is a no-op, not an error: the key is dead either way. */
export function decideRevokeApiKey(command: RevokeApiKey, state: ApiKeyState | undefined, now: Date): ApiKeyRevoked[] {
  if (state === undefined) throw new DomainError('not_found', 'api_key_not_found', `no api key ${command.keyId}`);
  if (state.revokedAt !== null) return [];
  return [{ type: 'ApiKeyRevoked', v: 1, keyId: command.keyId, at: now.toISOString() }];
}

function apiKeyCreated(command: CreateApiKey, at: string): ApiKeyCreated {
  const { owner } = command;
  const scope: ApiKeyScope = owner.scope;
  return {
    type: 'ApiKeyCreated',
    v: 1,
    keyId: command.keyId,
    keyHash: command.keyHash,
    scope,
    accountId: owner.scope === 'account' ? owner.account.accountId : owner.project.accountId,
    projectId: owner.scope === 'project' ? owner.project.projectId : null,
    name: command.name.trim(),
    at,
  };
}

function requiredName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '' || trimmed.length > 200) {
    throw new DomainError('validation', 'name_invalid', 'name must be 1 to 200 characters', { field: 'name' });
  }
  return trimmed;
}
