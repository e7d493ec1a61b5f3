import { Webhook as StandardWebhook } from 'standardwebhooks';
import {
  createTenant,
  eventually,
  type ReceivedRequest,
  RegistryClient,
  type RunningEngine,
  startEngine,
  startWebhookReceiver,
  type TenantFixture,
  type WebhookReceiver,
} from '@hookline/testing';

interface ApiError {
  error: { code: string; message: string };
}
interface Delivery {
  messageId: string;
  status: string;
  attempts: number;
  eventType: string;
}
interface MessageDetail {
  deliveries: Array<{ endpointId: string; status: string; attemptLog: Array<{ attempt: number; outcome: string }> }>;
}

const idOf = (request: ReceivedRequest) => request.headers['webhook-id'] as string;
const objectOf = (request: ReceivedRequest) => (JSON.parse(request.body) as { data: { object: Record<string, unknown> } }).data.object;

describe('operations: test events, resend and recover through the pipeline; dispatcher metrics', () => {
  let engine: RunningEngine;
  let admin: RegistryClient;
  let tenant: TenantFixture;
  let api: RegistryClient;
  let receiver: WebhookReceiver;
  /** Messages whose data says `fail: true` get 500 until the receiver "recovers". */
  let receiverRecovered = false;
  let endpointId: string;

  const deliveries = async (id: string) => (await api.get<{ data: Delivery[] }>(`/v1/endpoints/${id}/messages?limit=250`)).body.data;
  const statuses = async (id: string, messageIds: readonly string[]) => {
    const byId = new Map((await deliveries(id)).map((d) => [d.messageId, d.status]));
    return messageIds.map((m) => byId.get(m) ?? 'absent');
  };
  const received = (messageId: string) => receiver.requests.filter((r) => idOf(r) === messageId);

  /** Publishes through ingest's HTTP door; its registry view may need a moment to know the fresh key. */
  const publish = async (data: Record<string, unknown>): Promise<string> => {
    const ingest = `http://127.0.0.1:${engine.apps.get('ingest')?.port}/v1/events`;
    const response = await eventually(
      async () => {
        const answer = await fetch(ingest, {
          method: 'POST',
          headers: { authorization: `Bearer ${tenant.projectKeys[0]}`, 'content-type': 'application/json' },
          body: JSON.stringify({ type: 'message.delivered', data }),
        });
        return { status: answer.status, body: (await answer.json()) as { messageId: string } };
      },
      (r) => r.status !== 401,
      { what: 'ingest knows the project key' },
    );
    expect(response.status).toBe(202);
    return response.body.messageId;
  };

  beforeAll(async () => {
    engine = await startEngine();
    admin = new RegistryClient(engine.registryUrl, engine.adminToken);
    tenant = await createTenant(admin, 'operations');
    api = admin.as(tenant.projectKeys[0] as string);
    receiver = await startWebhookReceiver((request) =>
      objectOf(request).fail === true && !receiverRecovered ? { status: 500, body: 'down' } : { status: 200, body: 'ok' },
    );
    const created = await api.post<{ id: string }>('/v1/endpoints', {
      url: receiver.url,
      description: 'operations',
      eventTypes: ['message.delivered', 'message.read'],
      // Two attempts, then exhausted: 1 s apart (a tier the engine provisions).
      retrySchedule: ['1s'],
    });
    expect(created.status).toBe(201);
    endpointId = created.body.id;
  }, 180_000);

  afterAll(async () => {
    await engine?.stop();
    await receiver?.close();
  }, 60_000);

  it('delivers a signed test event that shows in the endpoint history', async () => {
    const secret = (await api.get<{ key: string }>(`/v1/endpoints/${endpointId}/secret`)).body.key;
    const sent = await api.post<{ messageId: string }>(`/v1/endpoints/${endpointId}/test`);
    expect(sent.status).toBe(202);
    const chosen = await api.post<{ messageId: string }>(`/v1/endpoints/${endpointId}/test`, { eventType: 'message.read', data: { hello: 'world' } });
    expect(chosen.status).toBe(202);

    await eventually(
      async () => received(sent.body.messageId).length + received(chosen.body.messageId).length,
      (n) => n >= 2,
      {
        what: 'both test events received',
      },
    );
    const [first] = received(sent.body.messageId);
    const [second] = received(chosen.body.messageId);
    if (first === undefined || second === undefined) throw new Error('test events missing');
    const envelope = new StandardWebhook(secret).verify(first.body, first.headers as Record<string, string>) as { type: string; project_id: string };
    expect(envelope).toMatchObject({ type: 'message.delivered', project_id: tenant.projectIds[0] }); // first exact subscription
    expect(new StandardWebhook(secret).verify(second.body, second.headers as Record<string, string>)).toMatchObject({
      type: 'message.read',
      data: { object: { hello: 'world' } },
    });

    const listed = await eventually(
      () => statuses(endpointId, [sent.body.messageId, chosen.body.messageId]),
      (s) => s.every((status) => status === 'succeeded'),
      { what: 'test messages succeeded in the history' },
    );
    expect(listed).toEqual(['succeeded', 'succeeded']);
  });

  it('recovers exactly the failed messages of the window, then resends one outside it after the receiver recovers', async () => {
    const since = new Date(Date.now() - 1_000).toISOString();
    const inWindow = [await publish({ seq: 1, fail: true }), await publish({ seq: 2, fail: true })];
    const fine = await publish({ seq: 3 });
    await eventually(
      () => statuses(endpointId, [...inWindow, fine]),
      (s) => s.join() === 'exhausted,exhausted,succeeded',
      {
        what: 'window messages settled',
      },
    );
    const until = new Date().toISOString(); // every window message is already accepted (and projected)
    const outside = await publish({ seq: 4, fail: true });
    await eventually(
      () => statuses(endpointId, [outside]),
      (s) => s[0] === 'exhausted',
      { what: 'outside message exhausted' },
    );
    expect(received(outside)).toHaveLength(2);

    receiverRecovered = true;
    const recovered = await api.post<{ queued: number; nextSince: string | null }>(`/v1/endpoints/${endpointId}/recover`, { since, until });
    expect(recovered.status).toBe(202);
    expect(recovered.body).toEqual({ queued: 2, nextSince: null });
    await eventually(
      () => statuses(endpointId, inWindow),
      (s) => s.every((status) => status === 'succeeded'),
      { what: 'recovered' },
    );
    for (const messageId of inWindow) expect(received(messageId).map(idOf)).toEqual([messageId, messageId, messageId]);
    expect(received(fine)).toHaveLength(1);
    expect(await statuses(endpointId, [outside])).toEqual(['exhausted']);

    const resent = await api.post<{ messageId: string }>(`/v1/endpoints/${endpointId}/messages/${outside}/resend`);
    expect([resent.status, resent.body.messageId]).toEqual([202, outside]);
    await eventually(
      () => statuses(endpointId, [outside]),
      (s) => s[0] === 'succeeded',
      { what: 'resent message succeeded' },
    );
    expect(received(outside).map(idOf)).toEqual([outside, outside, outside]);
    const detail = (await api.get<MessageDetail>(`/v1/messages/${outside}`)).body;
    const attempts = detail.deliveries.find((d) => d.endpointId === endpointId)?.attemptLog.map((a) => [a.attempt, a.outcome]);
    // Schedule ['1s']: attempts 1 and 2 are automatic, so the operator's attempt is 3 and collides with none.
    expect(attempts).toEqual([
      [1, 'failed'],
      [2, 'failed'],
      [3, 'succeeded'],
    ]);
  }, 120_000);

  it('answers 404 to another tenant and to unknown ids, and names every validation error', async () => {
    const other = await createTenant(admin, 'operations intruder');
    const intruder = admin.as(other.projectKeys[0] as string);
    const messageId = (await deliveries(endpointId))[0]?.messageId as string;
    for (const client of [intruder, admin.as(other.accountKey)]) {
      const answers = [
        await client.post<ApiError>(`/v1/endpoints/${endpointId}/test`, {}),
        await client.post<ApiError>(`/v1/endpoints/${endpointId}/messages/${messageId}/resend`),
        await client.post<ApiError>(`/v1/endpoints/${endpointId}/recover`, { since: new Date(Date.now() - 60_000).toISOString() }),
      ];
      expect(answers.map((a) => [a.status, a.body.error.code])).toEqual(Array(3).fill([404, 'endpoint_not_found']));
    }
    expect((await api.post<ApiError>('/v1/endpoints/ep_unknown/test')).status).toBe(404);
    const unknownMessage = await api.post<ApiError>(`/v1/endpoints/${endpointId}/messages/msg_unknown/resend`);
    expect([unknownMessage.status, unknownMessage.body.error.code]).toEqual([404, 'message_not_found']);

    const day = 86_400_000;
    const cases: Array<[string, unknown, string]> = [
      ['test', { eventType: 'form.submitted' }, 'event_type_not_subscribed'],
      ['test', { eventType: 'no.such_type' }, 'unknown_event_type'],
      ['test', { data: 'text' }, 'invalid_field'],
      ['recover', {}, 'invalid_field'],
      ['recover', { since: 'last tuesday' }, 'invalid_time'],
      ['recover', { since: new Date().toISOString(), until: new Date(Date.now() - day).toISOString() }, 'invalid_time_range'],
      ['recover', { since: new Date(Date.now() - 20 * day).toISOString() }, 'recover_window_too_long'],
      ['recover', { since: new Date(Date.now() - 40 * day).toISOString(), until: new Date(Date.now() - 39 * day).toISOString() }, 'since_before_retention'],
    ];
    for (const [route, body, code] of cases) {
      const answer = await api.post<ApiError>(`/v1/endpoints/${endpointId}/${route}`, body);
      expect([route, answer.status, answer.body.error.code]).toEqual([route, 422, code]);
    }

    const paused = await api.post<{ id: string }>('/v1/endpoints', { url: receiver.url, description: 'paused', eventTypes: ['message.*'] });
    expect((await api.post(`/v1/endpoints/${paused.body.id}/disable`)).status).toBe(200);
    const disabled = await api.post<ApiError>(`/v1/endpoints/${paused.body.id}/test`);
    expect([disabled.status, disabled.body.error.code]).toEqual([409, 'endpoint_disabled']);
  });

  it("shows deliveries by outcome, attempt latency, retries and failing endpoints on the dispatcher's /metrics", async () => {
    const scrape = async () => (await fetch(`http://127.0.0.1:${engine.apps.get('dispatcher')?.port}/metrics`)).text();
    const valueIn = (text: string, name: string, labels = '') => {
      const match = new RegExp(`^${name}(?:\\{[^}\\n]*${labels}[^}\\n]*\\})? ([0-9.e+]+)$`, 'm').exec(text);
      return match === null ? undefined : Number(match[1]);
    };
    // The gauge follows the dispatcher's registry view, which learns of the disable above through Kafka.
    const text = await eventually(scrape, (t) => (valueIn(t, 'hookline_dispatcher_endpoints_disabled') ?? 0) >= 1, { what: 'disabled gauge' });
    const value = (name: string, labels = '') => valueIn(text, name, labels);
    expect(value('hookline_dispatcher_deliveries_total', 'outcome="succeeded"')).toBeGreaterThanOrEqual(1);
    expect(value('hookline_dispatcher_deliveries_total', 'outcome="exhausted"')).toBeGreaterThanOrEqual(1);
    expect(value('hookline_dispatcher_attempt_duration_ms_count', 'outcome="succeeded"')).toBeGreaterThanOrEqual(1);
    expect(value('hookline_dispatcher_end_to_end_latency_ms_count')).toBeGreaterThanOrEqual(1);
    expect(value('hookline_dispatcher_retries_scheduled_total', 'tier="1s"')).toBeGreaterThanOrEqual(1);
    expect(value('hookline_dispatcher_endpoints_failing')).toBeDefined();
  });
});
