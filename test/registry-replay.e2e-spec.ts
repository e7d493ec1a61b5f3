import { setTimeout as sleep } from 'node:timers/promises';
import { Webhook } from 'standardwebhooks';
import type { DataSource } from 'typeorm';
import { buildDeliveryRequest, hashApiKey, openHeaders, openSecret, parseMasterKey, signingSecrets } from '@hookline/domain';
import { createKafka, KafkaAdmin, RegistryTail } from '@hookline/kafka';
import { createDataSource, projectedPast } from '@hookline/persistence';
import { loadRegistrySnapshot } from '@hookline/persistence/queries';
import {
  createScratchDatabase,
  createTenant,
  eventually,
  RegistryClient,
  type RunningEngine,
  type ScratchDatabase,
  startEngine,
  type TenantFixture,
} from '@hookline/testing';

interface Endpoint {
  id: string;
  version: number;
  status: string;
}

/**
 * The registry topic is the truth: the in-memory view (ingest, dispatcher) and
 * the Postgres projection fold it to the same state, and a projector replaying
 * it into an empty database rebuilds the same endpoints, versions and states.
 * Runs on its own database so whole tables can be compared.
 */
describe('registry: view, projection and replay agree', () => {
  let engine: RunningEngine;
  let database: ScratchDatabase;
  let db: DataSource;
  let admin: RegistryClient;
  let a: TenantFixture;
  let b: TenantFixture;
  let tail: RegistryTail;
  const masterKey = parseMasterKey(process.env.HOOKLINE_MASTER_KEY ?? '');
  const hook = 'https://hooks.example.com/in';

  beforeAll(async () => {
    database = await createScratchDatabase();
    db = await createDataSource({ databaseUrl: database.url, poolSize: 2 }).initialize();
    engine = await startEngine({ DATABASE_URL: database.url }, ['registry', 'projector']);
    admin = new RegistryClient(engine.registryUrl, engine.adminToken);
    [a, b] = await Promise.all([createTenant(admin, 'a', 2), createTenant(admin, 'b', 1)]);
    await writeHistory();
    tail = new RegistryTail(createKafka({ brokers: engine.brokers, clientId: 'replay-test' }), engine.topics.registry, 'replay-test');
    await tail.start();
  }, 240_000);

  afterAll(async () => {
    await tail?.stop();
    await engine?.stop();
    await db?.destroy();
    await database?.drop();
  }, 60_000);

  /** Every kind of registry fact, on several aggregates and both registry partitions. */
  async function writeHistory(): Promise<void> {
    const ok = async <T>(call: Promise<{ status: number; body: T }>) => {
      const { status, body } = await call;
      if (status >= 300) throw new Error(`${status}: ${JSON.stringify(body)}`);
      return body;
    };
    const accountA = admin.as(a.accountKey);
    await ok(accountA.post('/v1/event-types', { name: 'order.paid', description: 'paid', schema: { type: 'object' } }));
    await ok(admin.post('/v1/event-types', { name: 'billing.invoice', description: 'global' }));
    const revoked = await ok(accountA.post<{ id: string }>('/v1/api-keys', { projectId: a.projectIds[1] }));
    await ok(accountA.delete(`/v1/api-keys/${revoked.id}`));
    await ok(accountA.post('/v1/endpoints', { url: hook, description: 'partner', eventTypes: ['*'], scope: 'account' }));
    for (let i = 0; i < 12; i++) {
      const key = [a.projectKeys[0], a.projectKeys[1], b.projectKeys[0]][i % 3] as string;
      const api = admin.as(key);
      const endpoint = await ok(api.post<Endpoint>('/v1/endpoints', { url: hook, description: `e${i}`, eventTypes: ['message.*'] }));
      if (i % 2 === 0) await ok(api.patch(`/v1/endpoints/${endpoint.id}`, { rateLimitPerSecond: 10 + i, headers: { 'x-n': `${i}` } }));
      if (i % 3 === 0) await ok(api.post(`/v1/endpoints/${endpoint.id}/disable`, { reason: 'test' }));
      if (i % 4 === 0) await ok(api.post(`/v1/endpoints/${endpoint.id}/secret/rotate`, { graceSeconds: 3600 }));
      if (i % 5 === 0) await ok(api.post(`/v1/endpoints/${endpoint.id}/secret/rotate`, { graceSeconds: 0 }));
      if (i === 3) await ok(api.post(`/v1/endpoints/${endpoint.id}/enable`));
      if (i === 7) await ok(api.delete(`/v1/endpoints/${endpoint.id}`));
    }
  }

  it('builds the same in-memory view as the Postgres projection', async () => {
    await tail.waitUntilCurrent();
    const projected = await loadRegistrySnapshot(db);
    expect(projected.endpoints).toHaveLength(12); // 11 direct (one deleted) + 1 partner
    expect(projected.apiKeys.some((key) => key.revokedAt !== null)).toBe(true);
    expect(tail.view.snapshot()).toEqual(projected);

    // What ingest and the ingest door will ask the view.
    const view = tail.view;
    expect(view.accountOfProject(a.projectIds[1] as string)).toBe(a.accountId);
    expect(view.apiKeyByHash(hashApiKey(b.projectKeys[0] as string))).toMatchObject({ scope: 'project', projectId: b.projectIds[0] });
    expect(view.apiKeyByHash(hashApiKey('hk_proj_unknown'))).toBeUndefined();
    expect(view.eventType(a.accountId, 'order.paid')?.schema).toEqual({ type: 'object' });
    expect(view.eventType(b.accountId, 'order.paid')).toBeUndefined();
    expect(view.eventType(b.accountId, 'billing.invoice')?.accountId).toBeNull();
    expect(view.eventType(null, 'message.delivered')?.createdAt).toBeNull();
  });

  it('signs with both secrets during a rotation grace period, each signature verifiable with one, and with one after', async () => {
    const api = admin.as(a.projectKeys[0] as string);
    const endpoint = (await api.post<Endpoint>('/v1/endpoints', { url: hook, description: 'rotation', eventTypes: ['message.read'] })).body;
    const oldSecret = (await api.get<{ key: string }>(`/v1/endpoints/${endpoint.id}/secret`)).body.key;
    const graceSeconds = 4;
    expect((await api.post(`/v1/endpoints/${endpoint.id}/secret/rotate`, { graceSeconds })).status).toBe(200);
    const newSecret = (await api.get<{ key: string }>(`/v1/endpoints/${endpoint.id}/secret`)).body.key;
    expect(newSecret).not.toBe(oldSecret);
    await tail.waitUntilCurrent();

    const sign = () => {
      const state = tail.view.endpoint(endpoint.id);
      if (state === undefined) throw new Error('endpoint not in the view');
      const now = new Date();
      return buildDeliveryRequest({
        job: {
          v: 1,
          messageId: 'msg_rotation',
          endpointId: endpoint.id,
          attempt: 1,
          eventType: 'message.read',
          projectId: a.projectIds[0] as string,
          data: { n: 1 },
          createdAt: Math.floor(now.getTime() / 1000),
          dueAt: null,
          traceparent: null,
        },
        secrets: signingSecrets(state, now).map((sealed) => openSecret(sealed, masterKey)),
        legacySignatureHeader: state.legacySignatureHeader,
        customHeaders: openHeaders(state.headers, masterKey),
        userAgent: 'Hookline/test',
        traceparent: null,
        now,
      });
    };
    const verifies = (secret: string, request: { body: string; headers: Record<string, string> }, signature: string) => {
      try {
        new Webhook(secret).verify(request.body, { ...request.headers, 'webhook-signature': signature });
        return true;
      } catch {
        return false; // the library throws on a mismatch; that is the answer here, not an error
      }
    };

    const during = sign();
    const signatures = during.headers['webhook-signature']?.split(' ') ?? [];
    expect(signatures).toHaveLength(2);
    const [first, second] = signatures as [string, string];
    expect([verifies(newSecret, during, first), verifies(oldSecret, during, first)]).toEqual([true, false]);
    expect([verifies(newSecret, during, second), verifies(oldSecret, during, second)]).toEqual([false, true]);
    expect(new Webhook(oldSecret).verify(during.body, during.headers)).toMatchObject({ id: 'msg_rotation' });

    await sleep(graceSeconds * 1000 + 500);
    const after = sign();
    const single = after.headers['webhook-signature'] ?? '';
    expect(single.split(' ')).toHaveLength(1);
    expect([verifies(newSecret, after, single), verifies(oldSecret, after, single)]).toEqual([true, false]);
  });

  it('rebuilds the same endpoints, versions and states when a projector replays the topic into an empty database', async () => {
    await tail.waitUntilCurrent();
    const before = await loadRegistrySnapshot(db);
    const listedBefore = await listAll(admin);
    expect(listedBefore.length).toBe(before.endpoints.length);
    await engine.stop();

    // An empty Postgres, and a projector group that has never committed an offset.
    const empty = await createScratchDatabase();
    const kafkaAdmin = new KafkaAdmin(createKafka({ brokers: engine.brokers, clientId: 'replay-test-admin' }));
    try {
      await kafkaAdmin.deleteGroups([`${engine.prefix}projector`, `${engine.prefix}projector-registry`]);
      const ends = [...(await kafkaAdmin.endOffsets(engine.topics.registry))].map(([partition, high]) => ({ partition, high: high.toString() }));
      const replayed = await startEngine({ DATABASE_URL: empty.url, HOOKLINE_TOPIC_PREFIX: engine.prefix }, ['registry', 'projector']);
      const rebuilt = await createDataSource({ databaseUrl: empty.url, poolSize: 2 }).initialize();
      try {
        const caughtUp = async () => {
          const passed = await Promise.all(
            ends.map((end) => end.high === '0' || projectedPast(rebuilt.manager, engine.topics.registry, end.partition, String(BigInt(end.high) - 1n))),
          );
          return passed.every(Boolean);
        };
        await eventually(caughtUp, (done) => done, { what: 'the replay to reach the end of the registry topic', timeoutMs: 90_000 });
        expect(await loadRegistrySnapshot(rebuilt)).toEqual(before);
        const replayedAdmin = new RegistryClient(replayed.registryUrl, engine.adminToken);
        expect(await listAll(replayedAdmin)).toEqual(listedBefore);
        // Keys live in the registry topic too: a tenant key works against the rebuilt database.
        expect((await replayedAdmin.as(a.projectKeys[0] as string).get('/v1/endpoints')).status).toBe(200);
      } finally {
        await rebuilt.destroy();
        await replayed.stop();
        await empty.drop();
      }
    } finally {
      await kafkaAdmin.disconnect();
    }
  }, 180_000);
});

async function listAll(api: RegistryClient): Promise<Endpoint[]> {
  const all: Endpoint[] = [];
  let cursor: string | null = '';
  while (cursor !== null) {
    const page: { body: { data: Endpoint[]; nextCursor: string | null } } = await api.get(`/v1/endpoints?limit=7&cursor=${cursor}`);
    all.push(...page.body.data);
    cursor = page.body.nextCursor;
  }
  return all;
}
