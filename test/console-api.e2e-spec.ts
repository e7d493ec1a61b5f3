import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { API_TYPES_FILE, apiTypesFor } from '../tools/console/api-types';
import { createTenant, RegistryClient, type RunningEngine, startEngine, type TenantFixture } from '@hookline/testing';

interface Created {
  id: string;
  url: string;
  expiresAt: string;
}
interface Exchanged {
  sessionToken: string;
  expiresAt: string;
  tenant: { kind: string; accountId: string; projectId?: string };
}
interface Page<T> {
  data: T[];
  nextCursor: string | null;
}
type ErrorBody = { error: { code: string } };

const PUBLIC_URL = 'https://hooks.example.com';

/** The registry routes behind the console: portal sessions, the tenant read routes, /v1/me, the operator list, /console/ itself. */
describe('console API: portal sessions and tenant reads', () => {
  let engine: RunningEngine;
  let admin: RegistryClient;
  let acme: TenantFixture;
  let other: TenantFixture;
  let sql: Client;

  beforeAll(async () => {
    engine = await startEngine({ HOOKLINE_PUBLIC_URL: PUBLIC_URL, HOOKLINE_CONSOLE_FRAME_ANCESTORS: "'self' https://dashboard.example.com" }, [
      'registry',
      'projector',
    ]);
    admin = new RegistryClient(engine.registryUrl, engine.adminToken);
    acme = await createTenant(admin, 'Acme', 2);
    other = await createTenant(admin, 'Other', 1);
    sql = new Client({ connectionString: process.env.DATABASE_URL });
    await sql.connect();
  }, 180_000);

  afterAll(async () => {
    await sql?.end();
    await engine?.stop();
  }, 60_000);

  const projectKey = () => admin.as(acme.projectKeys[0] as string);
  const linkToken = (url: string) => new URL(url).hash.replace('#portal=', '');
  const exchange = (token: string) => admin.as('').post<Exchanged & ErrorBody>('/v1/portal/exchange', { token });
  const openSession = async (body: Record<string, unknown>, as: RegistryClient = projectKey()) => {
    const created = await as.post<Created>('/v1/portal/sessions', body);
    expect(created.status).toBe(201);
    const exchanged = await exchange(linkToken(created.body.url));
    expect(exchanged.status).toBe(200);
    return { created: created.body, session: admin.as(exchanged.body.sessionToken), exchanged: exchanged.body };
  };

  describe('portal sessions', () => {
    it('answers a one-time link under the public URL, in the fragment, with its expiry', async () => {
      const before = Date.now();
      const created = await projectKey().post<Created>('/v1/portal/sessions', { projectId: acme.projectIds[0], ttlSeconds: 600 });
      expect(created.status).toBe(201);
      expect(created.body.url).toMatch(new RegExp(`^${PUBLIC_URL}/console/#portal=hk_pl_[A-Za-z0-9_-]{43}$`));
      const expires = Date.parse(created.body.expiresAt);
      expect(expires).toBeGreaterThanOrEqual(before + 600_000 - 1000);
      expect(expires).toBeLessThanOrEqual(Date.now() + 600_000 + 1000);
      // Only hashes are stored.
      const rows = await sql.query(`SELECT * FROM portal_sessions WHERE id = $1`, [created.body.id]);
      expect(JSON.stringify(rows.rows)).not.toContain(linkToken(created.body.url));
    });

    it('exchanges a link once for a session scoped to its tenant', async () => {
      const created = await projectKey().post<Created>('/v1/portal/sessions', { projectId: acme.projectIds[0] });
      const first = await exchange(linkToken(created.body.url));
      expect(first.status).toBe(200);
      expect(first.body.sessionToken).toMatch(/^hk_ps_/);
      expect(first.body.tenant).toEqual({ kind: 'project', accountId: acme.accountId, projectId: acme.projectIds[0] });
      const again = await exchange(linkToken(created.body.url));
      expect(again.status).toBe(401);
      expect(again.body.error.code).toBe('link_invalid');
      expect((await exchange('hk_pl_' + 'x'.repeat(43))).body.error.code).toBe('link_invalid');
      expect((await exchange('not a token')).status).toBe(401);
    });

    it('lets a session see exactly what a key of its tenant sees, and mint nothing', async () => {
      const mine = await projectKey().post<{ id: string }>('/v1/endpoints', {
        url: 'https://example.com/mine',
        description: 'mine',
        eventTypes: ['message.sent'],
      });
      const sibling = await admin
        .as(acme.projectKeys[1] as string)
        .post<{ id: string }>('/v1/endpoints', { url: 'https://example.com/sibling', description: 'sibling', eventTypes: ['message.sent'] });
      const { session } = await openSession({ projectId: acme.projectIds[0] });
      expect((await session.get(`/v1/endpoints/${mine.body.id}`)).status).toBe(200);
      expect((await session.get(`/v1/endpoints/${sibling.body.id}`)).status).toBe(404);
      const listed = await session.get<Page<{ id: string }>>('/v1/endpoints');
      expect(listed.body.data.map((e) => e.id)).toEqual([mine.body.id]);
      const patched = await session.patch(`/v1/endpoints/${mine.body.id}`, { description: 'renamed by session' });
      expect(patched.status).toBe(200);
      for (const [method, path, body] of [
        ['POST', '/v1/api-keys', { projectId: acme.projectIds[0] }],
        ['POST', '/v1/portal/sessions', { projectId: acme.projectIds[0] }],
        ['GET', '/v1/api-keys', undefined],
      ] as const) {
        const refused = await session.request<ErrorBody>(method, path, body);
        expect([path, refused.status, refused.body.error.code]).toEqual([path, 403, 'forbidden']);
      }
      expect((await session.get<{ kind: string; credential: string }>('/v1/me')).body).toMatchObject({
        kind: 'project',
        credential: 'portal-session',
        projectId: acme.projectIds[0],
      });
    });

    it('gives an account session every project of its account and nothing of another account', async () => {
      const { session } = await openSession({ accountId: acme.accountId }, admin.as(acme.accountKey));
      const projects = await session.get<Page<{ id: string }>>(`/v1/accounts/${acme.accountId}/projects`);
      expect(projects.body.data.map((p) => p.id).sort()).toEqual([...acme.projectIds].sort());
      expect((await session.get(`/v1/projects/${other.projectIds[0]}`)).status).toBe(404);
      expect((await session.get(`/v1/accounts/${other.accountId}`)).status).toBe(404);
    });

    it('is created only by the admin or a key of that tenant, with a sane lifetime', async () => {
      expect((await admin.post('/v1/portal/sessions', { projectId: other.projectIds[0] })).status).toBe(201);
      expect((await admin.as(acme.accountKey).post('/v1/portal/sessions', { projectId: acme.projectIds[1] })).status).toBe(201);
      const foreign = await projectKey().post<ErrorBody>('/v1/portal/sessions', { projectId: other.projectIds[0] });
      expect([foreign.status, foreign.body.error.code]).toEqual([404, 'project_not_found']);
      const up = await projectKey().post<ErrorBody>('/v1/portal/sessions', { accountId: acme.accountId });
      expect([up.status, up.body.error.code]).toEqual([404, 'account_not_found']);
      const both = await admin.post<ErrorBody>('/v1/portal/sessions', { accountId: acme.accountId, projectId: acme.projectIds[0] });
      expect([both.status, both.body.error.code]).toEqual([422, 'tenant_required']);
      const short = await admin.post<ErrorBody>('/v1/portal/sessions', { projectId: acme.projectIds[0], ttlSeconds: 30 });
      expect([short.status, short.body.error.code]).toEqual([422, 'ttl_out_of_range']);
      expect((await admin.as('').post('/v1/portal/sessions', { projectId: acme.projectIds[0] })).status).toBe(401);
    });

    it('stops working when revoked (link or session) or expired', async () => {
      const { created, session } = await openSession({ projectId: acme.projectIds[0] });
      expect((await session.get('/v1/me')).status).toBe(200);
      expect((await admin.as(other.accountKey).delete(`/v1/portal/sessions/${created.id}`)).status).toBe(404);
      expect((await projectKey().delete(`/v1/portal/sessions/${created.id}`)).status).toBe(204);
      expect((await session.get('/v1/me')).status).toBe(401);

      const unused = await projectKey().post<Created>('/v1/portal/sessions', { projectId: acme.projectIds[0] });
      expect((await admin.delete(`/v1/portal/sessions/${unused.body.id}`)).status).toBe(204);
      expect((await exchange(linkToken(unused.body.url))).status).toBe(401);

      // A session signs itself out.
      const self = await openSession({ projectId: acme.projectIds[0] });
      expect((await self.session.delete(`/v1/portal/sessions/${self.created.id}`)).status).toBe(204);
      expect((await self.session.get('/v1/me')).status).toBe(401);

      // Expiry, with the clock moved by moving the row's expiry into the past.
      const expiring = await openSession({ projectId: acme.projectIds[0] });
      await sql.query(`UPDATE portal_sessions SET expires_at = now() - interval '1 second' WHERE id = $1`, [expiring.created.id]);
      expect((await expiring.session.get('/v1/me')).status).toBe(401);
      const stale = await projectKey().post<Created>('/v1/portal/sessions', { projectId: acme.projectIds[0] });
      await sql.query(`UPDATE portal_sessions SET expires_at = now() - interval '1 second' WHERE id = $1`, [stale.body.id]);
      expect((await exchange(linkToken(stale.body.url))).status).toBe(401);
    });
  });

  describe('tenant read routes', () => {
    it('lists accounts: all for the admin, its own for an account key, 403 for a project key', async () => {
      const all: string[] = [];
      let cursor = '';
      do {
        const page: { status: number; body: Page<{ id: string }> } = await admin.get<Page<{ id: string }>>(
          `/v1/accounts?limit=1${cursor === '' ? '' : `&cursor=${cursor}`}`,
        );
        expect(page.status).toBe(200);
        all.push(...page.body.data.map((a) => a.id));
        cursor = page.body.nextCursor ?? '';
      } while (cursor !== '');
      expect(all).toEqual(expect.arrayContaining([acme.accountId, other.accountId]));
      expect(new Set(all).size).toBe(all.length);
      const own = await admin.as(acme.accountKey).get<Page<{ id: string }>>('/v1/accounts');
      expect(own.body.data.map((a) => a.id)).toEqual([acme.accountId]);
      const refused = await projectKey().get<ErrorBody>('/v1/accounts');
      expect([refused.status, refused.body.error.code]).toEqual([403, 'forbidden']);
    });

    it('reads one account, its projects by page, and one project, with foreign ids as 404', async () => {
      const key = admin.as(acme.accountKey);
      expect((await key.get<{ id: string; name: string }>(`/v1/accounts/${acme.accountId}`)).body).toMatchObject({ id: acme.accountId, name: 'Acme' });
      expect((await key.get(`/v1/accounts/${other.accountId}`)).status).toBe(404);
      const first = await key.get<Page<{ id: string }>>(`/v1/accounts/${acme.accountId}/projects?limit=1`);
      expect(first.body.data.map((p) => p.id)).toEqual([acme.projectIds[0]]);
      const second = await key.get<Page<{ id: string }>>(`/v1/accounts/${acme.accountId}/projects?limit=1&cursor=${first.body.nextCursor}`);
      expect(second.body).toEqual({ data: [expect.objectContaining({ id: acme.projectIds[1] })], nextCursor: null });
      expect((await key.get(`/v1/accounts/${other.accountId}/projects`)).status).toBe(404);
      expect((await key.get<{ accountId: string }>(`/v1/projects/${acme.projectIds[1]}`)).body.accountId).toBe(acme.accountId);
      expect((await key.get(`/v1/projects/${other.projectIds[0]}`)).status).toBe(404);
      expect((await projectKey().get(`/v1/projects/${acme.projectIds[1]}`)).status).toBe(404);
      expect((await projectKey().get(`/v1/projects/${acme.projectIds[0]}`)).status).toBe(200);
      const badCursor = await key.get<ErrorBody>(`/v1/accounts/${acme.accountId}/projects?cursor=${Buffer.from('ep:x').toString('base64url')}`);
      expect([badCursor.status, badCursor.body.error.code]).toEqual([422, 'invalid_cursor']);
    });

    it('lists keys without the key or its hash, for the admin and an account key of its own account only', async () => {
      const byAdmin = await admin.get<Page<Record<string, unknown>>>(`/v1/api-keys?accountId=${acme.accountId}`);
      expect(byAdmin.status).toBe(200);
      expect(byAdmin.body.data).toHaveLength(3);
      for (const item of byAdmin.body.data) {
        expect(Object.keys(item).sort()).toEqual(['accountId', 'createdAt', 'id', 'name', 'prefix', 'projectId', 'revokedAt', 'scope']);
        expect(JSON.stringify(item)).not.toMatch(/[0-9a-f]{64}|hk_(acc|proj)_[A-Za-z0-9_-]{20}/);
      }
      const byProject = await admin.as(acme.accountKey).get<Page<{ projectId: string | null }>>(`/v1/api-keys?projectId=${acme.projectIds[1]}`);
      expect(byProject.body.data.map((k) => k.projectId)).toEqual([acme.projectIds[1]]);
      const own = await admin.as(acme.accountKey).get<Page<{ accountId: string }>>('/v1/api-keys');
      expect(new Set(own.body.data.map((k) => k.accountId))).toEqual(new Set([acme.accountId]));
      expect((await admin.as(acme.accountKey).get(`/v1/api-keys?accountId=${other.accountId}`)).status).toBe(404);
      expect((await projectKey().get('/v1/api-keys')).status).toBe(403);
    });

    it('answers /v1/me for each kind of caller, and keeps the operator list to the admin', async () => {
      expect((await admin.get('/v1/me')).body).toEqual({ kind: 'admin', credential: 'admin-token', credentialId: null, accountId: null, projectId: null });
      expect((await admin.as(acme.accountKey).get('/v1/me')).body).toMatchObject({
        kind: 'account',
        credential: 'api-key',
        accountId: acme.accountId,
        projectId: null,
      });
      expect((await admin.as(acme.accountKey).get('/v1/operator/endpoints')).status).toBe(403);
      const triage = await admin.get<Page<{ triage: string }>>('/v1/operator/endpoints?limit=250');
      expect(triage.status).toBe(200);
      const order = triage.body.data.map((item) => ['failing', 'disabled', 'ok'].indexOf(item.triage));
      expect(order).toEqual([...order].sort((a, b) => a - b));
    });
  });

  describe('/console/', () => {
    it('sends the configured frame-ancestors and a script-src of its own origin only', async () => {
      const response = await fetch(`${engine.registryUrl}/console/`);
      expect(response.status).toBe(200);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("frame-ancestors 'self' https://dashboard.example.com");
      expect(csp).toMatch(/script-src 'self'(;|$)/);
      expect(response.headers.get('x-frame-options')).toBeNull();
      const redirect = await fetch(`${engine.registryUrl}/console?theme=dark`, { redirect: 'manual' });
      expect([redirect.status, redirect.headers.get('location')]).toEqual([301, '/console/?theme=dark']);
    });

    it("has a typed client that matches the live registry's /openapi.json", async () => {
      const document = await (await fetch(`${engine.registryUrl}/openapi.json`)).json();
      expect(apiTypesFor(document)).toBe(readFileSync(API_TYPES_FILE, 'utf8'));
    });
  });
});
