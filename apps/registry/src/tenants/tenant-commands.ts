import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  decideRevokeApiKey,
  decideTenant,
  DomainError,
  generateApiKey,
  hashApiKey,
  newId,
  type AccountState,
  type ApiKeyState,
  type ProjectState,
} from '@hookline/domain';
import { findAccount, findApiKey, findProject } from '@hookline/persistence/queries';
import { optional, optionalBody, anyText, text } from '../http/body-fields';
import { refusePortalSession, requireAdmin, requireKeyIssuer, type Principal } from '../http/principal';
import { RegistryLog } from '../facts/registry-log';
import { TenantAccess } from '../http/tenant-access';

/** Accounts, projects and API keys: decide, append, wait for the projection, read back. */
@Injectable()
export class TenantCommands {
  constructor(
    private readonly db: DataSource,
    private readonly log: RegistryLog,
    private readonly access: TenantAccess,
  ) {}

  async createAccount(principal: Principal, body: unknown): Promise<AccountState> {
    requireAdmin(principal);
    const accountId = newId('acc');
    const name = anyText(optionalBody(body).name, 'name');
    await this.log.append(accountId, decideTenant({ type: 'CreateAccount', accountId, name }, new Date()));
    return readBack(await findAccount(this.db, accountId), accountId);
  }

  async createProject(principal: Principal, accountId: string, body: unknown): Promise<ProjectState> {
    const account = await this.access.account(principal, accountId);
    const projectId = newId('proj');
    const name = anyText(optionalBody(body).name, 'name');
    await this.log.append(projectId, decideTenant({ type: 'CreateProject', projectId, name, account }, new Date()));
    return readBack(await findProject(this.db, projectId), projectId);
  }

  /** Returns the key in the clear exactly once, beside its stored state. */
  async createApiKey(principal: Principal, body: unknown): Promise<{ key: string; state: ApiKeyState }> {
    refusePortalSession(principal, 'create API keys');
    requireKeyIssuer(principal);
    const input = optionalBody(body);
    const accountId = optional(input.accountId, (v) => text(v, 'accountId'));
    const projectId = optional(input.projectId, (v) => text(v, 'projectId'));
    const name = optional(input.name, (v) => anyText(v, 'name')) ?? '';
    if ((accountId === undefined) === (projectId === undefined)) {
      throw new DomainError('validation', 'owner_required', 'give exactly one of accountId or projectId', { field: 'accountId' });
    }
    const owner =
      projectId !== undefined
        ? { scope: 'project' as const, project: await this.access.project(principal, projectId) }
        : { scope: 'account' as const, account: await this.access.account(principal, accountId as string) };
    const key = generateApiKey(owner.scope);
    const keyId = newId('key');
    await this.log.append(keyId, decideTenant({ type: 'CreateApiKey', keyId, keyHash: hashApiKey(key), name, owner }, new Date()));
    return { key, state: readBack(await findApiKey(this.db, keyId), keyId) };
  }

  async revokeApiKey(principal: Principal, keyId: string): Promise<void> {
    refusePortalSession(principal, 'revoke API keys');
    const key = await findApiKey(this.db, keyId);
    const visible = key !== undefined && canManageKey(principal, key) ? key : undefined;
    await this.log.append(keyId, decideRevokeApiKey({ type: 'RevokeApiKey', keyId }, visible, new Date()));
  }
}

function canManageKey(principal: Principal, key: ApiKeyState): boolean {
  switch (principal.kind) {
    case 'admin':
      return true;
    case 'account':
      return key.accountId === principal.accountId;
    case 'project':
      return key.projectId === principal.projectId;
  }
}

function readBack<T>(state: T | undefined, id: string): T {
  if (state === undefined) throw new Error(`${id} was projected but cannot be read`);
  return state;
}
