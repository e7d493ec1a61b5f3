import { eventTypesOf, type EndpointGroup, type GroupPlan } from './endpoint-group';

/**
 * One account, one project and its key, created through the registry API as a
 * platform team would; then the endpoints of each group, each group on its
 * own event types so one scenario's events never reach another's endpoints.
 */
export interface BenchTenant {
  readonly projectId: string;
  readonly projectKey: string;
}

async function post<T>(baseUrl: string, token: string, path: string, body: unknown): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== 201) throw new Error(`POST ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

export async function createBenchTenant(registryUrl: string, adminToken: string): Promise<BenchTenant> {
  const account = await post<{ id: string }>(registryUrl, adminToken, '/v1/accounts', { name: 'bench' });
  const project = await post<{ id: string }>(registryUrl, adminToken, `/v1/accounts/${account.id}/projects`, { name: 'bench' });
  const key = await post<{ key: string }>(registryUrl, adminToken, '/v1/api-keys', { projectId: project.id });
  return { projectId: project.id, projectKey: key.key };
}

/**
 * A group's endpoints, no rate limit (absent = unlimited), default timeout and
 * retries. A spread group first registers its event types (one per endpoint).
 */
export async function createEndpointGroup(registryUrl: string, tenant: BenchTenant, plan: GroupPlan, urlOf: (index: number) => string): Promise<EndpointGroup> {
  const eventTypes = eventTypesOf(plan);
  if (plan.routing === 'spread') {
    for (const name of eventTypes) await post(registryUrl, tenant.projectKey, '/v1/event-types', { name, description: `bench ${plan.name}` });
  }
  const endpointIds: string[] = [];
  for (let i = 0; i < plan.endpoints; i++) {
    const endpoint = await post<{ id: string }>(registryUrl, tenant.projectKey, '/v1/endpoints', {
      url: urlOf(i),
      description: `bench ${plan.name} #${i}`,
      eventTypes: plan.routing === 'spread' ? [eventTypes[i]] : eventTypes,
    });
    endpointIds.push(endpoint.id);
  }
  return { ...plan, eventTypes, endpointIds };
}
