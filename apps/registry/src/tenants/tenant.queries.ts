import { ForbiddenException, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AccountState, ApiKeyState, ProjectState } from '@hookline/domain';
import { listAccounts, listApiKeys, listProjects, type Page, type PageQuery } from '@hookline/persistence/queries';
import { pageLimit } from '../http/body-fields';
import { refusePortalSession, type Principal } from '../http/principal';
import { TenantAccess } from '../http/tenant-access';

export interface PageParams {
  readonly limit?: string;
  readonly cursor?: string;
}

export interface ApiKeyListParams extends PageParams {
  readonly accountId?: string;
  readonly projectId?: string;
}

/** Reads of accounts, projects and keys for the console and key management; every id through TenantAccess. */
@Injectable()
export class TenantQueries {
  constructor(
    private readonly db: DataSource,
    private readonly access: TenantAccess,
  ) {}

  /** The admin lists every account; an account its own; a project key has no account to list (403). */
  accounts(principal: Principal, params: PageParams): Promise<Page<AccountState>> {
    if (principal.kind === 'project') throw forbidden('a project key or session cannot list accounts');
    return listAccounts(this.db, principal.kind === 'admin' ? null : principal.accountId, pageQuery(params));
  }

  account(principal: Principal, accountId: string): Promise<AccountState> {
    return this.access.account(principal, accountId);
  }

  async projects(principal: Principal, accountId: string, params: PageParams): Promise<Page<ProjectState>> {
    const account = await this.access.account(principal, accountId);
    return listProjects(this.db, account.accountId, pageQuery(params));
  }

  project(principal: Principal, projectId: string): Promise<ProjectState> {
    return this.access.project(principal, projectId);
  }

  /** Key management is the admin's and account keys' (never a project key's or a console session's). */
  async apiKeys(principal: Principal, params: ApiKeyListParams): Promise<Page<ApiKeyState>> {
    if (principal.kind === 'project') throw forbidden('a project key or session cannot list API keys');
    refusePortalSession(principal, 'list API keys');
    const query = pageQuery(params);
    const accountId = params.accountId === undefined || params.accountId === '' ? undefined : params.accountId;
    const projectId = params.projectId === undefined || params.projectId === '' ? undefined : params.projectId;
    if (accountId !== undefined) await this.access.account(principal, accountId);
    if (projectId !== undefined) await this.access.project(principal, projectId);
    const ownAccount = principal.kind === 'admin' ? null : principal.accountId;
    return listApiKeys(this.db, { accountId: accountId ?? ownAccount, projectId: projectId ?? null }, query);
  }
}

function pageQuery(params: PageParams): PageQuery {
  return { limit: pageLimit(params.limit), cursor: params.cursor === undefined || params.cursor === '' ? undefined : params.cursor };
}

function forbidden(message: string): ForbiddenException {
  return new ForbiddenException({ code: 'forbidden', message });
}
