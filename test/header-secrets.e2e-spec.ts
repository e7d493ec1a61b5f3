import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import type { AttemptSucceeded, EndpointCreated, MessageAccepted } from '@hookline/contracts';
import { generateEndpointSecret, parseMasterKey, sealSecret } from '@hookline/domain';
import {
  createTenant,
  eventually,
  produceFacts,
  readTopic,
  type ReceivedRequest,
  RegistryClient,
  type RunningEngine,
  startEngine,
  startWebhookReceiver,
  type TenantFixture,
  type WebhookReceiver,
} from '@hookline/testing';

/** Values that must never appear anywhere but on the wire to the receiver. */
const BASIC = 'Basic aG9va2xpbmU6czNjcjN0LXZhbHVl';
const TOKEN = 'tok_live_9f8e7d6c5b4a';
const LEGACY = 'legacy-clear-value-1234';

interface Endpoint {
  id: string;
  version: number;
  headers: string[];
}
interface MessageDetail {
  deliveries: Array<{ attemptLog: Array<{ requestHeaders: Record<string, string> }> }>;
}

/** Issue 11, finding 1: custom header values are secrets like signing secrets. */
describe('custom header values are secrets', () => {
  let engine: RunningEngine;
  let hook: WebhookReceiver;
  let admin: RegistryClient;
  let tenant: TenantFixture;
  let sql: Client;
  let ingestUrl: string;

  beforeAll(async () => {
    hook = await startWebhookReceiver();
    engine = await startEngine();
    admin = new RegistryClient(engine.registryUrl, engine.adminToken);
    tenant = await createTenant(admin, 'header secrets', 1);
    ingestUrl = `http://127.0.0.1:${engine.apps.get('ingest')?.port}`;
    sql = new Client({ connectionString: process.env.DATABASE_URL });
    await sql.connect();
  }, 180_000);

  afterAll(async () => {
    await engine?.stop();
    await sql?.end();
    await hook?.close();
  }, 60_000);

  const publish = async (type: string) => {
    const response = await fetch(`${ingestUrl}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tenant.projectKeys[0]}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type, data: { n: 1 } }),
    });
    expect(response.status).toBe(202);
    return ((await response.json()) as { messageId: string }).messageId;
  };
  /** Ingest learns endpoints from its own view of `registry`: publish until one reaches the receiver at `path`. */
  const deliverTo = async (type: string, path: string) => {
    const delivered = await eventually(
      async () => {
        await publish(type);
        await sleep(1_000);
        return hook.requests.find((r) => r.path === path);
      },
      (request) => request !== undefined,
      { what: `a delivery to ${path}`, timeoutMs: 30_000 },
    );
    return delivered as ReceivedRequest;
  };
  const rawTopic = async (topic: string) => (await readTopic(engine.brokers, topic, { quietMs: 2_000 })).map((m) => String(m.value)).join('\n');
  const rawTable = async (query: string, params: unknown[]) => JSON.stringify((await sql.query(query, params)).rows);

  it('seals them in the log and the read model, lists names only, sends them, and redacts them in the history', async () => {
    const api = admin.as(tenant.projectKeys[0] as string);
    const headers = { Authorization: BASIC, 'X-Api-Token': TOKEN };
    const created = await api.post<Endpoint>('/v1/endpoints', {
      url: hook.url.replace(/\/webhooks$/, '/sealed'),
      description: 'secret headers',
      eventTypes: ['message.delivered'],
      headers,
    });
    expect(created.status).toBe(201);
    expect(created.body.headers.sort()).toEqual(['Authorization', 'X-Api-Token']);
    const id = created.body.id;
    // A PATCH repeating the current values decides nothing, though the stored values are sealed.
    const same = await api.patch<Endpoint>(`/v1/endpoints/${id}`, { headers });
    expect([same.status, same.body.version]).toEqual([200, 1]);

    const request = await deliverTo('message.delivered', '/sealed');
    expect(request.headers.authorization).toBe(BASIC);
    expect(request.headers['x-api-token']).toBe(TOKEN);
    const messageId = String(request.headers['webhook-id']);

    const detail = await eventually(
      async () => api.get<MessageDetail>(`/v1/messages/${messageId}`),
      (r) => r.status === 200 && (r.body.deliveries[0]?.attemptLog.length ?? 0) > 0,
      { what: 'the attempt in the history', timeoutMs: 30_000 },
    );
    const recorded = detail.body.deliveries[0]?.attemptLog[0]?.requestHeaders ?? {};
    expect(recorded).toMatchObject({ authorization: '[redacted]', 'x-api-token': '[redacted]' });

    const everywhere = [
      JSON.stringify(created.body),
      JSON.stringify(detail.body),
      JSON.stringify((await api.get(`/v1/endpoints/${id}`)).body),
      await rawTopic(engine.topics.registry),
      await rawTopic(engine.topics.deliveryLog),
      await rawTable(`SELECT * FROM endpoints WHERE id = $1`, [id]),
      await rawTable(`SELECT * FROM attempts WHERE endpoint_id = $1`, [id]),
    ].join('\n');
    expect(everywhere).not.toContain(TOKEN);
    expect(everywhere).not.toContain(BASIC.slice('Basic '.length));
  }, 120_000);

  it('still sends clear values of facts written before sealing, and keeps them out of the read models', async () => {
    const projectId = tenant.projectIds[0] as string;
    const endpointId = `${engine.prefix}ep_legacy`;
    const masterKey = parseMasterKey(process.env.HOOKLINE_MASTER_KEY as string);
    const legacy: EndpointCreated = {
      type: 'EndpointCreated',
      v: 1,
      endpointId,
      version: 1,
      at: new Date().toISOString(),
      accountId: tenant.accountId,
      projectId,
      scope: 'project',
      secret: sealSecret(generateEndpointSecret(), masterKey),
      url: hook.url.replace(/\/webhooks$/, '/legacy'),
      description: 'written before issue 11',
      eventTypes: ['message.read'],
      rateLimitPerSecond: null,
      headers: { 'X-Legacy': LEGACY },
      timeoutMs: 10_000,
      retrySchedule: null,
      ordering: 'unordered',
      legacySignatureHeader: 'x-webhook-signature',
    };
    await produceFacts(engine.brokers, engine.topics.registry, [{ key: endpointId, fact: legacy }]);
    const api = admin.as(tenant.projectKeys[0] as string);
    const shown = await eventually(
      async () => api.get<Endpoint>(`/v1/endpoints/${endpointId}`),
      (r) => r.status === 200,
      {
        what: 'the legacy endpoint projected',
        timeoutMs: 30_000,
      },
    );
    expect(shown.body.headers).toEqual(['X-Legacy']);
    const row = await sql.query(`SELECT headers FROM endpoints WHERE id = $1`, [endpointId]);
    expect(row.rows[0].headers).toEqual({ 'X-Legacy': { withheld: true } });

    // The dispatcher folds the facts themselves, so the old clear value is still sent.
    expect((await deliverTo('message.read', '/legacy')).headers['x-legacy']).toBe(LEGACY);

    // An attempt fact written before custom values were redacted is redacted by the projection.
    const messageId = `${engine.prefix}msg_legacy`;
    const accepted: MessageAccepted = {
      type: 'MessageAccepted',
      v: 1,
      messageId,
      eventId: 'evt_legacy',
      eventType: 'message.read',
      projectId,
      data: {},
      createdAt: 1,
      acceptedAt: new Date().toISOString(),
      endpointIds: [endpointId],
      traceparent: null,
    };
    const attempt: AttemptSucceeded = {
      type: 'AttemptSucceeded',
      v: 1,
      messageId,
      endpointId,
      attempt: 1,
      at: new Date().toISOString(),
      durationMs: 3,
      url: legacy.url,
      requestHeaders: { 'x-legacy': LEGACY, 'webhook-id': messageId, 'webhook-signature': '[redacted]' },
      statusCode: 204,
      responseBodyPrefix: null,
      traceId: null,
    };
    await produceFacts(engine.brokers, engine.topics.deliveryLog, [
      { key: projectId, fact: accepted },
      { key: endpointId, fact: attempt },
    ]);
    const projected = await eventually(
      async () => (await sql.query(`SELECT request_headers FROM attempts WHERE message_id = $1`, [messageId])).rows,
      (rows) => rows.length === 1,
      { what: 'the legacy attempt projected', timeoutMs: 30_000 },
    );
    expect(projected[0].request_headers).toEqual({ 'x-legacy': '[redacted]', 'webhook-id': messageId, 'webhook-signature': '[redacted]' });
  }, 120_000);
});
