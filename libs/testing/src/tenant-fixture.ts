import type { RegistryClient } from './registry-client';

export interface TenantFixture {
  readonly accountId: string;
  readonly projectIds: string[];
  /** hk_acc_… of the account. */
  readonly accountKey: string;
  /** hk_proj_… per project, same order as projectIds. */
  readonly projectKeys: string[];
}

/** An account with `projects` projects and a key for each, created through the API with the admin token. */
export async function createTenant(admin: RegistryClient, name: string, projects = 1): Promise<TenantFixture> {
  const account = await expectCreated(admin.post<{ id: string }>('/v1/accounts', { name }));
  const accountKey = await expectCreated(admin.post<{ key: string }>('/v1/api-keys', { accountId: account.id }));
  const projectIds: string[] = [];
  const projectKeys: string[] = [];
  for (let i = 0; i < projects; i++) {
    const project = await expectCreated(admin.post<{ id: string }>(`/v1/accounts/${account.id}/projects`, { name: `${name} project ${i}` }));
    const key = await expectCreated(admin.post<{ key: string }>('/v1/api-keys', { projectId: project.id }));
    projectIds.push(project.id);
    projectKeys.push(key.key);
  }
  return { accountId: account.id, projectIds, accountKey: accountKey.key, projectKeys };
}

async function expectCreated<T>(response: Promise<{ status: number; body: T }>): Promise<T> {
  const { status, body } = await response;
  if (status !== 201) throw new Error(`expected 201, got ${status}: ${JSON.stringify(body)}`);
  return body;
}
