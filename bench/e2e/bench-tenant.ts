/**
 * One account, one project and its key, created through the registry API as a
 * platform team would; then the endpoints of each fan-out, each subscribed to
 * its own event type so one scenario's events never reach another's endpoints.
 */
export interface BenchTenant {
  readonly projectId: string;
  readonly projectKey: string;
}

export interface EndpointGroup {
  readonly eventType: string;
  /** Endpoint ids in receiver-path order: endpoint i receives at `<base>/<label>/<i>`. */
  readonly endpointIds: string[];
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

/** `count` endpoints for `eventType`, no rate limit (absent = unlimited), default timeout and retries. */
export async function createEndpointGroup(
  registryUrl: string,
  tenant: BenchTenant,
  eventType: string,
  count: number,
  urlOf: (index: number) => string,
): Promise<EndpointGroup> {
  const endpointIds: string[] = [];
  for (let i = 0; i < count; i++) {
    const endpoint = await post<{ id: string }>(registryUrl, tenant.projectKey, '/v1/endpoints', {
      url: urlOf(i),
      description: `bench ${eventType} #${i}`,
      eventTypes: [eventType],
    });
    endpointIds.push(endpoint.id);
  }
  return { eventType, endpointIds };
}
