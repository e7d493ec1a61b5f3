import { createTenant, RegistryClient, type RunningEngine, startEngine, type TenantFixture } from '@hookline/testing';

interface Endpoint {
  id: string;
  url: string;
  status: string;
  version: number;
  scope: string;
  projectId: string | null;
  accountId: string | null;
  headers: string[];
  previousSecretExpiresAt: string | null;
}
interface Page<T> {
  data: T[];
  nextCursor: string | null;
}
interface ApiError {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

const HOOK = 'https://hooks.example.com/in';

/** The registry and projector as real processes; every call over HTTP with real keys. */
describe('registry API', () => {
  let engine: RunningEngine;
  let admin: RegistryClient;
  let a: TenantFixture; // two projects
  let b: TenantFixture;

  beforeAll(async () => {
    engine = await startEngine({}, ['registry', 'projector']);
    admin = new RegistryClient(engine.registryUrl, engine.adminToken);
    [a, b] = await Promise.all([createTenant(admin, 'tenant a', 2), createTenant(admin, 'tenant b', 1)]);
  }, 180_000);

  afterAll(async () => {
    await engine?.stop();
  }, 60_000);

  const asKey = (key: string) => admin.as(key);
  const endpointBody = (overrides: Record<string, unknown> = {}) => ({
    url: HOOK,
    description: 'orders',
    eventTypes: ['message.delivered'],
    ...overrides,
  });
  async function createEndpoint(key: string, overrides: Record<string, unknown> = {}): Promise<Endpoint> {
    const response = await asKey(key).post<Endpoint>('/v1/endpoints', endpointBody(overrides));
    expect(response.status).toBe(201);
    return response.body;
  }

  describe('tenants and keys', () => {
    it('lets only the admin create accounts, and only with a known token', async () => {
      expect((await admin.as('hk_acc_nope').post('/v1/accounts', { name: 'x' })).status).toBe(401);
      expect((await admin.as('').post('/v1/accounts', { name: 'x' })).status).toBe(401);
      const forbidden = await asKey(a.accountKey).post<ApiError>('/v1/accounts', { name: 'x' });
      expect(forbidden.status).toBe(403);
      expect(forbidden.body.error.code).toBe('forbidden');
      const invalid = await admin.post<ApiError>('/v1/accounts', { name: '' });
      expect([invalid.status, invalid.body.error.code]).toEqual([422, 'name_invalid']);
    });

    it("creates projects with the admin or the account's key; other keys get 404", async () => {
      const own = await asKey(a.accountKey).post<{ id: string; accountId: string }>(`/v1/accounts/${a.accountId}/projects`, { name: 'p' });
      expect(own.status).toBe(201);
      expect(own.body.accountId).toBe(a.accountId);
      for (const key of [b.accountKey, a.projectKeys[0] as string]) {
        const foreign = await asKey(key).post<ApiError>(`/v1/accounts/${a.accountId}/projects`, { name: 'p' });
        expect([foreign.status, foreign.body.error.code]).toEqual([404, 'account_not_found']);
      }
      expect((await admin.post(`/v1/accounts/acc_missing/projects`, { name: 'p' })).status).toBe(404);
    });

    it('issues keys shown once, for visible owners only, and revokes them', async () => {
      const created = await asKey(a.accountKey).post<{ id: string; key: string; scope: string; projectId: string }>('/v1/api-keys', {
        projectId: a.projectIds[1],
        name: 'ci',
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ scope: 'project', projectId: a.projectIds[1] });
      expect(created.body.key).toMatch(/^hk_proj_/);
      expect(JSON.stringify(created.body)).not.toMatch(/hash/i);
      expect((await asKey(created.body.key).get('/v1/endpoints')).status).toBe(200);

      expect((await asKey(b.accountKey).post('/v1/api-keys', { projectId: a.projectIds[1] })).status).toBe(404);
      // A project key issues no keys, not even for its own project (issue 11): a leaked key must not outlive its revocation.
      for (const body of [{ accountId: a.accountId }, { projectId: a.projectIds[0] }]) {
        const refused = await asKey(a.projectKeys[0] as string).post<ApiError>('/v1/api-keys', body);
        expect([refused.status, refused.body.error.code]).toEqual([403, 'forbidden']);
      }
      const both = await admin.post<ApiError>('/v1/api-keys', { accountId: a.accountId, projectId: a.projectIds[0] });
      expect([both.status, both.body.error.code]).toEqual([422, 'owner_required']);

      expect((await asKey(b.accountKey).delete(`/v1/api-keys/${created.body.id}`)).status).toBe(404);
      expect((await asKey(a.accountKey).delete(`/v1/api-keys/${created.body.id}`)).status).toBe(204);
      expect((await asKey(created.body.key).get('/v1/endpoints')).status).toBe(401);
    });
  });

  describe('event types', () => {
    it('knows the WhatsApp-platform types on a fresh deployment', async () => {
      const list = await asKey(b.projectKeys[0] as string).get<Page<{ name: string; origin: string }>>('/v1/event-types');
      const builtIns = list.body.data.filter((t) => t.origin === 'builtin').map((t) => t.name);
      expect(builtIns.sort()).toEqual(
        [
          'message.sent',
          'message.delivered',
          'message.read',
          'message.failed',
          'message.received',
          'message.incoming',
          'message.report',
          'form.submitted',
          'template.status_update',
          'contact.created',
          'contact.updated',
          'campaign.completed',
          'transfer.created',
        ].sort(),
      );
    });

    it("keeps an account's types to that account, and validates name and schema", async () => {
      const schema = { type: 'object', properties: { orderId: { type: 'string' } }, required: ['orderId'] };
      const created = await asKey(a.accountKey).post('/v1/event-types', { name: 'order.paid', description: 'paid', schema });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ name: 'order.paid', origin: 'account', schema });

      const names = async (key: string) => (await asKey(key).get<Page<{ name: string }>>('/v1/event-types')).body.data.map((t) => t.name);
      expect(await names(a.projectKeys[0] as string)).toContain('order.paid');
      expect(await names(b.accountKey)).not.toContain('order.paid');

      // Subscribing needs a type the endpoint's account knows.
      await createEndpoint(a.projectKeys[0] as string, { eventTypes: ['order.paid'] });
      const unknown = await asKey(b.projectKeys[0] as string).post<ApiError>('/v1/endpoints', endpointBody({ eventTypes: ['order.paid'] }));
      expect([unknown.status, unknown.body.error.code]).toEqual([422, 'unknown_event_type']);

      const cases: Array<[Record<string, unknown>, number, string]> = [
        [{ name: 'order.paid', description: 'again' }, 409, 'event_type_exists'],
        [{ name: 'message.read', description: 'built in' }, 409, 'event_type_exists'],
        [{ name: 'Bad Name', description: 'x' }, 422, 'event_type_name_invalid'],
        [{ name: 'order.refunded', description: '' }, 422, 'description_required'],
        [{ name: 'order.refunded', description: 'x', schema: { type: 'not-a-type' } }, 422, 'schema_invalid'],
        [{ name: 'order.refunded', description: 'x', schema: [1] }, 422, 'invalid_field'],
      ];
      for (const [body, status, code] of cases) {
        const response = await asKey(a.accountKey).post<ApiError>('/v1/event-types', body);
        expect([JSON.stringify(body), response.status, response.body.error.code]).toEqual([JSON.stringify(body), status, code]);
      }
    });
  });

  describe('endpoints', () => {
    it('runs the whole lifecycle with read-your-writes', async () => {
      const key = a.projectKeys[0] as string;
      const api = asKey(key);
      const created = await createEndpoint(key, { headers: { Authorization: 'Basic dTpw' }, rateLimitPerSecond: 5 });
      expect(created).toMatchObject({ scope: 'project', projectId: a.projectIds[0], accountId: a.accountId, status: 'enabled', version: 1 });
      expect(created.headers).toEqual(['Authorization']);
      expect(JSON.stringify(created)).not.toContain('whsec_');
      expect(JSON.stringify(created)).not.toContain('Basic');

      const patched = await api.patch<Endpoint>(`/v1/endpoints/${created.id}`, { url: `${HOOK}/v2` }, { 'if-match': '"1"' });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ url: `${HOOK}/v2`, version: 2 });
      expect((await api.get<Endpoint>(`/v1/endpoints/${created.id}`)).body).toMatchObject({ url: `${HOOK}/v2`, version: 2 });

      const stale = await api.patch<ApiError>(`/v1/endpoints/${created.id}`, { url: HOOK }, { 'if-match': '1' });
      expect([stale.status, stale.body.error.code]).toEqual([409, 'version_conflict']);
      const staleBody = await api.patch<ApiError>(`/v1/endpoints/${created.id}`, { url: HOOK, version: 1 });
      expect(staleBody.status).toBe(409);
      expect((await api.patch<Endpoint>(`/v1/endpoints/${created.id}`, { description: 'new', version: 2 })).body.version).toBe(3);

      const disabled = await api.post<Endpoint & { disabledReason: string }>(`/v1/endpoints/${created.id}/disable`, { reason: 'maintenance' });
      expect(disabled.body).toMatchObject({ status: 'disabled', disabledReason: 'maintenance', version: 4 });
      expect((await api.post<Endpoint>(`/v1/endpoints/${created.id}/enable`)).body).toMatchObject({ status: 'enabled', version: 5 });
      expect((await api.post<Endpoint>(`/v1/endpoints/${created.id}/enable`)).body.version).toBe(5);

      const before = (await api.get<{ key: string }>(`/v1/endpoints/${created.id}/secret`)).body.key;
      expect(before).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      const rotated = await api.post<Endpoint>(`/v1/endpoints/${created.id}/secret/rotate`, {});
      expect(rotated.status).toBe(200);
      const expiry = Date.parse(rotated.body.previousSecretExpiresAt ?? '');
      expect(Math.abs(expiry - Date.now() - 86_400_000)).toBeLessThan(60_000);
      const after = (await api.get<{ key: string }>(`/v1/endpoints/${created.id}/secret`)).body.key;
      expect(after).not.toBe(before);
      const immediate = await api.post<Endpoint>(`/v1/endpoints/${created.id}/secret/rotate`, { graceSeconds: 0 });
      expect(immediate.body.previousSecretExpiresAt).toBeNull();
      const negative = await api.post<ApiError>(`/v1/endpoints/${created.id}/secret/rotate`, { graceSeconds: -1 });
      expect([negative.status, negative.body.error.code]).toEqual([422, 'grace_out_of_range']);

      const test = await api.post<ApiError>(`/v1/endpoints/${created.id}/test`, { eventType: 'message.read' });
      expect([test.status, test.body.error.code]).toEqual([422, 'event_type_not_subscribed']);
      const queued = await api.post<{ messageId: string }>(`/v1/endpoints/${created.id}/test`, {});
      expect([queued.status, queued.body.messageId]).toEqual([202, expect.stringMatching(/^msg_/)]); // delivery: test/operations.e2e-spec.ts

      expect((await api.delete(`/v1/endpoints/${created.id}`, { 'if-match': '1' })).status).toBe(409);
      expect((await api.delete(`/v1/endpoints/${created.id}`)).status).toBe(204);
      for (const path of ['', '/secret', '/messages']) {
        expect((await api.get(`/v1/endpoints/${created.id}${path}`)).status).toBe(404);
      }
      const enableDeleted = await api.post<ApiError>(`/v1/endpoints/${created.id}/enable`);
      expect([enableDeleted.status, enableDeleted.body.error.code]).toEqual([404, 'endpoint_not_found']);
    });

    it('rejects each invalid endpoint with its code', async () => {
      const key = a.projectKeys[0] as string;
      const cases: Array<[Record<string, unknown>, number, string]> = [
        [{ url: 'ftp://x.example' }, 422, 'url_not_https'],
        [{ url: 'not a url' }, 422, 'url_invalid'],
        [{ url: 'https://user:pw@x.example' }, 422, 'url_has_credentials'],
        [{ eventTypes: [] }, 422, 'event_types_required'],
        [{ eventTypes: ['no.such.type'] }, 422, 'unknown_event_type'],
        [{ eventTypes: 'message.read' }, 422, 'invalid_field'],
        [{ description: '' }, 422, 'description_required'],
        [{ description: undefined }, 422, 'description_required'],
        [{ rateLimitPerSecond: 0 }, 422, 'rate_limit_out_of_range'],
        [{ rateLimitPerSecond: 10_001 }, 422, 'rate_limit_out_of_range'],
        [{ rateLimitPerSecond: 1.5 }, 422, 'invalid_field'],
        [{ timeoutMs: 999 }, 422, 'timeout_out_of_range'],
        [{ timeoutMs: 30_001 }, 422, 'timeout_out_of_range'],
        [{ headers: { 'webhook-signature': 'v1,forged' } }, 422, 'header_reserved'],
        [{ headers: { 'Content-Type': 'text/plain' } }, 422, 'header_reserved'],
        [{ headers: { 'webhook-id': 'x' } }, 422, 'header_reserved'],
        [{ headers: { 'Webhook-Timestamp': '1' } }, 422, 'header_reserved'],
        [{ headers: { 'Transfer-Encoding': 'chunked' } }, 422, 'header_reserved'],
        [{ headers: { Connection: 'close' } }, 422, 'header_reserved'],
        [{ headers: { 'x-webhook-signature': 'x' } }, 422, 'header_reserved'],
        [{ headers: { 'bad header': 'x' } }, 422, 'header_name_invalid'],
        [{ headers: { 'x-a': 'line\r\nbreak' } }, 422, 'header_value_invalid'],
        [{ retrySchedule: [500] }, 422, 'retry_schedule_invalid'],
        [{ retrySchedule: ['soon'] }, 422, 'invalid_field'],
        [{ ordering: 'lifo' }, 422, 'invalid_field'],
        [{ scope: 'everything' }, 422, 'invalid_field'],
        [{ scope: 'account' }, 422, 'scope_not_allowed'],
        [{ projectId: b.projectIds[0] }, 404, 'project_not_found'],
        [{ projectId: 'proj_missing' }, 404, 'project_not_found'],
      ];
      for (const [overrides, status, code] of cases) {
        const response = await asKey(key).post<ApiError>('/v1/endpoints', endpointBody(overrides));
        expect([JSON.stringify(overrides), response.status, response.body.error?.code]).toEqual([JSON.stringify(overrides), status, code]);
      }
      const notJson = await fetch(`${engine.registryUrl}/v1/endpoints`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: '{',
      });
      expect(notJson.status).toBe(400);
      expect(((await notJson.json()) as ApiError).error.code).toBe('bad_request');
      // Accepted: wildcards, http on this deployment, retry durations, no limit.
      const ok = await createEndpoint(key, { url: 'http://127.0.0.1:9/x', eventTypes: ['message.*', '*'], retrySchedule: ['1s', 2000] });
      expect(ok).toMatchObject({ retrySchedule: [1000, 2000] });
    });

    it('applies the scope rules for account keys', async () => {
      const partner = await createEndpoint(a.accountKey, { scope: 'account' });
      expect(partner).toMatchObject({ scope: 'account', accountId: a.accountId, projectId: null });
      const direct = await createEndpoint(a.accountKey, { projectId: a.projectIds[1] });
      expect(direct).toMatchObject({ scope: 'project', projectId: a.projectIds[1], accountId: a.accountId });
      const cases: Array<[Record<string, unknown>, number, string]> = [
        [{}, 422, 'project_required'],
        [{ scope: 'account', projectId: a.projectIds[0] }, 422, 'project_not_allowed'],
        [{ projectId: b.projectIds[0] }, 404, 'project_not_found'],
        [{ scope: 'account', accountId: b.accountId }, 404, 'account_not_found'],
      ];
      for (const [overrides, status, code] of cases) {
        const response = await asKey(a.accountKey).post<ApiError>('/v1/endpoints', endpointBody(overrides));
        expect([JSON.stringify(overrides), response.status, response.body.error?.code]).toEqual([JSON.stringify(overrides), status, code]);
      }
      // A project key of that account does not see the partner endpoint.
      expect((await asKey(a.projectKeys[0] as string).get(`/v1/endpoints/${partner.id}`)).status).toBe(404);
    });
  });

  describe('isolation', () => {
    it('gives a project key 404 for every endpoint route of another project, and leaves it unchanged', async () => {
      const victim = await createEndpoint(b.projectKeys[0] as string);
      const sibling = await createEndpoint(a.projectKeys[1] as string);
      const intruder = asKey(a.projectKeys[0] as string);
      for (const target of [victim, sibling]) {
        const calls: Array<Promise<{ status: number; body: unknown }>> = [
          intruder.get(`/v1/endpoints/${target.id}`),
          intruder.patch(`/v1/endpoints/${target.id}`, { description: 'mine now' }),
          intruder.delete(`/v1/endpoints/${target.id}`),
          intruder.post(`/v1/endpoints/${target.id}/enable`),
          intruder.post(`/v1/endpoints/${target.id}/disable`),
          intruder.post(`/v1/endpoints/${target.id}/test`, {}),
          intruder.get(`/v1/endpoints/${target.id}/secret`),
          intruder.post(`/v1/endpoints/${target.id}/secret/rotate`, {}),
          intruder.get(`/v1/endpoints/${target.id}/messages`),
          // Served by the history feature; 404 from a missing route would pass too, until it lands.
          intruder.get(`/v1/endpoints/${target.id}/stats`),
        ];
        for (const response of await Promise.all(calls)) {
          expect(response.status).toBe(404);
          expect(JSON.stringify(response.body)).not.toContain(target.url);
        }
        expect((await admin.get<Endpoint>(`/v1/endpoints/${target.id}`)).body).toMatchObject({ version: 1, status: 'enabled' });
      }
      expect((await intruder.get('/v1/endpoints?projectId=' + b.projectIds[0])).status).toBe(404);
    });

    it('lets an account key see all and only its own projects’ endpoints', async () => {
      const listAll = async (key: string, query = '') => {
        const ids: string[] = [];
        let cursor: string | null = '';
        while (cursor !== null) {
          const page: Page<Endpoint> = (await asKey(key).get<Page<Endpoint>>(`/v1/endpoints?limit=250&cursor=${cursor}${query}`)).body;
          ids.push(...page.data.map((e) => e.id));
          cursor = page.nextCursor;
        }
        return ids;
      };
      const everything = await listAll(engine.adminToken);
      const adminView = await Promise.all(everything.map(async (id) => (await admin.get<Endpoint>(`/v1/endpoints/${id}`)).body));
      const ofA = adminView.filter((e) => e.accountId === a.accountId).map((e) => e.id);
      expect(ofA.length).toBeGreaterThanOrEqual(4);
      expect((await listAll(a.accountKey)).sort()).toEqual(ofA.sort());
      const ofProject0 = adminView.filter((e) => e.projectId === a.projectIds[0]).map((e) => e.id);
      expect((await listAll(a.projectKeys[0] as string)).sort()).toEqual(ofProject0.sort());
      expect((await listAll(a.accountKey, `&projectId=${a.projectIds[0]}`)).sort()).toEqual(ofProject0.sort());
      for (const id of await listAll(b.accountKey)) expect(ofA).not.toContain(id);
    });
  });

  it('pages through 250 endpoints with no duplicates or gaps', async () => {
    const tenant = await createTenant(admin, 'paging', 1);
    const key = tenant.projectKeys[0] as string;
    const created: string[] = [];
    const queue = Array.from({ length: 250 }, (_, i) => i);
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
          created.push((await createEndpoint(key, { description: `endpoint ${i}` })).id);
        }
      }),
    );
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor === null ? '' : `&cursor=${cursor}`;
      const page: { status: number; body: Page<Endpoint> } = await asKey(key).get<Page<Endpoint>>(`/v1/endpoints?limit=60${query}`);
      expect(page.status).toBe(200);
      expect(page.body.data.length).toBeLessThanOrEqual(60);
      seen.push(...page.body.data.map((e) => e.id));
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor !== null);
    expect(pages).toBe(5);
    expect(new Set(seen).size).toBe(250);
    expect([...seen].sort()).toEqual([...created].sort());
    expect(seen).toEqual([...seen].sort());
    expect((await asKey(key).get<ApiError>('/v1/endpoints?limit=0')).body.error.code).toBe('invalid_limit');
    expect((await asKey(key).get<ApiError>('/v1/endpoints?cursor=garbage')).body.error.code).toBe('invalid_cursor');
  }, 180_000);

  it('serves the OpenAPI document and Swagger UI, covering every route with the error shape', async () => {
    const document = (await (await fetch(`${engine.registryUrl}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      components: { schemas: Record<string, unknown> };
    };
    const routes = Object.entries(document.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
    expect(routes).toEqual(
      expect.arrayContaining([
        'POST /v1/accounts',
        'POST /v1/accounts/{id}/projects',
        'POST /v1/api-keys',
        'DELETE /v1/api-keys/{id}',
        'GET /v1/event-types',
        'POST /v1/event-types',
        'POST /v1/endpoints',
        'GET /v1/endpoints',
        'GET /v1/endpoints/{id}',
        'PATCH /v1/endpoints/{id}',
        'DELETE /v1/endpoints/{id}',
        'POST /v1/endpoints/{id}/enable',
        'POST /v1/endpoints/{id}/disable',
        'POST /v1/endpoints/{id}/test',
        'GET /v1/endpoints/{id}/secret',
        'POST /v1/endpoints/{id}/secret/rotate',
      ]),
    );
    for (const [path, methods] of Object.entries(document.paths)) {
      if (!path.startsWith('/v1/')) continue;
      for (const [method, operation] of Object.entries(methods)) {
        expect([method, path, Object.keys(operation.responses)]).toEqual([method, path, expect.arrayContaining(['401'])]);
      }
    }
    expect(document.components.schemas).toHaveProperty('ApiErrorBody');
    const docs = await fetch(`${engine.registryUrl}/docs`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger');
  });
});
