import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { topicNames } from '@hookline/contracts';
import { provisionTopics } from '@hookline/kafka';
import {
  createScratchDatabase,
  eventually,
  expectedHistory,
  produceFacts,
  projectorCommand,
  type RunningEngine,
  type ScratchDatabase,
  startEngine,
  syntheticLog,
  type SyntheticLog,
} from '@hookline/testing';

const DAY = 86_400_000;

describe('history projector: exactly once across a crash, rebuild equals live, retention, deletion', () => {
  let database: ScratchDatabase;
  let sql: Client;
  let engine: RunningEngine | undefined;
  let log: SyntheticLog;
  const prefix = `h${randomBytes(4).toString('hex')}.`;
  const topics = topicNames(prefix);
  const brokers = (process.env.KAFKA_BROKERS ?? '').split(',');
  const env = () => ({ HOOKLINE_TOPIC_PREFIX: prefix, DATABASE_URL: database.url, HOOKLINE_HISTORY_PRUNE_INTERVAL: '1s' });
  const count = async (query: string, params: unknown[] = []) => Number((await sql.query(query, params)).rows[0].n);
  const projectedOffsets = () =>
    count(`SELECT coalesce(sum(next_offset), 0) AS n FROM projector_checkpoints WHERE topic = ANY($1)`, [[topics.registry, topics.deliveryLog]]);

  beforeAll(async () => {
    database = await createScratchDatabase({ label: 'history' });
    sql = new Client({ connectionString: database.url });
    await sql.connect();
    await provisionTopics({ brokers, prefix, partitions: 3, registryPartitions: 2, retryDelays: [] });
    log = syntheticLog({ messages: 6_000, endpoints: 8, fanOut: 2, seed: 42, now: Date.now(), oldEvery: 10, oldAgeMs: 40 * DAY, idPrefix: `${prefix}` });
    await produceFacts(brokers, topics.registry, log.registry);
    await produceFacts(brokers, topics.deliveryLog, log.deliveryLog);
  }, 240_000);

  afterAll(async () => {
    await engine?.stop();
    await sql?.end();
    await database?.drop();
  }, 60_000);

  const totalOffsets = () => log.registry.length + log.deliveryLog.length;

  async function expectProjectionEqualsFacts(): Promise<void> {
    const expected = expectedHistory(log.deliveryLog, log.deletedEndpointId, new Date(Date.now() - 30 * DAY));
    // Retention runs on its own timer: wait for the old tenth of the messages to go, and for the attempts of old
    // messages projected after their message was pruned (a later pass takes those, as orphans) to go too.
    const counts = async () => ({
      messages: await count(`SELECT count(*) AS n FROM messages`),
      attempts: await count(`SELECT count(*) AS n FROM attempts`),
      deliveries: await count(`SELECT count(*) AS n FROM message_deliveries`),
    });
    const wanted = { messages: expected.messages, attempts: expected.attempts, deliveries: expected.deliveries };
    const settled = await eventually(counts, (c) => JSON.stringify(c) === JSON.stringify(wanted), { what: 'pruned history', timeoutMs: 60_000 }).catch(
      async () => counts(),
    );
    expect(settled).toEqual(wanted);
    const stats = (await sql.query(`SELECT endpoint_id, total, succeeded, failed FROM endpoint_stats ORDER BY endpoint_id`)).rows;
    expect(stats.map((r) => [r.endpoint_id, Number(r.total), Number(r.succeeded), Number(r.failed)])).toEqual(
      [...expected.stats].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, s]) => [id, ...s]),
    );
    // The invariant the API relies on: stats equal counts over the attempts table.
    const drift = await sql.query(
      `SELECT s.endpoint_id FROM endpoint_stats s
       LEFT JOIN (SELECT endpoint_id, count(*) AS total, count(*) FILTER (WHERE outcome = 'succeeded') AS ok FROM attempts GROUP BY endpoint_id) a
         ON a.endpoint_id = s.endpoint_id
       WHERE s.total <> coalesce(a.total, 0) OR s.succeeded <> coalesce(a.ok, 0)`,
    );
    expect(drift.rows).toEqual([]);
    for (const table of ['attempts', 'message_deliveries', 'endpoint_stats']) {
      expect(await count(`SELECT count(*) AS n FROM ${table} WHERE endpoint_id = $1`, [log.deletedEndpointId])).toBe(0);
    }
  }

  it('a projector killed with SIGKILL mid-way and restarted writes no duplicate and misses no row', async () => {
    const first = await startEngine(env(), ['projector']);
    engine = first;
    const atKill = await eventually(projectedOffsets, (n) => n > 0, { intervalMs: 10, what: 'first checkpoint' });
    first.apps.get('projector')?.child.kill('SIGKILL');
    await first.apps.get('projector')?.exited;
    // Otherwise the crash proved nothing: the projector must have been part-way through the log.
    expect(atKill).toBeLessThan(totalOffsets());

    engine = await startEngine(env(), ['projector']);
    await eventually(projectedOffsets, (n) => n === totalOffsets(), { what: 'the whole log projected', timeoutMs: 180_000 });
    await expectProjectionEqualsFacts();

    // Lag per partition, in facts and seconds, on /metrics: caught up means 0 everywhere.
    const metricsUrl = `http://127.0.0.1:${engine.apps.get('projector')?.port}/metrics`;
    const lagLines = await eventually(
      async () => (await (await fetch(metricsUrl)).text()).split('\n').filter((l) => l.startsWith('hookline_projector_lag_')),
      (lines) => lines.filter((l) => l.includes(topics.deliveryLog) && l.startsWith('hookline_projector_lag_facts')).length === 3,
      { what: 'lag gauges for the three delivery-log partitions', timeoutMs: 30_000 },
    );
    expect(lagLines.filter((l) => l.includes(topics.deliveryLog)).map((l) => l.split(' ').pop())).toEqual(['0', '0', '0', '0', '0', '0']);
  }, 300_000);

  it('check finds a tampered row; rebuild restores it, equals live row for row, and the live projector carries on', async () => {
    expect((await projectorCommand('check', env())).code).toBe(0);

    const victim = (await sql.query(`DELETE FROM attempts WHERE ctid = (SELECT ctid FROM attempts LIMIT 1) RETURNING message_id`)).rows[0];
    const tampered = await projectorCommand('check', env());
    expect(tampered.code).toBe(1);
    expect(tampered.output).toContain('attempts: 0 rows only in live, 1 only in the rebuild');

    const rebuilt = await projectorCommand('rebuild', env());
    expect(rebuilt.output).toContain('swapped');
    expect(rebuilt.code).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM attempts WHERE message_id = $1`, [victim.message_id])).toBeGreaterThan(0);
    const after = await projectorCommand('check', env());
    expect(after.output).toContain('no differences');
    expect(after.code).toBe(0);

    // The live projector kept running through the swap and now writes into the rebuilt tables.
    const more = syntheticLog({ messages: 300, endpoints: 8, fanOut: 2, seed: 7, now: Date.now(), idPrefix: `${prefix}more.` });
    await produceFacts(brokers, topics.deliveryLog, more.deliveryLog);
    log = { ...log, deliveryLog: [...log.deliveryLog, ...more.deliveryLog] };
    await eventually(projectedOffsets, (n) => n === totalOffsets(), { what: 'the new facts projected', timeoutMs: 120_000 });
    await expectProjectionEqualsFacts();
    expect((await projectorCommand('check', env())).code).toBe(0);
  }, 400_000);
});
