import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, type AccountState, type EndpointState, type ProjectState } from '@hookline/domain';
import { findAccount, findEndpoint, findProject } from '@hookline/persistence/queries';
import type { Principal } from './principal';

/**
 * The one place that decides what a principal may see. Anything outside its
 * tenant answers exactly like an id that does not exist (404, same code), so
 * a key cannot even learn that another tenant's id is real.
 */
@Injectable()
export class TenantAccess {
  constructor(private readonly db: DataSource) {}

  async account(principal: Principal, accountId: string): Promise<AccountState> {
    const account = await findAccount(this.db, accountId);
    if (account === undefined || !canSeeAccount(principal, account.accountId)) {
      throw new DomainError('not_found', 'account_not_found', `no account ${accountId}`);
    }
    return account;
  }

  async project(principal: Principal, projectId: string): Promise<ProjectState> {
    const project = await findProject(this.db, projectId);
    if (project === undefined || !canSeeProject(principal, project)) {
      throw new DomainError('not_found', 'project_not_found', `no project ${projectId}`);
    }
    return project;
  }

  /** For every /v1/endpoints/:id/* route, including other features' (history, operations). */
  async endpoint(principal: Principal, endpointId: string): Promise<EndpointState> {
    const endpoint = await findEndpoint(this.db, endpointId);
    if (endpoint === undefined || !canSeeEndpoint(principal, endpoint)) {
      throw new DomainError('not_found', 'endpoint_not_found', `no endpoint ${endpointId}`);
    }
    return endpoint;
  }

  /** Same check, for callers that only need the 404. */
  async assertEndpointVisible(principal: Principal, endpointId: string): Promise<void> {
    await this.endpoint(principal, endpointId);
  }
}

export function canSeeAccount(principal: Principal, accountId: string): boolean {
  // A project key does not manage its account: it sees its project only.
  return principal.kind === 'admin' || (principal.kind === 'account' && principal.accountId === accountId);
}

export function canSeeProject(principal: Principal, project: ProjectState): boolean {
  switch (principal.kind) {
    case 'admin':
      return true;
    case 'account':
      return principal.accountId === project.accountId;
    case 'project':
      return principal.projectId === project.projectId;
  }
}

/** Account keys see their partner endpoints and every endpoint of their projects; project keys their project's. */
export function canSeeEndpoint(principal: Principal, endpoint: Pick<EndpointState, 'accountId' | 'projectId' | 'scope'>): boolean {
  switch (principal.kind) {
    case 'admin':
      return true;
    case 'account':
      return endpoint.accountId === principal.accountId;
    case 'project':
      return endpoint.scope === 'project' && endpoint.projectId === principal.projectId;
  }
}
