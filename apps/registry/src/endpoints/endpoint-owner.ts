import type { EndpointScope } from '@hookline/contracts';
import { DomainError } from '@hookline/domain';
import type { Principal } from '../http/principal';
import type { TenantAccess } from '../http/tenant-access';
import type { CreateEndpointRequest } from './create-endpoint.request';

export interface EndpointOwner {
  readonly scope: EndpointScope;
  readonly accountId: string;
  readonly projectId: string | null;
}

/**
 * Who owns a new endpoint. Project endpoints belong to a project the caller
 * can see (a project key's own by default) and carry its account, so account
 * keys list them too. Account (partner) endpoints belong to the caller's
 * account; only the admin names one, and project keys cannot make them.
 */
export async function resolveEndpointOwner(access: TenantAccess, principal: Principal, request: CreateEndpointRequest): Promise<EndpointOwner> {
  if (request.scope === 'project') {
    const projectId = request.projectId ?? (principal.kind === 'project' ? principal.projectId : null);
    if (projectId === null) {
      throw new DomainError('validation', 'project_required', 'a project-scoped endpoint needs a projectId', { field: 'projectId' });
    }
    const project = await access.project(principal, projectId);
    return { scope: 'project', accountId: project.accountId, projectId: project.projectId };
  }
  if (principal.kind === 'project') {
    throw new DomainError('validation', 'scope_not_allowed', 'a project key creates project endpoints only', { field: 'scope' });
  }
  if (request.projectId !== null) {
    throw new DomainError('validation', 'project_not_allowed', 'an account-scoped endpoint receives every project; omit projectId', {
      field: 'projectId',
    });
  }
  const accountId = request.accountId ?? (principal.kind === 'account' ? principal.accountId : null);
  if (accountId === null) {
    throw new DomainError('validation', 'account_required', 'the admin names the account of a partner endpoint', { field: 'accountId' });
  }
  const account = await access.account(principal, accountId);
  return { scope: 'account', accountId: account.accountId, projectId: null };
}
