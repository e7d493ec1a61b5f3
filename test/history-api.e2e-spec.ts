import { Client } from 'pg';
import { eventually, produceFacts, RegistryClient, type RunningEngine, startEngine, syntheticLog } from '@hookline/testing';

interface Page {
  data: Array<{ messageId: string; status: string; eventType: string; acceptedAt: string }>;
  nextCursor: string | null;
}

describe('history API over projected facts', () => {
  let engine: RunningEngine;
  let api: RegistryClient;
  let sql: Client;
  const now = Date.now();
  let log: ReturnType<typeof syntheticLog>;
  let endpointId: string;

  beforeAll(async () => {
    engine = await startEngine({}, ['registry', 'projector']);
    api = new RegistryClient(engine.registryUrl, engine.adminToken);
    sql = new Client({ connectionString: process.env.DATABASE_URL });
    await sql.connect();
    log = syntheticLog({ messages: 400, endpoints: 3, fanOut: 3, seed: 3, now: now - 3_600_000, idPrefix: engine.prefix });
    endpointId = log.endpointIds[0] as string;
    await produceFacts(engine.brokers, engine.topics.registry, log.registry);
    await produceFacts(engine.brokers, engine.topics.deliveryLog, log.deliveryLog);
    // Every fact projected (the checkpoints cover the whole log), so the tests below see a settled history.
    const total = log.registry.length + log.deliveryLog.length;
    await eventually(
      async () =>
        Number(
          (
            await sql.query(`SELECT coalesce(sum(next_offset), 0) AS n FROM projector_checkpoints WHERE topic = ANY($1)`, [
              [engine.topics.registry, engine.topics.deliveryLog],
            ])
          ).rows[0].n,
        ),
      (n) => n === total,
      { what: 'the whole log projected', timeoutMs: 120_000 },
    );
  }, 180_000);

  afterAll(async () => {
    await engine?.stop();
    await sql?.end();
  }, 60_000);

  const attemptCounts = async (id: string, since?: string) =>
    (
      await sql.query(
        `SELECT count(*)::int AS total, count(*) FILTER (WHERE outcome = 'succeeded')::int AS ok, count(*) FILTER (WHERE outcome = 'failed')::int AS failed
         FROM attempts WHERE endpoint_id = $1 AND ($2::timestamptz IS NULL OR attempted_at >= $2)`,
        [id, since ?? null],
      )
    ).rows[0] as { total: number; ok: number; failed: number };

  it('pages through every message exactly once, newest first, while new messages are being written', async () => {
    const before = (await sql.query(`SELECT message_id FROM message_deliveries WHERE endpoint_id = $1`, [endpointId])).rows.map((r) => r.message_id);
    expect(before).toHaveLength(400);
    const newer = syntheticLog({ messages: 300, endpoints: 3, fanOut: 3, seed: 4, now, idPrefix: engine.prefix + 'late.' });
    const writing = produceFacts(
      engine.brokers,
      engine.topics.deliveryLog,
      // The same endpoints, so the new messages land in the very list being paged.
      newer.deliveryLog.map((f) => ({
        key: endpointId,
        fact: JSON.parse(JSON.stringify(f.fact).replaceAll(`${engine.prefix}late.ep_`, `${engine.prefix}ep_`)),
      })),
      10,
    );
    const seen: string[] = [];
    let cursor: string | null = '';
    let previous = Infinity;
    while (cursor !== null) {
      const response: { status: number; body: Page } = await api.get<Page>(
        `/v1/endpoints/${endpointId}/messages?limit=17${cursor === '' ? '' : `&cursor=${cursor}`}`,
      );
      expect(response.status).toBe(200);
      for (const item of response.body.data) {
        const at = Date.parse(item.acceptedAt);
        expect(at).toBeLessThanOrEqual(previous);
        previous = at;
        seen.push(item.messageId);
      }
      cursor = response.body.nextCursor;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await writing;
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((id) => before.includes(id)).sort()).toEqual([...before].sort());
  }, 120_000);

  it('filters by status, event type and time range', async () => {
    const succeeded = await api.get<Page>(`/v1/endpoints/${endpointId}/messages?status=succeeded&limit=250`);
    expect(succeeded.body.data.length).toBeGreaterThan(0);
    expect(succeeded.body.data.every((d) => d.status === 'succeeded')).toBe(true);
    const reads = await api.get<Page>(`/v1/endpoints/${endpointId}/messages?eventType=message.read&limit=250`);
    expect(reads.body.data.length).toBeGreaterThan(0);
    expect(reads.body.data.every((d) => d.eventType === 'message.read')).toBe(true);
    const since = new Date(now - 3_600_000 - 100_000).toISOString();
    const recent = await api.get<Page>(`/v1/endpoints/${endpointId}/messages?since=${since}&until=${new Date(now - 3_600_000).toISOString()}&limit=250`);
    expect(recent.body.data.length).toBe(100);
    expect(recent.body.data.every((d) => d.acceptedAt >= since)).toBe(true);
  });

  it('stats equal counts computed from the attempts table, over all history and over a range', async () => {
    const counts = await attemptCounts(endpointId);
    const stats = await api.get<{ total: number; successful: number; failed: number; successRate: number }>(`/v1/endpoints/${endpointId}/stats`);
    expect(counts.total).toBeGreaterThan(0);
    expect(stats.body).toEqual({ total: counts.total, successful: counts.ok, failed: counts.failed, successRate: counts.ok / counts.total });
    const since = new Date(now - 3_600_000 - 100_000).toISOString();
    const ranged = await attemptCounts(endpointId, since);
    const rangedStats = await api.get<{ total: number }>(`/v1/endpoints/${endpointId}/stats?since=${since}`);
    expect(rangedStats.body.total).toBe(ranged.total);
    expect(ranged.total).toBeLessThan(counts.total);
  });

  it('shows a message with its payload, each endpoint status and every attempt', async () => {
    const accepted = log.deliveryLog.find((f) => f.fact.type === 'MessageAccepted');
    if (accepted?.fact.type !== 'MessageAccepted') throw new Error('no message in the log');
    const message = await api.get<{
      payload: unknown;
      deliveries: Array<{
        endpointId: string;
        status: string;
        attemptLog: Array<{ requestHeaders: Record<string, string>; responseStatus: number; traceId: string }>;
      }>;
    }>(`/v1/messages/${accepted.fact.messageId}`);
    expect(message.status).toBe(200);
    expect(message.body.payload).toEqual(accepted.fact.data);
    // The deleted endpoint's delivery is gone with its history.
    expect(message.body.deliveries.map((d) => d.endpointId).sort()).toEqual(log.endpointIds.filter((id) => id !== log.deletedEndpointId).sort());
    const attempts = message.body.deliveries.flatMap((d) => d.attemptLog);
    expect(attempts.length).toBeGreaterThan(0);
    expect(attempts[0]).toMatchObject({ responseStatus: expect.any(Number), traceId: expect.any(String) });
    expect(attempts[0]?.requestHeaders['webhook-signature']).toBe('[redacted]');
  });

  it('answers health, 404 for unknown ids and 422 for a bad cursor or status', async () => {
    const health = await api.get<{ status: string; endpointStatus: string }>(`/v1/endpoints/${endpointId}/health`);
    expect(health.status).toBe(200);
    expect(['healthy', 'failing']).toContain(health.body.status);
    expect(health.body.endpointStatus).toBe('enabled');
    expect((await api.get<{ error: { code: string } }>(`/v1/endpoints/ep_nope/stats`)).body.error.code).toBe('endpoint_not_found');
    expect((await api.get(`/v1/messages/msg_nope`)).status).toBe(404);
    expect((await api.get(`/v1/endpoints/${log.deletedEndpointId}/messages`)).status).toBe(404);
    const badCursor = await api.get<{ error: { code: string } }>(`/v1/endpoints/${endpointId}/messages?cursor=garbage`);
    expect([badCursor.status, badCursor.body.error.code]).toEqual([422, 'invalid_cursor']);
    expect((await api.get(`/v1/endpoints/${endpointId}/messages?status=bogus`)).status).toBe(422);
  });
});
