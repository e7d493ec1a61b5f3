import type { DeadLetter, MessageAccepted } from '@hookline/contracts';
import {
  createTenant,
  eventually,
  jsonValues,
  produceEvents,
  readTopic,
  RegistryClient,
  type RunningEngine,
  startEngine,
  startWebhookReceiver,
  type TenantFixture,
  type WebhookReceiver,
} from '@hookline/testing';

interface Created {
  id: string;
}

describe('ingest: validation, matching, dedupe and the HTTP door', () => {
  let engine: RunningEngine;
  let receiver: WebhookReceiver;
  let admin: RegistryClient;
  let tenant: TenantFixture;
  let ingestUrl: string;

  const endpoint = async (client: RegistryClient, body: Record<string, unknown>): Promise<string> => {
    const response = await client.post<Created>('/v1/endpoints', { description: 'ingest test', ...body });
    if (response.status !== 201) throw new Error(`endpoint: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body.id;
  };
  const deliveredTo = (tag: string) =>
    receiver.requests.filter((r) => r.path.endsWith(`to=${tag}`)).map((r) => JSON.parse(r.body) as { type: string; data: { object: { n?: number } } });

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    engine = await startEngine({ HOOKLINE_MAX_EVENT_BYTES: '2048' });
    admin = new RegistryClient(engine.registryUrl, engine.adminToken);
    tenant = await createTenant(admin, 'Ingest Co', 2);
    ingestUrl = `http://127.0.0.1:${engine.apps.get('ingest')?.port}`;
  }, 180_000);

  afterAll(async () => {
    await engine?.stop();
    await receiver?.close();
  }, 60_000);

  it('dead-letters each kind of bad input with its reason and bytes, delivering the valid events around it in order', async () => {
    const accountApi = new RegistryClient(engine.registryUrl, tenant.accountKey);
    const typeCreated = await accountApi.post('/v1/event-types', {
      name: 'order.paid',
      description: 'an order was paid',
      schema: { type: 'object', required: ['n', 'amount'], properties: { amount: { type: 'number' } } },
    });
    expect(typeCreated.status).toBe(201);
    const projectId = tenant.projectIds[0] as string;
    await endpoint(new RegistryClient(engine.registryUrl, tenant.projectKeys[0] as string), {
      url: `${receiver.url}?to=ordered`,
      eventTypes: ['order.paid', 'message.*'],
      ordering: 'fifo',
    });

    const valid = (n: number) => JSON.stringify({ id: `ord_${n}`, type: 'order.paid', projectId, data: { n, amount: n * 10 } });
    const bad: Array<[string, string]> = [
      ['{"type": "order.paid", "projectId"', 'not_json'],
      [JSON.stringify({ projectId, data: {} }), 'missing_type'],
      [JSON.stringify({ type: 'order.refunded', projectId, data: {} }), 'unknown_event_type'],
      [JSON.stringify({ type: 'order.paid', projectId, data: { n: 0, amount: 'lots' } }), 'schema_mismatch'],
      [JSON.stringify({ type: 'order.paid', projectId, data: { n: 0, amount: 1, pad: 'x'.repeat(3000) } }), 'payload_too_large'],
    ];
    const sequence = [valid(1), ...bad.flatMap(([value], i) => [value, valid(i + 2)])];
    // One key, so one partition: the order ingest sees is the order produced.
    await produceEvents(
      engine.brokers,
      engine.topics.events,
      sequence.map((value) => ({ key: projectId, value, headers: { origin: 'test' } })),
    );

    await receiver.waitForRequests(6);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(deliveredTo('ordered').map((body) => body.data.object.n)).toEqual([1, 2, 3, 4, 5, 6]);

    const letters = jsonValues<DeadLetter>(await readTopic(engine.brokers, engine.topics.deadLetter, { expected: 5 }));
    expect(letters.map((letter) => letter.reason)).toEqual(bad.map(([, reason]) => reason));
    letters.forEach((letter, i) => {
      expect(Buffer.from(letter.value ?? '', 'base64').toString('utf8')).toBe(bad[i]?.[0]);
      expect(letter.source?.topic).toBe(engine.topics.events);
      expect(letter.headers).toEqual({ origin: 'test' });
    });
  });

  it('matches direct endpoints of the project and partner endpoints of its account, with wildcards', async () => {
    const [projectA, projectB] = tenant.projectIds as [string, string];
    const accountApi = new RegistryClient(engine.registryUrl, tenant.accountKey);
    await endpoint(accountApi, { url: `${receiver.url}?to=partner`, eventTypes: ['*'], scope: 'account' });
    await endpoint(accountApi, { url: `${receiver.url}?to=directA`, eventTypes: ['message.*'], projectId: projectA });
    await endpoint(accountApi, { url: `${receiver.url}?to=directB`, eventTypes: ['message.read'], projectId: projectB });
    const before = receiver.requests.length;

    const event = (id: string, type: string, projectId: string) => ({ key: projectId, value: JSON.stringify({ id, type, projectId, data: {} }) });
    await produceEvents(engine.brokers, engine.topics.events, [
      event('m1', 'message.read', projectA), // partner + directA (+ the fifo endpoint of project A from the first test)
      event('m2', 'message.read', projectB), // partner + directB
      event('m3', 'message.sent', projectB), // partner only
      event('m4', 'form.submitted', projectA), // partner only
    ]);
    await receiver.waitForRequests(before + 7);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const ids = (tag: string) =>
      deliveredTo(tag)
        .map((body) => (body as unknown as { project_id: string; type: string }).type)
        .sort();
    expect(ids('partner')).toEqual(['form.submitted', 'message.read', 'message.read', 'message.sent']);
    expect(ids('directA')).toEqual(['message.read']);
    expect(ids('directB')).toEqual(['message.read']);
  });

  it('turns the same (projectId, id) into one message, however it arrives', async () => {
    const [projectA, projectB] = tenant.projectIds as [string, string];
    const same = (projectId: string) => ({ key: projectId, value: JSON.stringify({ id: 'dup_1', type: 'message.failed', projectId, data: {} }) });
    await produceEvents(engine.brokers, engine.topics.events, [same(projectA), same(projectA)]);
    await produceEvents(engine.brokers, engine.topics.events, [{ ...same(projectA), key: 'another-key' }, same(projectB)]);
    const http = await fetch(`${ingestUrl}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tenant.projectKeys[0]}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'dup_1', type: 'message.failed', data: {} }),
    });
    expect(http.status).toBe(202);

    const accepted = jsonValues<MessageAccepted>(await readTopic(engine.brokers, engine.topics.deliveryLog, { quietMs: 4_000 })).filter(
      (fact) => fact.type === 'MessageAccepted' && fact.eventId === 'dup_1',
    );
    expect(accepted.map((fact) => fact.projectId).sort()).toEqual([projectA, projectB].sort());
    const { messageId } = (await http.json()) as { messageId: string };
    expect(accepted.find((fact) => fact.projectId === projectA)?.messageId).toBe(messageId);
  });

  it("writes an HTTP event's fan-out itself, and makes one message of concurrent requests with one id", async () => {
    const projectApi = new RegistryClient(engine.registryUrl, tenant.projectKeys[0] as string);
    const directId = await endpoint(projectApi, { url: `${receiver.url}?to=door`, eventTypes: ['message.sent'] });
    const post = async () => {
      const response = await fetch(`${ingestUrl}/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tenant.projectKeys[0]}`, 'content-type': 'application/json' },
        body: JSON.stringify({ id: 'door_burst', type: 'message.sent', data: { n: 1 } }),
      });
      return {
        status: response.status,
        retryAfter: response.headers.get('retry-after'),
        body: (await response.json()) as { messageId?: string; error?: { code: string } },
      };
    };
    // Twenty at once: one wins its claim; the others meet it pending (409, retry) or confirmed (202, same message).
    const answers = await Promise.all(Array.from({ length: 20 }, post));
    for (const answer of answers) {
      if (answer.status === 409) expect(answer).toMatchObject({ retryAfter: '1', body: { error: { code: 'publish_in_progress' } } });
      else expect(answer.status).toBe(202);
    }
    const accepted = answers.filter((a) => a.status === 202);
    expect(accepted.length).toBeGreaterThan(0);
    const messageId = accepted[0]?.body.messageId;
    for (const answer of accepted) expect(answer.body.messageId).toBe(messageId);
    // A retry once the first is committed is a duplicate of it.
    await eventually(post, (answer) => answer.status === 202, { what: 'a retry answered 202', timeoutMs: 10_000 });

    await eventually(
      async () => deliveredTo('door').length,
      (n) => n >= 1,
      { what: 'the door event delivered', timeoutMs: 30_000 },
    );
    const facts = jsonValues<MessageAccepted>(await readTopic(engine.brokers, engine.topics.deliveryLog, { quietMs: 2_000 })).filter(
      (fact) => fact.type === 'MessageAccepted' && fact.eventId === 'door_burst',
    );
    expect(facts.map((fact) => fact.messageId)).toEqual([messageId]);
    expect(deliveredTo('door')).toHaveLength(1);
    expect(receiver.requests.find((r) => r.path.endsWith('to=door'))?.headers['webhook-id']).toBe(messageId);
    // No hop through the input topic: the door wrote the jobs and the fact itself.
    const inputs = await readTopic(engine.brokers, engine.topics.events, { quietMs: 1_000 });
    expect(inputs.filter((record) => record.value?.toString('utf8').includes('door_burst'))).toEqual([]);
    expect((await projectApi.delete(`/v1/endpoints/${directId}`)).status).toBe(204);
  });

  it('answers the HTTP door with the same checks and codes as the Kafka door', async () => {
    const post = async (key: string, body: string) => {
      const response = await fetch(`${ingestUrl}/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body,
      });
      return { status: response.status, body: (await response.json()) as { messageId?: string; error?: { code: string } } };
    };
    const [projectKey, otherProjectKey] = tenant.projectKeys as [string, string];
    const event = JSON.stringify({ id: 'http_1', type: 'message.read', data: { a: 1 } });

    const first = await post(projectKey, event);
    expect(first).toMatchObject({ status: 202, body: { messageId: expect.stringMatching(/^msg_/) } });
    expect((await post(projectKey, event)).body.messageId).toBe(first.body.messageId);
    expect((await post(otherProjectKey, event)).body.messageId).not.toBe(first.body.messageId);

    expect((await post('hk_proj_nope', event)).status).toBe(401);
    expect(await post(tenant.accountKey, event)).toMatchObject({ status: 422, body: { error: { code: 'project_required' } } });
    expect(await post(tenant.accountKey, JSON.stringify({ type: 'message.read', projectId: 'proj_foreign', data: {} }))).toMatchObject({
      status: 404,
      body: { error: { code: 'unknown_project' } },
    });
    expect(await post(projectKey, '{oops')).toMatchObject({ status: 400, body: { error: { code: 'not_json' } } });
    expect(await post(projectKey, JSON.stringify({ type: 'nope.nope', data: {} }))).toMatchObject({
      status: 422,
      body: { error: { code: 'unknown_event_type' } },
    });
    expect(await post(projectKey, JSON.stringify({ type: 'message.read', data: { pad: 'x'.repeat(5000) } }))).toMatchObject({
      status: 413,
      body: { error: { code: 'payload_too_large' } },
    });
  });

  it('accepts at once a key, an event type and an endpoint the registry acknowledged just before the request', async () => {
    const projectId = tenant.projectIds[1] as string;
    for (let round = 1; round <= 5; round++) {
      // Each round: a new event type with an endpoint for it, then a new key, and the event with that key right away.
      const type = `fresh.r${round}`;
      const typeCreated = await new RegistryClient(engine.registryUrl, tenant.accountKey).post('/v1/event-types', {
        name: type,
        description: 'registered just now',
      });
      expect(typeCreated.status).toBe(201);
      await endpoint(new RegistryClient(engine.registryUrl, tenant.projectKeys[1] as string), { url: `${receiver.url}?to=fresh${round}`, eventTypes: [type] });
      const key = await admin.post<{ key: string }>('/v1/api-keys', { projectId });
      expect(key.status).toBe(201);
      const published = await fetch(`${ingestUrl}/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key.body.key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ id: `fresh_${round}`, type, data: { round } }),
      });
      expect({ round, status: published.status, body: await published.text() }).toMatchObject({ round, status: 202 });
    }
    // Every event reached the endpoint created for it just before: none was fanned out on a view that missed it.
    await eventually(
      async () => [1, 2, 3, 4, 5].map((round) => deliveredTo(`fresh${round}`).length),
      (counts) => counts.every((n) => n === 1),
      { timeoutMs: 30_000, what: 'one delivery to each fresh endpoint' },
    );
  });

  it('commits a fetched batch whose fan-out is larger than one Kafka request, in bounded chunks', async () => {
    const projectId = tenant.projectIds[1] as string;
    // With ingest down, ~1.9 MB piles up on one partition; on restart it fetches ~1 MB at once, and
    // its output (jobs + MessageAccepted, each carrying the payload) is over the broker's 1 MiB request limit.
    await engine.crash('ingest');
    const pad = 'y'.repeat(1_800);
    const events = Array.from({ length: 1_000 }, (_, n) => ({
      key: 'one-partition',
      value: JSON.stringify({ id: `big_${n}`, type: 'message.read', projectId, data: { n, pad } }),
    }));
    for (let start = 0; start < events.length; start += 250) {
      await produceEvents(engine.brokers, engine.topics.events, events.slice(start, start + 250));
    }
    await engine.restart('ingest');
    // The restarted member waits out the killed one's session before it owns the partition.
    const accepted = await eventually(
      async () =>
        jsonValues<MessageAccepted>(await readTopic(engine.brokers, engine.topics.deliveryLog, { quietMs: 1_000 })).filter(
          (fact) => fact.type === 'MessageAccepted' && fact.eventId.startsWith('big_'),
        ),
      (facts) => facts.length >= 1_000,
      { timeoutMs: 120_000, intervalMs: 1_000, what: '1,000 large events accepted' },
    );
    expect(new Set(accepted.map((fact) => fact.eventId)).size).toBe(1_000);
    expect(accepted).toHaveLength(1_000);
  }, 180_000);
});
