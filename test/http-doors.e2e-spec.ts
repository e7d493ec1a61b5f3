import { request as httpRequest } from 'node:http';
import { createTenant, RegistryClient, type RunningEngine, startEngine, type TenantFixture } from '@hookline/testing';

interface ApiError {
  error: { code: string; message: string };
}

/**
 * Issue 11, findings 2–4 at the HTTP edge: what the registry and ingest answer
 * to wrong methods, paths, media types, sizes, text Postgres cannot hold, and
 * endpoint URLs that name a forbidden address. This engine does not allow
 * private networks (the rest of the suite does).
 */
describe('the HTTP doors answer with the standard error body', () => {
  let engine: RunningEngine;
  let tenant: TenantFixture;
  let admin: RegistryClient;
  let ingestUrl: string;

  beforeAll(async () => {
    engine = await startEngine({ HOOKLINE_ALLOW_PRIVATE_NETWORKS: 'false' }, ['registry', 'projector', 'ingest']);
    admin = new RegistryClient(engine.registryUrl, engine.adminToken);
    tenant = await createTenant(admin, 'doors', 1);
    ingestUrl = `http://127.0.0.1:${engine.apps.get('ingest')?.port}`;
  }, 180_000);

  afterAll(async () => {
    await engine?.stop();
  }, 60_000);

  const send = async (url: string, init: RequestInit) => {
    const response = await fetch(url, init);
    const text = await response.text();
    return { status: response.status, allow: response.headers.get('allow'), body: (text === '' ? null : JSON.parse(text)) as ApiError };
  };
  /** fetch refuses TRACE, so this one goes through node:http. */
  const trace = (url: string) =>
    new Promise<{ status: number; allow: string | null; body: ApiError }>((resolve, reject) => {
      const req = httpRequest(url, { method: 'TRACE', headers: { authorization: projectKey() } }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, allow: res.headers.allow ?? null, body: JSON.parse(text) as ApiError }));
      });
      req.on('error', reject);
      req.end();
    });
  const projectKey = () => `Bearer ${tenant.projectKeys[0]}`;

  describe('registry', () => {
    it('answers a documented path asked with another method with 405, Allow and a code', async () => {
      const url = `${engine.registryUrl}/v1/endpoints`;
      for (const answer of [await trace(url), await send(url, { method: 'PUT', headers: { authorization: projectKey() } })]) {
        expect([answer.status, answer.body.error.code]).toEqual([405, 'method_not_allowed']);
        expect(answer.allow?.split(', ').sort()).toEqual(['GET', 'POST']);
      }
      const put = await send(`${engine.registryUrl}/v1/endpoints/ep_x/secret`, { method: 'PUT', headers: { authorization: projectKey() } });
      expect([put.status, put.allow]).toEqual([405, 'GET']);
    });

    it('answers an unknown path with 404 and a code', async () => {
      const answer = await send(`${engine.registryUrl}/v1/nothing-here`, { headers: { authorization: projectKey() } });
      expect([answer.status, answer.body.error.code]).toEqual([404, 'not_found']);
    });

    it('refuses U+0000 and lone surrogates in the body, query and path before anything is appended', async () => {
      const api = admin.as(tenant.projectKeys[0] as string);
      const nul = await api.post<ApiError>('/v1/event-types', { name: 'order.nul', description: 'a\u0000b' });
      expect([nul.status, nul.body.error.code]).toEqual([400, 'nul_character']);
      const key = await api.post<ApiError>('/v1/event-types', { name: 'order.key', description: 'd', schema: { ['\ud800']: 1 } });
      expect([key.status, key.body.error.code]).toEqual([400, 'lone_surrogate']);
      const query = await api.get<ApiError>('/v1/endpoints?projectId=%00');
      expect([query.status, query.body.error.code]).toEqual([400, 'nul_character']);
      const path = await api.get<ApiError>('/v1/endpoints/%00');
      expect([path.status, path.body.error.code]).toEqual([400, 'nul_character']);
      // The registry still answers writes at once: nothing unprojectable reached the log.
      expect((await api.post('/v1/event-types', { name: 'order.after', description: 'fine 😀' })).status).toBe(201);
    });

    it.each(['https://127.0.0.1/hook', 'https://[64:ff9b::a9fe:a9fe]/latest/meta-data', 'https://[::127.0.0.1]/x', 'https://localhost/x'])(
      'refuses %s at creation and PATCH with url_not_allowed',
      async (url) => {
        const api = admin.as(tenant.projectKeys[0] as string);
        const body = { url, description: 'internal', eventTypes: ['message.delivered'] };
        const created = await api.post<ApiError>('/v1/endpoints', body);
        expect([created.status, created.body.error.code]).toEqual([422, 'url_not_allowed']);
        const ok = await api.post<{ id: string }>('/v1/endpoints', { ...body, url: 'https://hooks.example.com/in' });
        const patched = await api.patch<ApiError>(`/v1/endpoints/${ok.body.id}`, { url });
        expect([patched.status, patched.body.error.code]).toEqual([422, 'url_not_allowed']);
      },
    );
  });

  describe('ingest', () => {
    const event = JSON.stringify({ type: 'message.delivered', data: {} });

    it.each([
      ['text/plain', event],
      ['application/xml', '<event/>'],
      ['multipart/form-data; boundary=x', '--x--'],
      [undefined, event],
    ])('refuses content type %s with 415 unsupported_media_type', async (type, body) => {
      const headers: Record<string, string> = { authorization: projectKey() };
      if (type !== undefined) headers['content-type'] = type;
      const answer = await send(`${ingestUrl}/v1/events`, { method: 'POST', headers, body });
      expect([answer.status, answer.body.error.code]).toEqual([415, 'unsupported_media_type']);
    });

    it('answers a 5 MiB body with 413 payload_too_large, not a connection reset', async () => {
      const huge = JSON.stringify({ type: 'message.delivered', data: { blob: 'x'.repeat(5 * 1024 * 1024) } });
      const answer = await send(`${ingestUrl}/v1/events`, {
        method: 'POST',
        headers: { authorization: projectKey(), 'content-type': 'application/json' },
        body: huge,
      });
      expect([answer.status, answer.body.error.code]).toEqual([413, 'payload_too_large']);
    });

    it('answers wrong methods with 405 and unknown paths with 404, both with a code', async () => {
      const get = await send(`${ingestUrl}/v1/events`, { headers: { authorization: projectKey() } });
      expect([get.status, get.body.error.code, get.allow]).toEqual([405, 'method_not_allowed', 'POST']);
      const unknown = await send(`${ingestUrl}/v2/events`, { method: 'POST', headers: { authorization: projectKey() } });
      expect([unknown.status, unknown.body.error.code]).toEqual([404, 'not_found']);
    });

    it('describes itself at /openapi.json', async () => {
      const document = (await (await fetch(`${ingestUrl}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
      expect(Object.keys(document.paths)).toEqual(['/v1/events']);
      const post = document.paths['/v1/events']?.post as { responses: object };
      // 503 publish_failed: Kafka did not take the event; 409 publish_in_progress: a request with the same id is
      // being accepted (issue 14's door that writes the fan-out itself documents both).
      expect(Object.keys(post.responses).sort()).toEqual(['202', '400', '401', '404', '409', '413', '415', '422', '503'].sort());
    });
  });
});
