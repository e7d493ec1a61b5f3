import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import {
  createTenant,
  eventually,
  produceEvents,
  RegistryClient,
  type RunningEngine,
  startEngine,
  startWebhookReceiver,
  type WebhookReceiver,
} from '@hookline/testing';

interface Endpoint {
  id: string;
  url: string;
  status: string;
}
interface MessagePage {
  data: Array<{ messageId: string; status: string; attempts: number; lastStatusCode: number | null }>;
  nextCursor: string | null;
}

describe('walking skeleton: Kafka event → signed webhook → history', () => {
  let engine: RunningEngine;
  let receiver: WebhookReceiver;
  let api: RegistryClient;
  let projectId: string;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    engine = await startEngine();
    // Endpoints belong to a real project, managed with that project's key.
    const tenant = await createTenant(new RegistryClient(engine.registryUrl, engine.adminToken), 'skeleton');
    projectId = tenant.projectIds[0] as string;
    api = new RegistryClient(engine.registryUrl, tenant.projectKeys[0] as string);
  }, 180_000);

  afterAll(async () => {
    await engine?.stop();
    await receiver?.close();
  }, 60_000);

  it('delivers an event produced by a plain Kafka producer, verifiably signed, and records the attempt', async () => {
    const created = await api.post<Endpoint>('/v1/endpoints', {
      url: receiver.url,
      description: 'skeleton receiver',
      eventTypes: ['message.delivered'],
      projectId,
    });
    expect(created.status).toBe(201);
    const endpoint = created.body;
    expect(endpoint).toMatchObject({ url: receiver.url, status: 'enabled', version: 1 });
    expect(JSON.stringify(endpoint)).not.toContain('whsec_');

    const secret = (await api.get<{ key: string }>(`/v1/endpoints/${endpoint.id}/secret`)).body.key;
    expect(secret).toMatch(/^whsec_/);

    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    await produceEvents(engine.brokers, engine.topics.events, [
      {
        key: projectId,
        value: JSON.stringify({ id: 'evt_skeleton_1', type: 'message.delivered', projectId, data: { waId: '4915112345' } }),
        headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
      },
      // Another project and another type: neither may reach this endpoint.
      { value: JSON.stringify({ id: 'evt_other', type: 'message.delivered', projectId: 'proj_other', data: {} }) },
      { value: JSON.stringify({ id: 'evt_read', type: 'message.read', projectId, data: {} }) },
    ]);

    const [request] = await receiver.waitForRequests(1);
    if (request === undefined) throw new Error('no request');
    const body = JSON.parse(request.body);
    expect(body).toMatchObject({
      type: 'message.delivered',
      api_version: '2026-02-04',
      project_id: projectId,
      data: { object: { waId: '4915112345' } },
    });

    const headers = request.headers as Record<string, string>;
    expect(new Webhook(secret).verify(request.body, headers)).toEqual(body);
    const hex = createHmac('sha256', Buffer.from(secret, 'utf8')).update(request.body).digest('hex');
    expect(headers['x-webhook-signature']).toBe(hex);
    expect(headers['webhook-id']).toBe(body.id);
    expect(headers['x-project-id']).toBe(projectId);
    expect(headers['user-agent']).toMatch(/^Hookline\//);
    expect(headers.traceparent).toContain(traceId);

    const page = await eventually(
      async () => (await api.get<MessagePage>(`/v1/endpoints/${endpoint.id}/messages`)).body,
      (p) => p.data.length === 1 && p.data[0]?.status === 'succeeded',
      { what: 'the delivery in the history API' },
    );
    expect(page.data[0]).toMatchObject({ messageId: body.id, attempts: 1, lastStatusCode: 204 });

    // Give stray deliveries a moment to show up; the filters must have kept them out.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(receiver.requests).toHaveLength(1);
  });

  it('answers 401 without a valid token and 404 for an unknown endpoint', async () => {
    const anonymous = new RegistryClient(engine.registryUrl, 'wrong');
    expect((await anonymous.get('/v1/endpoints/ep_x')).status).toBe(401);
    const missing = await api.get<{ error: { code: string } }>('/v1/endpoints/ep_missing');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('endpoint_not_found');
  });

  it('rejects an invalid endpoint with a machine-readable code', async () => {
    const response = await api.post<{ error: { code: string } }>('/v1/endpoints', { url: 'ftp://x', description: 'x', eventTypes: ['*'], projectId });
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe('url_not_https');
  });
});
